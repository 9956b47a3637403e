"""Setup mistakes a person makes on the way in, each told in one line by `jobpicks` and `jobpicks doctor`:
a config file named but not there, a profile or searches left empty, Redis and Slack URLs that are not
URLs, and rediss:// to a Redis without TLS. Against the test Redis on loopback; nothing leaves it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from bot.cli import main
from bot.store import Store
from tests.conftest import REDIS_URL
from tests.fake_sites import FakeSite, Reply
from tests.fake_slack import FakeSlack


def one_line(text: str) -> str:
    lines = text.strip().splitlines()
    assert len(lines) == 1, lines
    return lines[0]


def doctor_rows(out: str) -> str:
    """The doctor's table with each row's wrapping undone, to search in."""
    return " ".join(out.split())


# -- which config file ------------------------------------------------------------------------------


def test_a_missing_file_named_by_JOBPICKS_CONFIG_stops_like_the_config_option(
    env: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Before: the bundled example ran instead, its profile against six real sites, posting to #job-picks.
    monkeypatch.setenv("JOBPICKS_CONFIG", str(env / "jobpicks-prod.toml"))
    assert main(["status"]) == 2
    error = one_line(capsys.readouterr().err)
    assert f"{env / 'jobpicks-prod.toml'}: no such config file (named by JOBPICKS_CONFIG)" in error
    assert "unset JOBPICKS_CONFIG" in error and "example" not in error

    assert main(["--config", str(env / "other.toml"), "status"]) == 2
    assert "other.toml: no such config file (named by --config)" in one_line(capsys.readouterr().err)

    assert main(["doctor"]) == 1
    out = doctor_rows(capsys.readouterr().out)
    assert "FAIL config" in out and "no such config file (named by JOBPICKS_CONFIG)" in out
    assert "source" not in out, "no source of any config is checked"


def test_a_dotenv_naming_a_missing_config_is_an_error_too(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (env / ".env").write_text("JOBPICKS_CONFIG=config/jobpicks.toml\n")
    assert main(["status"]) == 2
    assert "config/jobpicks.toml: no such config file (named by JOBPICKS_CONFIG)" in one_line(capsys.readouterr().err)


def test_only_the_default_file_falls_back_to_the_example(
    env: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["status"]) == 0
    assert "No jobpicks.toml found: using the bundled example config" in capsys.readouterr().err
    (env / "mine.toml").write_text('[profile]\nname = "sam"\nroles = ["nurse"]\n[digest]\ndestination = "C1"\n')
    monkeypatch.setenv("JOBPICKS_CONFIG", "mine.toml")
    assert main(["status"]) == 0
    assert capsys.readouterr().err == "", "a named file that is there is read, without a word"


# -- a config that loads but would find or rank nothing ------------------------------------------------


@pytest.fixture
def linkedin() -> Iterator[str]:
    """A LinkedIn stand-in on loopback; with no [[search]] it is never searched, only checked by doctor."""
    with FakeSite({"/": Reply("ok")}) as site:
        yield site.url


def test_an_empty_profile_and_no_searches_are_warned_in_run_and_doctor(
    env: Path, linkedin: str, store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    config = env / "jobpicks.toml"
    config.write_text(f'[profile]\nname = "sam"\n[sources.linkedin]\nbase_url = "{linkedin}"\n')
    assert main(["run", "--dry-run"]) == 0
    warnings = [line for line in capsys.readouterr().err.splitlines() if line.startswith("warning:")]
    assert warnings == [
        "warning: the profile has no roles, skills or summary, so every posting scores alike — "
        "fill in [profile] in jobpicks.toml",
        "warning: no [[search]] applies to linkedin, so it finds nothing — "
        "add a [[search]] with keywords to jobpicks.toml, or set enabled = false in [sources.linkedin]",
    ]

    assert main(["doctor"]) == 0, "warnings, not failures"
    out = doctor_rows(capsys.readouterr().out)
    assert "warn profile the profile has no roles, skills or summary" in out
    assert "warn searches no [[search]] applies to linkedin, so it finds nothing" in out

    # Roles edited in Slack are the profile the run uses; a search for LinkedIn gives it work.
    store.profiles.save("sam", {"roles": ["nurse"]})
    config.write_text(config.read_text() + '[[search]]\nkeywords = "nurse"\nsources = ["linkedin"]\n')
    assert main(["doctor"]) == 0
    assert "warn profile" not in doctor_rows(capsys.readouterr().out)
    assert main(["run", "--dry-run"]) == 0
    assert "warning:" not in capsys.readouterr().err


# -- URLs in the environment ------------------------------------------------------------------------------


@pytest.fixture
def configured(env: Path) -> Path:
    (env / "jobpicks.toml").write_text('[profile]\nroles = ["nurse"]\n[digest]\ndestination = "#job-picks"\n')
    return env


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("not-a-url", "it has no scheme such as redis://"),
        ("http://127.0.0.1:6379/0", "http:// is not a Redis scheme"),
        ("redis://127.0.0.1:notaport/0", "the port is not a number from 1 to 65535"),
        ("redis://127.0.0.1:99999/0", "the port is not a number from 1 to 65535"),
        ("redis://:hunter2@127.0.0.1:6379/0?ssl_cert_reqs=none", "ssl_… options apply only to rediss:// (TLS) URLs"),
    ],
)
def test_a_redis_url_that_is_not_one_is_named_with_what_is_expected(
    configured: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], url: str, problem: str
) -> None:
    # Before: "unexpected ValueError (or TypeError) … run again with --debug and report it".
    monkeypatch.setenv("REDIS_URL", url)
    assert main(["status"]) == 2
    error = one_line(capsys.readouterr().err)
    assert error.startswith("error: REDIS_URL '") and f"is not a Redis URL: {problem}" in error
    assert "redis://[:password@]host:6379/0" in error and "unexpected" not in error
    assert "hunter2" not in error, "the password is never shown"
    assert main(["doctor"]) == 1
    assert f"FAIL redis REDIS_URL '{url.replace(':hunter2', '***')}'" in doctor_rows(capsys.readouterr().out)


def test_rediss_to_a_redis_without_tls_says_to_use_redis(
    configured: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Before: a wait of 11 s, then only "Timeout connecting to server".
    server = urlsplit(REDIS_URL)
    monkeypatch.setenv("REDIS_URL", f"rediss://{server.netloc}{server.path}?ssl_cert_reqs=none")
    assert main(["status"]) == 2
    error = one_line(capsys.readouterr().err)
    assert f"Redis at rediss://{server.netloc}{server.path}?ssl_cert_reqs=none does not speak TLS" in error
    assert "use redis:// instead of rediss:// in REDIS_URL" in error


def test_a_slack_api_url_that_is_not_one_is_named(
    configured: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Before: "unexpected ValueError: unknown url type … report it", at the first call to Slack.
    with FakeSlack() as slack:
        monkeypatch.setenv("SLACK_BOT_TOKEN", slack.bot_token)
        for url in ("not-a-url", "slack.com/api/", "https://slack.com:api/"):
            monkeypatch.setenv("SLACK_API_URL", url)
            assert main(["status"]) == 2
            assert one_line(capsys.readouterr().err) == (
                "error: SLACK_API_URL: expected the http(s) URL of the Slack Web API, such as "
                f"https://slack.com/api/ (got {url!r}) — fix the variable in your shell or .env"
            )
        monkeypatch.setenv("SLACK_API_URL", slack.api_url)
        assert main(["doctor"]) == 0
        assert "ok slack bot jobpicks in team Test" in doctor_rows(capsys.readouterr().out)

"""The jobpicks command as a person uses it: setup messages, one-line errors, a daily run."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.cli import main
from tests.fake_sites import FakeSite, Reply, saved


@pytest.fixture
def board_server() -> Iterator[str]:
    """A Greenhouse board API on loopback serving a saved Stripe board."""
    with FakeSite({"/v1/boards/stripe/jobs": Reply(saved("greenhouse/jobs.json"))}) as site:
        yield site.url


def write_config(folder: Path, board_url: str) -> Path:
    path = folder / "jobpicks.toml"
    path.write_text(f"""
[profile]
name = "tester"
roles = ["account executive"]
skills = ["sales", "ai"]
max_age_days = 365

[sources.greenhouse]
base_url = "{board_url}"
companies = ["stripe"]
backoff = 0.01

[digest]
destination = "C0TEST"
size = 2
per_company = 5
""")
    return path


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--version"])
    assert "jobpicks 0.1.0" in capsys.readouterr().out


def test_a_bad_value_fails_in_one_line_naming_file_and_key(env: Path, capsys) -> None:
    (env / "jobpicks.toml").write_text('[digest]\nsize = "twenty"\n')
    assert main(["run", "--dry-run"]) == 2
    error = capsys.readouterr().err.strip()
    assert len(error.splitlines()) == 1
    assert "jobpicks.toml" in error and "digest.size" in error


def test_a_misspelt_key_and_broken_toml_are_named(env: Path, capsys) -> None:
    (env / "jobpicks.toml").write_text("[digest]\nsizee = 3\n")
    assert main(["run", "--dry-run"]) == 2
    assert "digest.sizee: unknown key" in capsys.readouterr().err
    (env / "jobpicks.toml").write_text("[digest\n")
    assert main(["run", "--dry-run"]) == 2
    assert "not valid TOML" in capsys.readouterr().err


def test_unreachable_redis_is_one_line_with_the_fix(env: Path, monkeypatch, capsys) -> None:
    (env / "jobpicks.toml").write_text('[digest]\ndestination = "C1"\n')
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:1/0")
    assert main(["status"]) == 2
    error = capsys.readouterr().err.strip()
    assert len(error.splitlines()) == 1 and "REDIS_URL" in error


def test_init_writes_a_starter_config_that_loads(env: Path, capsys) -> None:
    assert main(["init"]) == 0
    assert (env / "jobpicks.toml").exists()
    assert main(["init"]) == 2, "never overwrites without --force"
    assert "--force" in capsys.readouterr().err


def test_the_second_run_shows_nothing_already_shown(env: Path, board_server: str, capsys, store) -> None:
    write_config(env, board_server)
    assert main(["run"]) == 0
    first = capsys.readouterr()
    assert "No SLACK_BOT_TOKEN" in first.err
    day = store.digests.dates("C0TEST")[0]
    first_keys = [p.posting.key for p in store.digests.get("C0TEST", day).picks]
    assert len(first_keys) == 2, "the digest size is 2"
    assert "Account Executive, AI Sales" in first.out

    assert main(["run"]) == 0
    assert "today's digest" in capsys.readouterr().err, "a second daily run the same day posts nothing"
    assert len(store.digests.get("C0TEST", day).picks) == 2

    assert main(["run", "--refresh"]) == 0
    capsys.readouterr()
    all_keys = [p.posting.key for p in store.digests.get("C0TEST", day).picks]
    second_keys = all_keys[len(first_keys) :]
    assert len(second_keys) == 1 and not set(second_keys) & set(first_keys)

    assert main(["run", "--refresh"]) == 0
    assert "Nothing new today: all 3 postings found were shown before" in capsys.readouterr().out
    assert main(["status"]) == 0
    assert "greenhouse: 3 postings" in capsys.readouterr().out


def test_dry_run_prints_but_remembers_nothing(env: Path, board_server: str, capsys) -> None:
    write_config(env, board_server)
    assert main(["run", "--dry-run"]) == 0
    assert "Account Executive, AI Sales" in capsys.readouterr().out
    assert main(["run", "--dry-run"]) == 0
    assert "Account Executive, AI Sales" in capsys.readouterr().out, "a dry run marks nothing seen"


def test_a_source_that_cannot_be_reached_is_named_and_the_run_goes_on(env: Path, capsys) -> None:
    write_config(env, "http://127.0.0.1:1")
    assert main(["run", "--dry-run"]) == 0
    captured = capsys.readouterr()
    assert "greenhouse" in captured.err and "Nothing new today" in captured.out


def test_with_no_config_the_example_is_used_and_said_so(env: Path, capsys) -> None:
    assert main(["status"]) == 0
    err = capsys.readouterr().err
    assert "bundled example config" in err and len(err.strip().splitlines()) == 1


def test_status_before_any_run(env: Path, board_server: str, capsys) -> None:
    write_config(env, board_server)
    assert main(["status"]) == 0
    assert "No run yet" in capsys.readouterr().out


def test_with_no_redis_url_the_embedded_redis_remembers_between_runs(env: Path, board_server: str, monkeypatch) -> None:
    import os
    import subprocess
    import sys

    monkeypatch.delenv("REDIS_URL")
    write_config(env, board_server)

    def run() -> str:
        done = subprocess.run(
            [sys.executable, "-m", "bot.cli", "run", "--refresh"],
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent)},
            timeout=60,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    # Each run is its own process, as from cron: the memory must be on disk in the data folder.
    assert "Account Executive, AI Sales" in run()
    run()
    assert "all 3 postings found were shown before" in run()


def test_off_a_terminal_progress_is_structured_log_lines(env: Path, board_server: str, capsys) -> None:
    import json

    write_config(env, board_server)
    assert main(["run", "--dry-run"]) == 0
    events = [json.loads(line) for line in capsys.readouterr().err.splitlines() if line.startswith("{")]
    assert any(e["event"] == "done" and e.get("source") == "greenhouse" and e["found"] == 3 for e in events)


def test_output_cut_short_by_a_closed_pipe_is_not_reported_as_a_bug(env: Path) -> None:
    """`jobpicks eval | head -2`: the reader leaves early, and no error is printed."""
    import subprocess
    import sys

    proc = subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "eval", "--show"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=env,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])},
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.readline()
    proc.stdout.close()
    errors = proc.stderr.read().decode()
    assert proc.wait(timeout=60) in (0, 141)
    assert "error" not in errors.lower() and "Traceback" not in errors

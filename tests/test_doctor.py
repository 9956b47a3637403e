"""`jobpicks doctor` checks each part through its real client and says what to fix."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.cli import main
from tests.fake_openai import FakeOpenAI
from tests.fake_sites import FakeSite, Reply, saved
from tests.fake_slack import FakeSlack


@pytest.fixture
def setup(monkeypatch: pytest.MonkeyPatch, env: Path) -> Iterator[tuple]:
    with (
        FakeSlack() as slack,
        FakeOpenAI() as llm,
        FakeSite({"/": Reply("ok"), "/v1/boards/stripe/jobs": Reply(saved("greenhouse/jobs.json"))}) as site,
    ):
        for name, value in {
            "SLACK_BOT_TOKEN": slack.bot_token,
            "SLACK_API_URL": slack.api_url,
            "SLACK_SIGNING_SECRET": "s3cret",
            "OPENAI_API_KEY": "k",
            "OPENAI_BASE_URL": llm.base_url,
            "OPENAI_MODEL": "fake-model",
        }.items():
            monkeypatch.setenv(name, value)
        (env / "jobpicks.toml").write_text(f"""
[sources.greenhouse]
base_url = "{site.url}"
companies = ["stripe"]
[digest]
destination = "#job-picks"
""")
        yield slack, llm, site


def test_doctor_passes_when_everything_answers(setup, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["doctor"]) == 0
    out = capsys.readouterr().out
    assert "Everything needed works." in out
    assert "bot jobpicks in team Test" in out and "model fake-model" in out and "Redis" in out


def test_doctor_names_each_broken_part_and_its_fix(setup, monkeypatch, capsys) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-revoked")
    monkeypatch.setenv("OPENAI_MODEL", "gpt-nonexistent")
    assert main(["doctor"]) == 1
    out = " ".join(capsys.readouterr().out.split())
    assert "auth.test refused: invalid_auth" in out and "reinstall the app" in out
    assert "model gpt-nonexistent not offered by the server" in out and "fake-model" in out
    assert "2 problem(s) found." in out

"""People with their own picks: a member listed in `[[person]]` gets a digest by DM that follows their
own profile and remembers what it showed them, beside the channel digest, which stays as it was."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from bot.cli import main
from bot.config import AppConfig
from bot.people import merge_people
from bot.store import Store
from bot.store.records import PersonRecord
from tests.fake_sites import FakeSite
from tests.fake_slack import CHANNEL_ID, FakeSlack
from tests.linkedin_pages import Job, linkedin_routes

TODAY = date.today()
# Two kinds of internship: the channel's profile wants the software ones, Alex wants the data ones.
JOBS = [
    Job(4600000000 + i, f"Software Engineer Intern {i}", f"Soft Co {i}", "Seattle, WA", TODAY, "Python services.")
    for i in range(6)
] + [
    Job(4600000100 + i, f"Data Scientist Intern {i}", f"Data Co {i}", "Seattle, WA", TODAY, "Statistics and SQL.")
    for i in range(6)
]


@pytest.fixture
def world(env: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeSlack]:
    with FakeSite(linkedin_routes(JOBS)) as site, FakeSlack() as slack:
        monkeypatch.setenv("SLACK_BOT_TOKEN", slack.bot_token)
        monkeypatch.setenv("SLACK_API_URL", slack.api_url)
        (env / "jobpicks.toml").write_text(f"""
[profile]
name = "club"
roles = ["software engineer intern"]
skills = ["python"]
seniority = ["internship"]

[[person]]
slack_user = "U0ALEX"
roles = ["data scientist intern"]
skills = ["sql", "statistics"]
seniority = ["internship"]

[[search]]
keywords = "intern"

[sources.linkedin]
base_url = "{site.url}"
delay = 0

[digest]
destination = "#job-picks"
size = 3
min_score = 0
""")
        yield slack


def picks_in(slack: FakeSlack, channel: str) -> list[str]:
    return [m.text for m in slack.messages(channel) if m.thread_ts and m.thread_ts != m.ts]


def test_a_listed_member_gets_their_own_digest_by_dm_following_their_profile(world: FakeSlack) -> None:
    assert main(["run"]) == 0
    assert main(["run", "--person", "U0ALEX"]) == 0
    channel, dm = picks_in(world, CHANNEL_ID), picks_in(world, "D0ALEX")
    assert len(channel) == 3 and all("Software Engineer Intern" in text for text in channel)
    assert len(dm) == 3 and all("Data Scientist Intern" in text for text in dm)


def test_what_the_channel_was_shown_can_still_be_shown_to_a_member(world: FakeSlack, store: Store) -> None:
    assert main(["run"]) == 0
    shown_in_channel = store.seen.count("#job-picks")
    assert shown_in_channel == 3
    assert store.seen.count("U0ALEX") == 0, "the member's own seen postings are their own"
    assert main(["run", "--person", "U0ALEX"]) == 0
    assert store.seen.count("U0ALEX") == 3
    # A second morning run for the member posts nothing more; the channel's record is untouched.
    assert main(["run", "--person", "U0ALEX"]) == 0
    assert len(picks_in(world, "D0ALEX")) == 3
    assert store.seen.count("#job-picks") == shown_in_channel


def test_someone_without_picks_of_their_own_is_named_in_one_line(
    world: FakeSlack, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["run", "--person", "U0NOBODY"]) == 2
    error = capsys.readouterr().err.strip()
    assert error.count("\n") == 0 and "U0NOBODY" in error and "/jobpicks start" in error


def test_a_person_table_names_its_mistakes(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (env / "jobpicks.toml").write_text('[[person]]\nslack_user = "alex"\n')
    assert main(["status"]) == 2
    assert "person.0.slack_user" in capsys.readouterr().err
    (env / "jobpicks.toml").write_text('[[person]]\nslack_user = "U0ALEX"\n[[person]]\nslack_user = "U0ALEX"\n')
    assert main(["status"]) == 2
    assert "U0ALEX has more than one [[person]] table" in capsys.readouterr().err


def test_a_member_listed_and_started_in_slack_is_one_person_with_the_config_profile_and_their_time_zone() -> None:
    config = AppConfig.model_validate(
        {
            "digest": {"time": "08:00", "timezone": "America/Los_Angeles"},
            "person": [{"slack_user": "U0ALEX", "roles": ["data scientist intern"]}],
        }
    )
    started = datetime(2026, 11, 20, tzinfo=UTC)
    records = [
        PersonRecord(user="U0ALEX", timezone="Europe/Paris", started_at=started),
        PersonRecord(user="U0SAM", name="Sam", time="07:30", paused=True, started_at=started),
    ]
    alex, sam = merge_people(config, records)
    a = alex.audience(config)
    assert (a.destination, a.profile_id, a.person) == ("U0ALEX", "U0ALEX", "U0ALEX")
    assert a.profile.roles == ["data scientist intern"] and a.profile.name == "U0ALEX"
    assert (a.time, a.timezone) == ("08:00", "Europe/Paris"), "[digest] time, in the member's own zone"
    s = sam.audience(config)
    assert sam.paused and sam.name == "Sam"
    assert s.profile.roles == [], "started in Slack: a blank profile until they fill it in"
    assert (s.time, s.timezone) == ("07:30", "America/Los_Angeles")


def test_run_everyone_delivers_every_digest_once(world: FakeSlack, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", "--everyone"]) == 0
    out = capsys.readouterr().out
    assert "the digest for #job-picks: 3 picks delivered" in out and "the picks of <@U0ALEX>: 3 picks delivered" in out
    assert all("Software Engineer Intern" in t for t in picks_in(world, CHANNEL_ID))
    assert all("Data Scientist Intern" in t for t in picks_in(world, "D0ALEX"))
    # Run again the same morning: both digests are done; nothing more reaches Slack.
    posted = len(world.calls_of("chat.postMessage"))
    assert main(["run", "--everyone"]) == 0
    assert "already posted" in capsys.readouterr().out
    assert len(world.calls_of("chat.postMessage")) == posted

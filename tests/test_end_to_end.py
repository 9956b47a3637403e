"""The whole product on one machine: `jobpicks run` against a fake LinkedIn and Greenhouse, a fake
OpenAI-compatible server and a fake Slack, all on 127.0.0.1, with the real Redis.

Story: the morning digest posts the best picks to #job-picks; a refresh later that day posts only
postings not shown before and asks the LLM nothing it already scored; a second morning run the same
day posts nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.cli import main
from scrapers import linkedin
from tests.fake_openai import FakeOpenAI
from tests.fake_sites import FakeSite, Reply, pages_by_start, saved
from tests.fake_slack import CHANNEL_ID, FakeSlack


@pytest.fixture
def sites() -> Iterator[FakeSite]:
    routes = {
        linkedin.SEARCH_PATH: pages_by_start({0: saved("linkedin/search_jobdekho.html")}),
        "/jobs-guest/jobs/api/jobPosting/4400000001": Reply(saved("linkedin/job_view_jobdekho.html")),
        "/v1/boards/acmeai/jobs": Reply(saved("greenhouse/board_acmeai.json")),
        "/v1/boards/stripe/jobs": Reply(saved("greenhouse/jobs.json")),
    }
    with FakeSite(routes) as site:
        yield site


@pytest.fixture
def world(sites: FakeSite, monkeypatch: pytest.MonkeyPatch, env: Path) -> Iterator[tuple[FakeSlack, FakeOpenAI]]:
    with FakeSlack() as slack, FakeOpenAI() as llm:
        for name, value in {
            "SLACK_BOT_TOKEN": slack.bot_token,
            "SLACK_API_URL": slack.api_url,
            "OPENAI_API_KEY": "test-key",
            "OPENAI_BASE_URL": llm.base_url,
            "OPENAI_MODEL": "fake-model",
        }.items():
            monkeypatch.setenv(name, value)
        (env / "jobpicks.toml").write_text(f"""
[profile]
name = "alex"
roles = ["software engineer intern", "machine learning engineer intern"]
skills = ["python", "machine learning", "payments"]
seniority = ["internship"]
max_age_days = 365

[[search]]
keywords = "software engineer intern"

[sources.linkedin]
base_url = "{sites.url}"
delay = 0

[sources.greenhouse]
base_url = "{sites.url}"
delay = 0
companies = ["acmeai", "stripe"]

[digest]
# Scores do not matter to this story (the fake LLM scores low by design): show every posting.
min_score = 0
destination = "#job-picks"
size = 3
per_company = 3

[scoring]
batch_size = 4
""")
        yield slack, llm


def pick_messages(slack: FakeSlack) -> list[str]:
    """The text of every pick message posted in the channel's threads."""
    return [m.visible_text for m in slack.messages(CHANNEL_ID) if m.thread_ts and m.thread_ts != m.ts]


def test_morning_digest_then_refresh_never_repeats_a_posting_or_a_scoring(
    world: tuple[FakeSlack, FakeOpenAI], store, capsys: pytest.CaptureFixture[str]
) -> None:
    slack, llm = world

    assert main(["run"]) == 0
    assert "Posted 3 picks to" in capsys.readouterr().out
    overview = slack.messages(CHANNEL_ID, top_level=True)
    assert len(overview) == 1 and "Daily job picks" in overview[0].visible_text
    first = pick_messages(slack)
    assert len(first) == 3
    requests_after_first = len(llm.requests)
    assert requests_after_first >= 1, "postings were scored by the LLM"
    for message in slack.messages(CHANNEL_ID):
        if message.thread_ts:
            labels = [b["text"]["text"] for b in message.buttons()]
            assert "👍" in labels[0] and "👎" in labels[1], "every pick can be voted on"

    # Same morning, run again (cron and the scheduler both fired): nothing is posted.
    assert main(["run"]) == 0
    assert len(slack.messages(CHANNEL_ID)) == 4

    # A refresh posts the next best postings, none of those already shown, and every posting it
    # shows was scored this morning: no new LLM request.
    assert main(["run", "--refresh"]) == 0
    second = pick_messages(slack)[3:]
    assert second, "the refresh found postings not shown this morning"
    assert not set(second) & set(first)
    assert len(llm.requests) == requests_after_first

    day = store.runs.status("#job-picks").date.isoformat()
    keys = [p.posting.key for p in store.digests.get("#job-picks", day).picks]
    assert len(keys) == len(set(keys)) == 3 + len(second)


def test_a_delivery_cut_short_remembers_only_what_was_posted(
    world: tuple[FakeSlack, FakeOpenAI], store, capsys: pytest.CaptureFixture[str]
) -> None:
    slack, _ = world
    # The overview and the first pick go out, then Slack refuses (e.g. the bot was removed).
    slack.fail("chat.postMessage", "not_in_channel", times=1, after=2)
    assert main(["run"]) == 2
    error = capsys.readouterr().err.strip().splitlines()[-1]
    assert error.startswith("error:") and ("not_in_channel" in error or "invite" in error)
    [posted] = pick_messages(slack)

    status = store.runs.status("#job-picks")
    day = status.date.isoformat()
    assert status.delivery_error
    assert len(store.digests.get("#job-picks", day).picks) == 1, "only the pick that reached the channel"

    # Once Slack takes messages again, a refresh shows the picks that never arrived, not the one that did.
    assert main(["run", "--refresh"]) == 0
    later = pick_messages(slack)[1:]
    assert later and posted not in later

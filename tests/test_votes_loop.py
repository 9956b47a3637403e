"""Votes that visibly change tomorrow, lived as a reader lives them (issue 9).

Each story runs the morning digest against a fake LinkedIn listing a pool of internships (new ones
arrive every day), posts it to the fake Slack, has the reader click 👍/👎 on the picks through the
Slack app's signed HTTP endpoint, moves the clock to the next morning and runs again: beside a control
destination with the same profile and the same postings that nobody votes in. For the local scorer
and for the LLM, through the real `openai` client against the fake server, which ignores the feedback
block of its prompt: whatever moves there is the code-side taste model's doing.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from bot.cli import main
from bot.slack.taste_reset import RESET_TASTE, UNDO_TASTE_RESET
from bot.store import Store
from scoring.config import ScoringConfig
from scoring.evaluate import DEFAULT_DATA, load_labelled
from tests.reader_days import Destination, Pick, ReaderDays

# The reader of issue 9: tired of one company's internships, happy with the rest.
BYTEDANCE = ("TikTok", "ByteDance")
SIZE = 10


def companies(picks: list[Pick]) -> list[str]:
    return [p.company for p in picks]


def bytedance(picks: list[Pick]) -> list[Pick]:
    return [p for p in picks if p.company in BYTEDANCE]


def the_reader_votes(mine: Destination, picks: list[Pick]) -> None:
    """👎 on every TikTok or ByteDance pick and 👍 on every other one, each a click in Slack."""
    for pick in picks:
        mine.vote(pick, -1 if pick.company in BYTEDANCE else 1)


def same(a: list[Pick], b: list[Pick]) -> bool:
    return [(p.key, p.score) for p in a] == [(p.key, p.score) for p in b]


@pytest.fixture(params=["local", "llm"])
def days(request: pytest.FixtureRequest, store: Store) -> Iterator[ReaderDays]:
    """Three days of the labelled set's reader, scored locally or by the LLM."""
    with ReaderDays(store, load_labelled(DEFAULT_DATA).profile, llm=request.param == "llm", days=3, size=SIZE) as world:
        yield world


@pytest.fixture
def local_days(store: Store) -> Iterator[ReaderDays]:
    with ReaderDays(store, load_labelled(DEFAULT_DATA).profile, size=SIZE) as world:
        yield world


def test_the_reader_s_clicks_today_change_tomorrow_s_picks_the_way_they_said(
    days: ReaderDays, store: Store, redis_client: redis.Redis, redis_prefix: str
) -> None:
    mine, control = days.destination("#alex-picks"), days.destination("#control")
    # A control of its own Redis: nobody's votes anywhere near it.
    alone = days.destination("#control", store=Store(redis_client, f"{redis_prefix}:alone"))
    first = mine.run()
    assert same(first, control.run()) and same(first, alone.run()), "no votes yet: the same picks"
    assert bytedance(first), "ByteDance's internships make the first digest"
    the_reader_votes(mine, first)

    days.next_day()
    voted, control_picks, alone_picks = mine.run(), control.run(), alone.run()
    assert len(bytedance(control_picks)) >= 2, "without the votes they would come again"
    assert bytedance(voted) == []
    assert len(voted) == len(control_picks) == SIZE, "the digest still fills"
    assert same(control_picks, alone_picks), "votes on one destination change nothing for another"

    status = mine.command("status")["text"]
    learned = status[status.index("Votes learned from") :]
    assert f"{len(first) - len(bytedance(first))} 👍, {len(bytedance(first))} 👎" in learned
    assert "↓" in learned and any(name in learned for name in BYTEDANCE), "the strongest weights, in plain words"
    assert "Votes learned from: 0 👍, 0 👎" in control.command("status")["text"]


def test_learning_afresh_in_slack_gives_back_the_control_s_picks_and_undo_brings_the_votes_back(
    days: ReaderDays, env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mine, control = days.destination("#alex-picks"), days.destination("#control")
    first = mine.run()
    control.run()
    the_reader_votes(mine, first)

    status = mine.command("status")
    buttons = [e for b in status["blocks"] if b["type"] == "actions" for e in b["elements"]]
    (reset,) = [b for b in buttons if b["action_id"] == RESET_TASTE]
    assert reset["confirm"]["confirm"]["text"] == "Learn afresh", "a confirm dialog stands before the reset"
    answer = mine.press(RESET_TASTE)
    assert answer["text"].startswith("Started afresh: the picks for #alex-picks learn only from votes cast from now")
    assert f"The {len(first)} votes learned from until now stay in the history." in answer["text"]
    assert "Votes learned from: 0 👍, 0 👎" in answer["text"] and "Learning since a reset on" in answer["text"]
    assert answer["replace_original"] is True

    days.next_day()
    after_reset = mine.run()
    assert same(after_reset, control.run()), "a reset gives back exactly the picks nobody voted on"

    # The votes are kept: the history still shows them, and `jobpicks feedback` says what happened.
    (env / "jobpicks.toml").write_text('[profile]\nname = "alex"\n[digest]\ndestination = "#alex-picks"\n')
    disliked = bytedance(first)[0]
    assert main(["history", "--posting", f"https://www.linkedin.com/jobs/view/{disliked.job_id}"]) == 0
    assert "Votes: 👎 by U0ALEX" in capsys.readouterr().out
    assert main(["feedback"]) == 0
    feedback = capsys.readouterr().out
    assert feedback.startswith("No votes yet") and "Learning since a reset on" in feedback
    assert f"{len(first)} earlier votes kept in the history, not learned from" in feedback

    undone = mine.press(UNDO_TASTE_RESET)
    assert "undone: the picks for #alex-picks learn from" in undone["text"]
    days.next_day()
    assert bytedance(mine.run()) == [] and bytedance(control.run()), "the votes count again"


def test_jobpicks_feedback_reset_and_undo(env: Path, store: Store, capsys: pytest.CaptureFixture[str]) -> None:
    from scoring.feedback import Vote

    (env / "jobpicks.toml").write_text('[profile]\nname = "alex"\n[digest]\ndestination = "#alex-picks"\n')
    for i in range(3):
        vote = Vote(f"linkedin:{i}", "U0ALEX", -1, "ML Intern", "TikTok", digest=f"#alex-picks:2026-11-2{i}")
        store.votes.record("alex", vote)
    assert main(["feedback", "--undo-reset"]) == 0
    assert capsys.readouterr().out.startswith("Nothing to undo: the taste of #alex-picks was never reset.")
    assert main(["feedback"]) == 0
    assert "TikTok (employer): 3 👎" in capsys.readouterr().out

    assert main(["feedback", "--reset"]) == 0
    said = capsys.readouterr().out
    assert "The 3 votes learned from until now stay in the history" in said
    assert "Undo with `jobpicks feedback --undo-reset`" in said
    assert main(["feedback"]) == 0
    assert "TikTok" not in capsys.readouterr().out
    assert len(store.votes.all("alex")) == 3, "no vote was deleted"

    assert main(["feedback", "--undo-reset"]) == 0
    assert "learn from 3 votes again" in capsys.readouterr().out
    assert main(["feedback"]) == 0
    assert "TikTok (employer): 3 👎" in capsys.readouterr().out


def test_a_reset_clicked_twice_or_while_redis_is_away_leaves_one_reset_or_none(
    local_days: ReaderDays, store: Store, store_away: Store
) -> None:
    days = local_days
    mine = days.destination("#alex-picks")
    the_reader_votes(mine, mine.run())
    mine.press(RESET_TASTE)
    assert mine.press(RESET_TASTE)["text"].startswith("Nothing to forget"), "a second click changes nothing"
    assert len(store.resets.times("alex", "#alex-picks")) == 1

    away = days.destination("#alex-picks", store=store_away)
    told = away.press(UNDO_TASTE_RESET)
    assert told["text"].startswith("jobpicks could not do that: Redis stopped answering")
    assert len(store.resets.times("alex", "#alex-picks")) == 1, "nothing half-done"
    assert "undone" in mine.press(UNDO_TASTE_RESET)["text"]
    assert store.resets.times("alex", "#alex-picks") == []


def test_a_digest_fills_even_when_the_first_candidates_scored_do_not_fill_it(store: Store) -> None:
    # Five candidates go to the scorer first: the morning digest of ten still comes out full, for the
    # local scorer and for the LLM (whose scores the local ranking only guesses).
    profile = load_labelled(DEFAULT_DATA).profile
    for llm in (False, True):
        scoring = ScoringConfig(prefilter=SIZE // 2, batch_size=5)
        with ReaderDays(store, profile, llm=llm, size=SIZE, scoring=scoring) as days:
            picks = days.destination(f"#full-{'llm' if llm else 'local'}").run()
            assert len(picks) == SIZE

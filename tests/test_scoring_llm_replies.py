"""Unusable LLM answers (a repeated id, a score outside 0-100 or not a number) are named for what they
are, asked again or scored locally, and never cached: real `openai` client, fake server, real Redis."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from bot.store import Store
from scoring.reply import parse_reply
from scoring.scorer import cache_version, score_postings
from tests.fake_openai import FakeOpenAI
from tests.test_scoring_llm import PROFILE, fast, posting, settings


@pytest.fixture
def llm_server() -> Iterator[FakeOpenAI]:
    with FakeOpenAI() as server:
        yield server


def cached(store: Store, keys: list[str]) -> dict[str, dict]:
    """What the score cache holds for these postings, for the test profile before any vote."""
    return store.scores.cached_scores(cache_version(PROFILE), "0", keys)


def retried_titles(server: FakeOpenAI, request: int) -> list[str]:
    return [line.removeprefix("title: ") for line in server.users()[request].splitlines() if line.startswith("title: ")]


async def test_a_reply_repeating_ids_caches_nothing_and_a_later_healthy_run_scores_properly(
    llm_server: FakeOpenAI, store: Store
) -> None:
    # Issue 10: a reply that answered every id twice, the first copy a bogus 0, gave 0 picks, and the
    # 0s were cached for 30 days: the next run, with a healthy server, asked nothing and picked nothing.
    postings = [posting(i) for i in range(3)]
    keys = [p.key for p in postings]
    llm_server.always = "duplicate"
    first = await score_postings(postings, PROFILE, fast(retries=1), llm=settings(llm_server), cache=store.scores)

    assert len(llm_server.requests) == 2, "asked once more before giving up"
    assert {s.scorer for s in first.scored} == {"local-fallback"}
    assert all(s.score > 0 and "bogus" not in s.reason for s in first.scored), "no copy was believed"
    (line,) = first.errors
    assert line == (
        f"LLM scoring failed for 3 of 3 postings, scored locally instead: {llm_server.base_url} repeated id j3 "
        "in its reply (and 2 more unusable results) — try another model"
    )
    assert cached(store, keys) == {}

    llm_server.always = None
    second = await score_postings(postings, PROFILE, fast(retries=1), llm=settings(llm_server), cache=store.scores)
    assert len(llm_server.requests) == 3, "nothing was cached, so the healthy server is asked"
    assert all(s.scorer == "llm" and s.reason == f"fake: {s.posting.title}" for s in second.scored)
    assert second.errors == []
    assert sorted(cached(store, keys)) == sorted(keys)


async def test_a_repeated_id_is_asked_again_and_the_retry_is_believed(llm_server: FakeOpenAI) -> None:
    llm_server.script("duplicate")
    postings = [posting(i) for i in range(3)]
    result = await score_postings(postings, PROFILE, fast(), llm=settings(llm_server))
    assert len(llm_server.requests) == 2
    assert sorted(retried_titles(llm_server, 1)) == sorted(p.title for p in postings), (
        "every repeated id is asked again"
    )
    assert all(s.scorer == "llm" and s.reason == f"fake: {s.posting.title}" for s in result.scored)
    assert result.errors == []


@pytest.mark.parametrize(
    ("value", "named"),
    [
        ("250", "gave 250 for a score (outside 0-100)"),
        ("-5", "gave -5 for a score (outside 0-100)"),
        ("high", 'gave "high" for a score (not a number)'),
        ("", 'gave "" for a score (not a number)'),
        ("null", "gave null for a score (not a number)"),
        ("true", "gave true for a score (not a number)"),
    ],
)
async def test_a_score_outside_0_to_100_or_not_a_number_is_named_and_never_cached(
    llm_server: FakeOpenAI, store: Store, value: str, named: str
) -> None:
    # The fake server spoils the first result of each reply: the last posting of the batch (it answers in reverse).
    llm_server.always = f"score={value}"
    postings = [posting(i) for i in range(3)]
    result = await score_postings(postings, PROFILE, fast(retries=1), llm=settings(llm_server), cache=store.scores)

    assert retried_titles(llm_server, 1) == [postings[2].title], "only the posting with the bad score is asked again"
    scorers = {s.posting.key: s.scorer for s in result.scored}
    assert scorers == {"test:0": "llm", "test:1": "llm", "test:2": "local-fallback"}
    (line,) = result.errors
    where = llm_server.base_url
    assert (
        line == f"LLM scoring failed for 1 of 3 postings, scored locally instead: {where} {named} — try another model"
    )
    assert sorted(cached(store, [p.key for p in postings])) == ["test:0", "test:1"]


async def test_a_bad_score_once_is_asked_again_and_then_scored_by_the_llm(llm_server: FakeOpenAI, store: Store) -> None:
    llm_server.script("score=250")
    postings = [posting(i) for i in range(3)]
    result = await score_postings(postings, PROFILE, fast(), llm=settings(llm_server), cache=store.scores)
    assert [s.scorer for s in result.scored] == ["llm"] * 3 and result.errors == []
    assert all(0 <= item["score"] <= 100 for item in cached(store, [p.key for p in postings]).values())


def test_each_unusable_answer_is_named_for_what_it_is() -> None:
    def result(pid: str, **fields: object) -> dict:
        return {"id": pid, "reason": "fits", "summary": "", **fields}

    reply = json.dumps(
        {
            "results": [
                result("j1", score=101),
                result("j2", score="high"),
                result("j3", score=None),
                result("j4", score=True),
                result("j5", score=80, reason=""),
                result("j6", score=70),
                result("j6", score=70),
                {"id": "j7", "reason": "fits"},
                result("j8", score="85"),
                result("j9", score=72.6),
            ]
        }
    )
    parsed = parse_reply(reply, [f"j{i}" for i in range(1, 11)])
    assert parsed.rejected == {
        "j1": "gave 101 for a score (outside 0-100)",
        "j2": 'gave "high" for a score (not a number)',
        "j3": "gave null for a score (not a number)",
        "j4": "gave true for a score (not a number)",
        "j5": "gave 80 without a reason",
        "j6": "repeated id j6 in its reply",
        "j7": "gave no score",
    }
    assert {pid: item.score for pid, item in parsed.results.items()} == {"j8": 85, "j9": 73}, "text and decimals read"
    assert parsed.missing == ["j1", "j2", "j3", "j4", "j5", "j6", "j7", "j10"]
    assert parsed.problem() == (
        "gave 101 for a score (outside 0-100) (and 6 more unusable results) and left 1 postings out of its reply"
    )

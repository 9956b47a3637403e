"""`jobpicks history`: which days had a digest, and when one posting was shown and how it was voted."""

from __future__ import annotations

import time
from datetime import UTC, date, datetime
from pathlib import Path

from bot.history_import import import_history
from bot.history_view import posting_history_text, recent_digests_text
from bot.store import Store
from bot.store.records import DigestRecord, ShownEntry
from scoring.feedback import Vote
from scoring.model import ScoredPosting
from scrapers.model import Posting

HISTORY = Path(__file__).parent / "data" / "history"


def deliver(store: Store, day: str, picks: list[ScoredPosting], *, daily: bool = True) -> None:
    """What a delivery records (bot.pipeline.remember)."""
    on = date.fromisoformat(day)
    store.digests.commit(
        "C1",
        DigestRecord(date=on, daily=daily, kind="daily" if daily else "refresh", picks=picks),
        seen=[p.posting.key for p in picks],
        shown={p.posting.key: ShownEntry.of(p, on) for p in picks},
    )


def scored(key: str, url: str, title: str, company: str, score: int, reason: str) -> ScoredPosting:
    return ScoredPosting(
        Posting(key=key, source=key.split(":")[0], url=url, title=title, company=company), score, reason
    )


ML = scored(
    "linkedin:4390001122",
    "https://www.linkedin.com/jobs/view/4390001122",
    "Machine Learning Intern",
    "Acme AI",
    91,
    "PyTorch ranking models",
)
STRIPE = scored(
    "greenhouse:7012345",
    "https://boards.greenhouse.io/stripe/jobs/7012345",
    "Backend Intern",
    "Stripe",
    74,
    "Java backend",
)


def test_recent_digests_list_delivered_and_imported_days_newest_first(store: Store) -> None:
    import_history([HISTORY / "quirks"], store, "C1")
    deliver(store, "2026-11-21", [ML])
    deliver(store, "2026-11-21", [STRIPE], daily=False)
    deliver(store, "2026-11-22", [])
    assert recent_digests_text(store, "C1").splitlines() == [
        "Recent digests for C1, newest first:",
        "2026-11-22  delivered  0 picks (daily)",
        "2026-11-21  delivered  2 picks (daily + 1 refresh)  top 91: Machine Learning Intern — Acme AI",
        "2025-12-30  imported   4 picks (from daily-picks-2025-12-30.md)  "
        "top 94: Summer 2026 AI Science Intern — Intuit",
        "2025-12-29  imported   4 picks (from daily-picks-2025-12-29.md)  "
        "top 97: Machine Learning Engineer Intern - Global E-Commerce Content Recommendation - 2026 Summer "
        "(BS/MS) — TikTok",
        "When was a posting shown? `jobpicks history --posting URL`",
    ]
    newest = recent_digests_text(store, "C1", limit=1).splitlines()[1:-1]
    assert newest == ["2026-11-22  delivered  0 picks (daily)"]


def test_with_no_digest_yet_history_says_how_to_get_one(store: Store) -> None:
    assert "`jobpicks import-history FOLDER`" in recent_digests_text(store, "C1")


def test_a_postings_history_shows_each_day_with_score_reason_and_votes(store: Store) -> None:
    import_history([HISTORY / "quirks"], store, "C1")
    deliver(store, "2026-11-21", [ML])
    store.votes.record(
        "alex",
        Vote(posting_key=ML.posting.key, user="U1", value=1, at=datetime(2026, 11, 21, 9, tzinfo=UTC).timestamp()),
    )
    store.votes.record("alex", Vote(posting_key="linkedin:1", user="U1", value=-1))
    text = posting_history_text(
        store, "C1", "alex", "https://www.linkedin.com/jobs/view/machine-learning-intern-4390001122?refId=x"
    )
    lines = text.splitlines()
    assert lines[:4] == [
        "Machine Learning Intern — Acme AI (linkedin:4390001122)",
        "Shown to C1 on 2 days:",
        "  2025-12-29  score 84/100  PyTorch model training and evaluation; remote is acceptable; "
        "the old tool wrapped this reason onto a second line.  (imported from daily-picks-2025-12-29.md)",
        "  2026-11-21  score 91/100  PyTorch ranking models",
    ]
    assert lines[4] == "Votes: 👍 by U1 on 2026-11-21."
    assert lines[5].startswith("Marked seen: it will not be shown again before ")


def test_a_board_posting_is_found_by_its_link(store: Store) -> None:
    deliver(store, "2026-11-21", [STRIPE])
    text = posting_history_text(store, "C1", "alex", "https://boards.greenhouse.io/stripe/jobs/7012345?gh_src=x")
    assert text.splitlines()[:3] == [
        "Backend Intern — Stripe (greenhouse:7012345)",
        "Shown to C1 on 1 day:",
        "  2026-11-21  score 74/100  Java backend",
    ]


def test_a_posting_never_shown_says_so_and_an_expired_mark_says_it_may_return(store: Store, redis_client) -> None:
    url = "https://www.indeed.com/viewjob?jk=0c9d8e7f6a5b4c3d"
    assert posting_history_text(store, "C1", "alex", url).splitlines() == [
        f"{url} (indeed:0c9d8e7f6a5b4c3d) was never shown to C1.",
        "Votes: none.",
    ]
    import_history([HISTORY / "quirks"], store, "C1")
    redis_client.zadd(f"{store.prefix}:seen:C1", {"indeed:0c9d8e7f6a5b4c3d": time.time() - 1})
    assert posting_history_text(store, "C1", "alex", url).splitlines()[-1] == (
        "Its seen mark has expired: it may be shown again if a source lists it."
    )

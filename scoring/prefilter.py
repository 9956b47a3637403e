"""The cheap filter before scoring: postings the profile's judgement keeps below the digest's floor.

It is the certain subset of `scoring.fit.judge`, not a second opinion: a posting is dropped here
exactly when the judgement drops it or caps it under `min_score`, so no scorer could ever make it a
pick, and it never costs an LLM call or a job-page fetch. Counts say which limit dropped how many.
"""

from __future__ import annotations

from datetime import datetime
from typing import NamedTuple

from scoring.fit import judge
from scoring.profile import Profile
from scrapers.model import Posting


class Prefiltered(NamedTuple):
    kept: list[Posting]
    dropped: dict[str, int]  # limit ("company", "location", ...) -> postings it dropped


def drop_unshowable(
    postings: list[Posting], profile: Profile, *, min_score: int, now: datetime | None = None
) -> Prefiltered:
    """The postings that could still be shown, and how many each limit dropped (the first limit counts)."""
    kept: list[Posting] = []
    dropped: dict[str, int] = {}
    for posting in postings:
        limit = judge(posting, profile, now).below(min_score)
        if limit is None:
            kept.append(posting)
        else:
            dropped[limit.rule] = dropped.get(limit.rule, 0) + 1
    return Prefiltered(kept, dropped)

"""Votes as stored, and as every part of scoring weighs them: one net opinion per posting, fading with age."""

from __future__ import annotations

import time
from collections import defaultdict
from dataclasses import dataclass, field

# A vote fainter than this (two half-lives) no longer appears as an example in the prompt, nor in
# "you 👎 4 TikTok picks".
MIN_EXAMPLE_WEIGHT = 0.25


@dataclass(slots=True)
class Vote:
    """One person's 👍 (+1) or 👎 (-1) on one posting, with what was shown when they voted."""

    posting_key: str
    user: str
    value: int
    title: str = ""
    company: str = ""
    reason: str = ""
    digest: str = ""
    at: float = 0.0
    # What the posting was (see scoring.features), kept from the pick it was cast on; votes cast before
    # features were kept have none and the taste model falls back to the title and company.
    features: list[str] = field(default_factory=list)


@dataclass(slots=True)
class WeightedVote:
    """The net opinion on one posting (all voters together), weighted by how recent it is."""

    posting_key: str
    value: int  # +1 liked, -1 disliked
    weight: float  # 1.0 for a vote cast now, halving every half-life
    title: str
    company: str
    reason: str
    at: float
    features: list[str] = field(default_factory=list)


def weigh_votes(votes: list[Vote], *, half_life_days: float = 30.0, now: float | None = None) -> list[WeightedVote]:
    """One entry per posting voted on, newest first; postings whose votes cancel out are left out."""
    now = time.time() if now is None else now
    by_posting: dict[str, list[Vote]] = defaultdict(list)
    for vote in votes:
        by_posting[vote.posting_key].append(vote)
    weighted = []
    for key, group in by_posting.items():
        net = sum(v.value for v in group)
        if net == 0:
            continue
        newest = max(group, key=lambda v: v.at)
        age_days = max(0.0, (now - newest.at) / 86400) if newest.at else 0.0
        weighted.append(
            WeightedVote(
                posting_key=key,
                value=1 if net > 0 else -1,
                weight=0.5 ** (age_days / half_life_days),
                title=newest.title,
                company=newest.company,
                reason=newest.reason,
                at=newest.at,
                features=next((v.features for v in sorted(group, key=lambda v: -v.at) if v.features), []),
            )
        )
    weighted.sort(key=lambda w: w.at, reverse=True)
    return weighted

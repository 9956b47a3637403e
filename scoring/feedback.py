"""Votes on picks, as the scorers see them."""

from __future__ import annotations

from dataclasses import dataclass


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

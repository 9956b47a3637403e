"""Cheap filters from the profile, applied before any scoring."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from scrapers.model import Posting


@dataclass(slots=True)
class FilterRules:
    avoid_keywords: list[str] = field(default_factory=list)
    avoid_companies: list[str] = field(default_factory=list)
    seniority: list[str] = field(default_factory=list)
    max_age_days: int | None = None
    locations: list[str] = field(default_factory=list)
    remote_ok: bool = True


def apply_filters(
    postings: list[Posting], rules: FilterRules, now: datetime | None = None
) -> tuple[list[Posting], dict[str, int]]:
    kept: list[Posting] = []
    dropped: dict[str, int] = {}
    blocked = {c.lower() for c in rules.avoid_companies}
    for posting in postings:
        text = f"{posting.title} {posting.description}".lower()
        reason = None
        if posting.company.lower() in blocked:
            reason = "blocked company"
        elif any(k.lower() in text for k in rules.avoid_keywords):
            reason = "avoided keyword"
        elif rules.max_age_days is not None and (posting.age_days(now) or 0) > rules.max_age_days:
            reason = "too old"
        if reason:
            dropped[reason] = dropped.get(reason, 0) + 1
        else:
            kept.append(posting)
    return kept, dropped

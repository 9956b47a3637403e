"""Choosing the day's picks from scored postings: pure decisions, no I/O."""

from __future__ import annotations

from scoring.model import ScoredPosting


def choose_picks(scored: list[ScoredPosting], *, size: int, per_company: int, min_score: int) -> list[ScoredPosting]:
    """The best `size` postings at or above `min_score`, at most `per_company` from one employer,
    never one a hard rule dropped.

    Ties keep the order given (the scorer's), so the choice is stable from run to run.
    """
    ranked = sorted(scored, key=lambda s: s.score, reverse=True)
    per: dict[str, int] = {}
    picks: list[ScoredPosting] = []
    for item in ranked:
        if item.dropped:
            continue  # a hard rule (avoided company or keyword) says never, whatever the score
        if item.score < min_score:
            break
        company = item.posting.company.casefold()
        if per.get(company, 0) >= per_company:
            continue
        per[company] = per.get(company, 0) + 1
        picks.append(item)
        if len(picks) == size:
            break
    return picks

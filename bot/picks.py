"""Choosing the day's picks from scored postings: pure decisions, no I/O."""

from __future__ import annotations

from scoring.model import ScoredPosting


def choose_picks(scored: list[ScoredPosting], *, size: int, per_company: int, min_score: int) -> list[ScoredPosting]:
    """The best `size` postings at or above `min_score`, never one a hard rule dropped.

    `per_company` is a preference, not a limit: the picks first take at most that many from one
    employer, then, when that leaves the digest short of `size`, fill up from the best remaining
    postings whoever posted them. Three employers holding most of the good postings still give a full
    digest. Ties keep the order given (the scorer's), so the choice is stable from run to run.

    `min_score` judges how well a posting fits the profile, before the reader's votes moved it: the
    votes order the postings that fit, and never take one out of a digest nothing better would fill
    (a disliked employer's posting comes last instead), nor bring in one the profile rules out.
    """
    # A hard rule (avoided company or keyword) says never, whatever the score.
    ranked = [
        s
        for s in sorted(scored, key=lambda s: s.score, reverse=True)
        if not s.dropped and s.score - s.taste_points >= min_score
    ]
    per: dict[str, int] = {}
    chosen: set[int] = set()
    for i, item in enumerate(ranked):
        if len(chosen) == size:
            break
        company = item.posting.company.casefold()
        if per.get(company, 0) < per_company:
            per[company] = per.get(company, 0) + 1
            chosen.add(i)
    for i in range(len(ranked)):
        if len(chosen) == size:
            break
        chosen.add(i)
    return [ranked[i] for i in sorted(chosen)]

"""Applying the profile's judgement to a score: what caps or drops a posting whatever a scorer says.

The judgement itself lives in `scoring.fit`; this is the one place a score is changed by it, for the
local scorer and the LLM alike, with the reason line saying which limit did it.
"""

from __future__ import annotations

from scoring.fit import Verdict
from scoring.model import ScoredPosting


def apply_verdict(scored: ScoredPosting, verdict: Verdict) -> ScoredPosting:
    """The scored posting with the verdict's cap or drop applied; the reason says which limit."""
    cap = verdict.cap
    if verdict.drop:
        scored.score = 0
        scored.dropped = True
        scored.capped = verdict.why
        scored.reason = f"Dropped: {verdict.why}."
    elif cap is not None and scored.score > cap:
        scored.score = cap
        scored.capped = verdict.why
        scored.reason = f"Capped at {cap}: {verdict.why}. {scored.reason}".strip()
    return scored

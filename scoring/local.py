"""A deterministic scorer from the profile alone: no LLM, no network."""

from __future__ import annotations

import re

from scoring.model import ScoredPosting
from scoring.profile import Profile
from scrapers.model import Posting

_WORD = re.compile(r"[a-z0-9+#]+")


def _words(text: str) -> set[str]:
    return set(_WORD.findall(text.lower()))


def score_local(posting: Posting, profile: Profile) -> ScoredPosting:
    title = posting.title.lower()
    text = f"{posting.title} {posting.description}".lower()
    matched_roles = [r for r in profile.roles if _words(r) <= _words(title)]
    matched_skills = [s for s in profile.skills if s.lower() in text]
    score = 30 + 30 * bool(matched_roles) + min(30, 5 * len(matched_skills))
    reasons = []
    if matched_roles:
        reasons.append(f"role: {matched_roles[0]}")
    if matched_skills:
        reasons.append("skills: " + ", ".join(matched_skills[:4]))
    return ScoredPosting(
        posting=posting,
        score=min(score, 100),
        reason="; ".join(reasons) or "little overlap with the profile",
        summary=posting.description[:200],
        scorer="local",
    )

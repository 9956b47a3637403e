"""Hard rules: what caps or drops a posting whatever a scorer says.

An LLM can be talked into anything and a keyword scorer can be fooled by a keyword; these rules are
the person's own limits (level, avoided companies and words, places, visa needs) and are checked in
code on every posting, after scoring.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from scoring.model import ScoredPosting
from scoring.places import location_fit
from scoring.profile import Profile
from scrapers.model import Posting

# Caps, chosen against the rubric: below 50 reads as "wrong field or level".
CAP_ONE_LEVEL_OFF = 45
CAP_WRONG_LEVEL = 25
CAP_ELSEWHERE = 35
CAP_NO_SPONSORSHIP = 20

# Levels on one ladder, so "senior for an intern" is further off than "new grad for an intern".
_LEVELS = {
    "intern": 0,
    "internship": 0,
    "co-op": 0,
    "student": 0,
    "entry": 1,
    "junior": 1,
    "new grad": 1,
    "newgrad": 1,
    "graduate": 1,
    "associate": 1,
    "mid": 2,
    "intermediate": 2,
    "senior": 3,
    "staff": 3,
    "principal": 3,
    "lead": 3,
    "manager": 4,
    "director": 4,
    "head": 4,
    "vp": 4,
    "executive": 4,
}
_TITLE_LEVELS: list[tuple[re.Pattern[str], set[int]]] = [
    (re.compile(p, re.IGNORECASE), levels)
    for p, levels in [
        (r"\bintern(ship)?s?\b|\bco-?op\b|\bapprentice", {0}),
        (r"\bnew[- ]?grad|\bentry[- ]level\b|\bjunior\b|\bjr\.?\s|\bgraduate\b|\bearly career\b", {1}),
        (r"\bsenior\b|\bsr\.?\s|\bstaff\b|\bprincipal\b|\blead\b|\b(iii|iv)\b", {3}),
        (r"\bmanager\b|\bdirector\b|\bhead of\b|\bvp\b|\bvice president\b|\bchief\b", {4}),
    ]
]
# LinkedIn's "Seniority level" values.
_FIELD_LEVELS = {
    "internship": {0},
    "entry level": {1},
    "associate": {1, 2},
    "mid-senior level": {2, 3},
    "director": {4},
    "executive": {4},
}

_NO_SPONSORSHIP = re.compile(
    r"(not|unable to|cannot|can ?not|won'?t|will not|does not|do not) (currently )?(be able to )?"
    r"(offer |provide )?(visa )?sponsor"
    r"|no (visa )?sponsorship|without (visa )?sponsorship"
    r"|must be a u\.?s\.? citizen|u\.?s\.? citizenship (is )?required|requires? u\.?s\.? citizenship"
    r"|security clearance (is )?required|active (secret|top secret|ts/sci) clearance",
    re.IGNORECASE,
)


@dataclass(slots=True, frozen=True)
class Verdict:
    """What the rules say about one posting: a cap, a drop, and why (for the reason line)."""

    cap: int | None = None
    drop: bool = False
    why: str = ""


def wanted_levels(profile: Profile) -> set[int]:
    levels: set[int] = set()
    for name in profile.seniority:
        for word, level in _LEVELS.items():
            if word in name.lower():
                levels.add(level)
    return levels


def posting_levels(posting: Posting) -> set[int]:
    """The levels a posting is for, from its title first (most reliable), then the site's field."""
    for pattern, levels in _TITLE_LEVELS:
        if pattern.search(posting.title):
            return levels
    if posting.employment_type and "intern" in posting.employment_type.lower():
        return {0}
    if posting.seniority:
        return _FIELD_LEVELS.get(posting.seniority.strip().lower(), set())
    return set()


def level_gap(posting: Posting, profile: Profile) -> int | None:
    """How many rungs the posting is from what the profile wants; None when either is unknown."""
    wanted, offered = wanted_levels(profile), posting_levels(posting)
    if not wanted or not offered:
        return None
    return min(abs(w - o) for w in wanted for o in offered)


def _phrase_in(phrase: str, text: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(phrase.lower())}(?!\w)", text) is not None


def _same_company(avoided: str, company: str) -> bool:
    a, c = avoided.strip().lower(), company.strip().lower()
    return bool(a) and (a == c or _phrase_in(a, c))


def judge(posting: Posting, profile: Profile) -> Verdict:
    """The hard rules for one posting (pure)."""
    for avoided in profile.avoid_companies:
        if _same_company(avoided, posting.company) or (posting.via and _same_company(avoided, posting.via)):
            return Verdict(cap=0, drop=True, why=f"avoided company: {avoided}")
    text = f"{posting.title}\n{posting.description}".lower()
    for word in profile.avoid_keywords:
        if word.strip() and _phrase_in(word.strip(), text):
            return Verdict(cap=0, drop=True, why=f"avoided keyword: {word.strip()}")

    caps: list[tuple[int, str]] = []
    gap = level_gap(posting, profile)
    if gap is not None and gap >= 2:
        caps.append((CAP_WRONG_LEVEL, f"wrong level for {', '.join(profile.seniority)}"))
    elif gap == 1:
        caps.append((CAP_ONE_LEVEL_OFF, f"level differs from {', '.join(profile.seniority)}"))
    fit = location_fit(posting, profile)
    if fit.kind == "elsewhere":
        caps.append((CAP_ELSEWHERE, f"outside your locations ({fit.label})"))
    if profile.needs_visa_sponsorship:
        said = f"{posting.sponsorship or ''}\n{posting.description}"
        if _NO_SPONSORSHIP.search(said):
            caps.append((CAP_NO_SPONSORSHIP, "no visa sponsorship"))
    if not caps:
        return Verdict()
    return Verdict(cap=min(c for c, _ in caps), why="; ".join(w for _, w in caps))


def apply_verdict(scored: ScoredPosting, verdict: Verdict) -> ScoredPosting:
    """The scored posting with the rules' cap or drop applied; the reason says which rule."""
    if verdict.drop:
        scored.score = 0
        scored.dropped = True
        scored.capped = verdict.why
        scored.reason = f"Dropped: {verdict.why}."
    elif verdict.cap is not None and scored.score > verdict.cap:
        scored.score = verdict.cap
        scored.capped = verdict.why
        scored.reason = f"Capped at {verdict.cap}: {verdict.why}. {scored.reason}".strip()
    return scored

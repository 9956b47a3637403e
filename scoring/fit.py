"""Profile fit: the person's own limits, judged in code on every posting whatever a scorer says.

An LLM can be talked into anything and a keyword scorer fooled by a keyword; these are the limits a
person set (avoided employers and words, maximum posting age, level, places, visa needs). Each one
either drops a posting (it is never shown) or caps its score. The judgement is pure and cheap, so
the same function decides after scoring (`scoring.rules.apply_verdict`) and before it
(`scoring.prefilter`, which drops what could never be shown).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from scoring.location_fit import location_fit
from scoring.profile import Profile
from scoring.seniority import level_gap
from scrapers.employers import same_employer
from scrapers.model import Posting

# Caps, chosen against the rubric: below 50 reads as "wrong field or level".
CAP_ONE_LEVEL_OFF = 45
CAP_WRONG_LEVEL = 25
CAP_ELSEWHERE = 35
CAP_NO_SPONSORSHIP = 20

_NO_SPONSORSHIP = re.compile(
    r"(not|unable to|cannot|can ?not|won'?t|will not|does not|do not) (currently )?(be able to )?"
    r"(offer |provide )?(visa )?sponsor"
    r"|no (visa )?sponsorship|without (visa )?sponsorship"
    r"|must be a u\.?s\.? citizen|u\.?s\.? citizenship (is )?required|requires? u\.?s\.? citizenship"
    r"|security clearance (is )?required|active (secret|top secret|ts/sci) clearance",
    re.IGNORECASE,
)


@dataclass(slots=True, frozen=True)
class Limit:
    """One of the person's limits a posting runs into."""

    rule: str  # "company", "keyword", "too old", "seniority", "location" or "visa"
    cap: int  # the highest score it allows; 0 for a drop
    why: str  # for the reason line
    drop: bool = False


@dataclass(slots=True, frozen=True)
class Verdict:
    """Every limit a posting runs into; a drop ends the judgement, so it is then the only one."""

    limits: tuple[Limit, ...] = ()

    @property
    def drop(self) -> bool:
        return any(limit.drop for limit in self.limits)

    @property
    def cap(self) -> int | None:
        return min((limit.cap for limit in self.limits), default=None)

    @property
    def why(self) -> str:
        return "; ".join(limit.why for limit in self.limits)

    def below(self, score: int) -> Limit | None:
        """The first limit that keeps every score of this posting under `score`, if any."""
        return next((limit for limit in self.limits if limit.drop or limit.cap < score), None)


def _phrase_in(phrase: str, text: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(phrase.lower())}(?!\w)", text) is not None


def _drop(posting: Posting, profile: Profile, now: datetime | None) -> Limit | None:
    for avoided in profile.avoid_companies:
        if same_employer(avoided, posting.company) or (posting.via and same_employer(avoided, posting.via)):
            return Limit("company", 0, f"avoided company: {avoided}", drop=True)
    text = f"{posting.title}\n{posting.description}".lower()
    for word in profile.avoid_keywords:
        if word.strip() and _phrase_in(word.strip(), text):
            return Limit("keyword", 0, f"avoided keyword: {word.strip()}", drop=True)
    age = posting.age_days(now)
    if age is not None and age > profile.max_age_days:
        return Limit("too old", 0, f"posted {int(age)} days ago, over your {profile.max_age_days}", drop=True)
    return None


def judge(posting: Posting, profile: Profile, now: datetime | None = None) -> Verdict:
    """The person's limits for one posting (pure; `now` only dates the posting's age)."""
    if dropped := _drop(posting, profile, now):
        return Verdict((dropped,))
    limits: list[Limit] = []
    gap = level_gap(posting, profile)
    if gap is not None and gap >= 2:
        limits.append(Limit("seniority", CAP_WRONG_LEVEL, f"wrong level for {', '.join(profile.seniority)}"))
    elif gap == 1:
        limits.append(Limit("seniority", CAP_ONE_LEVEL_OFF, f"level differs from {', '.join(profile.seniority)}"))
    fit = location_fit(posting, profile)
    if fit.kind == "elsewhere":
        limits.append(Limit("location", CAP_ELSEWHERE, f"outside your locations ({fit.label})"))
    if profile.needs_visa_sponsorship and _NO_SPONSORSHIP.search(f"{posting.sponsorship or ''}\n{posting.description}"):
        limits.append(Limit("visa", CAP_NO_SPONSORSHIP, "no visa sponsorship"))
    return Verdict(tuple(limits))

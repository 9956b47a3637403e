"""One seniority ladder: the rungs, the title words that name each one, LinkedIn's "Seniority level"
values and the names a profile may write.

Rungs are numbered so distance means something: a senior role is further from an internship than a
new-grad role is. A posting or profile that names no rung has no level, and no level is never held
against a posting.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from scoring.profile import Profile
from scrapers.model import Posting


@dataclass(frozen=True, slots=True)
class Rung:
    level: int
    name: str
    profile_words: tuple[str, ...]  # what a profile may write for this rung


INTERNSHIP = Rung(0, "internship", ("intern", "internship", "co-op", "coop", "student", "apprentice", "trainee"))
ENTRY = Rung(1, "entry", ("entry", "junior", "new grad", "newgrad", "graduate", "associate", "early career"))
MID = Rung(2, "mid", ("mid", "intermediate"))
SENIOR = Rung(3, "senior", ("senior", "staff", "principal", "lead"))
DIRECTOR = Rung(4, "director", ("manager", "director", "head", "vp", "vice president", "executive"))
LADDER = (INTERNSHIP, ENTRY, MID, SENIOR, DIRECTOR)

# Title words, checked in this order: the first that matches decides ("Senior Director" is a director,
# "Product Manager Intern" an intern). "Manager" spans senior and director: an engineering manager
# and a head of department are both far from an internship, neither far from a senior role.
_TITLE_WORDS: tuple[tuple[re.Pattern[str], frozenset[int]], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), frozenset(levels))
    for pattern, levels in (
        (r"\bintern(?:ship)?s?\b|\bco-?op\b|\bapprentice|\btrainee\b|\bworking student\b", {0}),
        (r"\bdirector\b|\bhead of\b|\bvp\b|\bvice president\b|\bchief\b|\bcto\b|\bceo\b", {4}),
        (r"\bsenior\b|\bsr\.?(?:\s|$)|\bstaff\b|\bprincipal\b|\blead\b|\bdistinguished\b|\b(?:iii|iv)\b", {3}),
        (r"\bmanager\b", {3, 4}),
        (r"\bnew[- ]?grad|\bentry[- ]level\b|\bjunior\b|\bjr\.?(?:\s|$)|\bgraduate\b|\bearly career\b", {1}),
    )
)

# LinkedIn's "Seniority level" values (the job page's criteria list), by the rungs they span.
_LINKEDIN_LEVELS = {
    "internship": frozenset({0}),
    "entry level": frozenset({1}),
    "associate": frozenset({1, 2}),
    "mid-senior level": frozenset({2, 3}),
    "director": frozenset({4}),
    "executive": frozenset({4}),
}


def _has_word(word: str, text: str) -> bool:
    return re.search(rf"(?<![a-z]){re.escape(word)}(?![a-z])", text) is not None


def wanted_levels(profile: Profile) -> frozenset[int]:
    """The rungs a profile asks for ('internship', 'new grad', 'mid-senior'...); empty when none is named."""
    levels: set[int] = set()
    for name in profile.seniority:
        text = name.strip().lower()
        levels.update(rung.level for rung in LADDER if any(_has_word(w, text) for w in rung.profile_words))
    return frozenset(levels)


def posting_levels(posting: Posting) -> frozenset[int]:
    """The rungs a posting is for: its title first (most reliable), then the employment type, then
    the site's seniority field; empty when none says."""
    for pattern, levels in _TITLE_WORDS:
        if pattern.search(posting.title):
            return levels
    if posting.employment_type and "intern" in posting.employment_type.lower():
        return frozenset({0})
    if posting.seniority:
        return _LINKEDIN_LEVELS.get(posting.seniority.strip().lower(), frozenset())
    return frozenset()


def level_gap(posting: Posting, profile: Profile) -> int | None:
    """How many rungs the posting is from what the profile wants; None when either is unknown."""
    wanted, offered = wanted_levels(profile), posting_levels(posting)
    if not wanted or not offered:
        return None
    return min(abs(w - o) for w in wanted for o in offered)

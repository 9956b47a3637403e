"""The cheap checks before scoring: what the profile rules out never costs an LLM call.

Each rule drops only what it can tell for sure: a posting with no date is not "too old", a posting
with no location is not "elsewhere", a title with no level word is not "too senior".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from scrapers.dedupe import companies_match
from scrapers.locations import US_STATES, country_name, split_location
from scrapers.model import Posting

# Level words in titles and in LinkedIn's "Seniority level", to the levels a profile names.
_LEVEL_WORDS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"\b(?:intern|internship|co-?op|apprentice(?:ship)?|trainee|working student)\b", re.I), "internship"),
    (re.compile(r"\b(?:director|head of|vice president|vp|chief|cto|ceo|executive)\b", re.I), "director"),
    (re.compile(r"\b(?:senior|sr\.?|staff|principal|lead|distinguished|manager)\b|mid-senior", re.I), "senior"),
    (re.compile(r"\b(?:junior|jr\.?|entry[- ]level|graduate|new grad|early career|associate)\b", re.I), "entry"),
]
# What a profile may write for each level.
_LEVEL_NAMES = {
    "internship": "internship",
    "intern": "internship",
    "co-op": "internship",
    "entry": "entry",
    "entry level": "entry",
    "junior": "entry",
    "graduate": "entry",
    "new grad": "entry",
    "associate": "entry",
    "mid": "mid",
    "mid-level": "mid",
    "senior": "senior",
    "mid-senior": "senior",
    "staff": "senior",
    "lead": "senior",
    "principal": "senior",
    "director": "director",
    "executive": "director",
}


@dataclass
class FilterRules:
    avoid_keywords: list[str] = field(default_factory=list)
    avoid_companies: list[str] = field(default_factory=list)
    seniority: list[str] = field(default_factory=list)  # levels wanted; empty = any
    max_age_days: int | None = None
    locations: list[str] = field(default_factory=list)  # acceptable places; empty = anywhere
    remote_ok: bool = True


def posting_level(posting: Posting) -> str | None:
    """The level a posting states: title words first, then the site's own seniority label."""
    for text in (posting.title, posting.seniority or "", posting.employment_type or ""):
        for pattern, level in _LEVEL_WORDS:
            if pattern.search(text):
                return level
    return None


def wanted_levels(names: list[str]) -> set[str]:
    return {_LEVEL_NAMES.get(n.strip().lower(), n.strip().lower()) for n in names if n.strip()}


def _words(text: str) -> str:
    return f" {' '.join(re.findall(r'[a-z0-9+#]+', text.lower()))} "


def _keyword_hit(posting: Posting, keywords: list[str]) -> bool:
    text = _words(f"{posting.title} {posting.description}")
    return any(_words(k).strip() and _words(k) in text for k in keywords)


def _place_matches(location: str, wanted: str) -> bool:
    """Does one place fall in a wanted place ("United States", "Seattle, WA", "California")?"""
    have, want = split_location(location), split_location(wanted)
    text = _words(location)
    if want.city:
        if _words(want.city) not in text:
            return False
        return not (want.country and have.country and want.country != have.country)
    if want.region:
        code = next((c for c, name in US_STATES.items() if name.lower() == want.region.lower()), None)
        return _words(want.region) in text or (code is not None and have.region == code)
    if want.country:
        return have.country == want.country or _words(want.country) in text
    return _words(wanted) in text


def _location_ok(posting: Posting, rules: FilterRules) -> bool:
    if not rules.locations or not posting.location:
        return True
    if rules.remote_ok and (posting.remote or "remote" in posting.location.lower()):
        # A remote job tied to a country outside every wanted country is still out.
        wanted_countries = {country_name(split_location(w).country) for w in rules.locations} - {None}
        return not (posting.country and wanted_countries and posting.country not in wanted_countries)
    parts = [p for p in re.split(r"\s*;\s*", posting.location) if p]
    return any(_place_matches(part, wanted) for part in parts for wanted in rules.locations)


def apply_filters(
    postings: list[Posting], rules: FilterRules, now: datetime | None = None
) -> tuple[list[Posting], dict[str, int]]:
    """The postings the profile allows, and how many each rule dropped (first failing rule counts)."""
    levels = wanted_levels(rules.seniority)
    kept: list[Posting] = []
    dropped: dict[str, int] = {}
    for posting in postings:
        reason = _reason(posting, rules, levels, now)
        if reason is None:
            kept.append(posting)
        else:
            dropped[reason] = dropped.get(reason, 0) + 1
    return kept, dropped


def _reason(posting: Posting, rules: FilterRules, levels: set[str], now: datetime | None) -> str | None:
    if rules.avoid_companies and any(
        companies_match(posting.company, c) or (posting.via and companies_match(posting.via, c))
        for c in rules.avoid_companies
    ):
        return "company"
    if rules.avoid_keywords and _keyword_hit(posting, rules.avoid_keywords):
        return "keyword"
    if levels:
        level = posting_level(posting)
        if level is not None and level not in levels:
            return "seniority"
    if rules.max_age_days is not None:
        age = posting.age_days(now)
        if age is not None and age > rules.max_age_days:
            return "too old"
    if not _location_ok(posting, rules):
        return "location"
    return None

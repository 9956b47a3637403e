"""One job, one posting: merge the copies a run found under different keys and sources.

The same job turns up as the employer's own board posting (Greenhouse, Lever, Ashby), its LinkedIn
and Indeed copies, the Simplify list's entry and aggregator reposts (Lensa, Jobs via Dice, myGwork,
...) that name the real employer only in their text. Copies are matched on the same key, the same
job link, or a fuzzy match of normalised company + title + compatible location; the merged posting
keeps every link and key and prefers the employer's own source. Near misses stay apart on purpose:
the same title in another city, or for another team ("Intern, Payments" vs "Intern, Billing"), is
another job.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

from rapidfuzz import fuzz

from scrapers import registry
from scrapers.employers import aggregator_of, company_key, same_employer
from scrapers.model import Posting
from scrapers.normalize import canonical_url
from scrapers.places import parse_places

# Lower rank wins (each source's own rank: `scrapers.registry.rank`); a repost by an aggregator loses to all.
AGGREGATOR_RANK = 9

# Chosen on the near-miss tests: a typo or reordering merges, another team does not.
TITLE_MATCH = 95

_WORD = re.compile(r"[a-z0-9+#]+")
_ABBREVIATIONS = {
    "sr": "senior",
    "jr": "junior",
    "swe": "software engineer",
    "sde": "software engineer",
    "eng": "engineer",
    "engr": "engineer",
    "ml": "machine learning",
    "ai": "ai",
    "internship": "intern",
    "co-op": "coop",
    "mgr": "manager",
    "dev": "developer",
}
_NUMBERS = {"i", "ii", "iii", "iv", "v", "1", "2", "3", "4", "5"}
_QUALIFIERS = {"remote", "hybrid", "onsite", "on", "site", "us", "usa"}


def title_words(title: str, city: str | None = None) -> list[str]:
    """Title words with abbreviations spelt out and location/workplace qualifiers dropped."""
    text = title.lower()
    if city:
        text = text.replace(city.lower(), " ")
    words: list[str] = []
    for word in _WORD.findall(text.replace("co-op", "coop")):
        words.extend(_ABBREVIATIONS.get(word, word).split())
    return [w for w in words if w not in _QUALIFIERS]


def titles_match(a: Posting, b: Posting) -> bool:
    wa, wb = title_words(a.title, a.city), title_words(b.title, b.city)
    if wa == wb:
        return True
    # "Engineer II" and "Engineer III" differ by one letter but are different jobs.
    if {w for w in wa if w in _NUMBERS} != {w for w in wb if w in _NUMBERS}:
        return False
    return fuzz.token_sort_ratio(" ".join(wa), " ".join(wb)) >= TITLE_MATCH


def _places(posting: Posting) -> list[tuple[str, str | None]]:
    return [(place.city.lower(), place.country) for place in parse_places(posting.location) if place.city]


def locations_compatible(a: Posting, b: Posting) -> bool:
    """Same city (either may list several), or one side gives no city at all (remote, country only)."""
    pa, pb = _places(a), _places(b)
    if not pa or not pb:
        return not (a.country and b.country and a.country != b.country)
    for city_a, country_a in pa:
        for city_b, country_b in pb:
            if country_a and country_b and country_a != country_b:
                continue
            if city_a == city_b or city_a.startswith(city_b) or city_b.startswith(city_a):
                return True
    return False


def same_job(a: Posting, b: Posting) -> bool:
    return same_employer(a.company, b.company) and titles_match(a, b) and locations_compatible(a, b)


def link_identity(url: str) -> str:
    """A job link without tracking or the '/apply' step, so the Simplify entry meets the Lever page."""
    url = canonical_url(url).rstrip("/")
    for suffix in ("/apply", "/application"):
        url = url.removesuffix(suffix)
    return url.removeprefix("https://").removeprefix("http://")


class _Groups:
    """Union-find over posting positions."""

    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, i: int, j: int) -> None:
        ri, rj = self.find(i), self.find(j)
        if ri != rj:
            self.parent[max(ri, rj)] = min(ri, rj)


def _join_equal(groups: _Groups, keyed: Iterable[tuple[str, int]]) -> None:
    first: dict[str, int] = {}
    for key, i in keyed:
        if not key:
            continue
        if key in first:
            groups.join(first[key], i)
        else:
            first[key] = i


def merge_duplicates(postings: list[Posting]) -> list[Posting]:
    """One posting per job, in the order the jobs were first seen; see the module docstring."""
    groups = _Groups(len(postings))
    _join_equal(groups, ((p.key, i) for i, p in enumerate(postings)))
    _join_equal(groups, ((link_identity(link), i) for i, p in enumerate(postings) for link in p.links))

    aggregator = {i: aggregator_of(p.company) for i, p in enumerate(postings)}
    by_first_word: dict[str, list[int]] = defaultdict(list)
    for i, p in enumerate(postings):
        key = company_key(p.company)
        if key and not aggregator[i]:
            by_first_word[key.split()[0]].append(i)

    for members in by_first_word.values():
        for x, i in enumerate(members):
            for j in members[x + 1 :]:
                if groups.find(i) != groups.find(j) and same_job(postings[i], postings[j]):
                    groups.join(i, j)

    for i, label in aggregator.items():
        if label:
            _join_repost(groups, postings, i, by_first_word)

    merged: dict[int, list[int]] = defaultdict(list)
    for i in range(len(postings)):
        merged[groups.find(i)].append(i)
    result = []
    for root in sorted(merged):
        group = [postings[i] for i in merged[root]]
        labels = [aggregator[i] for i in merged[root] if aggregator[i]]
        result.append(_merge(group, labels))
    return result


def _join_repost(groups: _Groups, postings: list[Posting], i: int, by_first_word: dict[str, list[int]]) -> None:
    """Join an aggregator's repost to the employer's posting its text names."""
    repost = postings[i]
    text = f" {' '.join(_WORD.findall(f'{repost.title} {repost.description}'.lower()))} "
    for first_word, members in by_first_word.items():
        if f" {first_word} " not in text:
            continue
        for j in members:
            employer = postings[j]
            if f" {company_key(employer.company)} " not in text:
                continue
            if titles_match(repost, employer) and locations_compatible(repost, employer):
                groups.join(i, j)
                return


_FILLABLE = (
    "description",
    "location",
    "posted_at",
    "seniority",
    "employment_type",
    "remote",
    "salary",
    "job_function",
    "industries",
    "sponsorship",
    "city",
    "region",
    "country",
)


def _merge(members: list[Posting], labels: list[str | None]) -> Posting:
    if len(members) == 1:
        only = members[0]
        if labels and not only.via:
            only.via = labels[0]
        return only
    ranked = sorted(
        members,
        key=lambda p: (
            registry.rank(p.source) if not aggregator_of(p.company) else AGGREGATOR_RANK,
            -len(p.description),
        ),
    )
    primary, others = ranked[0], ranked[1:]
    for other in others:
        for name in _FILLABLE:
            if getattr(primary, name) in (None, "") and getattr(other, name) not in (None, ""):
                setattr(primary, name, getattr(other, name))
        if other.posted_at and primary.posted_at and other.posted_at < primary.posted_at:
            # The earliest sighting is when the job really went up; reposts look fresher than they are.
            primary.posted_at = other.posted_at
    for other in others:
        for link in other.links:
            if link not in primary.links:
                primary.links.append(link)
        for key in other.all_keys:
            if key != primary.key and key not in primary.aliases:
                primary.aliases.append(key)
    names = list(dict.fromkeys(label for label in labels if label))
    if names:
        primary.via = ", ".join(names)
    return primary

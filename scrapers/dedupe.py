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
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from scrapers import registry
from scrapers.employers import aggregator_of, company_key, same_employer, same_employer_key
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
    return _titles_alike(tuple(title_words(a.title, a.city)), tuple(title_words(b.title, b.city)))


def _titles_alike(wa: tuple[str, ...], wb: tuple[str, ...]) -> bool:
    if wa == wb:
        return True
    # "Engineer II" and "Engineer III" differ by one letter but are different jobs.
    if _numbers(wa) != _numbers(wb):
        return False
    return fuzz.token_sort_ratio(" ".join(wa), " ".join(wb)) >= TITLE_MATCH


def _numbers(words: tuple[str, ...]) -> frozenset[str]:
    return frozenset(w for w in words if w in _NUMBERS)


Places = tuple[tuple[str, str | None], ...]


def _places(posting: Posting) -> Places:
    return tuple((place.city.lower(), place.country) for place in parse_places(posting.location) if place.city)


def locations_compatible(a: Posting, b: Posting) -> bool:
    """Same city (either may list several), or one side gives no city at all (remote, country only)."""
    return _places_alike(_places(a), a.country, _places(b), b.country)


def _places_alike(pa: Places, country_a: str | None, pb: Places, country_b: str | None) -> bool:
    if not pa or not pb:
        return not (country_a and country_b and country_a != country_b)
    for city_a, in_a in pa:
        for city_b, in_b in pb:
            if in_a and in_b and in_a != in_b:
                continue
            if city_a == city_b or city_a.startswith(city_b) or city_b.startswith(city_a):
                return True
    return False


def same_job(a: Posting, b: Posting) -> bool:
    return same_employer(a.company, b.company) and titles_match(a, b) and locations_compatible(a, b)


@dataclass(frozen=True, slots=True)
class _Traits:
    """All `same_job` looks at in a posting, worked out once: two postings with the same traits are
    the same job, and whether two postings are depends on their traits alone."""

    employer: str  # company_key
    title: tuple[str, ...]  # title_words
    places: Places
    country: str | None

    @classmethod
    def of(cls, posting: Posting) -> _Traits:
        words = tuple(title_words(posting.title, posting.city))
        return cls(company_key(posting.company), words, _places(posting), posting.country)

    def same_place(self, other: _Traits) -> bool:
        return _places_alike(self.places, self.country, other.places, other.country)


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
    traits = [_Traits.of(p) for p in postings]
    by_first_word: dict[str, list[int]] = defaultdict(list)
    for i, trait in enumerate(traits):
        if trait.employer and not aggregator[i]:
            by_first_word[trait.employer.split()[0]].append(i)

    employers = _Employers()
    for members in by_first_word.values():
        _join_same_jobs(groups, members, traits, employers)

    for i, label in aggregator.items():
        if label:
            _join_repost(groups, postings, i, by_first_word, traits)

    merged: dict[int, list[int]] = defaultdict(list)
    for i in range(len(postings)):
        merged[groups.find(i)].append(i)
    result = []
    for root in sorted(merged):
        group = [postings[i] for i in merged[root]]
        labels = [aggregator[i] for i in merged[root] if aggregator[i]]
        result.append(_merge(group, labels))
    return result


class _Employers:
    """`same_employer` for normalised names, each pair of names asked once."""

    def __init__(self) -> None:
        self._known: dict[tuple[str, str], bool] = {}

    def same(self, a: str, b: str) -> bool:
        pair = (a, b) if a < b else (b, a)
        if pair not in self._known:
            self._known[pair] = same_employer_key(a, b)
        return self._known[pair]


def _join_same_jobs(groups: _Groups, members: list[int], traits: list[_Traits], employers: _Employers) -> None:
    """Join every two members (postings whose employers start with one word) that are the same job.

    The same joins as comparing every pair, without comparing every pair, so one employer holding a
    tenth of a day's postings costs no more than the others: postings with the same traits are joined
    at once and one stands for them all; titles are compared once per two distinct titles (in
    rapidfuzz's own loop); and within two matching titles, only postings that could share a place
    (no city, a city starting with the same two letters, or one too short to tell) have their places
    and employers compared. tests/test_scrapers_dedupe.py checks the result against every pair compared.
    """
    standing: dict[_Traits, int] = {}
    for i in members:
        if traits[i] in standing:
            groups.join(standing[traits[i]], i)
        else:
            standing[traits[i]] = i
    by_title: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for trait, i in standing.items():
        by_title[trait.title].append(i)
    titles = list(by_title)
    texts = [" ".join(words) for words in titles]
    for a, words in enumerate(titles):
        _join_placed(groups, by_title[words], by_title[words], traits, employers)
        for _, _, b in process.extract_iter(
            texts[a], texts, scorer=fuzz.token_sort_ratio, processor=None, score_cutoff=TITLE_MATCH
        ):
            if b > a and _numbers(words) == _numbers(titles[b]):
                _join_placed(groups, by_title[words], by_title[titles[b]], traits, employers)


# A city starts with this many letters in the index of places: a city that is a prefix of another
# (the test of `locations_compatible`) starts with the same ones.
_CITY_PREFIX = 2


def _join_placed(
    groups: _Groups, left: list[int], right: list[int], traits: list[_Traits], employers: _Employers
) -> None:
    """Join each posting of `left` to each of `right` (each other pair once, when they are one list)
    that has a compatible place and employer."""
    # In one list, each pair once: a posting meets only those after it.
    after = {j: x for x, j in enumerate(right)} if left is right else None
    anywhere: list[int] = []  # no city, or one too short to index: compared with every posting
    by_prefix: dict[str, list[int]] = defaultdict(list)
    for j in right:
        cities = [city for city, _ in traits[j].places]
        if not cities or any(len(city) < _CITY_PREFIX for city in cities):
            anywhere.append(j)
        else:
            for prefix in {city[:_CITY_PREFIX] for city in cities}:
                by_prefix[prefix].append(j)
    for x, i in enumerate(left):
        mine = traits[i]
        if not mine.places or any(len(city) < _CITY_PREFIX for city, _ in mine.places):
            candidates: Iterable[int] = right
        else:
            candidates = {j for city, _ in mine.places for j in by_prefix.get(city[:_CITY_PREFIX], ())}
            candidates.update(anywhere)
        for j in candidates:
            if after is not None and after[j] <= x:
                continue
            if (
                groups.find(i) != groups.find(j)
                and mine.same_place(traits[j])
                and employers.same(mine.employer, traits[j].employer)
            ):
                groups.join(i, j)


def _join_repost(
    groups: _Groups, postings: list[Posting], i: int, by_first_word: dict[str, list[int]], traits: list[_Traits]
) -> None:
    """Join an aggregator's repost to the employer's posting its text names (the first that fits)."""
    repost = postings[i]
    mine = traits[i]
    text = f" {' '.join(_WORD.findall(f'{repost.title} {repost.description}'.lower()))} "
    # Many of an employer's postings share a title or a place: each is compared once.
    titles: dict[tuple[str, ...], bool] = {}
    places: dict[tuple[Places, str | None], bool] = {}
    for first_word, members in by_first_word.items():
        if f" {first_word} " not in text:
            continue
        for j in members:
            theirs = traits[j]
            if f" {theirs.employer} " not in text:
                continue
            if theirs.title not in titles:
                titles[theirs.title] = _titles_alike(mine.title, theirs.title)
            if not titles[theirs.title]:
                continue
            where = (theirs.places, theirs.country)
            if where not in places:
                places[where] = mine.same_place(theirs)
            if places[where]:
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

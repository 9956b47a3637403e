"""Places: a location text as the sites and people write it, read into cities, regions and countries.

One resolver for the whole project. Scrapers fill `Posting.city/region/country` with it when they
parse a page; scoring asks it whether a place a person names ("San Francisco Bay Area", "Seattle,
WA", "California", "United States", "Remote") covers where a posting is. The text is always kept as
written; the parts are what can be told from it.

Coverage has three answers, because tables are never complete: YES (the posting is certainly
there), NO (certainly not) and UNKNOWN. A place the tables cannot read ("Springfield", "Tbilisi,
Georgia" - the Georgia that is a country or the one that is a state) is UNKNOWN for every profile
place, never a mismatch, so no posting is lost because a table missed it.

Decisions:
- Metro areas (`scrapers.metros`) cover their cities. A profile naming a metro's principal city
  means the city and its core ("Seattle, WA" includes Bellevue); a profile naming any other city
  means that city.
- A posting located only by a metro ("San Francisco Bay Area") is certainly in a profile's metro,
  state and country, but never certainly in one of its cities: for a profile naming a city it is
  UNKNOWN (neither credit nor penalty), unless the city lies outside the metro.
- Two-letter codes after a city are US states, then Canadian provinces, then countries ("Austin,
  TX"; "CA" is California). In the third part they are countries ("Toronto, ON, CA"), and as a
  prefix ("CA-Toronto", "US-NY-New York") they are the country codes applicant-tracking systems use.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from enum import Enum
from functools import lru_cache
from typing import TYPE_CHECKING, TypedDict

from scrapers.countries import US, country_by_code, country_by_name, country_name, known_country, plain
from scrapers.metros import (
    Metro,
    canonical_city,
    core_cities,
    metro_named,
    metro_of_principal,
    metros_with_city,
)
from scrapers.regions import AMBIGUOUS_PROVINCES, region_by_code, region_by_name

if TYPE_CHECKING:
    from scrapers.model import Posting


@dataclass(frozen=True, slots=True)
class Place:
    city: str | None = None
    region: str | None = None  # a US state or Canadian province code when known, else as written
    country: str | None = None  # one name for a known country, else as written
    remote: bool = False
    area: str | None = None  # the metro the text named instead of a city; `city` is then its principal city

    @property
    def located(self) -> bool:
        """Names somewhere on a map finer than a country, or a country for on-site work."""
        return bool(self.city or self.region or self.area or (self.country and not self.remote))

    @property
    def remote_only(self) -> bool:
        return self.remote and not (self.city or self.region or self.area)


class Coverage(Enum):
    YES = "yes"
    NO = "no"
    UNKNOWN = "unknown"


# -- reading a location text -----------------------------------------------------------------------

_CHUNKS = re.compile(r"\s*[;|\n•·]\s*|\s+/\s+|\s+or\s+", re.IGNORECASE)
_PARENS = re.compile(r"\(([^)]*)\)")
_REMOTE_WORD = re.compile(r"\b(?:remote|anywhere|work from home|wfh|telecommute)\b", re.IGNORECASE)
# Workplace words and the connectors that follow them: "Remote in USA", "Hybrid - Seattle", "Remote: Canada".
_WORKPLACE = re.compile(
    r"\b(?:fully\s+)?(?:remote|hybrid|on-?site|in-office|anywhere|work from home|wfh|telecommute)\b"
    r"(?:\s*(?:-|–|—|:|,)?\s*(?:in|within|from|based in|across|\bthe\b)\b)*\s*[-–—:,]?\s*",
    re.IGNORECASE,
)
_DASH = re.compile(r"\s+[-–—]\s+")
# "CA-Toronto", "US-NY-New York": the country-code prefix of applicant-tracking systems.
_PREFIXED = re.compile(r"^([A-Z]{2})-(?:([A-Z]{2})-)?(\S.*)$")
_AREA = re.compile(
    r"^(?:greater\s+)?(.+?)(?:,?\s+(?:bay|metropolitan|metro|city metropolitan))?\s+(?:area|region|metroplex)$",
    re.IGNORECASE,
)
# Lists of city codes ("SF, NYC, SEA, CHI") some boards write instead of places.
_CITY_CODES = {
    "SF": "San Francisco",
    "NYC": "New York",
    "NY": "New York",
    "LA": "Los Angeles",
    "SEA": "Seattle",
    "CHI": "Chicago",
    "BOS": "Boston",
    "ATL": "Atlanta",
    "DC": "Washington",
    "DEN": "Denver",
    "PDX": "Portland",
    "SLC": "Salt Lake City",
}
# "New York" alone is the city people mean, not the state.
_CITY_NOT_STATE = {"new york": ("New York", "NY")}


@lru_cache(maxsize=4096)
def _parse(text: str) -> tuple[Place, ...]:
    places: list[Place] = []
    for chunk in _CHUNKS.split(text.strip()):
        if chunk.strip():
            places.extend(_parse_chunk(chunk))
    return tuple(places)


def parse_places(text: str | None) -> list[Place]:
    """Every place a location text names, in the order written ("Paris, France; London" is two)."""
    return list(_parse(text)) if text and text.strip() else []


def split_location(text: str | None) -> Place:
    """The first place of a location text: 'San Francisco, CA' -> San Francisco, CA, United States."""
    places = parse_places(text)
    return places[0] if places else Place()


class PlaceFields(TypedDict):
    city: str | None
    region: str | None
    country: str | None


def place_fields(text: str | None) -> PlaceFields:
    """The city/region/country keyword arguments of a `Posting` for a location text."""
    place = split_location(text)
    return {"city": place.city, "region": place.region, "country": place.country}


def _parse_chunk(chunk: str) -> list[Place]:
    pieces = [p.strip() for p in chunk.split(",") if p.strip()]
    if pieces and all(_PREFIXED.match(_PARENS.sub("", p).strip()) for p in pieces):
        return [_prefixed(p) for p in pieces]
    remote = bool(_REMOTE_WORD.search(chunk))
    hint: str | None = None
    for inside in _PARENS.findall(chunk):
        hint = hint or known_country(inside.strip())
    text = _WORKPLACE.sub(" ", _PARENS.sub(" ", chunk))
    if ":" in text:
        # "US: Select locations" - the part before the colon is the place.
        text = text.split(":")[0] or text.split(":")[-1]
    parts = [p.strip(" -–—,.") for p in _DASH.sub(", ", text).split(",")]
    parts = [p for p in parts if p]
    if not parts:
        return [Place(country=hint, remote=True)] if remote or hint else []
    if _city_codes(parts):
        return [Place(city=_CITY_CODES.get(p, p), remote=remote) for p in parts]
    place = _located(parts)
    if hint and not place.country:
        place = replace(place, country=hint)
    return [replace(place, remote=remote)]


def _city_codes(parts: list[str]) -> bool:
    if len(parts) < 3 or not all(len(p) <= 4 and p.isalpha() and p.isupper() for p in parts):
        return False
    # "NY, NY, USA" is a city, a state and a country, not three codes.
    return not (len(parts) == 3 and region_by_code(parts[1]) and country_by_code(parts[2]))


def _prefixed(part: str) -> Place:
    """'CA-Toronto' -> Toronto, Canada; 'US-Texas' -> Texas; 'US-NY-New York' -> New York, NY;
    'TX-Dallas' -> Dallas, TX; 'US-Remote' -> remote in the United States."""
    remote = bool(_REMOTE_WORD.search(part))
    m = _PREFIXED.match(_PARENS.sub("", part).strip())
    assert m is not None
    code, state, rest = m.group(1), m.group(2), _WORKPLACE.sub(" ", m.group(3)).strip(" -–—")
    country = country_by_code(code)
    if not rest:
        return Place(country=country, remote=True)
    inner = _located([rest])
    as_state = region_by_code(code)
    if as_state and (country is None or (not state and any(as_state[0] in m.regions for m in metros_with_city(rest)))):
        # A state code, not a country's: "TX-Dallas", "CA-San Francisco".
        return Place(inner.city or rest, as_state[0], as_state[1], remote)
    region = inner.region
    if state and (found := region_by_code(state)) and found[1] == country:
        region = found[0]
    if inner.country and country and inner.country != country:
        return replace(inner, remote=remote)
    return replace(inner, region=region, country=country or inner.country, remote=remote)


def _located(parts: list[str]) -> Place:
    whole = ", ".join(parts)
    if metro := metro_named(whole):
        return _metro_place(metro)
    first = parts[0]
    starts_with_country = country_by_name(first) or (len(first) == 3 and first.isupper() and country_by_code(first))
    if len(parts) >= 2 and starts_with_country and not known_country(parts[-1]):
        parts = parts[::-1]  # "United States, California, San Francisco", "CAN, ON, Mississauga"
    if len(parts) == 1:
        return _single(parts[0])
    if len(parts) == 2 and (area := _AREA.match(parts[1])):
        # "Austin, Texas Metropolitan Area": the city and the area's state.
        state = region_by_name(area.group(1))
        return Place(parts[0], state[0] if state else None, state[1] if state else None, area=whole)
    head, tail = parts[0], parts[-1]
    if len(parts) == 2:
        region, country = _region_or_country(tail)
        if (as_region := region_by_name(head)) and country and as_region[1] == country and region is None:
            return Place(region=as_region[0], country=country)  # "California, United States"
        if (head_country := country_by_name(head)) and region and country in (None, head_country):
            return Place(region=_region_in(region, head_country), country=head_country)  # "USA, CA"
        return _with_city(head, region, country)
    before = parts[-2]
    if _is_region(tail) and not _is_region(before):
        region, country = _region_or_country(tail)  # "Seattle, King County, WA"
    else:
        country = country_name(tail)  # the third part is a country, even a code: "Toronto, ON, CA"
        region = _region_in(before, known_country(country))
    return _with_city(head, region, country)


def _single(only: str) -> Place:
    if m := _AREA.match(only):
        inner = m.group(1).strip()
        if region := region_by_name(inner):
            return Place(region=region[0], country=region[1], area=only)
        if country := country_by_name(inner):
            return Place(country=country, area=only)
        return Place(city=inner, area=only)
    if plain(only) in _CITY_NOT_STATE:
        city, state = _CITY_NOT_STATE[plain(only)]
        return Place(city, state, US)
    region = region_by_name(only)
    country = country_by_name(only)
    if region and country:
        return Place(region=only)  # Georgia: the state or the country
    if region:
        return Place(region=region[0], country=region[1])
    if country:
        return Place(country=country)
    if only.isupper() and len(only) in (2, 3):
        if region := region_by_code(only):
            return Place(region=region[0], country=region[1])
        if country := country_by_code(only):
            return Place(country=country)
    return Place(city=only)


def _is_region(text: str) -> bool:
    return bool((text.isupper() and region_by_code(text)) or region_by_name(text))


def _region_or_country(text: str) -> tuple[str | None, str | None]:
    """What the part after a city is: (region, country), either possibly unknown."""
    if text.isupper() and len(text) == 2:
        if region := region_by_code(text):
            return region
        if text in AMBIGUOUS_PROVINCES:
            return text, None  # "NL": Newfoundland and Labrador or the Netherlands
        return (None, country) if (country := country_by_code(text)) else (text, None)
    region = region_by_name(text)
    country = country_by_name(text)
    if region and country:
        return text, None  # Georgia: the state or the country
    if region:
        return region
    if country:
        return None, country
    if text.isupper() and len(text) == 3 and (country := country_by_code(text)):
        return None, country
    return text, None


def _region_in(text: str, country: str | None) -> str:
    """A middle part as a region of `country`: a state code when it is one of that country's."""
    found = region_by_code(text) if text.isupper() and len(text) == 2 else region_by_name(text)
    if found and (country is None or found[1] == country):
        return found[0]
    return text


def _with_city(city: str, region: str | None, country: str | None) -> Place:
    if metro := metro_named(city):
        place = _metro_place(metro)
        return replace(place, region=region or place.region)
    if area := _AREA.match(city):
        return Place(area.group(1).strip(), region, country, area=city)
    return Place(city, region, country)


def _metro_place(metro: Metro) -> Place:
    region = metro.regions[0] if len(metro.regions) == 1 else None
    return Place(metro.city, region, metro.country, area=metro.name)


# -- what a place is certainly in ------------------------------------------------------------------

# Bare city names (no state, no country) that are well-known elsewhere too: without a qualifier,
# "Dublin" or "Cambridge" cannot be placed in the metro of our tables that has one.
_AMBIGUOUS_CITIES = {
    canonical_city(c)
    for c in (
        *("Dublin", "Cambridge", "Richmond", "Newark", "Concord", "Burlington", "Aurora", "Arlington"),
        *("Alexandria", "Columbia", "Vancouver", "Portland", "Glendale", "Pasadena", "Springfield"),
        *("Hollywood", "Orange", "Delta", "Kent", "Auburn", "Bedford", "Canton", "Wilmington", "Spring"),
        *("Sandy", "Vista", "Warren", "Troy", "Peoria", "Plymouth", "Bloomington", "Wayne", "Summit"),
        *("Hanover", "Laurel", "Vienna", "Golden", "Louisville", "Lakewood", "Westminster", "Ontario"),
        *("Roseville", "Everett", "Woodbridge", "Alameda", "Newton", "Quincy", "Lexington", "Milton"),
        *("Durham", "Cary", "Davis", "Frederick", "Lake Forest", "San Marcos", "Westlake", "Surrey"),
    )
}


@dataclass(frozen=True, slots=True)
class _Where:
    country: str | None  # a known country
    region: str | None  # a state/province code, or a region as written
    metro: Metro | None  # the one metro the place is certainly in
    city: str | None  # canonical city name


@lru_cache(maxsize=8192)
def _where(place: Place) -> _Where:
    country = known_country(place.country)
    region = place.region
    metro = metro_named(place.area) if place.area else None
    city = canonical_city(place.city) if place.city and not place.area else None
    if city and metro is None:
        candidates = [
            m
            for m in metros_with_city(city)
            if (region is None or region in m.regions) and (country is None or m.country == country)
        ]
        bare = region is None and country is None
        if len(candidates) == 1 and not (bare and city in _AMBIGUOUS_CITIES):
            metro = candidates[0]
    if region is None and metro is not None and len(metro.regions) == 1:
        region = metro.regions[0]
    if country is None and region and (found := region_by_code(region)) and region == found[0]:
        country = found[1]
    if country is None and metro is not None:
        country = metro.country
    return _Where(country, region, metro, city)


def _regions_of(where: _Where) -> tuple[str, ...] | None:
    """The state/province codes a place lies in, when known."""
    if where.region and region_by_code(where.region):
        return (where.region,)
    if where.metro is not None:
        return where.metro.regions
    return None


def covers(wanted: Place, place: Place) -> Coverage:
    """Does the place a person names cover a posting's place? See the module docstring."""
    if wanted.remote_only:
        if not place.remote:
            return Coverage.NO if place.located else Coverage.UNKNOWN
        return Coverage.NO if _countries_differ(wanted, place) else Coverage.YES
    if not (place.located or place.country):
        return Coverage.UNKNOWN
    if _countries_differ(wanted, place):
        return Coverage.NO
    if wanted.area:
        return _in_metro(wanted, place)
    if wanted.city:
        return _in_city(wanted, place)
    if wanted.region:
        return _in_region(wanted, place)
    if known_country(wanted.country):
        return Coverage.YES if _where(place).country else Coverage.UNKNOWN
    return Coverage.UNKNOWN


def _countries_differ(wanted: Place, place: Place) -> bool:
    a, b = _where(wanted).country, _where(place).country
    return a is not None and b is not None and a != b


def _in_metro(wanted: Place, place: Place) -> Coverage:
    metro = metro_named(wanted.area or "")
    where = _where(place)
    if metro is None:
        # A metro our tables lack ("Greater Tulsa Area"): only its own city is certain.
        if where.city and wanted.city and where.city == canonical_city(wanted.city):
            return Coverage.YES
        return _by_regions(_where(wanted), where)
    if where.metro is not None:
        return Coverage.YES if where.metro is metro else Coverage.NO
    regions = _regions_of(where)
    if regions and not set(regions) & set(metro.regions):
        return Coverage.NO
    return Coverage.UNKNOWN


def _in_city(wanted: Place, place: Place) -> Coverage:
    want = _where(wanted)
    where = _where(place)
    state = want.region if want.region and region_by_code(want.region) else None
    principal = metro_of_principal(wanted.city or "", state)
    core = core_cities(principal) if principal else frozenset({want.city})
    allowed = set(principal.regions) if principal else ({want.region} if want.region else None)
    if place.area:
        # Located only by a metro: never certainly in one of its cities.
        if where.metro is not None and where.metro.has_city(wanted.city or "") and want.metro in (None, where.metro):
            return Coverage.UNKNOWN
        return _by_regions(want, where)
    if where.city is None:
        return _by_regions(want, where)
    regions = _regions_of(where)
    consistent = not (allowed and regions and not set(regions) & allowed)
    bare = place.region is None and place.country is None
    if where.city in core and consistent:
        return Coverage.UNKNOWN if bare and where.city in _AMBIGUOUS_CITIES else Coverage.YES
    if bare and where.metro is None:
        return Coverage.UNKNOWN  # a name we cannot place ("Springfield"): could be a spelling of anything
    return Coverage.NO


def _in_region(wanted: Place, place: Place) -> Coverage:
    want, where = _where(wanted), _where(place)
    if want.region and where.region and plain(want.region) == plain(where.region):
        return Coverage.YES
    return _by_regions(want, where)


def _by_regions(want: _Where, where: _Where) -> Coverage:
    """NO when the two places lie in different metros, states or provinces; otherwise nothing is certain."""
    if want.metro is not None and where.metro is not None and want.metro is not where.metro:
        return Coverage.NO
    mine, theirs = _regions_of(want), _regions_of(where)
    if mine and theirs and not set(mine) & set(theirs):
        return Coverage.NO
    return Coverage.UNKNOWN


# -- a posting's places -----------------------------------------------------------------------------


def posting_places(posting: Posting) -> list[Place]:
    """The places of a posting: its location text, with what the site said apart (country, remote)."""
    places = parse_places(posting.location)
    country = known_country(posting.country) or posting.country
    if len(places) == 1 and places[0].country is None and country:
        places = [replace(places[0], country=country)]
    if not places and (posting.remote or country):
        places = [Place(country=country, remote=bool(posting.remote))]
    if posting.remote and not any(p.remote for p in places):
        # Remote work offered from a listed office: remote in the office's country.
        places.append(Place(country=_where(places[0]).country if places else None, remote=True))
    return places

"""Does a posting's location suit the profile? Preferred, acceptable, remote, elsewhere or unknown.

Profiles name places loosely ("San Francisco Bay Area", "United States") while postings name a city
and a state code ("San Jose, CA"). A small table of what those loose names cover bridges the two; it
only has to be right for places people commonly write, and anything unrecognised counts as unknown,
never as a mismatch.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from scoring.profile import Profile
from scrapers.locations import US_STATES
from scrapers.model import Posting

# State codes and names in lower case, from the table the scrapers split locations with, so
# "Houston, TX" is known to be in the US.
_US_STATES = {code.lower(): name.lower() for code, name in US_STATES.items()}
_US_NAMES = ("united states", "usa", "u.s.", "u.s.a.", "us")

# Loose region names and the places they cover.
_REGIONS = {
    "san francisco bay area": [
        "san francisco",
        "bay area",
        "san jose",
        "mountain view",
        "palo alto",
        "sunnyvale",
        "menlo park",
        "redwood city",
        "santa clara",
        "cupertino",
        "oakland",
        "berkeley",
        "fremont",
        "san mateo",
        "south san francisco",
        "foster city",
        "milpitas",
        "emeryville",
        "los gatos",
        "burlingame",
    ],
    "new york": ["new york", "nyc", "manhattan", "brooklyn", "jersey city"],
    "seattle": ["seattle", "bellevue", "redmond", "kirkland"],
    "los angeles": ["los angeles", "santa monica", "culver city", "irvine", "pasadena"],
    "boston": ["boston", "cambridge, ma", "somerville"],
}

# Countries often seen alone in a location field; with these a one-word location is still placeable.
_COUNTRIES = {
    "canada",
    "mexico",
    "united kingdom",
    "uk",
    "ireland",
    "germany",
    "france",
    "netherlands",
    "spain",
    "italy",
    "poland",
    "switzerland",
    "sweden",
    "india",
    "china",
    "japan",
    "singapore",
    "australia",
    "brazil",
    "israel",
    "turkey",
    "türkiye",
    "turkiye",
    "korea",
    "south korea",
    "taiwan",
    "vietnam",
}

_REMOTE = re.compile(r"\bremote\b|\banywhere\b|\bwork from home\b", re.IGNORECASE)
_SPLIT = re.compile(r"[;|/]| or ")


@dataclass(slots=True, frozen=True)
class LocationFit:
    kind: str  # "preferred", "acceptable", "remote", "elsewhere" or "unknown"
    rank: int = 0  # for "preferred": 0 is the first preferred place
    label: str = ""


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9., ]", " ", text.lower()).split())


def _covers(place: str, location: str) -> bool:
    """True when the profile's `place` covers the posting's `location`."""
    place_n = _norm(place)
    loc = f" {_norm(location).replace(',', ' , ')} "
    if place_n in _US_NAMES:
        return in_us(location)
    city = place_n.split(",")[0].strip()
    names = _REGIONS.get(place_n) or _REGIONS.get(city) or [city]
    return any(f" {_norm(name).replace(',', ' , ')} " in loc for name in names)


def in_us(location: str) -> bool:
    loc = _norm(location)
    if any(re.search(rf"(^|[ ,]){re.escape(n)}($|[ ,])", loc) for n in _US_NAMES):
        return True
    parts = [p.strip() for p in loc.split(",")]
    if len(parts) >= 2 and (parts[-1] in _US_STATES or parts[-1] in _US_STATES.values()):
        return True
    return any(p in _US_STATES.values() for p in parts)


def location_fit(posting: Posting, profile: Profile) -> LocationFit:
    location = posting.location.strip()
    remote = posting.remote is True or bool(_REMOTE.search(location))
    places = [p.strip() for p in _SPLIT.split(location) if p.strip()] or ([location] if location else [])
    for rank, place in enumerate(profile.locations):
        if any(_covers(place, p) for p in places):
            return LocationFit("preferred", rank, place)
    if remote and profile.remote_ok:
        return LocationFit("remote", label="remote")
    for place in profile.acceptable_locations:
        if any(_covers(place, p) for p in places):
            return LocationFit("acceptable", label=place)
    if not location or (remote and not places):
        return LocationFit("unknown")
    if not profile.locations and not profile.acceptable_locations:
        return LocationFit("unknown")
    if remote and not profile.remote_ok:
        return LocationFit("elsewhere", label="remote, and you want on-site")
    # "Springfield" alone could be anywhere: only a place we can pin down counts as a mismatch.
    if "," not in location and _norm(location) not in _COUNTRIES:
        return LocationFit("unknown")
    return LocationFit("elsewhere", label=location)

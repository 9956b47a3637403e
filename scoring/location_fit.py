"""Does a posting's location suit the profile? Preferred, acceptable, remote, elsewhere or unknown.

Built on the one place resolver (`scrapers.places`): a posting is "elsewhere" only when every place
the profile names certainly does not cover any place the posting names; anything the tables cannot
place is "unknown", which costs a posting nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from scoring.profile import Profile
from scrapers.model import Posting
from scrapers.places import Coverage, Place, covers, posting_places, split_location


@dataclass(slots=True, frozen=True)
class LocationFit:
    kind: str  # "preferred", "acceptable", "remote", "elsewhere" or "unknown"
    rank: int = 0  # for "preferred": 0 is the first preferred place
    label: str = ""


def _wanted(texts: list[str]) -> list[tuple[str, Place]]:
    return [(text, split_location(text)) for text in texts if text.strip()]


def _covered(wanted: Place, onsite: list[Place], remote: list[Place]) -> bool:
    # A remote posting is in no city: only a profile place that is itself "Remote" covers it.
    pool = remote if wanted.remote_only else onsite
    return any(covers(wanted, place) is Coverage.YES for place in pool)


def _remote_ruled_out(remote: list[Place], wanted: list[tuple[str, Place]]) -> bool:
    """Every remote place is tied to a country that no place of the profile can be in."""
    if not remote or not wanted:
        return False
    for place in remote:
        if place.country is None:
            return False
        in_country = Place(country=place.country)
        for _, w in wanted:
            check = place if w.remote_only else in_country
            if covers(w, check) is not Coverage.NO:
                return False
    return True


def location_fit(posting: Posting, profile: Profile) -> LocationFit:
    places = posting_places(posting)
    onsite = [p for p in places if p.located]
    remote = [p for p in places if p.remote]
    preferred, acceptable = _wanted(profile.locations), _wanted(profile.acceptable_locations)
    wanted = preferred + acceptable

    for rank, (text, place) in enumerate(preferred):
        if _covered(place, onsite, remote):
            return LocationFit("preferred", rank, text)
    ruled_out = _remote_ruled_out(remote, wanted)
    if remote and profile.remote_ok and not ruled_out:
        return LocationFit("remote", label="remote")
    for text, place in acceptable:
        if _covered(place, onsite, remote):
            return LocationFit("acceptable", label=text)
    if not wanted or not places:
        return LocationFit("unknown")
    if remote and not onsite:
        if not profile.remote_ok:
            return LocationFit("elsewhere", label="remote, and you want on-site")
        return LocationFit("elsewhere", label=posting.location or "remote")
    if all(covers(w, p) is Coverage.NO for _, w in wanted for p in onsite):
        return LocationFit("elsewhere", label=posting.location)
    return LocationFit("unknown")

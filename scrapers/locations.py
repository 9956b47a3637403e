"""Locations as the sites write them, split into city / region / country where that is clear.

The text is always kept as written; the parts are a best effort for filters and dedupe. A country we
do not know is kept as a region or country string rather than rejected: a posting in "Tbilisi,
Georgia" must never be lost because a table was incomplete.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TypedDict

US = "United States"

US_STATES = {
    "AL": "Alabama",
    "AK": "Alaska",
    "AZ": "Arizona",
    "AR": "Arkansas",
    "CA": "California",
    "CO": "Colorado",
    "CT": "Connecticut",
    "DE": "Delaware",
    "DC": "District of Columbia",
    "FL": "Florida",
    "GA": "Georgia",
    "HI": "Hawaii",
    "ID": "Idaho",
    "IL": "Illinois",
    "IN": "Indiana",
    "IA": "Iowa",
    "KS": "Kansas",
    "KY": "Kentucky",
    "LA": "Louisiana",
    "ME": "Maine",
    "MD": "Maryland",
    "MA": "Massachusetts",
    "MI": "Michigan",
    "MN": "Minnesota",
    "MS": "Mississippi",
    "MO": "Missouri",
    "MT": "Montana",
    "NE": "Nebraska",
    "NV": "Nevada",
    "NH": "New Hampshire",
    "NJ": "New Jersey",
    "NM": "New Mexico",
    "NY": "New York",
    "NC": "North Carolina",
    "ND": "North Dakota",
    "OH": "Ohio",
    "OK": "Oklahoma",
    "OR": "Oregon",
    "PA": "Pennsylvania",
    "RI": "Rhode Island",
    "SC": "South Carolina",
    "SD": "South Dakota",
    "TN": "Tennessee",
    "TX": "Texas",
    "UT": "Utah",
    "VT": "Vermont",
    "VA": "Virginia",
    "WA": "Washington",
    "WV": "West Virginia",
    "WI": "Wisconsin",
    "WY": "Wyoming",
    "PR": "Puerto Rico",
}
CA_PROVINCES = {
    "AB": "Alberta",
    "BC": "British Columbia",
    "MB": "Manitoba",
    "NB": "New Brunswick",
    "NL": "Newfoundland and Labrador",
    "NS": "Nova Scotia",
    "ON": "Ontario",
    "PE": "Prince Edward Island",
    "QC": "Quebec",
    "SK": "Saskatchewan",
}
_UK_NATIONS = {"england", "scotland", "wales", "northern ireland"}

# Spellings the sites use, mapped to one name. Not every country: unknown ones pass through.
_COUNTRIES = {
    "us": US,
    "usa": US,
    "u.s.": US,
    "u.s.a.": US,
    "united states": US,
    "united states of america": US,
    "america": US,
    "uk": "United Kingdom",
    "u.k.": "United Kingdom",
    "gb": "United Kingdom",
    "great britain": "United Kingdom",
    "united kingdom": "United Kingdom",
    "canada": "Canada",
    "ca": "Canada",
    "mexico": "Mexico",
    "brazil": "Brazil",
    "argentina": "Argentina",
    "chile": "Chile",
    "colombia": "Colombia",
    "peru": "Peru",
    "ireland": "Ireland",
    "france": "France",
    "fr": "France",
    "germany": "Germany",
    "de": "Germany",
    "deutschland": "Germany",
    "netherlands": "Netherlands",
    "the netherlands": "Netherlands",
    "nl": "Netherlands",
    "belgium": "Belgium",
    "luxembourg": "Luxembourg",
    "switzerland": "Switzerland",
    "ch": "Switzerland",
    "austria": "Austria",
    "italy": "Italy",
    "spain": "Spain",
    "portugal": "Portugal",
    "poland": "Poland",
    "czechia": "Czechia",
    "czech republic": "Czechia",
    "hungary": "Hungary",
    "romania": "Romania",
    "bulgaria": "Bulgaria",
    "greece": "Greece",
    "sweden": "Sweden",
    "norway": "Norway",
    "denmark": "Denmark",
    "finland": "Finland",
    "estonia": "Estonia",
    "lithuania": "Lithuania",
    "latvia": "Latvia",
    "ukraine": "Ukraine",
    "serbia": "Serbia",
    "croatia": "Croatia",
    "türkiye": "Türkiye",
    "turkiye": "Türkiye",
    "turkey": "Türkiye",
    "israel": "Israel",
    "united arab emirates": "United Arab Emirates",
    "uae": "United Arab Emirates",
    "saudi arabia": "Saudi Arabia",
    "qatar": "Qatar",
    "egypt": "Egypt",
    "nigeria": "Nigeria",
    "kenya": "Kenya",
    "south africa": "South Africa",
    "india": "India",
    "in": "India",
    "pakistan": "Pakistan",
    "bangladesh": "Bangladesh",
    "sri lanka": "Sri Lanka",
    "china": "China",
    "hong kong": "Hong Kong",
    "hong kong sar": "Hong Kong",
    "taiwan": "Taiwan",
    "japan": "Japan",
    "jp": "Japan",
    "south korea": "South Korea",
    "korea": "South Korea",
    "singapore": "Singapore",
    "sg": "Singapore",
    "malaysia": "Malaysia",
    "indonesia": "Indonesia",
    "philippines": "Philippines",
    "vietnam": "Vietnam",
    "thailand": "Thailand",
    "australia": "Australia",
    "au": "Australia",
    "new zealand": "New Zealand",
}
# Two-letter country codes Lever and Indeed send; ambiguous with US states only when written as a
# location part, so they are used only for fields that are known to be countries.
COUNTRY_CODES = {
    "US": US,
    "GB": "United Kingdom",
    "UK": "United Kingdom",
    "CA": "Canada",
    "FR": "France",
    "DE": "Germany",
    "NL": "Netherlands",
    "IE": "Ireland",
    "ES": "Spain",
    "IT": "Italy",
    "CH": "Switzerland",
    "PL": "Poland",
    "SE": "Sweden",
    "IN": "India",
    "JP": "Japan",
    "SG": "Singapore",
    "AU": "Australia",
    "IL": "Israel",
    "TR": "Türkiye",
    "BR": "Brazil",
    "MX": "Mexico",
    "CN": "China",
    "KR": "South Korea",
}

_PARENS = re.compile(r"\([^)]*\)")
_AREA = re.compile(r"^(?:greater\s+)?(.+?)(?:\s+(?:bay|metropolitan|metro|city metropolitan))?\s+area$", re.I)
_REMOTE = re.compile(r"\bremote\b", re.I)
_SPLIT = re.compile(r"\s*[;|]\s*|\s+/\s+")


@dataclass(frozen=True, slots=True)
class Place:
    city: str | None = None
    region: str | None = None
    country: str | None = None
    remote: bool = False


def country_name(value: str | None) -> str | None:
    """A country spelt any of the usual ways, as one name; unknown spellings come back as given."""
    if not value:
        return None
    value = value.strip()
    if len(value) == 2 and value.upper() in COUNTRY_CODES:
        return COUNTRY_CODES[value.upper()]
    return _COUNTRIES.get(value.lower(), value)


def split_location(text: str | None) -> Place:
    """'San Francisco, CA' -> city San Francisco, region CA, country United States.

    Several locations ("Paris, France; London") are split on the first one, which is what the site
    shows first. "Remote" anywhere marks the place remote and is not taken for a city.
    """
    if not text:
        return Place()
    first = _SPLIT.split(text.strip())[0]
    remote = bool(_REMOTE.search(text))
    first = _PARENS.sub(" ", first)
    first = re.sub(r"\b(?:remote|hybrid|on-?site)\b\s*[-–:]?\s*", " ", first, flags=re.I)
    parts = [p.strip(" -–,") for p in first.split(",")]
    parts = [p for p in parts if p]
    if not parts:
        return Place(remote=remote)
    if len(parts) >= 3:
        last = parts[-1]
        if len(last) <= 4 and last.isupper() and last.lower() not in _COUNTRIES:
            # "SF, NYC, SEA, CHI": a list of city codes, not city, region, country.
            return Place(parts[0], None, None, remote)
        return Place(parts[0], parts[1], country_name(last), remote)
    if len(parts) == 2:
        head, tail = parts
        upper = tail.upper()
        if upper in US_STATES:
            return Place(head, upper, US, remote)
        if upper in CA_PROVINCES:
            return Place(head, upper, "Canada", remote)
        if tail.title() in US_STATES.values():
            return Place(head, tail, US, remote)
        if tail.lower() in _UK_NATIONS:
            return Place(head, tail, "United Kingdom", remote)
        if tail.lower() in _COUNTRIES:
            return Place(head, None, _COUNTRIES[tail.lower()], remote)
        # "Tbilisi, Georgia" style: unknown second part; keep it without guessing what it is.
        return Place(head, tail, None, remote)
    only = parts[0]
    if only.lower() in _COUNTRIES and len(only) > 2:
        return Place(None, None, _COUNTRIES[only.lower()], remote)
    if only.title() in US_STATES.values():
        return Place(None, only.title(), US, remote)
    if m := _AREA.match(only):
        return Place(m.group(1).strip(), None, None, remote)
    return Place(only, None, None, remote)


class PlaceFields(TypedDict):
    city: str | None
    region: str | None
    country: str | None


def place_fields(text: str | None) -> PlaceFields:
    """The city/region/country keyword arguments of a `Posting` for a location text."""
    place = split_location(text)
    return {"city": place.city, "region": place.region, "country": place.country}

"""US states and Canadian provinces, written out: their two-letter codes collide with country codes.

"CA" after a city is California, "IN" is Indiana: job sites in North America write a city and a state
code, so a code in that place is read as a state first. Postings elsewhere name their country in full
or in the third part ("Toronto, ON, CA"), and a code we cannot place stays unknown.
"""

from __future__ import annotations

from scrapers.countries import CANADA, US, plain

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

# Province codes that are also common country codes (Netherlands, Peru, Slovakia): after a city they
# could be either, so they stay unknown rather than guessed.
AMBIGUOUS_PROVINCES = {"NL", "PE", "SK"}

_NAMES = {plain(name): (code, US) for code, name in US_STATES.items()} | {
    plain(name): (code, CANADA) for code, name in CA_PROVINCES.items()
}
_NAMES |= {"washington dc": ("DC", US), "dc": ("DC", US)}


def region_by_name(text: str) -> tuple[str, str] | None:
    """(code, country) of a state or province written out: 'California' -> ('CA', 'United States')."""
    return _NAMES.get(plain(text))


def region_by_code(code: str) -> tuple[str, str] | None:
    """(code, country) of a state or province code; a province code that is also a country's is None."""
    code = code.strip().upper()
    if code in US_STATES:
        return code, US
    if code in CA_PROVINCES and code not in AMBIGUOUS_PROVINCES:
        return code, CANADA
    return None


def region_name(code: str) -> str:
    return US_STATES.get(code) or CA_PROVINCES.get(code) or code

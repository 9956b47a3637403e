"""Countries from ISO 3166 (the `pycountry` package), plus the spellings job sites use.

A country is known by its name, official name, common name, alpha-2 and alpha-3 code, and the
aliases below, compared without accents or case ("Perú" is Peru, "TÜRKIYE" is Türkiye). What the
table does not know stays unknown: callers keep the text as written and never treat it as a mismatch.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache

import pycountry

US = "United States"
UK = "United Kingdom"
CANADA = "Canada"

# ISO names that read like a registry entry; the names people write instead.
_DISPLAY = {
    "BN": "Brunei",
    "CD": "DR Congo",
    "PS": "Palestine",
    "RU": "Russia",
}

# Spellings sites and people use that ISO 3166 does not list, by alpha-2 code. Names in the country's
# own language cover postings from local sites (Deutschland, España, México is matched accent-free).
_ALIASES = {
    "US": ["usa", "us", "america", "united states of america", "estados unidos"],
    "GB": ["uk", "great britain", "britain", "england", "scotland", "wales", "northern ireland"],
    "TR": ["turkey", "turkiye"],
    "KR": ["korea", "south korea", "republic of korea", "korea, south"],
    "DE": ["deutschland"],
    "ES": ["espana"],
    "IT": ["italia"],
    "NL": ["the netherlands", "holland", "nederland"],
    "CH": ["schweiz", "suisse", "svizzera"],
    "AT": ["osterreich"],
    "PL": ["polska"],
    "SE": ["sverige"],
    "NO": ["norge"],
    "DK": ["danmark"],
    "FI": ["suomi"],
    "BR": ["brasil"],
    "CZ": ["czech republic"],
    "AE": ["uae"],
    "SA": ["ksa"],
    "HK": ["hong kong sar", "hong kong sar china"],
    "MO": ["macau", "macao sar"],
    "CN": ["mainland china", "prc"],
    "IE": ["republic of ireland"],
    "CI": ["ivory coast"],
    "VN": ["vietnam"],
    "RU": ["russia"],
    "IR": ["iran"],
    "SY": ["syria"],
    "LA": ["laos"],
    "MD": ["moldova"],
    "TZ": ["tanzania"],
    "BO": ["bolivia"],
    "VE": ["venezuela"],
    "TW": ["taiwan"],
    "MK": ["macedonia"],
    "CV": ["cape verde"],
    "SZ": ["swaziland"],
    "MM": ["burma"],
    "CD": ["dr congo", "drc", "democratic republic of the congo"],
    "CG": ["republic of the congo"],
    "PS": ["palestine"],
    "BN": ["brunei"],
}

_NOT_WORD = re.compile(r"[^a-z0-9,' ]+")


@lru_cache(maxsize=16384)
def plain(text: str) -> str:
    """Lower case without accents, dots or extra spaces, for comparing names: 'Perú ' -> 'peru',
    'U.S.' -> 'us'."""
    text = text.casefold()
    if not text.isascii():
        decomposed = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in decomposed if not unicodedata.combining(c))
    stripped = text.replace(".", "")
    return " ".join(_NOT_WORD.sub(" ", stripped.replace("-", " ")).split())


def _display(country: object) -> str:
    code = str(getattr(country, "alpha_2", ""))
    return _DISPLAY.get(code) or str(getattr(country, "common_name", None) or getattr(country, "name", code))


@cache
def _by_name() -> dict[str, str]:
    """Every known spelling (plain) -> the one display name. Built once, on first use."""
    names: dict[str, str] = {}
    for country in pycountry.countries:
        shown = _display(country)
        for attr in ("name", "official_name", "common_name"):
            value = getattr(country, attr, None)
            if value:
                names[plain(str(value))] = shown
        for alias in _ALIASES.get(country.alpha_2, []):
            names[plain(alias)] = shown
    return names


@cache
def _by_code() -> dict[str, str]:
    codes: dict[str, str] = {}
    for country in pycountry.countries:
        codes[country.alpha_2] = codes[country.alpha_3] = _display(country)
    codes["UK"] = UK  # not ISO, but what every British site writes
    return codes


def country_by_name(text: str) -> str | None:
    """The country a name means ('Perú', 'U.S.', 'Deutschland'), or None; codes are not names here."""
    return _by_name().get(plain(text)) if text.strip() else None


def country_by_code(code: str) -> str | None:
    """The country of an ISO alpha-2 or alpha-3 code ('FR', 'USA'), or None."""
    return _by_code().get(code.strip().upper())


def known_country(text: str | None) -> str | None:
    """The country a name means, or an upper-case ISO code ('FR', 'USA'); None when unknown."""
    if not text or not text.strip():
        return None
    text = text.strip()
    by_name = country_by_name(text)
    if by_name is None and text.isupper() and len(text) in (2, 3):
        return country_by_code(text)
    return by_name


def country_name(value: str | None) -> str | None:
    """A field known to hold a country (an API's country code or name) as one name; unknown as given."""
    if not value or not value.strip():
        return None
    return known_country(value) or value.strip()

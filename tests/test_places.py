"""Places as sites write them and as people name them: one resolver for parsing and for profile fit.

The location strings in the first tests are real ones: Greenhouse boards' country-code lists
("CA-Toronto, CA-Montreal, CA-Vancouver", "US-Remote, US-San Francisco"), the Simplify list's
"Remote in USA", and the forms issue 12 found wrong in captures from other public projects.
"""

from __future__ import annotations

import pytest

from scoring.location_fit import location_fit
from scoring.profile import Profile
from scrapers.model import Posting
from scrapers.places import Coverage, Place, covers, parse_places, place_fields, split_location
from tests.test_bay_area_run import BAY_AREA as LINKEDIN_BAY_AREA


def where(text: str) -> list[tuple[str | None, str | None, str | None, bool]]:
    return [(p.city, p.region, p.country, p.remote) for p in parse_places(text)]


def test_country_code_prefixes_are_countries_and_each_place_counts() -> None:
    assert where("CA-Toronto, CA-Montreal") == [
        ("Toronto", None, "Canada", False),
        ("Montreal", None, "Canada", False),
    ]
    assert [p.country for p in parse_places("CA-Toronto, CA-Montreal, CA-Vancouver")] == ["Canada"] * 3
    assert where("US-New York, US-Texas") == [
        ("New York", "NY", "United States", False),
        (None, "TX", "United States", False),
    ]
    assert where("US-Remote, US-San Francisco")[0] == (None, None, "United States", True)
    # A state code before a city of that state is the state, as these boards also write it.
    assert where("TX-Dallas") == [("Dallas", "TX", "United States", False)]
    assert where("CA-San Francisco") == [("San Francisco", "CA", "United States", False)]


def test_remote_in_a_country_is_no_city() -> None:
    assert where("Remote in USA") == [(None, None, "United States", True)]
    assert where("Remote - Germany") == [(None, None, "Germany", True)]
    assert where("USA - Remote") == [(None, None, "United States", True)]
    assert where("Remote (US)") == [(None, None, "United States", True)]
    assert where("Remote") == [(None, None, None, True)]


def test_city_dash_country_and_accented_countries() -> None:
    assert where("Tokyo - Japan") == [("Tokyo", None, "Japan", False)]
    assert where("Lima, Perú") == [("Lima", None, "Peru", False)]
    assert split_location("Istanbul, Turkey").country == "Türkiye"
    assert split_location("München, Deutschland").country == "Germany"
    assert split_location("Seoul, South Korea").country == "South Korea"
    assert split_location("Hanoi, Viet Nam").country == "Vietnam"


@pytest.mark.parametrize(
    ("written", "country"),
    [
        ("USA", "United States"),
        ("U.S.", "United States"),
        ("United States of America", "United States"),
        ("UK", "United Kingdom"),
        ("Great Britain", "United Kingdom"),
        ("GBR", "United Kingdom"),
        ("Türkiye", "Türkiye"),
        ("Republic of Türkiye", "Türkiye"),
        ("Kingdom of the Netherlands", "Netherlands"),
        ("Holland", "Netherlands"),
        ("DEU", "Germany"),
        ("Côte d'Ivoire", "Côte d'Ivoire"),
        ("Cote d'Ivoire", "Côte d'Ivoire"),
    ],
)
def test_countries_come_from_the_iso_table_and_the_aliases_sites_use(written: str, country: str) -> None:
    assert split_location(f"Somewhere, Region, {written}").country == country


def test_two_letter_codes_after_a_city_are_states_first() -> None:
    assert place_fields("San Jose, CA") == {"city": "San Jose", "region": "CA", "country": "United States"}
    assert split_location("Indianapolis, IN").country == "United States"  # Indiana, not India
    # The third part is a country: the text says otherwise.
    assert where("Toronto, ON, CA") == [("Toronto", "ON", "Canada", False)]
    assert split_location("Paris, FR").country == "France"  # FR is no state
    assert split_location("Mountain View, California").region == "CA"


def test_what_the_tables_do_not_know_stays_unknown() -> None:
    georgia = split_location("Tbilisi, Georgia")  # the country, or the state?
    assert (georgia.city, georgia.country) == ("Tbilisi", None)
    assert split_location("Springfield") == Place(city="Springfield")
    st_johns = split_location("St. John's, NL")  # Newfoundland, or the Netherlands?
    assert st_johns.country is None


# -- what a place a person names covers --------------------------------------------------------


def cover(wanted: str, posting: str) -> Coverage:
    [place] = parse_places(posting)
    return covers(split_location(wanted), place)


@pytest.mark.parametrize("city", [*LINKEDIN_BAY_AREA, "Palo Alto", "Bay Area", "SF Bay Area"])
def test_linkedins_bay_area_covers_its_cities(city: str) -> None:
    assert cover("San Francisco Bay Area", city) is Coverage.YES


@pytest.mark.parametrize(
    ("region", "city"),
    [
        ("Greater Seattle Area", "Redmond, WA"),
        ("New York City Metropolitan Area", "Brooklyn, NY"),
        ("New York City Metropolitan Area", "Jersey City, NJ"),
        ("Greater Boston", "Cambridge, MA"),
        ("Los Angeles Metropolitan Area", "Santa Monica, CA"),
        ("Greater Chicago Area", "Evanston, IL"),
        ("Washington DC-Baltimore Area", "Arlington, VA"),
        ("Austin, Texas Metropolitan Area", "Round Rock, TX"),
        ("Dallas-Fort Worth Metroplex", "Plano, TX"),
        ("Denver Metropolitan Area", "Boulder, CO"),
        ("Greater Toronto Area", "Mississauga, ON, Canada"),
    ],
)
def test_other_metros_cover_their_cities(region: str, city: str) -> None:
    assert cover(region, city) is Coverage.YES


def test_a_metro_rules_out_only_what_is_certainly_outside_it() -> None:
    assert cover("San Francisco Bay Area", "Los Angeles, CA") is Coverage.NO  # another metro
    assert cover("San Francisco Bay Area", "Austin, TX") is Coverage.NO  # another state
    assert cover("San Francisco Bay Area", "Dublin, Ireland") is Coverage.NO
    assert cover("San Francisco Bay Area", "Dublin, CA") is Coverage.YES
    assert cover("San Francisco Bay Area", "Dublin") is Coverage.UNKNOWN  # Ireland's is better known
    assert cover("San Francisco Bay Area", "Fresno, CA") is Coverage.UNKNOWN  # a California city not in a table
    assert cover("San Francisco Bay Area", "Springfield") is Coverage.UNKNOWN


def test_a_posting_located_by_a_metro_is_never_certainly_in_one_of_its_cities() -> None:
    # Decision: "San Francisco Bay Area" may be San Jose or Oakland; only a profile naming the metro,
    # its state or its country is certain to cover it, and a city inside it is neither yes nor no.
    assert cover("Mountain View, CA", "San Francisco Bay Area") is Coverage.UNKNOWN
    assert cover("San Francisco, CA", "San Francisco Bay Area") is Coverage.UNKNOWN
    assert cover("California", "San Francisco Bay Area") is Coverage.YES
    assert cover("United States", "San Francisco Bay Area") is Coverage.YES
    assert cover("Seattle, WA", "San Francisco Bay Area") is Coverage.NO


def test_naming_a_metros_principal_city_includes_its_core_only() -> None:
    assert cover("Seattle, WA", "Bellevue, WA") is Coverage.YES
    assert cover("Seattle, WA", "Tacoma, WA") is Coverage.NO
    assert cover("New York, NY", "NYC") is Coverage.YES
    assert cover("San Francisco, CA", "Oakland, CA") is Coverage.YES
    assert cover("San Francisco, CA", "San Jose, CA") is Coverage.NO
    assert cover("Mountain View, CA", "Sunnyvale, CA") is Coverage.NO


def test_states_countries_and_remote() -> None:
    assert cover("California", "San Jose, CA") is Coverage.YES
    assert cover("California", "Austin, TX") is Coverage.NO
    assert cover("United States", "Houston, TX") is Coverage.YES
    assert cover("United States", "Toronto, ON, Canada") is Coverage.NO
    assert cover("United States", "Lima, Perú") is Coverage.NO
    assert cover("United States", "Tbilisi, Georgia") is Coverage.UNKNOWN
    assert cover("Remote", "Remote - Germany") is Coverage.YES
    assert cover("Remote, US", "Remote - Germany") is Coverage.NO
    assert cover("Remote", "Austin, TX") is Coverage.NO


# -- location fit of a posting for a profile ----------------------------------------------------


def fit(location: str, **profile: object) -> str:
    posting = Posting(key="t:1", source="t", url="", title="Intern", company="Acme", location=location)
    return location_fit(posting, Profile(**profile)).kind  # type: ignore[arg-type]


def test_a_bay_area_profile_prefers_every_bay_area_city_and_only_rules_out_certain_places() -> None:
    bay = {"locations": ["San Francisco Bay Area"], "remote_ok": False}
    for city in ("San Jose, CA", "Foster City, CA", "South San Francisco, CA", "San Francisco Bay Area"):
        assert fit(city, **bay) == "preferred"
    for elsewhere in ("Austin, TX", "London, United Kingdom", "Remote", "Remote in USA", "CA-Toronto, CA-Montreal"):
        assert fit(elsewhere, **bay) == "elsewhere"
    for unknown in ("Springfield", "Fresno, CA", "United States", ""):
        assert fit(unknown, **bay) == "unknown"


def test_a_multi_place_posting_fits_when_any_place_does() -> None:
    assert fit("New York, NY; San Mateo, CA", locations=["San Francisco Bay Area"]) == "preferred"
    assert fit("US-Remote, US-San Francisco", locations=["San Francisco Bay Area"], remote_ok=False) == "preferred"


def test_remote_work_tied_to_a_country_outside_the_profile_is_elsewhere() -> None:
    us = {"locations": ["San Francisco Bay Area"], "acceptable_locations": ["United States"]}
    assert fit("Remote in USA", **us) == "remote"
    assert fit("Remote - Germany", **us) == "elsewhere"
    assert fit("Remote", **us) == "remote"
    assert fit("Remote in USA", **us, remote_ok=False) == "elsewhere"

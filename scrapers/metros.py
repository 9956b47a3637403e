"""Metro areas as LinkedIn names them, and the cities each one covers.

LinkedIn locates many postings, and people name their own search, by metro rather than by city:
"San Francisco Bay Area", "Greater Seattle Area", "New York City Metropolitan Area". The names are
LinkedIn's own, as its job cards and location filter show them (the older "Greater ... Area" forms
are kept as aliases, since archived postings and habits still use them). The city lists follow the
metro's counties; they only need the places jobs are commonly posted in, because a city missing
here is unknown, never a mismatch (see `scrapers.places`).

`core` is what a person means by the principal city: "Seattle, WA" in a profile includes Bellevue
and Redmond, "New York, NY" includes Brooklyn and Jersey City; the rest of the metro is not implied.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from scrapers.countries import CANADA, US, plain


@dataclass(frozen=True, slots=True)
class Metro:
    name: str
    country: str
    regions: tuple[str, ...]  # state or province codes the metro spans
    core: tuple[str, ...]  # the principal city first, then what a profile naming it also means
    cities: tuple[str, ...]  # the rest of the metro
    aliases: tuple[str, ...] = ()

    @property
    def city(self) -> str:
        return self.core[0]

    def has_city(self, city: str) -> bool:
        return canonical_city(city) in _city_index()[self.name]


METROS = (
    Metro(
        "San Francisco Bay Area",
        US,
        ("CA",),
        ("San Francisco", "South San Francisco", "Daly City", "Brisbane", "Oakland", "Emeryville", "Berkeley"),
        (
            "San Jose",
            "Mountain View",
            "Palo Alto",
            "Sunnyvale",
            "Menlo Park",
            "Redwood City",
            "Redwood Shores",
            "Santa Clara",
            "Cupertino",
            "Fremont",
            "San Mateo",
            "Foster City",
            "Milpitas",
            "Los Gatos",
            "Los Altos",
            "Burlingame",
            "San Bruno",
            "Millbrae",
            "Belmont",
            "San Carlos",
            "East Palo Alto",
            "Campbell",
            "Saratoga",
            "Morgan Hill",
            "Hayward",
            "San Leandro",
            "Alameda",
            "Newark",
            "Union City",
            "Pleasanton",
            "Dublin",
            "Livermore",
            "San Ramon",
            "Danville",
            "Walnut Creek",
            "Concord",
            "Richmond",
            "Sausalito",
            "San Rafael",
            "Mill Valley",
            "Novato",
            "Half Moon Bay",
        ),
        ("Bay Area", "SF Bay Area", "Greater San Francisco Area", "San Francisco Bay"),
    ),
    Metro(
        "Greater Seattle Area",
        US,
        ("WA",),
        ("Seattle", "Bellevue", "Redmond", "Kirkland"),
        (
            "Bothell",
            "Issaquah",
            "Sammamish",
            "Renton",
            "Kent",
            "Tukwila",
            "Everett",
            "Lynnwood",
            "Woodinville",
            "Mercer Island",
            "Shoreline",
            "Tacoma",
            "Federal Way",
            "Auburn",
            "Burien",
            "SeaTac",
        ),
        ("Seattle Metropolitan Area", "Greater Seattle"),
    ),
    Metro(
        "New York City Metropolitan Area",
        US,
        ("NY", "NJ", "CT", "PA"),
        (
            "New York",
            "Manhattan",
            "Brooklyn",
            "Queens",
            "Bronx",
            "Staten Island",
            "Long Island City",
            "Jersey City",
            "Hoboken",
        ),
        (
            "Newark",
            "White Plains",
            "Yonkers",
            "New Rochelle",
            "Stamford",
            "Greenwich",
            "Norwalk",
            "Princeton",
            "Edison",
            "Parsippany",
            "Morristown",
            "Paramus",
            "Hackensack",
            "Secaucus",
            "Weehawken",
            "Fort Lee",
            "Summit",
            "New Brunswick",
            "Piscataway",
            "Iselin",
            "Woodbridge",
            "Florham Park",
            "Basking Ridge",
            "Berkeley Heights",
            "Armonk",
            "Tarrytown",
            "Purchase",
            "Melville",
            "Hauppauge",
            "Garden City",
            "Mineola",
        ),
        ("Greater New York City Area", "New York Metropolitan Area", "NYC Metropolitan Area", "Tri-State Area"),
    ),
    Metro(
        "Greater Boston",
        US,
        ("MA", "NH"),
        ("Boston", "Cambridge", "Somerville", "Brookline"),
        (
            "Waltham",
            "Watertown",
            "Newton",
            "Needham",
            "Lexington",
            "Burlington",
            "Woburn",
            "Bedford",
            "Quincy",
            "Medford",
            "Malden",
            "Everett",
            "Framingham",
            "Natick",
            "Wellesley",
            "Marlborough",
            "Andover",
            "Lowell",
            "Wilmington",
            "Billerica",
            "Chelmsford",
            "Westborough",
            "Braintree",
            "Canton",
            "Norwood",
            "Nashua",
        ),
        ("Greater Boston Area", "Boston Metropolitan Area"),
    ),
    Metro(
        "Los Angeles Metropolitan Area",
        US,
        ("CA",),
        (
            "Los Angeles",
            "Santa Monica",
            "Culver City",
            "Irvine",
            "Pasadena",
            "Playa Vista",
            "Venice",
            "Marina del Rey",
            "El Segundo",
            "Burbank",
            "Glendale",
            "West Hollywood",
            "Beverly Hills",
            "Hollywood",
        ),
        (
            "Long Beach",
            "Torrance",
            "Hawthorne",
            "Manhattan Beach",
            "Redondo Beach",
            "Inglewood",
            "Carson",
            "Anaheim",
            "Santa Ana",
            "Costa Mesa",
            "Newport Beach",
            "Huntington Beach",
            "Orange",
            "Fullerton",
            "Tustin",
            "Lake Forest",
            "Aliso Viejo",
            "Mission Viejo",
            "Thousand Oaks",
            "Westlake Village",
            "Calabasas",
            "Woodland Hills",
            "Sherman Oaks",
            "Van Nuys",
            "Northridge",
            "Chatsworth",
            "Valencia",
            "Santa Clarita",
            "Pomona",
            "Ontario",
            "Rancho Cucamonga",
            "Riverside",
            "San Bernardino",
        ),
        ("Greater Los Angeles Area", "Greater Los Angeles", "LA Metro"),
    ),
    Metro(
        "Greater Chicago Area",
        US,
        ("IL", "IN", "WI"),
        ("Chicago", "Evanston", "Oak Park"),
        (
            "Schaumburg",
            "Naperville",
            "Oak Brook",
            "Downers Grove",
            "Lombard",
            "Itasca",
            "Rosemont",
            "Des Plaines",
            "Deerfield",
            "Northbrook",
            "Skokie",
            "Glenview",
            "Lake Forest",
            "Lincolnshire",
            "Vernon Hills",
            "Libertyville",
            "Arlington Heights",
            "Elk Grove Village",
            "Hoffman Estates",
            "Aurora",
            "Joliet",
            "Elgin",
            "Waukegan",
            "North Chicago",
            "Hammond",
            "Gary",
            "Kenosha",
        ),
        ("Chicago Metropolitan Area", "Greater Chicago", "Chicagoland"),
    ),
    Metro(
        "Washington DC-Baltimore Area",
        US,
        ("DC", "MD", "VA", "WV"),
        ("Washington", "Arlington", "Alexandria"),
        (
            "Baltimore",
            "Bethesda",
            "Rockville",
            "Silver Spring",
            "Gaithersburg",
            "Germantown",
            "College Park",
            "Columbia",
            "Annapolis",
            "Laurel",
            "Greenbelt",
            "Fort Meade",
            "Linthicum",
            "Hanover",
            "Towson",
            "McLean",
            "Tysons",
            "Tysons Corner",
            "Vienna",
            "Reston",
            "Herndon",
            "Chantilly",
            "Fairfax",
            "Falls Church",
            "Springfield",
            "Sterling",
            "Ashburn",
            "Dulles",
            "Leesburg",
            "Manassas",
            "Woodbridge",
            "Frederick",
        ),
        ("Washington D.C. Metro Area", "Washington DC Metro Area", "DMV", "Greater Washington DC Area"),
    ),
    Metro(
        "Austin, Texas Metropolitan Area",
        US,
        ("TX",),
        ("Austin", "Round Rock"),
        ("Cedar Park", "Georgetown", "Pflugerville", "Leander", "San Marcos", "Kyle", "Buda", "Lakeway"),
        ("Austin, Texas Area", "Greater Austin", "Austin Metropolitan Area"),
    ),
    Metro(
        "Dallas-Fort Worth Metroplex",
        US,
        ("TX",),
        ("Dallas", "Irving", "Richardson", "Addison", "Plano"),
        (
            "Fort Worth",
            "Frisco",
            "McKinney",
            "Allen",
            "Carrollton",
            "Farmers Branch",
            "Coppell",
            "Grapevine",
            "Southlake",
            "Westlake",
            "Arlington",
            "Grand Prairie",
            "Garland",
            "Mesquite",
            "Denton",
            "Lewisville",
            "Flower Mound",
            "The Colony",
        ),
        ("Dallas/Fort Worth Area", "Dallas-Fort Worth", "DFW", "Greater Dallas"),
    ),
    Metro(
        "Denver Metropolitan Area",
        US,
        ("CO",),
        ("Denver", "Aurora", "Lakewood", "Englewood", "Greenwood Village"),
        (
            "Boulder",
            "Broomfield",
            "Louisville",
            "Westminster",
            "Thornton",
            "Arvada",
            "Littleton",
            "Centennial",
            "Golden",
            "Lone Tree",
            "Highlands Ranch",
            "Longmont",
            "Castle Rock",
        ),
        ("Greater Denver Area", "Denver Metro"),
    ),
    Metro(
        "Greater Houston",
        US,
        ("TX",),
        ("Houston",),
        ("The Woodlands", "Sugar Land", "Katy", "Spring", "Pasadena", "Pearland", "Cypress", "Conroe", "Humble"),
        ("Houston, Texas Area", "Greater Houston Area", "Houston Metropolitan Area"),
    ),
    Metro(
        "Atlanta Metropolitan Area",
        US,
        ("GA",),
        ("Atlanta",),
        ("Alpharetta", "Marietta", "Sandy Springs", "Duluth", "Norcross", "Kennesaw", "Roswell", "Peachtree Corners"),
        ("Greater Atlanta Area", "Atlanta Metro"),
    ),
    Metro(
        "Greater Philadelphia",
        US,
        ("PA", "NJ", "DE", "MD"),
        ("Philadelphia",),
        (
            "King of Prussia",
            "Conshohocken",
            "Malvern",
            "Wayne",
            "Radnor",
            "Horsham",
            "Blue Bell",
            "Fort Washington",
            "Camden",
            "Cherry Hill",
            "Wilmington",
        ),
        ("Greater Philadelphia Area", "Philadelphia Metropolitan Area"),
    ),
    Metro(
        "San Diego Metropolitan Area",
        US,
        ("CA",),
        ("San Diego", "La Jolla"),
        ("Carlsbad", "Oceanside", "Escondido", "Chula Vista", "Poway", "Del Mar", "Encinitas", "San Marcos", "Vista"),
        ("Greater San Diego Area", "San Diego County"),
    ),
    Metro(
        "Portland, Oregon Metropolitan Area",
        US,
        ("OR", "WA"),
        ("Portland",),
        ("Beaverton", "Hillsboro", "Lake Oswego", "Tigard", "Tualatin", "Wilsonville", "Gresham", "Vancouver"),
        ("Portland, Oregon Area", "Greater Portland"),
    ),
    Metro(
        "Greater Minneapolis-St. Paul Area",
        US,
        ("MN", "WI"),
        ("Minneapolis", "St. Paul"),
        ("Bloomington", "Eden Prairie", "Edina", "Minnetonka", "Plymouth", "Eagan", "Maple Grove", "Roseville"),
        ("Minneapolis-St. Paul Area", "Twin Cities"),
    ),
    Metro(
        "Raleigh-Durham-Chapel Hill Area",
        US,
        ("NC",),
        ("Raleigh", "Durham", "Chapel Hill"),
        ("Cary", "Morrisville", "Research Triangle Park", "Apex", "Wake Forest"),
        ("Raleigh-Durham, North Carolina Area", "Research Triangle"),
    ),
    Metro(
        "Salt Lake City Metropolitan Area",
        US,
        ("UT",),
        ("Salt Lake City",),
        ("Lehi", "Draper", "South Jordan", "Sandy", "Murray", "West Valley City", "Provo", "Orem", "American Fork"),
        ("Greater Salt Lake City Area",),
    ),
    Metro(
        "Miami-Fort Lauderdale Area",
        US,
        ("FL",),
        ("Miami", "Miami Beach", "Coral Gables", "Doral"),
        ("Fort Lauderdale", "Boca Raton", "West Palm Beach", "Hollywood", "Plantation", "Sunrise", "Aventura"),
        ("Miami/Fort Lauderdale Area", "South Florida"),
    ),
    Metro(
        "Greater Phoenix Area",
        US,
        ("AZ",),
        ("Phoenix",),
        ("Scottsdale", "Tempe", "Mesa", "Chandler", "Gilbert", "Glendale", "Peoria", "Goodyear"),
        ("Phoenix, Arizona Area", "Phoenix Metropolitan Area"),
    ),
    Metro(
        "Detroit Metropolitan Area",
        US,
        ("MI",),
        ("Detroit",),
        ("Ann Arbor", "Dearborn", "Troy", "Southfield", "Auburn Hills", "Novi", "Farmington Hills", "Warren"),
        ("Greater Detroit Area",),
    ),
    Metro(
        "Greater Pittsburgh Region",
        US,
        ("PA",),
        ("Pittsburgh",),
        ("Cranberry Township", "Canonsburg", "Monroeville", "Wexford"),
        ("Greater Pittsburgh Area",),
    ),
    Metro(
        "Greater Sacramento",
        US,
        ("CA",),
        ("Sacramento",),
        ("Roseville", "Folsom", "Rancho Cordova", "Elk Grove", "Davis", "West Sacramento", "Rocklin"),
        ("Sacramento, California Area",),
    ),
    Metro(
        "Greater Toronto Area",
        CANADA,
        ("ON",),
        ("Toronto", "North York", "Scarborough", "Etobicoke", "Mississauga", "Markham", "Vaughan"),
        (
            "Brampton",
            "Oakville",
            "Richmond Hill",
            "Pickering",
            "Ajax",
            "Burlington",
            "Milton",
            "Oshawa",
            "Whitby",
            "Newmarket",
            "Aurora",
        ),
        ("Greater Toronto Area, Canada", "Toronto, Canada Area", "GTA"),
    ),
    Metro(
        "Greater Vancouver Metropolitan Area",
        CANADA,
        ("BC",),
        ("Vancouver", "Burnaby", "North Vancouver"),
        ("Richmond", "Surrey", "Coquitlam", "New Westminster", "West Vancouver", "Langley", "Delta"),
        ("Greater Vancouver", "Vancouver, Canada Area", "Metro Vancouver"),
    ),
    Metro(
        "Greater Montreal Metropolitan Area",
        CANADA,
        ("QC",),
        ("Montreal",),
        ("Laval", "Longueuil", "Saint-Laurent", "Dorval", "Pointe-Claire", "Brossard", "Boucherville"),
        ("Greater Montreal", "Montreal, Canada Area"),
    ),
)

# Other spellings of cities in the tables, so "NYC" and "New York City" are New York.
CITY_ALIASES = {
    "nyc": "New York",
    "new york city": "New York",
    "sf": "San Francisco",
    "washington dc": "Washington",
    "rtp": "Research Triangle Park",
    "la": "Los Angeles",
}


@cache
def _city_index() -> dict[str, set[str]]:
    """Metro name -> plain names of all its cities."""
    return {m.name: {canonical_city(c) for c in (*m.core, *m.cities)} for m in METROS}


@cache
def _metros_by_name() -> dict[str, Metro]:
    names: dict[str, Metro] = {}
    for metro in METROS:
        for name in (metro.name, *metro.aliases):
            names[plain(name)] = metro
    return names


@cache
def _metros_by_city() -> dict[str, tuple[Metro, ...]]:
    by_city: dict[str, list[Metro]] = {}
    for metro in METROS:
        for city in _city_index()[metro.name]:
            by_city.setdefault(city, []).append(metro)
    return {city: tuple(metros) for city, metros in by_city.items()}


def metro_named(text: str) -> Metro | None:
    """The metro a name means ('San Francisco Bay Area', 'Greater Boston', 'Bay Area'), or None."""
    return _metros_by_name().get(plain(text))


def metros_with_city(city: str) -> tuple[Metro, ...]:
    """Every metro that has a city of this name (a name like Newark or Richmond is in several)."""
    return _metros_by_city().get(canonical_city(city), ())


def metro_of_principal(city: str, region: str | None) -> Metro | None:
    """The metro a profile means by naming its principal city ('Seattle, WA'), or None."""
    key = canonical_city(city)
    for metro in METROS:
        if canonical_city(metro.city) == key and (region is None or region in metro.regions):
            return metro
    return None


_PREFIXES = ((re.compile(r"^(?:saint|st) "), "st "), (re.compile(r"^(?:fort|ft) "), "fort "))


def canonical_city(city: str) -> str:
    """A city's usual name, for comparing: 'NYC' and 'New York City' are 'new york', 'Saint Paul' 'st. paul'."""
    key = plain(city)
    key = plain(CITY_ALIASES.get(key, key))
    for pattern, prefix in _PREFIXES:
        key = pattern.sub(prefix, key)
    return key


@cache
def core_cities(metro: Metro) -> frozenset[str]:
    """The canonical names of the cities a profile means by naming the metro's principal city."""
    return frozenset(canonical_city(c) for c in metro.core)

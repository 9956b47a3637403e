"""What the profile rules out is dropped before scoring, and only what it surely rules out.

The prefilter drops what the profile's judgement drops or caps below the digest's minimum score
(40 by default): such a posting could never be a pick, so it is not worth a page fetch or an LLM call.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from scoring.fit import CAP_ELSEWHERE, CAP_NO_SPONSORSHIP, CAP_ONE_LEVEL_OFF, CAP_WRONG_LEVEL, judge
from scoring.local import LocalScorer
from scoring.model import ScoredPosting
from scoring.prefilter import drop_unshowable
from scoring.profile import Profile
from scoring.rules import apply_verdict
from scrapers.model import Posting
from scrapers.places import place_fields

NOW = datetime(2026, 11, 21, 8, 0, tzinfo=UTC)


def job(title: str, location: str = "", company: str = "Acme", **fields) -> Posting:
    return Posting(
        key=f"linkedin:{abs(hash((title, location, company)))}",
        source="linkedin",
        url="",
        title=title,
        company=company,
        location=location,
        **{**place_fields(location), **fields},
    )


RULES = Profile(
    avoid_keywords=["clearance required", "unpaid"],
    avoid_companies=["Globex"],
    seniority=["internship"],
    max_age_days=14,
    locations=["San Francisco Bay Area", "Seattle, WA", "United States"],
    remote_ok=True,
)
MIN_SCORE = 40  # the digest's default


def apply_filters(postings: list[Posting], profile: Profile, now: datetime) -> tuple[list[Posting], dict[str, int]]:
    return drop_unshowable(postings, profile, min_score=MIN_SCORE, now=now)


def test_each_rule_drops_what_it_names_and_counts_it() -> None:
    postings = [
        job("Machine Learning Intern", "San Francisco, CA", posted_at=NOW - timedelta(days=1)),
        job("Backend Intern", "Austin, TX"),
        job("Security Intern", "Denver, CO", description="Active TS/SCI clearance required."),
        job("Data Intern", "Chicago, IL", company="Globex Inc."),
        job("Senior ML Engineer", "Seattle, WA"),
        job("Research Intern", "Boston, MA", posted_at=NOW - timedelta(days=30)),
        job("Software Engineer Intern", "Berlin, Germany"),
        job("Applied AI Intern", "Remote"),
        job("ML Intern", "Remote - Germany", country="Germany", remote=True),
    ]
    kept, dropped = apply_filters(postings, RULES, now=NOW)
    assert [p.title for p in kept] == ["Machine Learning Intern", "Backend Intern", "Applied AI Intern"]
    assert dropped == {"keyword": 1, "company": 1, "seniority": 1, "too old": 1, "location": 2}


def test_what_a_posting_does_not_say_is_never_held_against_it() -> None:
    unknown = job("Software Engineer", "")  # no level word, no place, no date
    kept, dropped = apply_filters([unknown], RULES, now=NOW)
    assert kept == [unknown] and dropped == {}


def test_a_site_seniority_label_counts_when_the_title_has_none() -> None:
    listed = job("Software Engineer", "Seattle, WA", seniority="Mid-Senior level")
    kept, dropped = apply_filters([listed], RULES, now=NOW)
    assert kept == [] and dropped == {"seniority": 1}


def test_remote_jobs_are_out_when_the_profile_does_not_want_them() -> None:
    rules = Profile(locations=["Seattle, WA"], remote_ok=False)
    kept, _ = apply_filters([job("Intern", "Remote"), job("Intern", "Seattle, WA")], rules, now=NOW)
    assert [p.location for p in kept] == ["Seattle, WA"]


def test_a_multi_city_posting_is_kept_when_any_city_fits() -> None:
    rules = Profile(locations=["Seattle, WA"])
    kept, _ = apply_filters([job("Intern", "New York, NY; Seattle, WA")], rules, now=NOW)
    assert len(kept) == 1


def test_no_rules_keep_everything() -> None:
    postings = [job("Senior Director", "Mars"), job("Intern", "")]
    assert apply_filters(postings, Profile(), now=NOW) == (postings, {})


def test_a_bay_area_profile_keeps_every_bay_area_city_and_unknown_places() -> None:
    bay = Profile(locations=["San Francisco Bay Area"], remote_ok=False, seniority=["internship"])
    bay_area = ["San Jose, CA", "San Mateo, CA", "Foster City, CA", "Mountain View, CA", "South San Francisco, CA"]
    unknown = ["Tbilisi, Georgia", "Springfield", "Fresno, CA", ""]
    postings = [job("Software Engineer Intern", place) for place in [*bay_area, *unknown, "Austin, TX"]]
    kept, dropped = apply_filters(postings, bay, now=NOW)
    assert [p.location for p in kept] == [*bay_area, *unknown]
    assert dropped == {"location": 1}


# -- the prefilter is the certain subset of the judgement -----------------------------------------

TITLES = ["Software Engineer", "Machine Learning Engineer", "Data Analyst", "Product Designer"]
LEVEL_WORDS = ["", "Intern", "Senior", "Staff", "Junior", "New Grad", "Director of", "Engineering Manager", "II"]
PLACES = [
    "",
    "Remote",
    "Remote in USA",
    "Remote - Germany",
    "San Jose, CA",
    "San Francisco Bay Area",
    "Seattle, WA",
    "Bellevue, WA",
    "New York, NY; Seattle, WA",
    "Austin, TX",
    "Toronto, ON, Canada",
    "CA-Toronto, CA-Montreal",
    "Tokyo - Japan",
    "Lima, Perú",
    "Tbilisi, Georgia",
    "Springfield",
    "United States",
    "California",
]
WANTED = ["San Francisco Bay Area", "Seattle, WA", "United States", "California", "Mountain View, CA", "Remote"]
COMPANIES = ["Acme", "Globex", "Globex Inc.", "Initech", "Lensa", "Jobs via Dice"]
TEXTS = [
    "",
    "Build models in PyTorch.",
    "We are unable to sponsor visas for this role.",
    "Commission only. Unpaid.",
    "Active TS/SCI clearance required.",
]
LINKEDIN_LEVELS = [None, "Internship", "Entry level", "Associate", "Mid-Senior level", "Director", "Executive"]
PROFILE_LEVELS = ["internship", "new grad", "entry", "mid", "senior", "director", "mid-senior"]


@st.composite
def postings(draw: st.DrawFn) -> Posting:
    location = draw(st.sampled_from(PLACES))
    age = draw(st.none() | st.integers(0, 60))
    return Posting(
        key=f"linkedin:{draw(st.integers(1, 10**9))}",
        source="linkedin",
        url="",
        title=f"{draw(st.sampled_from(LEVEL_WORDS))} {draw(st.sampled_from(TITLES))}".strip(),
        company=draw(st.sampled_from(COMPANIES)),
        via=draw(st.none() | st.sampled_from(COMPANIES)),
        location=location,
        description=draw(st.sampled_from(TEXTS)),
        # Half a day off a whole day, so "older than N days" never sits on the boundary.
        posted_at=None if age is None else datetime.now(UTC) - timedelta(days=age + 0.5),
        seniority=draw(st.sampled_from(LINKEDIN_LEVELS)),
        remote=draw(st.sampled_from([None, True])),
        **place_fields(location),
    )


@st.composite
def profiles(draw: st.DrawFn) -> Profile:
    def some(values: list[str]) -> list[str]:
        return draw(st.lists(st.sampled_from(values), max_size=3, unique=True))

    return Profile(
        roles=["software engineer intern"],
        skills=["python", "pytorch"],
        seniority=some(PROFILE_LEVELS),
        locations=some(WANTED),
        acceptable_locations=some(WANTED),
        remote_ok=draw(st.booleans()),
        avoid_companies=some(["Globex", "Lensa", "Initech Holdings"]),
        avoid_keywords=some(["unpaid", "clearance required"]),
        needs_visa_sponsorship=draw(st.booleans()),
        max_age_days=draw(st.integers(1, 45)),
    )


CAPS = [CAP_NO_SPONSORSHIP, CAP_WRONG_LEVEL, CAP_ELSEWHERE, CAP_ONE_LEVEL_OFF]


@settings(max_examples=300, deadline=None)
@given(
    posting=postings(),
    profile=profiles(),
    # The caps themselves are where an off-by-one would hide.
    min_score=st.sampled_from([c + d for c in CAPS for d in (0, 1)]) | st.integers(0, 100),
    llm_score=st.integers(0, 100),
)
def test_whatever_the_prefilter_drops_no_scorer_could_show(
    posting: Posting, profile: Profile, min_score: int, llm_score: int
) -> None:
    (kept, _) = drop_unshowable([posting], profile, min_score=min_score)
    local = LocalScorer.build(profile).score(posting)
    # What the LLM said, after the same limits every LLM score goes through.
    llm = apply_verdict(ScoredPosting(posting, llm_score, "llm reason", scorer="llm"), judge(posting, profile))
    if not kept:
        for scored in (local, llm):
            assert scored.dropped or scored.score < min_score
    else:
        # And it drops nothing more: a posting it keeps can still be shown by a high enough score.
        best = apply_verdict(ScoredPosting(posting, 100, "best"), judge(posting, profile))
        assert not best.dropped and best.score >= min_score

"""What the profile rules out is dropped before scoring, and only what it surely rules out.

The prefilter drops what the profile's judgement drops or caps below the digest's minimum score
(40 by default): such a posting could never be a pick, so it is not worth a page fetch or an LLM call.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from scoring.prefilter import drop_unshowable
from scoring.profile import Profile
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

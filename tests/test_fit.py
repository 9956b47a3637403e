"""Profile fit: one seniority ladder, one employer matcher and the limits a person sets, judged alike
before scoring, after the local scorer and after the LLM."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.slack.blocks import digest_messages
from scoring.fit import judge
from scoring.profile import Profile
from scoring.seniority import level_gap, posting_levels, wanted_levels
from scrapers.dedupe import merge_duplicates
from scrapers.employers import aggregator_of, company_key, same_employer
from scrapers.model import Posting
from tests.fake_slack import render_blocks
from tests.slack_fixtures import NOW, digest, scored


def job(title: str = "Software Engineer Intern", company: str = "Acme", **fields: object) -> Posting:
    return Posting(key=f"t:{title}:{company}", source="t", url="", title=title, company=company, **fields)  # type: ignore[arg-type]


# -- one ladder -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "rungs"),
    [
        ("Software Engineer Intern", {0}),
        ("Machine Learning Co-op", {0}),
        ("Werkstudent / Working Student Data", {0}),
        ("Product Manager Intern", {0}),  # the intern word decides
        ("Software Engineer, New Grad", {1}),
        ("Junior Data Analyst", {1}),
        ("Senior Software Engineer", {3}),
        ("Software Engineer III", {3}),
        ("Senior Director of Engineering", {4}),  # a director, however senior
        ("Engineering Manager", {3, 4}),
        ("Software Engineer", set()),
    ],
)
def test_title_words_name_a_rung(title: str, rungs: set[int]) -> None:
    assert posting_levels(job(title)) == rungs


def test_linkedins_seniority_level_and_the_employment_type_count_when_the_title_is_silent() -> None:
    assert posting_levels(job("Software Engineer", seniority="Mid-Senior level")) == {2, 3}
    assert posting_levels(job("Software Engineer", seniority="Entry level")) == {1}
    assert posting_levels(job("Software Engineer", employment_type="Internship")) == {0}
    assert posting_levels(job("Software Engineer", seniority="Not Applicable")) == set()


def test_profiles_name_rungs_in_their_own_words() -> None:
    def rungs(*names: str) -> set[int]:
        return set(wanted_levels(Profile(seniority=list(names))))

    assert rungs("internship") == rungs("Intern") == rungs("co-op") == {0}
    assert rungs("new grad") == rungs("entry-level") == rungs("junior") == {1}
    assert rungs("mid-senior") == {2, 3}
    assert rungs("something else") == set()


def test_distance_on_the_ladder_is_what_caps() -> None:
    intern = Profile(seniority=["internship"])
    assert level_gap(job("ML Engineer, New Grad"), intern) == 1
    assert level_gap(job("Senior ML Engineer"), intern) == 3
    assert level_gap(job("ML Engineer"), intern) is None, "no level word is never held against a posting"
    assert judge(job("ML Engineer, New Grad"), intern).cap == 45
    assert judge(job("Senior ML Engineer"), intern).cap == 25


# -- one employer matcher -----------------------------------------------------------------------


def test_company_names_are_compared_without_their_legal_form() -> None:
    assert company_key("Palantir Technologies Inc.") == "palantir technologies"
    assert same_employer("Globex", "Globex Inc.")
    assert same_employer("Palantir", "Palantir Technologies")
    assert not same_employer("Globex", "Globexa Labs")
    assert not same_employer("Capital One", "Capital Group")


@pytest.mark.parametrize(
    ("company", "shown"),
    [
        # From the list dedupe had...
        ("Lensa", "Lensa"),
        ("Jobs via Dice", "Jobs via Dice"),
        ("Jooble", "Jooble"),
        ("Jobs via eFinancialCareers", "eFinancialCareers"),
        ("Hiring Cafe", "Hiring Cafe"),
        # ...and the one the Slack blocks had.
        ("Jobot", "Jobot"),
        ("Talentify.io", "Talentify.io"),
        ("Jobright.ai", "Jobright.ai"),
        ("myGwork - LGBTQ+ Business Community", "myGwork"),
    ],
)
def test_one_aggregator_list_knows_every_reposting_service(company: str, shown: str) -> None:
    assert aggregator_of(company) == shown
    repost = scored("4400000097", "Backend Intern", company, "Austin, TX", 70)
    assert f"reposted via {shown}" in render_blocks(digest_messages(digest([repost]), NOW)[1]["blocks"])


def test_an_employer_is_not_an_aggregator() -> None:
    assert aggregator_of("Dicerna Pharmaceuticals") is None
    assert aggregator_of("Acme") is None
    [alone] = merge_duplicates([job(company="Jobot")])
    assert alone.via == "Jobot", "dedupe names the reposting service the Slack pick shows"


# -- the limits a person sets -------------------------------------------------------------------


def test_avoided_employers_are_matched_by_the_employer_matcher_and_through_reposts() -> None:
    avoid = Profile(avoid_companies=["Globex", "Lensa"])
    assert judge(job(company="Globex Inc."), avoid).drop
    assert judge(job(company="Acme", via="Lensa"), avoid).drop
    assert not judge(job(company="Globexa Labs"), avoid).drop


def test_postings_older_than_the_profile_allows_are_dropped_and_undated_ones_are_not() -> None:
    now = datetime(2026, 11, 21, tzinfo=UTC)
    profile = Profile(max_age_days=14)
    old = judge(job(posted_at=now - timedelta(days=20)), profile, now)
    assert old.drop and "posted 20 days ago" in old.why
    assert not judge(job(posted_at=now - timedelta(days=3)), profile, now).drop
    assert not judge(job(), profile, now).drop


def test_every_cap_is_named_and_the_lowest_wins() -> None:
    profile = Profile(seniority=["internship"], locations=["Seattle, WA"], needs_visa_sponsorship=True)
    verdict = judge(job("Senior Engineer", location="Austin, TX", description="We cannot sponsor visas."), profile)
    assert [limit.rule for limit in verdict.limits] == ["seniority", "location", "visa"]
    assert verdict.cap == 20 and "wrong level" in verdict.why and "outside your locations" in verdict.why

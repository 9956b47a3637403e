"""One job, one posting: copies merge, near misses stay apart."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from scrapers.dedupe import merge_duplicates
from scrapers.greenhouse import parse_board
from scrapers.linkedin import parse_search_page
from scrapers.model import Posting
from tests.fake_sites import saved


def job(key: str, title: str, company: str, location: str = "", **fields) -> Posting:
    source = key.split(":")[0]
    url = fields.pop("url", f"https://example.test/{key.replace(':', '/')}")
    return Posting(key=key, source=source, url=url, title=title, company=company, location=location, **fields)


def test_the_same_key_found_twice_counts_once() -> None:
    cards = parse_search_page(saved("linkedin/search_jobdekho.html")).postings
    again = parse_search_page(saved("linkedin/search_jobdekho.html")).postings
    merged = merge_duplicates(cards + again)
    assert [p.key for p in merged] == [p.key for p in cards]


def test_the_employers_board_and_its_linkedin_copy_become_one_posting_preferring_the_board() -> None:
    board = parse_board(json.loads(saved("greenhouse/board_acmeai.json")), "acmeai").postings[0]
    linkedin = parse_search_page(saved("linkedin/search_quirks.html")).postings[0]
    linkedin.title = "Machine Learning Engineer Intern"
    linkedin.salary = "$45/hr - $55/hr"
    merged = merge_duplicates([linkedin, board])
    assert len(merged) == 1
    one = merged[0]
    assert one.key == board.key and one.source == "greenhouse"
    assert one.aliases == [linkedin.key] and one.all_keys == [board.key, linkedin.key]
    assert one.links == [board.url, linkedin.url]
    assert one.salary == "$45/hr - $55/hr", "what only the LinkedIn copy knew is kept"
    assert "PyTorch" in one.description
    assert one.via is None


def test_wording_differences_still_merge() -> None:
    a = job("lever:1", "ML Engineer Intern (Summer 2026)", "Palantir", "Palo Alto, CA")
    b = job(
        "linkedin:1",
        "Machine Learning Engineer Intern - Summer 2026",
        "Palantir Technologies Inc.",
        "Palo Alto, California, United States",
    )
    c = job("indeed:1", "Sr. Software Engineer", "Palantir", "Palo Alto, CA")
    d = job("linkedin:2", "Senior Software Engineer", "Palantir Technologies", "Palo Alto, CA")
    assert len(merge_duplicates([a, b, c, d])) == 2


def test_near_misses_stay_apart() -> None:
    postings = [
        job("greenhouse:1", "Software Engineer Intern, Payments", "Stripe", "San Francisco, CA"),
        job("greenhouse:2", "Software Engineer Intern, Billing", "Stripe", "San Francisco, CA"),
        job("linkedin:3", "Software Engineer Intern, Payments", "Stripe", "Seattle, WA"),
        job("linkedin:4", "Software Engineer II", "Stripe", "San Francisco, CA"),
        job("linkedin:5", "Software Engineer III", "Stripe", "San Francisco, CA"),
        job(
            "linkedin:6",
            "Software Engineer Intern, Payments",
            "Stripe",
            "San Francisco, CA",
            url="https://www.linkedin.com/jobs/view/6",
        ),
        job("ashby:7", "Software Engineer Intern, Payments", "Ramp", "San Francisco, CA"),
        job("lever:8", "Software Engineer Intern, Payments", "Stripe", "London, United Kingdom"),
    ]
    merged = merge_duplicates(postings)
    keys = [p.all_keys for p in merged]
    # Only the LinkedIn copy of the San Francisco Payments role joins its board posting.
    assert ["greenhouse:1", "linkedin:6"] in keys
    assert len(merged) == len(postings) - 1


def test_an_aggregator_repost_joins_the_employer_it_names_and_remembers_the_aggregator() -> None:
    employer = job(
        "greenhouse:9", "Data Science Intern", "Globex", "Chicago, IL", posted_at=datetime(2026, 11, 18, tzinfo=UTC)
    )
    lensa = job(
        "linkedin:9",
        "Data Science Intern",
        "Lensa",
        "Chicago, IL",
        description="Lensa is the leading career site for job seekers. Our client, Globex, is "
        "hiring a Data Science Intern in Chicago.",
        posted_at=datetime(2026, 11, 20, tzinfo=UTC),
    )
    dice = job(
        "linkedin:10",
        "Data Science Intern",
        "Jobs via Dice",
        "Chicago, IL",
        description="Dice is the leading career destination for tech experts. Globex is seeking ...",
    )
    unrelated = job(
        "linkedin:11",
        "Data Science Intern",
        "myGwork - LGBTQ+ Business Community",
        "Chicago, IL",
        description="Initech is looking for a Data Science Intern.",
    )
    merged = merge_duplicates([lensa, employer, dice, unrelated])
    assert len(merged) == 2
    main = next(p for p in merged if p.key == "greenhouse:9")
    assert set(main.aliases) == {"linkedin:9", "linkedin:10"}
    assert main.via == "Lensa, Jobs via Dice"
    assert main.posted_at == datetime(2026, 11, 18, tzinfo=UTC), "the repost does not make it look newer"
    other = next(p for p in merged if p.key == "linkedin:11")
    assert other.via == "myGwork" and other.aliases == []


def test_the_simplify_entry_and_the_lever_page_share_a_link() -> None:
    lever = job(
        "lever:abc",
        "Forward Deployed Engineer, Internship",
        "Palantir",
        "New York, NY",
        url="https://jobs.lever.co/palantir/abc",
    )
    simplify = job(
        "simplify:s1",
        "Forward Deployed Software Engineer – Internship - US Government",
        "Palantir",
        "Honolulu, HI",
        url="https://jobs.lever.co/palantir/abc/apply",
        sponsorship="Other",
    )
    (merged,) = merge_duplicates([simplify, lever])
    assert merged.key == "lever:abc" and merged.aliases == ["simplify:s1"] and merged.sponsorship == "Other"

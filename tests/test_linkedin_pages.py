"""The generated LinkedIn pages read back through our real parsers as the jobs they were made from,
so a test or bench built on a generated pool exercises the same parsing as the saved captures."""

from __future__ import annotations

import asyncio
from datetime import date

from scrapers.collect import collect, fetch_details
from scrapers.config import SearchSpec, SourceConfig
from scrapers.linkedin import parse_job_page, parse_search_page
from tests.fake_sites import FakeSite
from tests.linkedin_pages import Job, job_page, linkedin_routes, search_page

JOBS = [
    Job(
        4500000000 + i,
        f"Machine Learning Intern {i} & Co <b>",
        f"Company {i % 4}",
        "San Jose, CA",
        posted=date(2026, 11, 20),
        description="Build ranking models in PyTorch.\n\nPython required.",
    )
    for i in range(23)
]


def test_a_generated_search_page_parses_to_the_jobs_it_was_made_from() -> None:
    parsed = parse_search_page(search_page(JOBS[:10]))
    assert not parsed.warnings
    assert [p.key for p in parsed.postings] == [f"linkedin:{j.id}" for j in JOBS[:10]]
    first = parsed.postings[0]
    assert (first.title, first.company, first.location) == (JOBS[0].title, "Company 0", "San Jose, CA")
    assert first.posted_at is not None and first.posted_at.date() == date(2026, 11, 20)


def test_a_generated_job_page_gives_its_description_and_criteria() -> None:
    fields, warnings = parse_job_page(job_page(JOBS[0]))
    assert not warnings
    assert "ranking models in PyTorch" in fields["description"] and "Python required" in fields["description"]
    assert fields["seniority"] == "Internship"


def test_a_pool_served_by_a_fake_site_is_collected_whole_with_details() -> None:
    with FakeSite(linkedin_routes(JOBS)) as site:
        cfg = SourceConfig(base_url=site.url, delay=0, max_pages=5)
        result = asyncio.run(collect([SearchSpec(keywords="ml intern")], {"linkedin": cfg}))
        assert not result.errors
        assert len(result.postings) == len(JOBS)
        detailed = asyncio.run(fetch_details(result.postings[:3], {"linkedin": cfg}))
    assert all("PyTorch" in p.description for p in detailed)

"""Job pages: read only for the best candidates, as many at once as `concurrency` says, and what a page
could not tell is reported."""

from __future__ import annotations

import dataclasses
import threading
from contextlib import suppress
from datetime import date
from pathlib import Path

from bot.cli import main
from scoring.config import ScoringConfig
from scoring.evaluate import DEFAULT_DATA, load_labelled
from scoring.scorer import select_candidates
from scrapers import linkedin
from scrapers.base import SourceReport
from scrapers.collect import fetch_details
from scrapers.config import SourceConfig
from scrapers.model import Posting
from tests.fake_sites import FakeSite, Reply, Seen, saved
from tests.linkedin_pages import Job, linkedin_routes

JOB_PAGES = linkedin.DETAIL_PATH.rsplit("/", 1)[0] + "/*"

POOL = [
    Job(
        4600000000 + i,
        f"Software Engineer Intern {i}",
        f"Company {i}",
        "San Francisco, CA",
        posted=date.today(),
        description="Build payment APIs in Python.",
    )
    for i in range(25)
]


def _postings(count: int) -> list[Posting]:
    return [
        Posting(key=f"linkedin:{job.id}", source="linkedin", url="", title=job.title, company=job.company)
        for job in POOL[:count]
    ]


def test_a_run_reads_the_job_pages_of_the_best_candidates_only(env: Path, capsys) -> None:
    with FakeSite(linkedin_routes(POOL)) as site:
        (env / "jobpicks.toml").write_text(f"""
[profile]
name = "alex"
roles = ["software engineer intern"]
skills = ["python"]
seniority = ["internship"]

[[search]]
keywords = "software engineer intern"

[sources.linkedin]
base_url = "{site.url}"
delay = 0
max_pages = 5

[digest]
min_score = 0
size = 5

[scoring]
details = 6
""")
        assert main(["run", "--dry-run"]) == 0
        pages_read = [r.path for r in site.requests if r.path.startswith("/jobs-guest/jobs/api/jobPosting/")]
    assert len([r for r in site.requests if r.path == linkedin.SEARCH_PATH]) == 4, "25 cards, then the end"
    assert len(pages_read) == 6, "25 candidates, 6 job pages read"
    assert "Fetching details for the best 6 of 25 candidates" in capsys.readouterr().err


def test_the_postings_a_person_rates_best_rank_within_the_pages_a_run_reads() -> None:
    # Why 30 job pages for a digest of 20: ranked by their cards alone (no description yet), the 20
    # postings of the labelled set a person rated best all come within the first 30.
    labelled = load_labelled(DEFAULT_DATA)
    cards = [dataclasses.replace(p, description="") for p in labelled.postings]
    by_card = [p.key for p in select_candidates(cards, labelled.profile, [], len(cards))]
    best = sorted(labelled.postings, key=lambda p: -labelled.labels[p.key])[:20]
    assert max(by_card.index(p.key) for p in best) < ScoringConfig().details


async def test_job_pages_are_read_as_many_at_once_as_concurrency_says() -> None:
    # Each of three slots waits a second between its own requests, yet the three run side by side: the
    # first three pages are answered only once all three are being answered (spacing every start a
    # delay apart, as the gate once did, never gets there within the 0.4 s the site waits).
    first_three = threading.Barrier(3, timeout=0.4)

    def page(seen: Seen) -> Reply:
        with suppress(threading.BrokenBarrierError):
            if len(site.requests) <= 3:
                first_three.wait()
        job = next(j for j in POOL if str(j.id) == seen.path.rsplit("/", 1)[-1])
        return linkedin_routes([job])[JOB_PAGES](seen)

    postings = _postings(6)
    with FakeSite({JOB_PAGES: page}) as site:
        await fetch_details(postings, {"linkedin": SourceConfig(base_url=site.url, delay=1.0, concurrency=3)})
        assert site.most_in_flight == 3
        assert len(site.requests) == 6
    assert all("payment APIs" in p.description for p in postings)


async def test_one_slot_means_one_job_page_at_a_time() -> None:
    postings = _postings(4)
    with FakeSite({JOB_PAGES: lambda seen: Reply(saved("linkedin/job_view_jobdekho.html"), delay=0.05)}) as site:
        await fetch_details(postings, {"linkedin": SourceConfig(base_url=site.url, delay=0, concurrency=1)})
        assert site.most_in_flight == 1 and len(site.requests) == 4


async def test_what_a_job_page_could_not_tell_joins_the_linkedin_report() -> None:
    posting = _postings(1)[0]
    french = saved("linkedin/job_posting_fr_asobo.html").replace("Secteurs", "Sektörler")
    report = SourceReport(source="linkedin", found=1)
    with FakeSite({JOB_PAGES: Reply(french)}) as site:
        await fetch_details([posting], {"linkedin": SourceConfig(base_url=site.url, delay=0)}, [report])
    assert posting.employment_type == "Stage / Alternance"
    assert len(report.warnings) == 1 and "'sektörler'" in report.warnings[0]
    assert report.warnings[0].startswith(f"job {posting.key.split(':')[1]}: ")

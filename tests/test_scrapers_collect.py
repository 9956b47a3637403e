"""Collecting from the sites, played by a local server: paging, throttling, failures, budgets."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator

import pytest

from scrapers.base import SourceReport
from scrapers.collect import collect, fetch_details
from scrapers.config import SearchSpec, SourceConfig
from scrapers.linkedin import SEARCH_PATH
from scrapers.model import Posting
from tests.fake_sites import FakeSite, Reply, Seen, pages_by_start, saved

ML_INTERN = SearchSpec(keywords="machine learning intern", location="United States", job_type=["internship"])
SIMPLIFY_PATH = "/SimplifyJobs/Summer2026-Internships/dev/.github/scripts/listings.json"


@pytest.fixture
def site() -> Iterator[FakeSite]:
    with FakeSite() as fake:
        yield fake


def fast(site: FakeSite, **settings) -> SourceConfig:
    """A source pointed at the fake site, with delays small enough for a test."""
    values = {"base_url": site.url, "delay": 0.0, "backoff": 0.01, "timeout": 2, "retries": 2}
    return SourceConfig(**{**values, **settings})


# Ten cards, then three, then LinkedIn's empty page.
linkedin_pages = pages_by_start(
    {0: saved("linkedin/search_tr_2026-09.html"), 10: saved("linkedin/search_jobdekho.html")}
)


def report_of(reports: list[SourceReport], name: str) -> SourceReport:
    return next(r for r in reports if r.source == name)


async def test_linkedin_pages_on_by_the_cards_returned_and_stops_at_the_empty_page(site: FakeSite) -> None:
    site.route(SEARCH_PATH, linkedin_pages)
    result = await collect([ML_INTERN], {"linkedin": fast(site)})
    report = report_of(result.reports, "linkedin")
    assert report.error is None and report.warnings == []
    assert len(result.postings) == 13 and report.found == 13
    asked = site.hits(SEARCH_PATH)
    assert [r.query["start"] for r in asked] == ["0", "10", "13"]
    first = asked[0].query
    assert first["keywords"] == "machine learning intern" and first["location"] == "United States"
    assert first["f_TPR"] == "r86400" and first["f_JT"] == "I"
    # No job page is fetched while collecting: details come later, for the survivors only.
    assert all(r.path == SEARCH_PATH for r in site.requests)


async def test_a_changed_layout_is_a_warning_naming_the_field_not_an_empty_day(site: FakeSite) -> None:
    site.route(SEARCH_PATH, Reply(saved("linkedin/search_changed_layout.html")))
    result = await collect([ML_INTERN], {"linkedin": fast(site)})
    report = report_of(result.reports, "linkedin")
    assert result.postings == []
    assert report.error is None
    assert len(report.warnings) == 1 and "base-search-card" in report.warnings[0]
    assert "machine learning intern" in report.warnings[0]


async def test_a_429_is_retried_after_the_wait_the_site_asked_for(site: FakeSite) -> None:
    site.route(
        "/v1/boards/stripe/jobs",
        [
            Reply("slow down", status=429, headers={"Retry-After": "1"}),
            Reply(saved("greenhouse/jobs.json"), headers={"Content-Type": "application/json"}),
        ],
    )
    result = await collect([], {"greenhouse": fast(site, companies=["stripe"])})
    report = report_of(result.reports, "greenhouse")
    assert report.error is None and report.retries == 1
    assert len(result.postings) == 3
    assert len(site.hits("/v1/boards/stripe/jobs")) == 2
    # Our backoff here is 10 ms (jittered); exactly one second is the wait the site asked for.
    assert report.waited == 1.0


async def test_a_retry_after_longer_than_the_budget_gives_up_at_once(site: FakeSite) -> None:
    site.route("/v1/boards/stripe/jobs", Reply("", status=429, headers={"Retry-After": "3600"}))
    result = await collect([], {"greenhouse": fast(site, companies=["stripe"], max_seconds=5)})
    error = report_of(result.reports, "greenhouse").error
    assert error and "Retry-After" in error and "max_seconds" in error
    assert len(site.requests) == 1


async def test_server_errors_are_retried_with_backoff_until_the_site_recovers(site: FakeSite) -> None:
    site.route(
        "/v0/postings/palantir",
        [Reply("oops", status=500), Reply("oops", status=503), Reply(saved("lever/postings.json"))],
    )
    result = await collect([], {"lever": fast(site, companies=["palantir"])})
    report = report_of(result.reports, "lever")
    assert report.error is None and report.retries == 2 and len(result.postings) == 3


async def test_a_failing_source_keeps_what_it_found_and_the_others_are_unaffected(site: FakeSite) -> None:
    def pages(seen: Seen) -> Reply:
        if seen.query["start"] == "0":
            return Reply(saved("linkedin/search_tr_2026-09.html"))
        return Reply("Service Unavailable", status=500)

    site.route(SEARCH_PATH, pages)
    site.route("/v1/boards/stripe/jobs", Reply(saved("greenhouse/jobs.json")))
    seen_reports: list[str] = []
    sources = {"linkedin": fast(site), "greenhouse": fast(site, companies=["stripe"])}
    result = await collect([ML_INTERN], sources, on_progress=lambda r: seen_reports.append(r.source))
    linkedin = report_of(result.reports, "linkedin")
    greenhouse = report_of(result.reports, "greenhouse")
    assert linkedin.found == 10, "the first page's postings survive the failure of the second"
    assert linkedin.error is not None
    assert "HTTP 500" in linkedin.error and "3 tries" in linkedin.error and "\n" not in linkedin.error
    assert greenhouse.error is None and greenhouse.found == 3
    assert sorted(seen_reports) == ["greenhouse", "linkedin"]
    assert {p.source for p in result.postings} == {"linkedin", "greenhouse"}
    assert result.errors == [f"linkedin: {linkedin.error}"]


async def test_a_site_too_slow_to_answer_is_reported_with_the_setting_to_change(site: FakeSite) -> None:
    site.route("/v0/postings/palantir", Reply(saved("lever/postings.json"), delay=1.0))
    result = await collect([], {"lever": fast(site, companies=["palantir"], timeout=0.2, retries=1)})
    error = report_of(result.reports, "lever").error
    assert error and "did not answer within 0.2 s" in error and "sources.lever.timeout" in error


async def test_a_response_cut_off_mid_body_is_fetched_again(site: FakeSite) -> None:
    board = saved("greenhouse/jobs.json")
    site.route("/v1/boards/stripe/jobs", [Reply(board, truncate=200), Reply(board)])
    result = await collect([], {"greenhouse": fast(site, companies=["stripe"])})
    report = report_of(result.reports, "greenhouse")
    assert report.error is None and report.retries == 1 and len(result.postings) == 3


async def test_a_json_body_that_ends_early_is_one_clear_error(site: FakeSite) -> None:
    site.route(
        "/posting-api/job-board/ramp",
        Reply(saved("ashby/jobs.json")[:400].encode(), headers={"Content-Type": "application/json"}),
    )
    result = await collect([], {"ashby": fast(site, companies=["ramp"])})
    error = report_of(result.reports, "ashby").error
    assert error and "'ramp'" in error and "not valid JSON" in error


async def test_one_misspelt_board_costs_only_itself(site: FakeSite) -> None:
    site.route("/v1/boards/stripe/jobs", Reply(saved("greenhouse/jobs.json")))
    result = await collect([], {"greenhouse": fast(site, companies=["stripe", "strpie"])})
    report = report_of(result.reports, "greenhouse")
    assert report.found == 3
    assert report.error and "'strpie'" in report.error and "404" in report.error
    assert "check the name" in report.error and "1 of 2 boards failed" in report.error


async def test_linkedin_searches_run_side_by_side_and_one_failing_costs_only_itself(site: FakeSite) -> None:
    both_asked = threading.Event()

    def pages(seen: Seen) -> Reply:
        if seen.query["keywords"] == "data intern":
            both_asked.set()
            return Reply("Service Unavailable", status=503)
        # The first search is answered only once the second has asked: searches one after another
        # would never get here, and the first search fails instead.
        if not both_asked.wait(timeout=10):
            return Reply("the other search never came", status=400)
        return linkedin_pages(seen)

    site.route(SEARCH_PATH, pages)
    searches = [ML_INTERN, SearchSpec(keywords="data intern")]
    result = await collect(searches, {"linkedin": fast(site, concurrency=2, retries=0)})
    report = report_of(result.reports, "linkedin")
    assert report.found == 13, "the search that worked keeps every page it found"
    assert report.error and "HTTP 503" in report.error and report.error.endswith("(1 of 2 searches failed)")


async def test_indeed_searches_run_one_after_another_and_one_failing_costs_only_itself(site: FakeSite) -> None:
    answering, most = 0, 0
    lock = threading.Lock()

    def pages(seen: Seen) -> Reply:
        nonlocal answering, most
        with lock:
            answering += 1
            most = max(most, answering)
        time.sleep(0.05)  # long enough for a search asked at the same time to arrive meanwhile
        with lock:
            answering -= 1
        if seen.query["q"] == "data intern":
            return Reply("blocked", status=403)
        return Reply(saved("indeed/search_mosaic_b.html"))

    site.route("/jobs", pages)
    searches = [SearchSpec(keywords="data intern"), ML_INTERN, SearchSpec(keywords="data intern", hours=48)]
    result = await collect(searches, {"indeed": fast(site, concurrency=4)})
    report = report_of(result.reports, "indeed")
    assert report.found == 2
    assert report.error and "HTTP 403" in report.error and report.error.endswith("(2 of 3 searches failed)")
    assert [r.query["q"] for r in site.hits("/jobs")] == ["data intern", "machine learning intern", "data intern"]
    assert most == 1, "Indeed never had two searches asked at once"


async def test_max_pages_bounds_a_search_that_never_ends(site: FakeSite) -> None:
    def endless(seen: Seen) -> Reply:
        # Ten fresh ids on every page, as a very busy search would have.
        start = int(seen.query["start"])
        page = saved("linkedin/search_tr_2026-09.html")
        for i in range(10):
            page = page.replace(f'data-impression-id="jobs-search-result-{i}"', "")
        return Reply(page.replace("urn:li:jobPosting:44", f"urn:li:jobPosting:{50 + start}"))

    site.route(SEARCH_PATH, endless)
    result = await collect([ML_INTERN], {"linkedin": fast(site, max_pages=3)})
    assert len(site.hits(SEARCH_PATH)) == 3
    assert report_of(result.reports, "linkedin").error is None


async def test_requests_go_out_through_the_configured_proxies_in_turn() -> None:
    with FakeSite() as first, FakeSite() as second:
        board = Reply(saved("greenhouse/jobs.json"))
        for proxy in (first, second):
            proxy.route("/v1/boards/stripe/jobs", board)
            proxy.route("/v1/boards/acme/jobs", board)
        cfg = SourceConfig(
            base_url="http://boards.example.test",
            proxies=[first.url, second.url],
            companies=["stripe", "acme"],
            delay=0,
        )
        result = await collect([], {"greenhouse": cfg})
    assert report_of(result.reports, "greenhouse").error is None
    assert len(first.requests) == 1 and len(second.requests) == 1
    assert all(r.proxied and r.host == "boards.example.test" for r in first.requests + second.requests)


async def test_indeed_api_pages_by_cursor_with_the_app_headers(site: FakeSite) -> None:
    def graphql(seen: Seen) -> Reply:
        query = json.loads(seen.body)["query"]
        page = 2 if "CURSOR-2" in query else 1
        return Reply(saved(f"indeed/graphql_page{page}.json"))

    site.route("/graphql", graphql)
    cfg = fast(site, options={"api_key": "test-key", "country": "us"})
    result = await collect([ML_INTERN], {"indeed": cfg})
    report = report_of(result.reports, "indeed")
    assert report.error is None
    assert [p.key for p in result.postings] == [
        "indeed:5a1b2c3d4e5f6071",
        "indeed:6b2c3d4e5f607182",
        "indeed:7c3d4e5f60718293",
    ]
    assert report.warnings == ["search 'machine learning intern' page 2: 1 of 2 results without a job key skipped"]
    asked = site.hits("/graphql")
    assert len(asked) == 2 and all(r.method == "POST" for r in asked)
    assert asked[0].headers["indeed-api-key"] == "test-key" and asked[0].headers["indeed-co"] == "US"
    assert '"machine learning intern"' in json.loads(asked[0].body)["query"]
    remote = result.postings[1]
    assert remote.remote is True and remote.url == "https://www.indeed.com/viewjob?jk=6B2C3D4E5F607182"
    assert result.postings[0].salary == "USD 40–52 per hour" and result.postings[0].city == "Seattle"


async def test_indeed_search_pages_are_read_from_the_embedded_json(site: FakeSite) -> None:
    site.route("/jobs", Reply(saved("indeed/search_mosaic_b.html")))
    result = await collect([ML_INTERN], {"indeed": fast(site)})
    report = report_of(result.reports, "indeed")
    assert report.error is None and report.found == 2
    assert any("without jobkey" in w for w in report.warnings)
    assert site.hits("/jobs")[0].query["q"] == "machine learning intern"


async def test_the_simplify_list_keeps_only_open_visible_roles_with_their_sponsorship(site: FakeSite) -> None:
    site.route(SIMPLIFY_PATH, Reply(saved("simplify/listings.json")))
    result = await collect([], {"simplify": fast(site)})
    assert report_of(result.reports, "simplify").error is None
    by_company = {p.company: p for p in result.postings}
    assert set(by_company) == {"Palantir", "Marmon Holdings", "Etched.ai", "Base Power"}
    assert by_company["Etched.ai"].sponsorship == "Does Not Offer Sponsorship"


async def test_a_search_limited_to_one_source_is_not_run_on_the_other(site: FakeSite) -> None:
    site.route(SEARCH_PATH, Reply(""))
    site.route("/jobs", Reply(""))
    only_indeed = SearchSpec(keywords="data intern", sources=["indeed"])
    result = await collect([only_indeed], {"linkedin": fast(site), "indeed": fast(site)})
    assert site.hits(SEARCH_PATH) == [] and len(site.hits("/jobs")) == 1
    assert all(r.error is None for r in result.reports)


async def test_fetch_details_fills_descriptions_and_never_raises(site: FakeSite) -> None:
    site.route("/jobs-guest/jobs/api/jobPosting/4400000001", Reply(saved("linkedin/job_view_jobdekho.html")))
    site.route("/jobs-guest/jobs/api/jobPosting/4400000002", Reply("gone", status=404))
    found = Posting(key="linkedin:4400000001", source="linkedin", url="", title="SWE Intern", company="N")
    missing = Posting(key="linkedin:4400000002", source="linkedin", url="", title="FE Intern", company="K")
    board = Posting(key="greenhouse:1", source="greenhouse", url="", title="x", company="y")
    result = await fetch_details([found, missing, board], {"linkedin": fast(site)})
    assert result == [found, missing, board]
    assert "route planning software" in found.description
    assert found.seniority == "Internship" and found.industries == "Software Development"
    assert missing.description == "" and missing.title == "FE Intern"
    assert {r.path for r in site.requests} == {
        "/jobs-guest/jobs/api/jobPosting/4400000001",
        "/jobs-guest/jobs/api/jobPosting/4400000002",
    }


def test_a_host_that_does_not_resolve_fails_at_once_but_a_flaky_lookup_is_retried() -> None:
    import socket

    import httpx

    from scrapers.fetcher import _unknown_host

    def wrapped(errno: int) -> httpx.ConnectError:
        try:
            try:
                raise socket.gaierror(errno, "lookup")
            except socket.gaierror as inner:
                raise httpx.ConnectError("lookup failed") from inner
        except httpx.ConnectError as outer:
            return outer

    assert _unknown_host(wrapped(socket.EAI_NONAME))
    assert not _unknown_host(wrapped(socket.EAI_AGAIN)), "a temporary DNS failure is worth a retry"
    assert not _unknown_host(httpx.ConnectError("connection refused"))

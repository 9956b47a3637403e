"""Scraper figures, each a ratio measured side by side in one run, against local servers only.

1. Parse throughput of our LinkedIn search parser (selectolax/lexbor) against BeautifulSoup with
   `html.parser` (what JobSpy uses) extracting the same fields from the same saved pages.
2. Wall time of collecting a fixed set of pages from local fake sites against the ideal the
   configured delays and concurrency allow.
3. Wall time of reading LinkedIn job pages for the best candidates: as many as the prefilter (60, as
   runs did before) and as many as `[scoring] details` (30), one and three at once, against the ideal.

    .venv/bin/python bench/bench_scrapers.py
"""

from __future__ import annotations

import asyncio
import dataclasses
import math
import sys
import time
from collections.abc import Callable
from pathlib import Path

from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from selectolax.lexbor import LexborHTMLParser  # noqa: E402

from scoring.config import ScoringConfig  # noqa: E402
from scrapers import linkedin  # noqa: E402
from scrapers.collect import collect, fetch_details  # noqa: E402
from scrapers.config import SearchSpec, SourceConfig  # noqa: E402
from scrapers.linkedin import SEARCH_PATH, parse_search_page  # noqa: E402
from scrapers.model import Posting  # noqa: E402
from tests.fake_sites import FakeSite, Reply, pages_by_start, saved  # noqa: E402
from tests.linkedin_pages import Job, linkedin_routes  # noqa: E402

PAGES = ["linkedin/search_tr_2026-09.html", "linkedin/search_jobdekho.html", "linkedin/search_il_2022.html"]
SECONDS_PER_PARSER = 1.5
ROUNDS = 5


def bs4_cards(markup: str) -> int:
    """The same fields our parser reads, the way JobSpy reads them: BeautifulSoup + html.parser."""
    soup = BeautifulSoup(markup, "html.parser")
    count = 0
    for card in soup.find_all("div", class_="base-search-card"):
        urn = card.get("data-entity-urn", "")
        link = card.find("a", class_="base-card__full-link")
        title = card.find("h3", class_="base-search-card__title")
        company = card.find("h4", class_="base-search-card__subtitle")
        location = card.find("span", class_="job-search-card__location")
        when = card.find("time")
        salary = card.find("span", class_="job-search-card__salary-info")
        fields = (
            urn,
            link and link.get("href"),
            title and title.get_text(strip=True),
            company and company.get_text(strip=True),
            location and location.get_text(strip=True),
            when and when.get("datetime"),
            salary and salary.get_text(strip=True),
        )
        count += bool(fields[0])
    return count


def ours_cards(markup: str) -> int:
    return len(parse_search_page(markup).postings)


def ours_fields(markup: str) -> int:
    """Our parser's reading of the same fields as `bs4_cards`, without making Posting objects of them
    (no text repair, no link clean-up, no places): the parsing alone, like for like."""
    count = 0
    for card, parts in linkedin._cards_and_parts(LexborHTMLParser(markup)):
        link, when = parts.get("link"), parts.get("time")
        fields = (
            card.attrs.get("data-entity-urn") or "",
            link.attrs.get("href") if link is not None else None,
            linkedin._text(parts.get("title")).strip(),
            linkedin._text(parts.get("company")).strip(),
            linkedin._text(parts.get("location")).strip(),
            when.attrs.get("datetime") if when is not None else None,
            linkedin._text(parts.get("salary")).strip(),
        )
        count += bool(fields[0])
    return count


def throughput(parse: Callable[[str], int], pages: list[str], seconds: float) -> float:
    """Cards per second over repeated passes through the pages, for about `seconds`."""
    cards = 0
    start = time.perf_counter()
    while time.perf_counter() - start < seconds:
        for page in pages:
            cards += parse(page)
    return cards / (time.perf_counter() - start)


def side_by_side(parsers: list[Callable[[str], int]], pages: list[str]) -> list[float]:
    """Each parser's best throughput over rounds taken in turn, so a busy moment of the machine (other
    work on its two cores) falls on every parser alike and the best round of each is compared."""
    best = [0.0] * len(parsers)
    for _ in range(ROUNDS):
        for i, parse in enumerate(parsers):
            best[i] = max(best[i], throughput(parse, pages, SECONDS_PER_PARSER / ROUNDS))
    return best


def bench_parsing() -> None:
    pages = [saved(p) for p in PAGES]
    counts = [ours_cards(p) for p in pages]
    assert counts == [bs4_cards(p) for p in pages] == [ours_fields(p) for p in pages], "all see the same cards"
    ours, fields, theirs = side_by_side([ours_cards, ours_fields, bs4_cards], pages)
    print(f"LinkedIn search parsing, {len(pages)} saved pages, {sum(counts)} cards a pass:")
    print(f"  selectolax.lexbor (ours, full Posting objects): {ours:>9,.0f} cards/s")
    print(f"  selectolax.lexbor (ours, the same fields only): {fields:>9,.0f} cards/s")
    print(f"  BeautifulSoup html.parser (fields only):        {theirs:>9,.0f} cards/s")
    print(f"  ratio ours / BeautifulSoup, full Postings:      {ours / theirs:>9.1f}x")
    print(f"  ratio ours / BeautifulSoup, fields for fields:  {fields / theirs:>9.1f}x")


async def bench_collecting() -> None:
    searches = [SearchSpec(keywords=f"intern {i}", job_type=["internship"]) for i in range(3)]
    boards = [f"board{i}" for i in range(8)]
    delay, linkedin_concurrency, board_concurrency = 0.05, 1, 2

    pages = pages_by_start({0: saved("linkedin/search_tr_2026-09.html"), 10: saved("linkedin/search_jobdekho.html")})

    with FakeSite({SEARCH_PATH: pages}) as linkedin_site, FakeSite() as board_site:
        for board in boards:
            board_site.route(f"/v1/boards/{board}/jobs", Reply(saved("greenhouse/jobs.json")))
        sources = {
            "linkedin": SourceConfig(
                base_url=linkedin_site.url, delay=delay, concurrency=linkedin_concurrency, max_seconds=30
            ),
            "greenhouse": SourceConfig(
                base_url=board_site.url, delay=delay, concurrency=board_concurrency, companies=boards, max_seconds=30
            ),
        }
        start = time.perf_counter()
        result = await collect(searches, sources)
        wall = time.perf_counter() - start
        hits = {"linkedin": len(linkedin_site.requests), "greenhouse": len(board_site.requests)}
        latency = _latency(linkedin_site)
    assert not result.errors, result.errors
    # Per host, at most `concurrency` requests are in flight, each slot starting its requests `delay`
    # apart on average (jitter keeps the mean); the hosts run side by side, so the slower sets the ideal.
    ideal = max(
        _ideal(n, c, delay, latency)
        for n, c in ((hits["linkedin"], linkedin_concurrency), (hits["greenhouse"], board_concurrency))
    )
    print(
        f"\nCollecting from local fake sites: {hits['linkedin']} LinkedIn pages "
        f"({len(searches)} searches), {hits['greenhouse']} Greenhouse boards, delay {delay} s, "
        f"concurrency {linkedin_concurrency}/{board_concurrency}:"
    )
    print(f"  measured wall time: {wall:6.3f} s")
    print(f"  ideal for the delays and concurrency: {ideal:6.3f} s (one request ≈ {latency * 1000:.1f} ms)")
    print(f"  ratio measured / ideal: {wall / ideal:6.2f}x")


async def bench_job_pages() -> None:
    jobs = [Job(4700000000 + i, f"Intern {i}", f"Company {i}", "Seattle, WA", description="Python.") for i in range(60)]
    delay, answer, details = 0.05, 0.02, ScoringConfig().details
    routes = linkedin_routes(jobs)
    job_pages = next(path for path in routes if path.endswith("/*"))
    # A site takes a moment to answer; without it nothing would ever be in flight long enough to count.
    slow = {**routes, job_pages: lambda seen: dataclasses.replace(routes[job_pages](seen), delay=answer)}
    print(
        f"\nReading job pages from a local fake LinkedIn answering in {answer * 1000:.0f} ms, delay {delay} s "
        "(each slot waits that between its own requests):"
    )
    for pages, concurrency in ((60, 1), (details, 1), (details, 3)):
        postings = [
            Posting(key=f"linkedin:{job.id}", source="linkedin", url="", title=job.title, company=job.company)
            for job in jobs[:pages]
        ]
        with FakeSite(slow) as site:
            cfg = SourceConfig(base_url=site.url, delay=delay, concurrency=concurrency, max_seconds=60)
            start = time.perf_counter()
            await fetch_details(postings, {"linkedin": cfg})
            wall = time.perf_counter() - start
            latency = _latency(site) + answer
            most = site.most_in_flight
        assert all(p.description for p in postings)
        ideal = _ideal(pages, concurrency, delay, latency)
        print(
            f"  {pages:>2} pages, concurrency {concurrency}: measured {wall:6.3f} s, ideal {ideal:6.3f} s, "
            f"ratio {wall / ideal:5.2f}x; at most {most} in flight"
        )


def _ideal(requests: int, concurrency: int, delay: float, latency: float) -> float:
    """Each of `concurrency` slots takes its share of the requests, one `delay` (or one request, if
    longer) after another; the last one still has to be answered."""
    rounds = math.ceil(requests / concurrency)
    return (rounds - 1) * max(delay, latency) + latency


def _latency(site: FakeSite) -> float:
    """A round trip to the local server, for the ideal's 'time of one request'."""
    import httpx

    with httpx.Client() as client:
        client.get(site.url + "/ping")
        start = time.perf_counter()
        for _ in range(20):
            client.get(site.url + "/ping")
        return (time.perf_counter() - start) / 20


if __name__ == "__main__":
    bench_parsing()
    asyncio.run(bench_collecting())
    asyncio.run(bench_job_pages())

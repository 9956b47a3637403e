"""Run every enabled source at once; one failing source never stops the others.

Each source gets the run's one `httpx.AsyncClient` (HTTP/2 where the host offers it, proxies mounted
per host), a polite `Fetcher` and a time budget. Whatever a source collected before it failed is
kept, and its failure becomes one line in its `SourceReport`.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from types import ModuleType

import httpx

from scrapers import ashby, greenhouse, indeed, lever, linkedin, simplify
from scrapers.base import Collection, ScrapeError, SourceReport
from scrapers.config import SearchSpec, SourceConfig
from scrapers.fetcher import Fetcher, HostGates, build_client
from scrapers.model import Posting
from scrapers.run import SourceRun

SOURCES: dict[str, ModuleType] = {m.NAME: m for m in (linkedin, indeed, greenhouse, lever, ashby, simplify)}
# Sources that run the [[search]] tables; the others read the boards or lists they are given.
SEARCH_SOURCES = {linkedin.NAME, indeed.NAME}


def _client_for(sources: dict[str, SourceConfig]) -> httpx.AsyncClient:
    proxied = [
        (origin, cfg.proxies)
        for name, cfg in sources.items()
        if name in SOURCES and cfg.enabled and cfg.proxies
        for origin in SOURCES[name].origins(cfg)
    ]
    return build_client(proxied)


async def collect(
    searches: list[SearchSpec],
    sources: dict[str, SourceConfig],
    *,
    on_progress: Callable[[SourceReport], None] | None = None,
) -> Collection:
    """Collect from every enabled source concurrently; never raises for a source's failure."""
    gates = HostGates()
    async with _client_for(sources) as client:
        runs = []
        for name, cfg in sources.items():
            if not cfg.enabled:
                continue
            wanted = [s for s in searches if not s.sources or name in s.sources]
            runs.append(_run_source(name, cfg, wanted, client, gates, on_progress))
        results = await asyncio.gather(*runs)
    postings = [p for found, _ in results for p in found]
    return Collection(postings=postings, reports=[report for _, report in results])


async def _run_source(
    name: str,
    cfg: SourceConfig,
    searches: list[SearchSpec],
    client: httpx.AsyncClient,
    gates: HostGates,
    on_progress: Callable[[SourceReport], None] | None,
) -> tuple[list[Posting], SourceReport]:
    report = SourceReport(source=name)
    module = SOURCES.get(name)
    if module is None:
        report.error = f"unknown source — known: {', '.join(SOURCES)}"
    elif name in SEARCH_SOURCES and not searches:
        report.warnings.append("no [[search]] applies to this source, nothing to do")
    else:
        start = time.monotonic()
        run = SourceRun(name, cfg, Fetcher(client, cfg, name, gates, report), report)
        await _guarded(run, module.collect(run, searches))
        found = _unique(run.postings)
        report.found = len(found)
        report.seconds = round(time.monotonic() - start, 3)
        if on_progress is not None:
            on_progress(report)
        return found, report
    if on_progress is not None:
        on_progress(report)
    return [], report


async def _guarded(run: SourceRun, work: Awaitable[None]) -> None:
    """Run a source's work under its time budget, turning any failure into its report's one line."""
    try:
        async with asyncio.timeout(run.cfg.max_seconds):
            await work
    except ScrapeError as exc:
        run.report.error = str(exc)
    except TimeoutError:
        run.report.error = (
            f"stopped after its {run.cfg.max_seconds:g} s budget with {len(run.postings)} "
            f"postings — raise sources.{run.name}.max_seconds or lower max_pages"
        )
    except Exception as exc:  # a bug in a parser must cost one source, never the morning's digest
        run.report.error = (
            f"unexpected {type(exc).__name__}: {exc} — this is a jobpicks bug; please report it with this line"
        )


def _unique(postings: list[Posting]) -> list[Posting]:
    """The same key found by two searches of one source counts once."""
    seen: dict[str, Posting] = {}
    for posting in postings:
        seen.setdefault(posting.key, posting)
    return list(seen.values())


async def fetch_details(postings: list[Posting], sources: dict[str, SourceConfig]) -> list[Posting]:
    """Fill descriptions and criteria for postings listed without them (LinkedIn cards).

    Returns the same postings; a page that cannot be fetched leaves its card data as it was.
    """
    cfg = sources.get(linkedin.NAME) or SourceConfig()
    wanted = [p for p in postings if p.source == linkedin.NAME and not p.description]
    if not wanted:
        return postings
    report = SourceReport(source=linkedin.NAME)
    async with _client_for({linkedin.NAME: cfg}) as client:
        run = SourceRun(linkedin.NAME, cfg, Fetcher(client, cfg, linkedin.NAME, HostGates(), report), report)
        await _guarded(run, linkedin.fetch_details(run, wanted))
    return postings


def source_home(name: str, cfg: SourceConfig) -> str:
    """The address `jobpicks doctor` probes for a source: the first host it would talk to."""
    return SOURCES[name].origins(cfg)[0]

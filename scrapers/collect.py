"""Run every enabled source at once; one failing source never stops the others.

Each source gets the run's one `httpx.AsyncClient` (HTTP/2 where the host offers it, proxies mounted
per host), a polite `Fetcher` and a time budget. Whatever a source collected before it failed is
kept, and its failure becomes one line in its `SourceReport`.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Sequence

import httpx

from scrapers import linkedin, registry
from scrapers.base import Collection, ScrapeError, SourceReport
from scrapers.config import SearchSpec, SourceConfig
from scrapers.fetcher import Fetcher, HostGates, build_client
from scrapers.model import Posting
from scrapers.run import SourceRun
from scrapers.source import Kind, Source, read_options


def _client_for(sources: dict[str, SourceConfig]) -> httpx.AsyncClient:
    proxied = [
        (origin, cfg.proxies)
        for name, cfg in sources.items()
        if cfg.enabled and cfg.proxies and (source := registry.find(name)) is not None
        for origin in source.origins(cfg)
    ]
    return build_client(proxied)


def _usable(name: str, cfg: SourceConfig) -> Source | str:
    """The source to run, or why it cannot run at all (a config built in code, not loaded and checked)."""
    source = registry.find(name)
    if source is None:
        return registry.unknown(name)
    try:
        read_options(source.options_model, name, cfg)
    except ScrapeError as exc:
        return str(exc)
    return source


async def collect(
    searches: list[SearchSpec],
    sources: dict[str, SourceConfig],
    *,
    on_progress: Callable[[SourceReport], None] | None = None,
) -> Collection:
    """Collect from every enabled source concurrently; never raises for a source's failure."""
    gates = HostGates()
    enabled = {name: (cfg, _usable(name, cfg)) for name, cfg in sources.items() if cfg.enabled}
    usable = {name: cfg for name, (cfg, source) in enabled.items() if not isinstance(source, str)}
    async with _client_for(usable) as client:
        runs = []
        for name, (cfg, source) in enabled.items():
            wanted = [s for s in searches if not s.sources or name in s.sources]
            runs.append(_run_source(name, source, cfg, wanted, client, gates, on_progress))
        results = await asyncio.gather(*runs)
    postings = [p for found, _ in results for p in found]
    return Collection(postings=postings, reports=[report for _, report in results])


async def _run_source(
    name: str,
    source: Source | str,
    cfg: SourceConfig,
    searches: list[SearchSpec],
    client: httpx.AsyncClient,
    gates: HostGates,
    on_progress: Callable[[SourceReport], None] | None,
) -> tuple[list[Posting], SourceReport]:
    report = SourceReport(source=name)
    if isinstance(source, str):
        report.error = source
    elif source.kind is Kind.SEARCH and not searches:
        report.warnings.append("no [[search]] applies to this source, nothing to do")
    else:
        start = time.monotonic()
        run = SourceRun(name, cfg, Fetcher(client, cfg, name, gates, report), report)
        await _guarded(run, source.collect(run, searches))
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


async def fetch_details(
    postings: list[Posting], sources: dict[str, SourceConfig], reports: Sequence[SourceReport] = ()
) -> list[Posting]:
    """Fill descriptions and criteria for postings listed without them (LinkedIn cards).

    Returns the same postings; a page that cannot be fetched leaves its card data as it was. What went
    wrong (a page that failed, a criteria label not known) joins the source's report among `reports`.
    """
    cfg = sources.get(linkedin.NAME) or SourceConfig()
    wanted = [p for p in postings if p.source == linkedin.NAME and not p.description]
    if not wanted:
        return postings
    report = next((r for r in reports if r.source == linkedin.NAME), None) or SourceReport(source=linkedin.NAME)
    async with _client_for({linkedin.NAME: cfg}) as client:
        run = SourceRun(linkedin.NAME, cfg, Fetcher(client, cfg, linkedin.NAME, HostGates(), report), report)
        await _guarded(run, linkedin.fetch_details(run, wanted))
    return postings

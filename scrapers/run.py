"""What a source module is handed for one run: its settings, its polite fetcher, where results go."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from scrapers.base import Parsed, ScrapeError, SourceReport
from scrapers.config import SourceConfig
from scrapers.fetcher import Fetcher
from scrapers.model import Posting

# Enough to show the pattern of a layout change without flooding the run summary.
MAX_WARNINGS = 20


@dataclass
class SourceRun:
    name: str
    cfg: SourceConfig
    fetch: Fetcher
    report: SourceReport
    postings: list[Posting] = field(default_factory=list)

    def base_url(self, default: str) -> str:
        return (self.cfg.base_url or default).rstrip("/")

    def add(self, parsed: Parsed, where: str) -> None:
        """Keep a page's postings as soon as it is parsed, so a later failure loses nothing."""
        self.postings.extend(parsed.postings)
        for warning in parsed.warnings:
            self.warn(f"{where}: {warning}")

    def warn(self, message: str) -> None:
        if len(self.report.warnings) < MAX_WARNINGS:
            self.report.warnings.append(message)
        elif len(self.report.warnings) == MAX_WARNINGS:
            self.report.warnings.append("more warnings left out")


async def each_board(run: SourceRun, boards: list[str], fetch_board: Callable[[str], Awaitable[None]]) -> None:
    """Fetch every configured board; one misspelt or failing board never costs the others.

    The source's error names the first failure and how many boards failed, so one line in the run
    summary says what to fix.
    """
    results = await asyncio.gather(*(fetch_board(b) for b in boards), return_exceptions=True)
    failed = [(b, r) for b, r in zip(boards, results, strict=True) if isinstance(r, BaseException)]
    for _, failure in failed:
        if not isinstance(failure, ScrapeError):
            raise failure
    if failed:
        board, failure = failed[0]
        more = f" ({len(failed)} of {len(boards)} boards failed)" if len(boards) > 1 else ""
        raise ScrapeError(f"board {board!r}: {failure}{more}")

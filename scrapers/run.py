"""What a source module is handed for one run: its settings, its polite fetcher, where results go."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from scrapers.base import Parsed, ScrapeError, SourceReport
from scrapers.config import SearchSpec, SourceConfig
from scrapers.fetcher import Fetcher
from scrapers.model import Posting

T = TypeVar("T")

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


async def each_board(boards: Sequence[str], fetch_board: Callable[[str], Awaitable[None]]) -> None:
    """Fetch every configured board side by side; one misspelt or failing board never costs the others.

    The source's error names the first failure and how many boards failed ("board 'x': … (2 of 3 boards
    failed)"), so one line in the run summary says what to fix.
    """
    await _each_part(boards, fetch_board, counted="boards", named=lambda board: f"board {board!r}")


async def each_search(
    searches: Sequence[SearchSpec], run_search: Callable[[SearchSpec], Awaitable[None]], *, side_by_side: bool
) -> None:
    """Run every search; one that fails never costs the others ("… (1 of 2 searches failed)").

    `side_by_side=False` runs them one after another (Indeed's searches always have).
    """
    await _each_part(searches, run_search, counted="searches", side_by_side=side_by_side)


async def _each_part(
    parts: Sequence[T],
    fetch: Callable[[T], Awaitable[None]],
    *,
    counted: str,
    named: Callable[[T], str] | None = None,
    side_by_side: bool = True,
) -> None:
    """Fetch every part; then one `ScrapeError` naming the first failure and how many parts failed.

    `counted` is the plural in that line, `named` how a failing part is introduced. Anything but a
    `ScrapeError` is a bug and is raised as it is.
    """
    failed: list[tuple[T, ScrapeError]] = []
    if side_by_side:
        results = await asyncio.gather(*(fetch(part) for part in parts), return_exceptions=True)
        for part, result in zip(parts, results, strict=True):
            if isinstance(result, ScrapeError):
                failed.append((part, result))
            elif isinstance(result, BaseException):
                raise result
    else:
        for part in parts:
            try:
                await fetch(part)
            except ScrapeError as exc:
                failed.append((part, exc))
    if failed:
        part, failure = failed[0]
        where = f"{named(part)}: " if named is not None else ""
        more = f" ({len(failed)} of {len(parts)} {counted} failed)" if len(parts) > 1 else ""
        raise ScrapeError(f"{where}{failure}{more}")

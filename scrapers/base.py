"""The interface every source implements, and what a collection run reports."""

from __future__ import annotations

from dataclasses import dataclass, field

from scrapers.model import Posting


class ScrapeError(Exception):
    """A source failed; the message names the source, the cause and what to do."""


@dataclass(slots=True)
class SourceReport:
    """What one source did in a run: shown in the run summary and in `/jobpicks status`."""

    source: str
    found: int = 0
    pages: int = 0
    seconds: float = 0.0
    error: str | None = None
    warnings: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Collection:
    postings: list[Posting]
    reports: list[SourceReport]

    @property
    def errors(self) -> list[str]:
        return [f"{r.source}: {r.error}" for r in self.reports if r.error]

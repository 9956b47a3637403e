"""The interface every source implements, and what a collection run reports."""

from __future__ import annotations

from dataclasses import dataclass, field

from scrapers.errors import JobpicksError
from scrapers.model import Posting


class ScrapeError(JobpicksError):
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
    # Requests repeated after a 429, a 5xx or a dropped connection: a rising count is the first sign
    # that a site is starting to throttle us.
    retries: int = 0
    # Seconds spent waiting before those retries (Retry-After or backoff): where a slow run's time went.
    waited: float = 0.0


@dataclass(slots=True)
class Collection:
    postings: list[Posting]
    reports: list[SourceReport]

    @property
    def errors(self) -> list[str]:
        return [f"{r.source}: {r.error}" for r in self.reports if r.error]


@dataclass(slots=True)
class Parsed:
    """What a parser made of one page: the postings, and what looked wrong about the page."""

    postings: list[Posting] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # Entries the page held, kept or not: LinkedIn pages on by how many cards a page returned.
    items: int = 0

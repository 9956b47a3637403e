"""A day's digest: the ranked picks for one destination and what the run found on the way."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date as Date

from scoring.model import ScoredPosting, Usage
from scrapers.base import SourceReport


@dataclass(slots=True)
class RunStats:
    """What a run found on the way to its digest: each source's report, the counts, the scoring cost."""

    sources: list[SourceReport] = field(default_factory=list)
    collected: int = 0  # postings found, after merging duplicates
    new: int = 0  # of those, not shown before
    filtered_out: int = 0
    scored: int = 0
    usage: Usage = field(default_factory=Usage)
    errors: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Digest:
    destination: str
    day: Date
    picks: list[ScoredPosting]
    stats: RunStats = field(default_factory=RunStats)
    # "daily" for the morning run, "refresh" for /jobpicks refresh.
    kind: str = "daily"

    @property
    def is_empty(self) -> bool:
        return not self.picks

    @property
    def id(self) -> str:
        """ "<destination>:<date>": kept with each pick message and each vote cast on one."""
        return f"{self.destination}:{self.day.isoformat()}"

    def why_empty(self) -> str:
        """One line for a day with nothing new: what the sources did."""
        failed = [f"{s.source} failed: {s.error}" for s in self.stats.sources if s.error]
        if self.stats.collected == 0:
            base = "no postings were found"
        elif self.stats.new == 0:
            base = f"all {self.stats.collected} postings found were shown before"
        else:
            base = f"none of the {self.stats.new} new postings passed your filters and minimum score"
        return "; ".join([base, *failed])


def destination_of(digest_id: str) -> str:
    """The destination a digest id (`Digest.id`) names; "" for the empty id of older votes."""
    return digest_id.rpartition(":")[0]


@dataclass(slots=True)
class Delivered:
    """Where a digest went: the channel and the ts of every message, and which message shows each pick."""

    channel: str
    messages: list[str] = field(default_factory=list)
    pick_messages: dict[str, str] = field(default_factory=dict)  # posting key -> message ts
    # False when delivery stopped halfway: then only the picks in `pick_messages` reached the person.
    complete: bool = True


# Where a digest goes (Slack, the terminal): the caller of a run chooses one and hands it in.
Deliver = Callable[[Digest], Delivered]

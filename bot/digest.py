"""A day's digest: the ranked picks for one destination and what the run found on the way."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date as Date
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

from scoring.model import ScoredPosting, Usage
from scrapers.base import SourceReport

if TYPE_CHECKING:
    from bot.store.records import PickView


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


# Every message of a digest has an id, stable from one attempt to the next, so a delivery resumed after
# an interruption knows which messages already went out: the overview, and one per pick by its posting.
OVERVIEW = "overview"


def pick_message_id(posting_key: str) -> str:
    return f"pick:{posting_key}"


class Journal(Protocol):
    """What a delivery tells as it goes, so that what reached the person is remembered whatever happens
    next (bot.journal keeps it in the store's outbox), and what it asks before each message."""

    @property
    def delivery_id(self) -> str:
        """Names this delivery in every message it posts, so a resumed one knows its own messages."""
        ...

    @property
    def planned_at(self) -> datetime:
        """The moment the messages are drawn as of ("posted 2 days ago"), the same on every attempt."""
        ...

    def delivered(self) -> dict[str, str]:
        """Message id -> ts of the messages that already reached the person (on an earlier attempt)."""
        ...

    def channel(self) -> str:
        """The id of the channel the digest goes to, when known ("" before the first message)."""
        ...

    def unsure(self) -> str | None:
        """The message that was going out when an earlier attempt died: it may be in Slack or not."""
        ...

    def stop_reason(self) -> str | None:
        """Why the delivery must stop before its next message (a SIGTERM), or None to go on."""
        ...

    def wait(self, seconds: float) -> None:
        """Pause between messages, cut short when the delivery must stop."""
        ...

    def posting(self, message_id: str) -> None:
        """The message is about to go out."""
        ...

    def not_posted(self, message_id: str) -> None:
        """The message did not go out (Slack said so)."""
        ...

    def sent(self, message_id: str, channel: str, ts: str, view: PickView | None) -> None:
        """The message reached the person: `view` is the pick it shows, None for the overview."""
        ...


# Where a digest goes (Slack, the terminal): the caller of a run chooses one and hands it in.
Deliver = Callable[[Digest, Journal], Delivered]

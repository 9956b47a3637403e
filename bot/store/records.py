"""What the store keeps, as typed records: the bot builds them, only the store writes and reads them.

Each record reads the JSON jobpicks has always stored under its key (the same field names; a field an
older record lacks takes its default), so data already in Redis keeps working after an upgrade.
"""

from __future__ import annotations

from dataclasses import fields
from datetime import date as Date
from datetime import datetime
from typing import Annotated, Any, Self

from pydantic import BaseModel, BeforeValidator, Field, PlainSerializer, TypeAdapter, model_serializer, model_validator

from bot.digest import RunStats
from scoring.model import ScoredPosting, Usage


class Record(BaseModel):
    """A record as JSON (fields it does not know, e.g. from a newer version, are ignored)."""

    def to_json(self) -> str:
        return self.model_dump_json()

    @classmethod
    def from_json(cls, raw: str | bytes) -> Self:
        return cls.model_validate_json(raw)


# -- pieces ------------------------------------------------------------------------------------------

# Usage's own names, as records have always stored them beside the run's counts.
_STORED_USAGE = {"requests": "llm_requests"}
_USAGE_FIELDS = {_STORED_USAGE.get(f.name, f.name): f.name for f in fields(Usage)}
_STATS = TypeAdapter(RunStats)


def _stats_in(data: Any) -> Any:
    """RunStats from its stored, flat form: `llm_requests`, `prompt_tokens`… beside `collected`."""
    if not isinstance(data, dict):
        return data
    usage = {name: data[stored] for stored, name in _USAGE_FIELDS.items() if stored in data}
    return {k: v for k, v in data.items() if k not in _USAGE_FIELDS} | {"usage": usage}


def _stats_out(stats: RunStats) -> dict[str, Any]:
    data = _STATS.dump_python(stats, mode="json")
    usage = data.pop("usage")
    return data | {_STORED_USAGE.get(k, k): v for k, v in usage.items()}


StoredStats = Annotated[RunStats, BeforeValidator(_stats_in), PlainSerializer(_stats_out)]


def _pick_in(data: Any) -> Any:
    return ScoredPosting.from_dict(data) if isinstance(data, dict) else data


# A pick as `ScoredPosting.to_dict` has always written it (the posting nested, its date as ISO text).
StoredPick = Annotated[
    ScoredPosting,
    BeforeValidator(_pick_in),
    PlainSerializer(lambda pick: pick.to_dict()),
]


# -- records -----------------------------------------------------------------------------------------


class ShownEntry(Record):
    """One day a posting was shown: its score and reason then (``shown:<dest>`` keeps a list per posting)."""

    date: Date
    score: int
    reason: str = ""
    title: str = ""
    company: str = ""
    url: str = ""
    location: str = ""
    imported: str | None = None  # the file an imported entry came from; None when jobpicks delivered it

    @classmethod
    def of(cls, pick: ScoredPosting, day: Date) -> ShownEntry:
        """The entry of a pick jobpicks delivered on `day`."""
        p = pick.posting
        return cls(date=day, score=pick.score, reason=pick.reason, title=p.title, company=p.company, url=p.url)

    def added_to(self, history: list[ShownEntry]) -> list[ShownEntry]:
        """`history` with this entry, once: a delivery recorded again (a retried write, a resumed
        digest) replaces its own day's entry instead of adding a second one."""
        for i, entry in enumerate(history):
            if entry.date == self.date and entry.imported == self.imported:
                return [*history[:i], self, *history[i + 1 :]]
        return [*history, self]


class DigestRecord(Record):
    """The digest a destination got on one day (``digest:<dest>:<date>``): its picks in rank order."""

    date: Date
    kind: str = "daily"
    daily: bool = False  # the morning digest went out that day (refreshes alone do not count)
    channel: str = ""
    messages: list[str] = Field(default_factory=list)  # ts of every message, in the order posted
    picks: list[StoredPick] = Field(default_factory=list)
    stats: StoredStats = Field(default_factory=RunStats)
    delivered_at: datetime | None = None
    deliveries: int = 1

    def then(self, later: DigestRecord) -> DigestRecord:
        """This day's record with a later delivery the same day (a refresh) added after it."""
        return later.model_copy(
            update={
                "daily": self.daily or later.daily,
                "picks": [*self.picks, *later.picks],
                "messages": [*self.messages, *later.messages],
                "deliveries": self.deliveries + 1,
            }
        )


class RunStatus(Record):
    """The last run for a destination (``status:<dest>``), for `jobpicks status` and `/jobpicks status`."""

    finished_at: datetime
    date: Date
    kind: str = "daily"
    picks: int = 0
    delivery_error: str | None = None
    stats: StoredStats = Field(default_factory=RunStats)

    @model_validator(mode="before")
    @classmethod
    def _stats_beside(cls, data: Any) -> Any:
        # Stored flat: the run's counts sit beside its date and kind, not under a "stats" key.
        if isinstance(data, dict) and "stats" not in data:
            return {k: v for k, v in data.items() if k in cls.model_fields} | {"stats": data}
        return data

    @model_serializer(mode="wrap")
    def _flat(self, handler: Any) -> dict[str, Any]:
        data = handler(self)
        return {k: v for k, v in data.items() if k != "stats"} | data["stats"]


class RunInfo(Record):
    """The run holding a destination's lock (``run:<dest>``), renewed with it: what `status` tells."""

    kind: str = "run"
    started_at: datetime
    renewed_at: datetime
    pid: int = 0
    host: str = ""
    lock_seconds: float = 60.0

    def silent_for(self, now: datetime) -> float:
        """Seconds since the run last renewed its lock."""
        return max(0.0, (now - self.renewed_at).total_seconds())

    def seems_alive(self, now: datetime) -> bool:
        """Renewed within half its TTL (a heartbeat and a half): a run that died stops renewing, and
        between then and its lock freeing itself `status` can say so."""
        return self.silent_for(now) <= self.lock_seconds / 2


class PendingDigest(Record):
    """A digest on its way (``outbox:<dest>``): written before its first message, dropped once all of it is in.

    The messages are drawn again from it as of `planned_at`, so a resumed delivery posts exactly the
    messages the interrupted one would have; `delivery` rides in each message's Slack metadata so a
    resumed run can tell its own messages in the thread.
    """

    delivery: str
    date: Date
    kind: str = "daily"
    destination: str
    picks: list[StoredPick] = Field(default_factory=list)
    stats: StoredStats = Field(default_factory=RunStats)
    planned_at: datetime
    channel_hint: str = ""  # the channel id an earlier digest for this destination went to, if any

    @property
    def digest_id(self) -> str:
        return f"{self.destination}:{self.date.isoformat()}"


class PickView(Record):
    """What a pick message shows, frozen at delivery so a later vote re-renders the same message."""

    key: str
    rank: int
    title: str
    url: str
    company: str
    location: str
    score: int
    reason: str
    summary: str
    sources: list[str]
    via: str | None = None
    age: str = ""
    scorer: str = "local"
    capped: str | None = None
    digest: str = ""  # "<destination>:<date>" of the digest it belongs to
    moved: str = ""  # how the reader's votes moved the score: "↓ 14 — you 👎 4 TikTok picks"
    features: list[str] = []  # what a vote on this pick is about (scoring.features)


class PickMessage(Record):
    """What a reaction or a click on a pick message needs (``msg:<channel>:<ts>``)."""

    posting_key: str
    digest: str = ""
    profile: str = ""  # whose votes a click on it records
    view: PickView

    @classmethod
    def of(cls, view: PickView, profile: str) -> PickMessage:
        return cls(posting_key=view.key, digest=view.digest, profile=profile, view=view)


class ImportedPick(Record):
    """A pick read from a past digest file."""

    key: str
    title: str = ""
    company: str = ""
    location: str = ""
    url: str = ""
    score: int
    reason: str = ""
    summary: str = ""


class ImportedDay(Record):
    """The picks imported for one day from past digests (``imported:<dest>``, field: the date)."""

    date: Date
    files: list[str] = Field(default_factory=list)
    picks: list[ImportedPick] = Field(default_factory=list)


SHOWN_HISTORY = TypeAdapter(list[ShownEntry])


class PersonRecord(Record):
    """A member who gets their own picks by DM (``people`` hash, by user id): when and whether."""

    user: str
    name: str = ""  # as Slack shows them, for lists and messages
    time: str | None = None  # "HH:MM"; None: `[digest] time`
    timezone: str | None = None  # their Slack time zone when they started; None: `[digest] timezone`
    paused: bool = False  # `/jobpicks stop`: no morning digest until they start again
    started_at: datetime | None = None
    origin: str = "slack"  # "slack" (/jobpicks start) or "config" (a [[person]] table)

"""A delivery's journal: each message remembered the moment it reaches the person.

`OutboxJournal` keeps it in the store's outbox (bot.store.outbox): the plan was written before the
first message, and each message Slack accepts is recorded at once, with what follows from it for a
pick (seen mark, shown history, message map), so a run stopped at any point leaves exactly what
reached Slack remembered and the next run finishes the rest. `MemoryJournal` is for a delivery made
outside a run, which nobody resumes: it only remembers which posting each pick message shows, so
votes on it count.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime

from bot.digest import pick_message_id
from bot.store import Store
from bot.store.outbox import Outgoing
from bot.store.records import PickMessage, PickView
from scoring.model import ScoredPosting


def new_delivery_id() -> str:
    return uuid.uuid4().hex[:16]


class MemoryJournal:
    """A journal kept in memory; pick messages are still mapped in the store when one is given."""

    def __init__(self, store: Store | None = None, profile_id: str = "", *, now: datetime | None = None) -> None:
        self.store = store
        self.profile_id = profile_id
        self.delivery_id = new_delivery_id()
        self.planned_at = now or datetime.now(UTC)
        self._sent: dict[str, str] = {}
        self._channel = ""

    def delivered(self) -> dict[str, str]:
        return dict(self._sent)

    def channel(self) -> str:
        return self._channel

    def unsure(self) -> str | None:
        return None

    def stop_reason(self) -> str | None:
        return None

    def wait(self, seconds: float) -> None:
        time.sleep(seconds)

    def posting(self, message_id: str) -> None:
        pass

    def not_posted(self, message_id: str) -> None:
        pass

    def sent(self, message_id: str, channel: str, ts: str, view: PickView | None) -> None:
        self._sent[message_id] = ts
        self._channel = channel
        if view is not None and self.store is not None:
            self.store.messages.remember(channel, {ts: PickMessage.of(view, self.profile_id)})


class OutboxJournal:
    """The journal of a delivery the outbox holds (a fresh one, or one an earlier run began)."""

    def __init__(
        self,
        store: Store,
        dest: str,
        outgoing: Outgoing,
        *,
        profile_id: str,
        ttl_days: int,
        stop: Callable[[], str | None] = lambda: None,
        pause: Callable[[float], None] = time.sleep,
    ) -> None:
        self.store = store
        self.dest = dest
        self.outgoing = outgoing
        self.profile_id = profile_id
        self.ttl_days = ttl_days
        self._stop = stop
        self._pause = pause
        self._picks: dict[str, ScoredPosting] = {pick_message_id(p.posting.key): p for p in outgoing.plan.picks}

    @property
    def delivery_id(self) -> str:
        return self.outgoing.plan.delivery

    @property
    def planned_at(self) -> datetime:
        return self.outgoing.plan.planned_at

    def delivered(self) -> dict[str, str]:
        return dict(self.outgoing.sent)

    def channel(self) -> str:
        return self.outgoing.channel or self.outgoing.plan.channel_hint

    def unsure(self) -> str | None:
        return self.outgoing.unsure

    def stop_reason(self) -> str | None:
        return self._stop()

    def wait(self, seconds: float) -> None:
        self._pause(seconds)

    def posting(self, message_id: str) -> None:
        self.store.outbox.posting(self.dest, message_id)
        self.outgoing.posting = message_id

    def not_posted(self, message_id: str) -> None:
        self.store.outbox.not_posted(self.dest, message_id)
        if self.outgoing.posting == message_id:
            self.outgoing.posting = None

    def sent(self, message_id: str, channel: str, ts: str, view: PickView | None) -> None:
        self.store.outbox.sent(
            self.dest,
            message_id,
            channel,
            ts,
            day=self.outgoing.plan.date,
            pick=self._picks.get(message_id),
            message=PickMessage.of(view, self.profile_id) if view is not None else None,
            ttl_days=self.ttl_days,
        )
        self.outgoing.delivered_now(message_id, channel, ts)

    @property
    def picks_sent(self) -> list[ScoredPosting]:
        return self.outgoing.picks_sent

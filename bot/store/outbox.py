"""The digest on its way to the person: written before its first message, so what reached Slack survives.

`open` writes the plan (the picks in order, the digest and delivery ids). `posting` notes the message
about to go out, `not_posted` clears that note when Slack said no; `sent` records one message Slack
accepted and, for a pick, everything that follows from it (seen mark, shown history, the message map
reactions vote through) in one transaction. `Digests.close` commits the day's record and drops the
outbox in one transaction. A message noted as posting but not recorded as sent is unsure: the process
died between Slack accepting it and Redis recording it, and only Slack can say which.

Every write is idempotent and tried again through a short loss of Redis (`retried`): it may have
landed before the connection dropped.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import date as Date
from decimal import Decimal, InvalidOperation

import redis

from bot.digest import pick_message_id
from bot.store.base import Part, parse, redis_errors, retried
from bot.store.keys import Keys
from bot.store.messages import PickMessages
from bot.store.records import PendingDigest, PickMessage, ShownEntry
from bot.store.seen import SeenPostings
from bot.store.shown import ShownHistory
from scoring.model import ScoredPosting

_PLAN, _CHANNEL, _POSTING, _SENT = "plan", "channel", "posting", "sent:"


@dataclass(slots=True)
class Outgoing:
    """A digest being delivered, as the outbox holds it."""

    plan: PendingDigest
    channel: str = ""  # the channel id Slack answered with, once a message went out
    sent: dict[str, str] = field(default_factory=dict)  # message id -> ts of each message Slack accepted
    posting: str | None = None  # the last message noted as about to go out

    def delivered_now(self, message_id: str, channel: str, ts: str) -> None:
        """Keep this copy in step with what `Outbox.sent` recorded."""
        self.sent[message_id] = ts
        self.channel = channel

    @property
    def unsure(self) -> str | None:
        """The message that was going out when the last attempt died, if it may have reached Slack."""
        return self.posting if self.posting and self.posting not in self.sent else None

    @property
    def picks_sent(self) -> list[ScoredPosting]:
        """The picks that reached the person, in rank order."""
        return [p for p in self.plan.picks if pick_message_id(p.posting.key) in self.sent]

    @property
    def started(self) -> bool:
        """Whether anything of it reached Slack (or may have)."""
        return bool(self.sent) or self.unsure is not None

    @property
    def messages(self) -> list[str]:
        """The ts of every message that went out, in the order posted."""
        return sorted(self.sent.values(), key=_ts_order)


def _ts_order(ts: str) -> Decimal:
    try:
        return Decimal(ts)
    except InvalidOperation:
        return Decimal(0)


class Outbox(Part):
    def __init__(
        self, client: redis.Redis, key: Keys, seen: SeenPostings, shown: ShownHistory, messages: PickMessages
    ) -> None:
        super().__init__(client, key)
        self.seen = seen
        self.shown = shown
        self.messages = messages

    @retried
    def open(self, dest: str, plan: PendingDigest, ttl_days: int = 60) -> None:
        """Write the plan of a delivery about to begin, in place of any earlier one."""
        key = self.key.outbox(dest)
        pipe = self.r.pipeline(transaction=True)
        pipe.delete(key)
        pipe.hset(key, _PLAN, plan.to_json())
        # Kept as long as its picks stay seen: a digest nobody finishes within that is moot.
        pipe.expire(key, ttl_days * 86400)
        pipe.execute()

    @redis_errors
    def pending(self, dest: str) -> Outgoing | None:
        """The delivery under way or interrupted for `dest`, or None."""
        key = self.key.outbox(dest)
        fields = self.r.hgetall(key)
        if _PLAN not in fields:
            return None
        plan = parse(PendingDigest.from_json, fields[_PLAN], key)
        sent = {f.removeprefix(_SENT): ts for f, ts in fields.items() if f.startswith(_SENT)}
        return Outgoing(plan, fields.get(_CHANNEL, ""), sent, fields.get(_POSTING))

    @retried
    def posting(self, dest: str, message_id: str) -> None:
        """Note the message about to go out: if the process dies before `sent`, Slack may have it."""
        self.r.hset(self.key.outbox(dest), _POSTING, message_id)

    @retried
    def not_posted(self, dest: str, message_id: str) -> None:
        """Slack refused the message noted as posting: it is not unsure any more."""
        key = self.key.outbox(dest)
        if self.r.hget(key, _POSTING) == message_id:
            self.r.hdel(key, _POSTING)

    @retried
    def sent(
        self,
        dest: str,
        message_id: str,
        channel: str,
        ts: str,
        *,
        day: Date,
        pick: ScoredPosting | None = None,
        message: PickMessage | None = None,
        ttl_days: int = 60,
    ) -> None:
        """Record one message Slack accepted, and for a pick what follows from it, in one transaction."""
        histories = self.shown.histories(dest, [pick.posting.key]) if pick is not None else {}
        key = self.key.outbox(dest)
        pipe = self.r.pipeline(transaction=True)
        pipe.hset(key, mapping={_SENT + message_id: ts, _CHANNEL: channel})
        pipe.zadd(self.key.digests(dest), {day.isoformat(): time.time()})
        if pick is not None:
            entry = ShownEntry.of(pick, day)
            self.shown.stage(pipe, dest, {pick.posting.key: entry.added_to(histories[pick.posting.key])})
            self.seen.stage(pipe, dest, pick.posting.all_keys, ttl_days)
        if message is not None:
            self.messages.stage(pipe, channel, {ts: message}, ttl_days)
        pipe.execute()

    def stage_drop(self, pipe: redis.client.Pipeline, dest: str) -> None:
        """Drop the outbox in `pipe`, the transaction that commits the digest it held."""
        pipe.delete(self.key.outbox(dest))

    @retried
    def drop(self, dest: str) -> None:
        self.r.delete(self.key.outbox(dest))

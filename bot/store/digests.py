"""The digest delivered to a destination each day, and the dates digests went out.

A day's record holds what reached the person: the committed deliveries, and the part of one still on
its way (the outbox) that Slack already accepted. It counts as posted (`daily`) only once the whole
morning digest is in.
"""

from __future__ import annotations

import time
from collections.abc import Iterable

import redis

from bot.store.base import Part, parse, redis_errors, retried
from bot.store.keys import Keys
from bot.store.outbox import Outbox, Outgoing
from bot.store.records import DigestRecord, ShownEntry
from bot.store.seen import SeenPostings
from bot.store.shown import ShownHistory


class Digests(Part):
    def __init__(self, client: redis.Redis, key: Keys, seen: SeenPostings, shown: ShownHistory, outbox: Outbox) -> None:
        super().__init__(client, key)
        self.seen = seen
        self.shown = shown
        self.outbox = outbox

    @redis_errors
    def commit(
        self,
        dest: str,
        record: DigestRecord,
        seen: Iterable[str],
        shown: dict[str, ShownEntry],
        ttl_days: int = 60,
    ) -> None:
        """Write what a delivery did in one transaction: the digest, the seen marks, the history.

        A crash never leaves picks shown but not marked seen. A later delivery on the same date (a
        refresh) is appended to that day's record.
        """
        pipe = self.r.pipeline(transaction=True)
        self._stage(pipe, dest, record, seen, shown, ttl_days)
        pipe.execute()

    @retried
    def close(
        self,
        dest: str,
        delivery: str,
        record: DigestRecord,
        seen: Iterable[str],
        shown: dict[str, ShownEntry],
        ttl_days: int = 60,
    ) -> bool:
        """`commit` the delivery the outbox holds and drop the outbox, in one transaction.

        False when that delivery is no longer pending: an earlier try of this very write landed
        before the connection dropped, and committing again would add its picks twice.
        """
        pending = self.outbox.pending(dest)
        if pending is None or pending.plan.delivery != delivery:
            return False
        pipe = self.r.pipeline(transaction=True)
        self._stage(pipe, dest, record, seen, shown, ttl_days)
        self.outbox.stage_drop(pipe, dest)
        pipe.execute()
        return True

    def _stage(
        self,
        pipe: redis.client.Pipeline,
        dest: str,
        record: DigestRecord,
        seen: Iterable[str],
        shown: dict[str, ShownEntry],
        ttl_days: int,
    ) -> None:
        # Reads first, outside the transaction: the caller holds the run lock, so nothing else writes
        # these keys meanwhile.
        date = record.date.isoformat()
        earlier = self._committed(dest, [date]).get(date)
        if earlier is not None:
            record = earlier.then(record)
        histories = self.shown.histories(dest, list(shown))
        pipe.set(self.key.digest(dest, date), record.to_json(), ex=ttl_days * 86400 * 6)
        pipe.zadd(self.key.digests(dest), {date: time.time()})
        self.shown.stage(pipe, dest, {k: entry.added_to(histories[k]) for k, entry in shown.items()})
        self.seen.stage(pipe, dest, seen, ttl_days)

    @redis_errors
    def get(self, dest: str, date: str) -> DigestRecord | None:
        """The day's record; while its digest is on its way (or was interrupted), with what of it
        already reached Slack, and not `daily` until all of it has."""
        record = self._committed(dest, [date]).get(date)
        pending = self.outbox.pending(dest)
        if pending is None or pending.plan.date.isoformat() != date or not pending.sent:
            return record
        part = _reached_so_far(pending)
        return record.then(part) if record is not None else part

    @redis_errors
    def many(self, dest: str, dates: list[str]) -> dict[str, DigestRecord]:
        """The committed records of many dates in one round trip; dates without one are left out."""
        return self._committed(dest, dates)

    def _committed(self, dest: str, dates: list[str]) -> dict[str, DigestRecord]:
        if not dates:
            return {}
        keys = [self.key.digest(dest, d) for d in dates]
        raw = self.r.mget(keys)
        return {d: parse(DigestRecord.from_json, v, k) for d, k, v in zip(dates, keys, raw, strict=True) if v}

    @redis_errors
    def daily_done(self, dest: str, date: str) -> bool:
        """True once the whole morning digest for `date` reached the person (a refresh does not count)."""
        record = self.get(dest, date)
        return record is not None and record.daily

    @redis_errors
    def dates(self, dest: str, limit: int = 30) -> list[str]:
        """Dates a digest was delivered to `dest` (wholly or in part), newest first."""
        return list(self.r.zrevrange(self.key.digests(dest), 0, limit - 1))


def _reached_so_far(pending: Outgoing) -> DigestRecord:
    plan = pending.plan
    return DigestRecord(
        date=plan.date,
        kind=plan.kind,
        daily=False,
        channel=pending.channel,
        messages=pending.messages,
        picks=pending.picks_sent,
        stats=plan.stats,
    )

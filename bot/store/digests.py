"""The digest delivered to a destination each day, and the dates digests went out."""

from __future__ import annotations

import time
from collections.abc import Iterable

import redis

from bot.store.base import Part, parse, redis_errors
from bot.store.keys import Keys
from bot.store.records import DigestRecord, ShownEntry
from bot.store.seen import SeenPostings
from bot.store.shown import ShownHistory


class Digests(Part):
    def __init__(self, client: redis.Redis, key: Keys, seen: SeenPostings, shown: ShownHistory) -> None:
        super().__init__(client, key)
        self.seen = seen
        self.shown = shown

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
        date = record.date.isoformat()
        earlier = self.get(dest, date)
        if earlier is not None:
            record = earlier.then(record)
        histories = self.shown.histories(dest, list(shown))
        pipe = self.r.pipeline(transaction=True)
        pipe.set(self.key.digest(dest, date), record.to_json(), ex=ttl_days * 86400 * 6)
        pipe.zadd(self.key.digests(dest), {date: time.time()})
        self.shown.stage(pipe, dest, {k: [*histories[k], entry] for k, entry in shown.items()})
        self.seen.stage(pipe, dest, seen, ttl_days)
        pipe.execute()

    @redis_errors
    def get(self, dest: str, date: str) -> DigestRecord | None:
        return self.many(dest, [date]).get(date)

    @redis_errors
    def many(self, dest: str, dates: list[str]) -> dict[str, DigestRecord]:
        """`get` for many dates in one round trip; dates without a record are left out."""
        if not dates:
            return {}
        keys = [self.key.digest(dest, d) for d in dates]
        raw = self.r.mget(keys)
        return {d: parse(DigestRecord.from_json, v, k) for d, k, v in zip(dates, keys, raw, strict=True) if v}

    @redis_errors
    def daily_done(self, dest: str, date: str) -> bool:
        """True once the morning digest for `date` went out (a refresh does not count)."""
        record = self.get(dest, date)
        return record is not None and record.daily

    @redis_errors
    def dates(self, dest: str, limit: int = 30) -> list[str]:
        """Dates a digest was delivered to `dest`, newest first."""
        return list(self.r.zrevrange(self.key.digests(dest), 0, limit - 1))

"""The digest delivered to a destination each day, and the dates digests went out."""

from __future__ import annotations

import json
import time
from collections.abc import Iterable
from typing import Any

import redis

from bot.store.base import Part, redis_errors
from bot.store.keys import Keys
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
        date: str,
        record: dict[str, Any],
        seen: Iterable[str],
        shown: dict[str, dict],
        ttl_days: int = 60,
    ) -> None:
        """Write what a delivery did in one transaction: the digest, the seen marks, the history.

        A crash never leaves picks shown but not marked seen. A later delivery on the same date (a
        refresh) is appended to that day's record.
        """
        digest_key = self.key.digest(dest, date)
        old_raw = self.r.get(digest_key)
        histories = self.shown.histories(dest, list(shown))
        if old_raw:
            old = json.loads(old_raw)
            record = {
                **old,
                **record,
                "daily": bool(old.get("daily") or record.get("daily")),
                "picks": old.get("picks", []) + record.get("picks", []),
                "messages": old.get("messages", []) + record.get("messages", []),
                "deliveries": old.get("deliveries", 1) + 1,
            }
        pipe = self.r.pipeline(transaction=True)
        pipe.set(digest_key, json.dumps(record, ensure_ascii=False), ex=ttl_days * 86400 * 6)
        pipe.zadd(self.key.digests(dest), {date: time.time()})
        self.shown.stage(pipe, dest, {k: [*histories[k], entry] for k, entry in shown.items()})
        self.seen.stage(pipe, dest, seen, ttl_days)
        pipe.execute()

    @redis_errors
    def get(self, dest: str, date: str) -> dict | None:
        raw = self.r.get(self.key.digest(dest, date))
        return json.loads(raw) if raw else None

    @redis_errors
    def many(self, dest: str, dates: list[str]) -> dict[str, dict]:
        """`get` for many dates in one round trip; dates without a record are left out."""
        if not dates:
            return {}
        raw = self.r.mget([self.key.digest(dest, d) for d in dates])
        return {d: json.loads(v) for d, v in zip(dates, raw, strict=True) if v}

    @redis_errors
    def daily_done(self, dest: str, date: str) -> bool:
        """True once the morning digest for `date` went out (a refresh does not count)."""
        record = self.get(dest, date)
        return bool(record and record.get("daily"))

    @redis_errors
    def dates(self, dest: str, limit: int = 30) -> list[str]:
        """Dates a digest was delivered to `dest`, newest first."""
        return list(self.r.zrevrange(self.key.digests(dest), 0, limit - 1))

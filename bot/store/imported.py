"""Days of past digests imported from the tool used before jobpicks (`jobpicks import-history`)."""

from __future__ import annotations

from collections.abc import Iterable

import redis

from bot.store.base import Part, parse, redis_errors
from bot.store.keys import Keys
from bot.store.records import ImportedDay, ShownEntry
from bot.store.seen import SeenPostings
from bot.store.shown import ShownHistory


class ImportedDays(Part):
    def __init__(self, client: redis.Redis, key: Keys, seen: SeenPostings, shown: ShownHistory) -> None:
        super().__init__(client, key)
        self.seen = seen
        self.shown = shown

    @redis_errors
    def days(self, dest: str, days: list[str]) -> dict[str, ImportedDay]:
        """The imported record of each of `days` that has one."""
        if not days:
            return {}
        key = self.key.imported(dest)
        raw = self.r.hmget(key, days)
        return {d: parse(ImportedDay.from_json, v, f"{key} {d}") for d, v in zip(days, raw, strict=True) if v}

    @redis_errors
    def dates(self, dest: str) -> list[str]:
        """Days past digests were imported for, newest first."""
        return sorted(self.r.hkeys(self.key.imported(dest)), reverse=True)

    @redis_errors
    def commit(
        self,
        dest: str,
        histories: dict[str, list[ShownEntry]],
        seen: Iterable[str],
        days: list[ImportedDay],
        ttl_days: int = 60,
    ) -> None:
        """Write one imported file in one transaction: whole shown histories, seen marks, day records.

        The caller holds the run lock of `dest`, so no delivery changes the histories it read meanwhile.
        """
        pipe = self.r.pipeline(transaction=True)
        self.shown.stage(pipe, dest, histories)
        if days:
            pipe.hset(self.key.imported(dest), mapping={d.date.isoformat(): d.to_json() for d in days})
        self.seen.stage(pipe, dest, seen, ttl_days)
        pipe.execute()

"""Postings already shown to a destination: each marked until its "seen" mark expires."""

from __future__ import annotations

import time
from collections.abc import Iterable

import redis

from bot.store.base import Part, redis_errors


class SeenPostings(Part):
    @redis_errors
    def keys(self, dest: str, keys: Iterable[str]) -> set[str]:
        """Which of `keys` were shown to `dest` and have not expired: one round trip (ZMSCORE)."""
        keys = list(dict.fromkeys(keys))
        if not keys:
            return set()
        expiries = self.r.zmscore(self.key.seen(dest), keys)
        now = time.time()
        return {k for k, exp in zip(keys, expiries, strict=True) if exp is not None and exp > now}

    @redis_errors
    def mark(self, dest: str, keys: Iterable[str], ttl_days: int = 60) -> None:
        pipe = self.r.pipeline(transaction=True)
        self.stage(pipe, dest, keys, ttl_days)
        pipe.execute()

    def stage(self, pipe: redis.client.Pipeline, dest: str, keys: Iterable[str], ttl_days: int) -> None:
        """Add the marks to `pipe`, the transaction of a delivery or an import."""
        now = time.time()
        expires = now + ttl_days * 86400
        mapping: dict[str | bytes, float] = {k: expires for k in keys}
        if mapping:
            pipe.zadd(self.key.seen(dest), mapping)
        # Pruning here keeps the set bounded without a separate cleanup job.
        pipe.zremrangebyscore(self.key.seen(dest), "-inf", now)

    @redis_errors
    def count(self, dest: str) -> int:
        return int(self.r.zcount(self.key.seen(dest), time.time(), "+inf"))

    @redis_errors
    def until(self, dest: str, key: str) -> float | None:
        """Unix time the posting's seen mark expires, or None when it is not (or no longer) seen."""
        expires = self.r.zscore(self.key.seen(dest), key)
        return expires if expires is not None and expires > time.time() else None

"""Runs per destination: the lock held while one is under way, and the status of the last."""

from __future__ import annotations

import contextlib
import secrets
from collections.abc import Iterator
from contextlib import contextmanager

import redis

from bot.errors import StoreError
from bot.store.base import Part, parse, redis_errors
from bot.store.records import RunStatus

_RELEASE_LOCK = """
if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end
"""


class Runs(Part):
    @contextmanager
    def lock(self, dest: str, ttl_seconds: int = 1800) -> Iterator[bool]:
        """Yields True when this caller holds the run for `dest`, False when another run does."""
        token = secrets.token_hex(8)
        key = self.key.lock(dest)
        try:
            got = bool(self.r.set(key, token, nx=True, ex=ttl_seconds))
        except (redis.ConnectionError, redis.TimeoutError) as exc:
            raise StoreError(f"Redis stopped answering ({exc})", "check that the server is up") from exc
        try:
            yield got
        finally:
            if got:
                # On failure the TTL frees it; the run's own error is the one worth showing.
                with contextlib.suppress(redis.RedisError):
                    self.r.eval(_RELEASE_LOCK, 1, key, token)

    @redis_errors
    def in_progress(self, dest: str) -> bool:
        return bool(self.r.exists(self.key.lock(dest)))

    @redis_errors
    def save_status(self, dest: str, status: RunStatus) -> None:
        self.r.set(self.key.status(dest), status.to_json())

    @redis_errors
    def status(self, dest: str) -> RunStatus | None:
        key = self.key.status(dest)
        raw = self.r.get(key)
        return parse(RunStatus.from_json, raw, key) if raw else None

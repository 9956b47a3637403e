"""Runs per destination: the lock held while one is under way, and the status of the last.

The lock is redis-py's `Lock` with a short TTL (`lock_seconds`, a minute by default) that a heartbeat
thread renews while the run is alive. A run that dies without releasing it (kill -9, a lost machine)
stops renewing, so the next run is kept out for at most `lock_seconds`. Beside the lock, ``run:<dest>``
says who holds it and when it last renewed, so `status` tells a live run from one that stopped.
"""

from __future__ import annotations

import contextlib
import logging
import os
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

import redis
from redis.exceptions import LockError, LockNotOwnedError
from redis.lock import Lock

from bot.store.base import Part, parse, redis_errors, retried
from bot.store.keys import Keys
from bot.store.records import RunInfo, RunStatus

log = logging.getLogger("jobpicks.runs")

LOCK_SECONDS = 60.0


class Lease:
    """A run's hold on its destination, renewed in the background until the run ends.

    `lost` is set when another run took the lock meanwhile (this one was silent past its TTL, e.g.
    Redis was away longer than that): the holder stops before writing anything more.
    """

    def __init__(self, lock: Lock, info: RunInfo) -> None:
        self.lock = lock
        # Kept apart from the Lock, which forgets its token as its release begins.
        self.token: str | bytes = lock.local.token or b""
        self.info = info
        self.lost = threading.Event()
        self.stopped = threading.Event()

    def __bool__(self) -> bool:
        return True


class Runs(Part):
    def __init__(self, client: redis.Redis, key: Keys, lock_seconds: float = LOCK_SECONDS) -> None:
        super().__init__(client, key)
        self.lock_seconds = lock_seconds

    @contextmanager
    def lock(self, dest: str, kind: str = "run") -> Iterator[Lease | None]:
        """Yields a `Lease` while this caller holds the run for `dest`, None when another run does."""
        lock = self.r.lock(
            self.key.lock(dest),
            timeout=self.lock_seconds,
            blocking=False,
            # The heartbeat thread renews the lock the run's thread took.
            thread_local=False,
        )
        got = self._acquire(lock)
        if not got:
            yield None
            return
        now = datetime.now(UTC)
        info = RunInfo(
            kind=kind,
            started_at=now,
            renewed_at=now,
            pid=os.getpid(),
            host=socket.gethostname(),
            lock_seconds=self.lock_seconds,
        )
        lease = Lease(lock, info)
        with contextlib.suppress(redis.RedisError):
            self._write_info(dest, info)
        beat = threading.Thread(target=self._renew, args=(dest, lease), name=f"jobpicks-lock-{dest}", daemon=True)
        beat.start()
        try:
            yield lease
        finally:
            lease.stopped.set()
            beat.join(5)
            self._release(dest, lease)

    @redis_errors
    def _acquire(self, lock: Lock) -> bool:
        return bool(lock.acquire(blocking=False))

    def _renew(self, dest: str, lease: Lease) -> None:
        """Renew the lock every third of its TTL until the run ends; a blip in Redis is waited out."""
        interval = self.lock_seconds / 3
        while not lease.stopped.wait(interval):
            try:
                try:
                    lease.lock.reacquire()
                except LockNotOwnedError:
                    # The key expired while Redis was away (or came back empty): take it back if it is
                    # still free; if another run has it now, this one must stop.
                    if not lease.lock.acquire(blocking=False, token=lease.token):
                        log.error("the run lock of %s was taken by another run; this run stops", dest)
                        lease.lost.set()
                        return
                lease.info = lease.info.model_copy(update={"renewed_at": datetime.now(UTC)})
                self._write_info(dest, lease.info)
            except redis.RedisError as exc:
                log.warning("could not renew the run lock of %s (%s); trying again", dest, exc)

    def _write_info(self, dest: str, info: RunInfo) -> None:
        self.r.set(self.key.run(dest), info.to_json(), px=int(self.lock_seconds * 1000))

    @retried
    def _release(self, dest: str, lease: Lease) -> None:
        if lease.lost.is_set():
            return
        try:
            # By token rather than `release()`, which forgets the token first and could not be tried again.
            lease.lock.do_release(lease.token)
        except LockError:
            return  # expired meanwhile, perhaps taken by another run: its record is not ours to delete
        self.r.delete(self.key.run(dest))

    @redis_errors
    def in_progress(self, dest: str) -> bool:
        return bool(self.r.exists(self.key.lock(dest)))

    @redis_errors
    def current(self, dest: str) -> RunInfo | None:
        """Who holds the lock of `dest` and when they last renewed it; None when nobody does."""
        lock_key, run_key = self.key.lock(dest), self.key.run(dest)
        held, raw = self.r.exists(lock_key), self.r.get(run_key)
        if not held:
            return None
        if not raw:
            # Held by a jobpicks from before run records: say only that it is held.
            now = datetime.now(UTC)
            return RunInfo(started_at=now, renewed_at=now, lock_seconds=self.lock_seconds)
        return parse(RunInfo.from_json, raw, run_key)

    @retried
    def save_status(self, dest: str, status: RunStatus) -> None:
        self.r.set(self.key.status(dest), status.to_json())

    @redis_errors
    def status(self, dest: str) -> RunStatus | None:
        key = self.key.status(dest)
        raw = self.r.get(key)
        return parse(RunStatus.from_json, raw, key) if raw else None

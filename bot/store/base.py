"""What every part of the store shares: the Redis client, the key names, one error for a lost server."""

from __future__ import annotations

import contextlib
import functools
import logging
import threading
import time
from collections.abc import Callable, Iterator
from typing import ParamSpec, TypeVar

import redis
from pydantic import ValidationError

from bot.errors import StoreError
from bot.store.keys import Keys

P = ParamSpec("P")
R = TypeVar("R")
T = TypeVar("T")

log = logging.getLogger("jobpicks.store")

# A managed Redis that restarts (a failover, a maintenance window, a deploy) is away for a second or
# two; what a delivery writes waits that out rather than forget what already reached Slack. Nobody is
# waiting on these writes but the run itself, so the budget is generous; what a person waits on (a
# Slack command) gets the client's own short policy instead (bot.redis_url.RETRY).
WRITE_RETRY_SECONDS = 20.0
_FIRST_PAUSE, _LONGEST_PAUSE = 0.05, 1.0


def redis_errors(method: Callable[P, R]) -> Callable[P, R]:
    """Turn a lost connection into one StoreError a person can act on."""

    @functools.wraps(method)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return method(*args, **kwargs)
        except (redis.ConnectionError, redis.TimeoutError) as exc:
            raise StoreError(
                f"Redis stopped answering ({exc})", "check that the server is up and REDIS_URL is right"
            ) from exc

    return wrapper


def retried(method: Callable[P, R]) -> Callable[P, R]:
    """Try a write again through a short loss of the server, with bounded backoff, then StoreError.

    Only for writes that are idempotent: the whole method runs again, and the first try may have
    landed before the connection dropped.
    """

    @functools.wraps(method)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        deadline = time.monotonic() + WRITE_RETRY_SECONDS
        pause = _FIRST_PAUSE
        while True:
            try:
                return method(*args, **kwargs)
            except (redis.ConnectionError, redis.TimeoutError, StoreError) as exc:
                if isinstance(exc, StoreError) and not _lost_server(exc):
                    raise  # a record it cannot read, say: trying again changes nothing
                if time.monotonic() + pause > deadline:
                    raise StoreError(
                        f"Redis stopped answering for {WRITE_RETRY_SECONDS:.0f} s ({exc})",
                        "check that the server is up and REDIS_URL is right; the next run finishes what this one began",
                    ) from exc
                cause = exc.__cause__ if isinstance(exc, StoreError) else exc
                log.warning("Redis is not answering (%s); trying again in %.2f s", cause, pause)
                time.sleep(pause)
                pause = min(pause * 2, _LONGEST_PAUSE)

    return wrapper


def _lost_server(error: StoreError) -> bool:
    """Whether a StoreError (from a read the write made) is the server going away."""
    return isinstance(error.__cause__, redis.ConnectionError | redis.TimeoutError)


def parse(read: Callable[[str], T], raw: str, key: str) -> T:
    """`read(raw)`, or one StoreError naming the key when what it holds is not a record jobpicks reads."""
    try:
        return read(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "the record"
        raise StoreError(
            f"{key} holds a record jobpicks cannot read ({where}: {first['msg']})",
            "delete that key with redis-cli, or report it if jobpicks wrote it",
        ) from exc


class Part:
    """One thing the store remembers, kept under its own keys."""

    def __init__(self, client: redis.Redis, key: Keys) -> None:
        self.r = client
        self.key = key


@contextlib.contextmanager
def held(client: redis.Redis, name: str, *, seconds: float, wait: float) -> Iterator[bool]:
    """Hold the lock `name` for a piece of shared work, waiting up to `wait` seconds for another holder;
    yields whether it was taken (False: go on without it, doing the work a second time).

    A short TTL renewed every third of it while the holder lives, so a process killed while holding it
    keeps the others waiting `seconds` at most.
    """
    lock = client.lock(name, timeout=seconds, blocking_timeout=wait, thread_local=False)
    try:
        got = bool(lock.acquire())
    except redis.RedisError:
        got = False
    if not got:
        yield False
        return
    done = threading.Event()

    def renew() -> None:
        while not done.wait(seconds / 3):
            with contextlib.suppress(redis.RedisError):
                lock.reacquire()

    beat = threading.Thread(target=renew, name=f"jobpicks-held-{name}", daemon=True)
    beat.start()
    try:
        yield True
    finally:
        done.set()
        beat.join(5)
        with contextlib.suppress(redis.RedisError):
            lock.release()

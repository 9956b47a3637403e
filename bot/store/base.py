"""What every part of the store shares: the Redis client, the key names, one error for a lost server."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import ParamSpec, TypeVar

import redis
from pydantic import ValidationError

from bot.errors import StoreError
from bot.store.keys import Keys

P = ParamSpec("P")
R = TypeVar("R")
T = TypeVar("T")


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

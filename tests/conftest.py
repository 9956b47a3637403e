"""Shared fixtures: a real Redis server (REDIS_URL or 127.0.0.1:6379) under a key prefix of the test's own."""

from __future__ import annotations

import os
import socket
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

from bot.store import Store

DATA = Path(__file__).parent / "data"
REDIS_URL = os.environ.get("JOBPICKS_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


@pytest.fixture(scope="session")
def redis_client() -> Iterator[redis.Redis]:
    client = redis.Redis.from_url(REDIS_URL, decode_responses=True)
    try:
        client.ping()
    except redis.ConnectionError as exc:  # pragma: no cover - the CI script starts one
        pytest.fail(f"tests need a Redis server at {REDIS_URL}: {exc}")
    yield client
    client.close()


@pytest.fixture
def redis_prefix(redis_client: redis.Redis) -> Iterator[str]:
    """A prefix no other test uses; every key under it is removed afterwards."""
    prefix = f"jobpicks-test-{uuid.uuid4().hex[:10]}"
    yield prefix
    keys = list(redis_client.scan_iter(f"{prefix}:*", count=500))
    if keys:
        redis_client.delete(*keys)


@pytest.fixture
def store(redis_client: redis.Redis, redis_prefix: str) -> Store:
    return Store(redis_client, prefix=redis_prefix)


@pytest.fixture
def store_away() -> Store:
    """A store whose Redis is down: the real client, pointed at a loopback port nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    # No retries: redis-py's default backoff would outlast the 3 s Slack gives a listener to answer.
    client = redis.Redis(host="127.0.0.1", port=closed_port, retry=Retry(NoBackoff(), 0), decode_responses=True)
    return Store(client)


@pytest.fixture
def data_dir() -> Path:
    return DATA


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, redis_prefix: str) -> Path:
    """A clean environment for the `jobpicks` command, in a folder of the test's own: no Slack, no LLM,
    the test Redis under the test's prefix. Tests add the variables of the fakes they start."""
    for var in (
        "SLACK_BOT_TOKEN",
        "SLACK_APP_TOKEN",
        "SLACK_SIGNING_SECRET",
        "OPENAI_API_KEY",
        "OPENAI_BASE_URL",
        "OPENAI_MODEL",
        "JOBPICKS_CONFIG",
        "SLACK_API_URL",
    ):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("REDIS_URL", REDIS_URL)
    monkeypatch.setenv("JOBPICKS_REDIS_PREFIX", redis_prefix)
    monkeypatch.setenv("JOBPICKS_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.chdir(tmp_path)
    return tmp_path


class CountingConnection(redis.Connection):
    """A connection that counts the commands it sends (pipelined ones too): this client's own, whatever
    other clients of the same server do meanwhile."""

    sent = 0

    def pack_command(self, *args):  # type: ignore[no-untyped-def]
        CountingConnection.sent += 1
        return super().pack_command(*args)


@pytest.fixture
def counted_store(redis_client: redis.Redis, redis_prefix: str) -> Iterator[Store]:
    """`store`'s keys through a client whose commands are counted in `CountingConnection.sent`."""
    pool = redis.ConnectionPool(connection_class=CountingConnection, **redis_client.connection_pool.connection_kwargs)
    CountingConnection.sent = 0
    yield Store(redis.Redis(connection_pool=pool), prefix=redis_prefix)
    pool.disconnect()

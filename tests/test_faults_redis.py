"""Redis restarting while a digest is being posted (a managed Redis's failover or maintenance): the
run waits it out and finishes, and nothing that reached Slack is forgotten or posted twice.

The test runs a redis-server of its own on a free port (never the shared one), with its data kept on
disk as a managed Redis keeps it, stops it for about a second while picks are going out, and starts
it again on the same port.
"""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from bot.errors import StoreError
from bot.redis_url import client_for_url
from bot.store import Store
from tests.fake_sites import FakeSite
from tests.fake_slack import FakeSlack
from tests.fault_world import DEST, OwnRedis, World, job_boards  # noqa: F401 - the fixture

SERVER = shutil.which("redis-server")
pytestmark = pytest.mark.skipif(SERVER is None, reason="the redis-server binary is not installed")


@pytest.fixture
def own_redis(tmp_path: Path) -> Iterator[OwnRedis]:
    server = OwnRedis(tmp_path)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def world_on_own_redis(
    env: Path,
    own_redis: OwnRedis,
    boards: FakeSite,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> Iterator[World]:
    monkeypatch.setenv("REDIS_URL", own_redis.url)
    with FakeSlack() as slack:
        monkeypatch.setenv("SLACK_BOT_TOKEN", slack.bot_token)
        monkeypatch.setenv("SLACK_API_URL", slack.api_url)
        store = Store(redis.Redis.from_url(own_redis.url, decode_responses=True), prefix=_prefix())
        made = World(env, slack, boards, store, capsys)
        made.write_config()
        yield made


def _prefix() -> str:
    import os

    return os.environ["JOBPICKS_REDIS_PREFIX"]


def test_redis_restarting_for_a_second_mid_digest_loses_and_repeats_nothing(
    world_on_own_redis: World, own_redis: OwnRedis
) -> None:
    world = world_on_own_redis
    world.slack.slow("chat.postMessage", 0.5)
    run = world.start_run()
    world.slack.wait_until(lambda: len(world.picks()) >= 1, timeout=60)
    own_redis.stop()  # the first pick is in Slack; its answer, and Redis's record of it, are on their way
    time.sleep(1.0)  # the outage itself, not a wait for anything
    own_redis.start()
    _, err = run.communicate(timeout=120)

    assert run.returncode == 0, err
    assert "Redis is not answering" in err, "the run noticed the outage and waited it out"
    world.assert_one_whole_digest()


def test_a_slack_command_while_redis_is_away_gives_up_after_two_tries_not_eleven() -> None:
    # A server that hangs up on every connection. redis-py's default policy would try eleven times,
    # with up to ten seconds between tries, long past the 3 s Slack gives the app to answer a command.
    # Each try here is a connection or two (redis-py connects again once before giving a try up).
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    connections: list[int] = []

    def hang_up() -> None:
        while True:
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            connections.append(1)
            conn.close()

    threading.Thread(target=hang_up, daemon=True).start()
    store = Store(client_for_url(f"redis://127.0.0.1:{listener.getsockname()[1]}/0"))
    try:
        with pytest.raises(StoreError) as err:
            store.runs.status(DEST)
    finally:
        listener.close()
    assert "Redis stopped answering" in str(err.value)
    assert 1 <= len(connections) <= 4, len(connections)

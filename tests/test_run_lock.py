"""The run lock frees itself: a short TTL that the run renews while it is alive.

A run that lives longer than the TTL keeps its lock; one that dies stops renewing it and the next run
gets in within the TTL (see test_faults_signals for a run killed with SIGKILL); one that was cut off
from Redis for longer than that takes its lock back if nobody else did, and stops if somebody did.
Everything that would start a run shares it: `jobpicks run`, /jobpicks refresh, `import-history`.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import redis

from bot.cli import main
from bot.history_import import import_history
from bot.store import Store
from bot.store.records import RunInfo

HISTORY = Path(__file__).parent / "data" / "history"


@pytest.fixture
def quick(redis_client: redis.Redis, redis_prefix: str) -> Store:
    """A store whose run lock lasts one second (renewed every third of one)."""
    return Store(redis_client, prefix=redis_prefix, lock_seconds=1)


def eventually(condition: Callable[[], object], timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "did not happen in time"
        time.sleep(0.02)


def renewals(store: Store, dest: str) -> datetime:
    info = store.runs.current(dest)
    assert info is not None
    return info.renewed_at


def test_a_run_longer_than_its_locks_ttl_keeps_it_while_alive_and_frees_it_at_the_end(quick: Store) -> None:
    with quick.runs.lock("C1", kind="daily") as lease:
        assert lease
        seen: set[datetime] = set()
        # Several renewals: well past the one-second TTL, the lock is still this run's.
        while len(seen) < 5:
            seen.add(renewals(quick, "C1"))
            with quick.runs.lock("C1") as other:
                assert other is None, "a second run is kept out"
            time.sleep(0.05)
        assert not lease.lost.is_set()
    assert not quick.runs.in_progress("C1") and quick.runs.current("C1") is None


def test_a_lock_that_vanished_while_redis_was_away_is_taken_back_if_nobody_took_it(quick: Store) -> None:
    with quick.runs.lock("C1") as lease:
        assert lease
        # Redis came back without the key (a restart without persistence, or an outage past the TTL).
        quick.r.delete(quick.runs.key.lock("C1"))
        eventually(lambda: quick.runs.in_progress("C1"))
        assert not lease.lost.is_set()
        with quick.runs.lock("C1") as other:
            assert other is None


def test_a_run_whose_lock_another_run_took_meanwhile_is_told_to_stop(quick: Store, redis_client: redis.Redis) -> None:
    other = Store(redis_client, prefix=quick.prefix, lock_seconds=60)
    with quick.runs.lock("C1") as lease:
        assert lease
        quick.r.delete(quick.runs.key.lock("C1"))  # lost while Redis was away…
        with other.runs.lock("C1") as taker:  # …and another run got in first
            assert taker
            eventually(lease.lost.is_set)
            assert other.runs.in_progress("C1"), "the first run's release does not free the other's lock"
        assert lease.lost.is_set()


def test_status_tells_a_live_run_from_one_that_stopped_renewing(env: Path, store: Store, capsys) -> None:
    (env / "jobpicks.toml").write_text('[digest]\ndestination = "C1"\ntimezone = "UTC"\n')
    with store.runs.lock("C1", kind="daily"):
        assert main(["status"]) == 0
        live = capsys.readouterr().out
    assert "A daily run started at " in live and " is under way." in live

    # What a run killed 40 s ago leaves: its lock (a minute's TTL) and its record, no longer renewed.
    killed = datetime.now(UTC) - timedelta(seconds=40)
    info = RunInfo(kind="daily", started_at=killed, renewed_at=killed, pid=4242, host="web.1", lock_seconds=60)
    store.r.set(store.runs.key.lock("C1"), "token-of-a-dead-run", ex=20)
    store.r.set(store.runs.key.run("C1"), info.to_json(), ex=20)
    assert main(["status"]) == 0
    dead = capsys.readouterr().out
    assert "stopped renewing its lock 40 s ago" in dead and "frees itself within 20 s" in dead


def test_import_history_waits_for_a_run_as_refresh_and_run_do(store: Store) -> None:
    with store.runs.lock("C1", kind="daily"):
        report = import_history([HISTORY / "quirks"], store, "C1")
    assert not report.ok and report.errors == ["a run for C1 is under way; import again when it finishes"]
    assert import_history([HISTORY / "quirks"], store, "C1").ok, "and goes in once the run is over"

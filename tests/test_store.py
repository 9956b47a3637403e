"""The store remembers what was shown, votes and digests, in real Redis (server and embedded)."""

from __future__ import annotations

import time

import pytest

from bot.errors import StoreError
from bot.store import Store, connect
from scoring.feedback import Vote


def test_a_posting_shown_yesterday_is_seen_today(store: Store) -> None:
    store.seen.mark("C1", ["linkedin:1", "linkedin:2"])
    assert store.seen.keys("C1", ["linkedin:1", "linkedin:3"]) == {"linkedin:1"}
    # Another destination has its own memory.
    assert store.seen.keys("C2", ["linkedin:1"]) == set()


def test_seen_marks_expire_after_their_ttl(store: Store, redis_client) -> None:
    store.seen.mark("C1", ["old"], ttl_days=1)
    # Age the mark past its expiry without waiting a day.
    redis_client.zadd(f"{store.prefix}:seen:C1", {"old": time.time() - 1})
    assert store.seen.keys("C1", ["old"]) == set()
    store.seen.mark("C1", ["new"])
    assert store.seen.count("C1") == 1, "expired marks are pruned on the next write"


def test_checking_a_thousand_postings_is_one_round_trip(store: Store, redis_client) -> None:
    keys = [f"linkedin:{i}" for i in range(1000)]
    store.seen.mark("C1", keys[::2])
    before = redis_client.info("stats")["total_commands_processed"]
    seen = store.seen.keys("C1", keys)
    after = redis_client.info("stats")["total_commands_processed"]
    assert len(seen) == 500
    # Other tests may run commands meanwhile only in parallel runs; ours adds one ZMSCORE (+ INFO).
    assert after - before <= 3


def test_a_repeated_vote_changes_nothing_and_keeps_the_feedback_version(store: Store) -> None:
    vote = Vote(posting_key="linkedin:1", user="U1", value=1, title="ML Intern", company="Acme")
    assert store.votes.record("alex", vote)
    version = store.votes.feedback_version("alex")
    assert not store.votes.record("alex", Vote(posting_key="linkedin:1", user="U1", value=1))
    assert store.votes.feedback_version("alex") == version
    assert store.votes.record("alex", Vote(posting_key="linkedin:1", user="U1", value=-1))
    assert store.votes.feedback_version("alex") != version
    assert [v.value for v in store.votes.all("alex")] == [-1]
    assert store.votes.remove("alex", "linkedin:1", "U1")
    assert store.votes.all("alex") == []


def test_a_delivery_is_written_whole_and_a_refresh_appends(store: Store) -> None:
    store.digests.commit(
        "C1",
        "2026-11-21",
        {"picks": [{"key": "a"}], "messages": ["1.1"]},
        seen=["a"],
        shown={"a": {"date": "2026-11-21", "score": 90}},
    )
    store.digests.commit(
        "C1",
        "2026-11-21",
        {"picks": [{"key": "b"}], "messages": ["1.2"]},
        seen=["b"],
        shown={"b": {"date": "2026-11-21", "score": 70}},
    )
    record = store.digests.get("C1", "2026-11-21")
    assert [p["key"] for p in record["picks"]] == ["a", "b"]
    assert store.seen.keys("C1", ["a", "b", "c"]) == {"a", "b"}
    assert store.digests.dates("C1") == ["2026-11-21"]
    assert store.shown.history("C1", "a") == [{"date": "2026-11-21", "score": 90}]


def test_only_one_run_holds_the_lock(store: Store) -> None:
    with store.runs.lock("C1") as first:
        with store.runs.lock("C1") as second:
            assert first and not second
        assert store.runs.in_progress("C1")
    assert not store.runs.in_progress("C1")


def test_an_unreachable_redis_is_one_clear_error(tmp_path) -> None:
    with pytest.raises(StoreError) as err:
        connect("redis://127.0.0.1:1/0", tmp_path)
    assert "unreachable" in str(err.value) and "REDIS_URL" in str(err.value)


def test_with_no_redis_url_an_embedded_redis_keeps_state_between_runs(tmp_path) -> None:
    first = Store(connect(None, tmp_path))
    first.seen.mark("C1", ["linkedin:7"])
    first.r.shutdown(save=True)
    second = Store(connect(None, tmp_path))
    assert second.seen.keys("C1", ["linkedin:7"]) == {"linkedin:7"}


def test_redis_going_away_mid_run_is_one_clear_error(tmp_path) -> None:
    import shutil
    import socket
    import subprocess

    server = shutil.which("redis-server")
    if server is None:
        pytest.skip("redis-server binary not installed")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(
        [
            server,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(tmp_path),
        ],
        stdout=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            try:
                client = connect(f"redis://127.0.0.1:{port}/0", tmp_path)
                break
            except StoreError:
                time.sleep(0.05)
        store = Store(client)
        store.seen.mark("C1", ["a"])
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    with pytest.raises(StoreError) as err:
        store.seen.keys("C1", ["a"])
    assert "Redis stopped answering" in str(err.value)


def test_votes_on_one_posting_are_found_without_mixing_up_similar_keys(store: Store) -> None:
    store.votes.record("alex", Vote(posting_key="url:https://x.com/job?id=1", user="U1", value=1))
    store.votes.record("alex", Vote(posting_key="url:https://x.com/job?id=1", user="U2", value=-1))
    store.votes.record("alex", Vote(posting_key="url:https://x.com/jobXid=1", user="U3", value=1))
    store.votes.record("alex", Vote(posting_key="linkedin:12", user="U1", value=1))
    votes = store.votes.on("alex", "url:https://x.com/job?id=1")
    assert sorted((v.user, v.value) for v in votes) == [("U1", 1), ("U2", -1)]
    assert [v.user for v in store.votes.on("alex", "linkedin:1")] == [], "no prefix matches"

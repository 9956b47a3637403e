"""The store remembers what was shown, votes and digests, in real Redis (server and embedded)."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime

import pytest
import redis

from bot.errors import StoreError
from bot.store import Store, connect
from bot.store.records import DigestRecord, ShownEntry
from scoring.feedback import Vote
from scoring.model import ScoredPosting
from scrapers.model import Posting
from tests.conftest import CountingConnection


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


def test_checking_a_thousand_postings_is_one_round_trip(store: Store, counted_store: Store) -> None:
    keys = [f"linkedin:{i}" for i in range(1000)]
    store.seen.mark("C1", keys[::2])
    CountingConnection.sent = 0
    seen = counted_store.seen.keys("C1", keys)
    assert len(seen) == 500
    # One ZMSCORE (a new connection may say hello first), not one command per posting.
    assert CountingConnection.sent <= 3


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


def pick(key: str, score: int) -> ScoredPosting:
    return ScoredPosting(Posting(key=key, source="linkedin", url="", title=f"Job {key}", company="Acme"), score, "")


def test_a_delivery_is_written_whole_and_a_refresh_appends(store: Store) -> None:
    day = date(2026, 11, 21)
    store.digests.commit(
        "C1",
        DigestRecord(date=day, picks=[pick("a", 90)], messages=["1.1"]),
        seen=["a"],
        shown={"a": ShownEntry(date=day, score=90)},
    )
    store.digests.commit(
        "C1",
        DigestRecord(date=day, picks=[pick("b", 70)], messages=["1.2"]),
        seen=["b"],
        shown={"b": ShownEntry(date=day, score=70)},
    )
    record = store.digests.get("C1", "2026-11-21")
    assert record is not None
    assert [p.posting.key for p in record.picks] == ["a", "b"]
    assert store.seen.keys("C1", ["a", "b", "c"]) == {"a", "b"}
    assert store.digests.dates("C1") == ["2026-11-21"]
    assert store.shown.history("C1", "a") == [ShownEntry(date=day, score=90)]


@contextmanager
def commands_sent(redis_client: redis.Redis, prefix: str) -> Iterator[list[str]]:
    """Every command the clients touching `prefix` send meanwhile, in order, as Redis's MONITOR sees them."""
    seen: list[dict] = []
    stop = f"{prefix}:stop-watching"
    ready = threading.Event()

    def watch() -> None:
        with redis_client.monitor() as monitor:
            ready.set()
            for command in monitor.listen():
                seen.append(command)
                if stop in command["command"]:
                    return

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    ready.wait(5)
    redis_client.get(f"{prefix}:start-watching")
    commands: list[str] = []
    yield commands
    redis_client.get(stop)
    watcher.join(10)
    # MULTI and EXEC name no key: follow the connections that sent our keys (other tests may share the server).
    ours = {c["client_port"] for c in seen if prefix in c["command"]}
    start = next(i for i, c in enumerate(seen) if "start-watching" in c["command"])
    commands += [c["command"].split()[0].upper() for c in seen[start + 1 :] if c["client_port"] in ours]
    commands.pop()  # the GET that stopped the watch


def test_a_delivery_writes_its_digest_history_and_seen_marks_in_one_transaction(
    store: Store, redis_client: redis.Redis, redis_prefix: str
) -> None:
    day = date(2026, 11, 21)
    store.digests.commit("C1", DigestRecord(date=day, picks=[pick("a", 90)]), seen=["a"], shown={})
    with commands_sent(redis_client, redis_prefix) as commands:
        store.digests.commit(
            "C1", DigestRecord(date=day, picks=[pick("b", 70)]), seen=["b"], shown={"b": ShownEntry(date=day, score=70)}
        )
    # Reads first; then every write between one MULTI and its EXEC, so a crash leaves all of it or none.
    assert commands.count("MULTI") == 1 and commands[-1] == "EXEC"
    writes = commands[commands.index("MULTI") + 1 : -1]
    assert sorted(writes) == ["HSET", "SET", "ZADD", "ZADD", "ZREMRANGEBYSCORE"]
    assert all(c in ("MGET", "HMGET") for c in commands[: commands.index("MULTI")])


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


# -- records as an earlier jobpicks stored them ---------------------------------------------------------

OLD_STATS = {
    "sources": [{"source": "linkedin", "found": 30, "error": None, "warnings": ["odd card"]}],
    "collected": 50,
    "new": 42,
    "filtered_out": 2,
    "scored": 40,
    "llm_requests": 6,
    "llm_scored": 5,
    "cached": 1,
    "fallback": 0,
    "prompt_tokens": 12000,
    "completion_tokens": 900,
    "errors": ["indeed: 429"],
}


def test_a_digest_stored_by_an_earlier_version_reads_and_a_refresh_still_appends(store: Store, redis_client) -> None:
    old = {
        "date": "2026-11-21",
        "kind": "daily",
        "daily": True,
        "channel": "C0123",
        "messages": ["1.1", "1.2"],
        "picks": [pick("linkedin:1", 91).to_dict()],
        "stats": OLD_STATS,
        "delivered_at": "2026-11-21T16:00:00.123456+00:00",
    }
    redis_client.set(f"{store.prefix}:digest:C1:2026-11-21", json.dumps(old))
    redis_client.zadd(f"{store.prefix}:digests:C1", {"2026-11-21": time.time()})

    record = store.digests.get("C1", "2026-11-21")
    assert record is not None and store.digests.daily_done("C1", "2026-11-21")
    assert [(p.posting.key, p.posting.title, p.score) for p in record.picks] == [("linkedin:1", "Job linkedin:1", 91)]
    assert (record.deliveries, record.channel, record.messages) == (1, "C0123", ["1.1", "1.2"])
    stats = record.stats
    assert (stats.collected, stats.new, stats.usage.requests, stats.usage.prompt_tokens) == (50, 42, 6, 12000)
    assert stats.sources[0].warnings == ["odd card"] and stats.sources[0].retries == 0

    store.digests.commit(
        "C1", DigestRecord(date=date(2026, 11, 21), kind="refresh", picks=[pick("linkedin:2", 80)]), seen=[], shown={}
    )
    record = store.digests.get("C1", "2026-11-21")
    assert record is not None and record.daily and record.deliveries == 2
    assert [p.posting.key for p in record.picks] == ["linkedin:1", "linkedin:2"]


def test_a_status_stored_by_an_earlier_version_reads_and_is_written_back_in_its_shape(
    store: Store, redis_client
) -> None:
    old = {
        "finished_at": "2026-11-21T16:00:00.5+00:00",
        "date": "2026-11-21",
        "kind": "refresh",
        "picks": 3,
        "delivery_error": "Slack refused the message (not_in_channel)",
    } | {k: v for k, v in OLD_STATS.items() if k not in ("llm_scored", "cached", "fallback")}
    redis_client.set(f"{store.prefix}:status:C1", json.dumps(old))

    status = store.runs.status("C1")
    assert status is not None
    assert (status.date, status.kind, status.picks) == (date(2026, 11, 21), "refresh", 3)
    assert status.delivery_error == "Slack refused the message (not_in_channel)"
    assert (status.stats.usage.requests, status.stats.usage.cached, status.stats.scored) == (6, 0, 40)

    # Written again, it keeps the field names an earlier version reads: counts beside the date.
    store.runs.save_status("C1", status)
    written = json.loads(redis_client.get(f"{store.prefix}:status:C1"))
    assert set(old) <= set(written)
    same = [k for k in old if k not in ("finished_at", "sources")]
    assert {k: written[k] for k in same} == {k: old[k] for k in same}
    assert datetime.fromisoformat(written["finished_at"]) == datetime(2026, 11, 21, 16, 0, 0, 500000, tzinfo=UTC)
    assert [{k: s[k] for k in ("source", "found", "error", "warnings")} for s in written["sources"]] == old["sources"]


def test_shown_histories_and_imported_days_stored_by_an_earlier_version_read(store: Store, redis_client) -> None:
    delivered = {"date": "2026-11-20", "score": 88, "reason": "fits", "title": "ML Intern", "company": "Acme"}
    delivered["url"] = "https://www.linkedin.com/jobs/view/1"
    imported = delivered | {"date": "2025-12-28", "location": "Remote", "imported": "daily-picks-2025-12-28.md"}
    redis_client.hset(f"{store.prefix}:shown:C1", "linkedin:1", json.dumps([imported, delivered]))
    day = {"date": "2025-12-28", "files": ["daily-picks-2025-12-28.md"], "picks": [{"key": "linkedin:1", "score": 88}]}
    redis_client.hset(f"{store.prefix}:imported:C1", "2025-12-28", json.dumps(day))

    first, second = store.shown.history("C1", "linkedin:1")
    assert (first.date, first.imported, first.location) == (date(2025, 12, 28), "daily-picks-2025-12-28.md", "Remote")
    assert (second.date, second.score, second.imported, second.location) == (date(2026, 11, 20), 88, None, "")
    assert store.shown.keys_by_url("C1") == {"https://www.linkedin.com/jobs/view/1": "linkedin:1"}
    (read,) = store.imported.days("C1", ["2025-12-28", "2025-12-29"]).values()
    assert (read.files, [(p.key, p.score, p.title) for p in read.picks]) == (
        ["daily-picks-2025-12-28.md"],
        [("linkedin:1", 88, "")],
    )


def test_a_pick_message_stored_by_an_earlier_version_reads(store: Store, redis_client) -> None:
    view = {
        "key": "linkedin:1",
        "rank": 1,
        "title": "ML Intern",
        "url": "https://www.linkedin.com/jobs/view/1",
        "company": "Acme",
        "location": "Remote",
        "score": 93,
        "reason": "fits",
        "summary": "Builds models.",
        "sources": ["linkedin"],
        "via": None,
        "age": "posted today",
        "scorer": "llm",
        "capped": None,
        "digest": "C1:2026-11-21",
    }
    old = {
        "posting_key": "linkedin:1",
        "title": "ML Intern",
        "company": "Acme",
        "reason": "fits",
        "digest": "C1:2026-11-21",
        "profile": "alex",
        "view": view,
    }
    redis_client.set(f"{store.prefix}:msg:C0123:1.1", json.dumps(old))
    message = store.messages.get("C0123", "1.1")
    assert message is not None
    assert (message.posting_key, message.digest, message.profile) == ("linkedin:1", "C1:2026-11-21", "alex")
    # Fields added since (with defaults) read as their defaults; every field the old record had survives.
    read = message.view.model_dump()
    assert {k: read[k] for k in view} == view
    assert (read["moved"], read["features"]) == ("", [])


def test_a_record_jobpicks_cannot_read_is_one_line_naming_its_key(store: Store, redis_client) -> None:
    redis_client.set(f"{store.prefix}:status:C1", json.dumps({"date": "yesterday-ish"}))
    with pytest.raises(StoreError) as err:
        store.runs.status("C1")
    message = str(err.value)
    assert message.startswith(f"{store.prefix}:status:C1 holds a record jobpicks cannot read (")
    assert "delete that key" in message and "\n" not in message


def test_a_taste_reset_is_written_in_one_transaction_and_undo_takes_back_the_last(
    store: Store, redis_client: redis.Redis, redis_prefix: str
) -> None:
    with commands_sent(redis_client, redis_prefix) as commands:
        store.resets.reset("alex", "C1", 100.0)
    # A crash leaves the reset made or not made, never a list cut short.
    assert commands == ["MULTI", "RPUSH", "LTRIM", "EXEC"]
    store.resets.reset("alex", "C1", 200.0)
    assert store.resets.times("alex", "C1") == [100.0, 200.0]
    assert store.resets.times("alex", "C2") == [], "another destination learns on"
    assert store.resets.undo("alex", "C1") == 200.0
    assert store.resets.times("alex", "C1") == [100.0]


def test_a_deliverys_writes_tried_again_after_they_landed_record_each_pick_once(store: Store) -> None:
    """A write is tried again when the connection drops, and the first try may have landed: the
    outbox's records and the closing commit change nothing the second time."""
    from bot.store.records import PendingDigest

    day = date(2026, 11, 21)
    picks = [pick("a", 90), pick("b", 80)]
    plan = PendingDigest(
        delivery="d1", date=day, destination="C1", picks=picks, planned_at=datetime(2026, 11, 21, 16, tzinfo=UTC)
    )
    store.outbox.open("C1", plan)
    for _ in range(2):
        store.outbox.sent("C1", "overview", "C0123", "1.1", day=day)
        store.outbox.sent("C1", "pick:a", "C0123", "1.2", day=day, pick=picks[0])
    assert store.shown.history("C1", "a") == [ShownEntry.of(picks[0], day)]
    record = store.digests.get("C1", "2026-11-21")
    assert record is not None and [p.posting.key for p in record.picks] == ["a"] and not record.daily

    store.outbox.sent("C1", "pick:b", "C0123", "1.3", day=day, pick=picks[1])
    whole = DigestRecord(date=day, daily=True, channel="C0123", messages=["1.1", "1.2", "1.3"], picks=picks)
    shown = {p.posting.key: ShownEntry.of(p, day) for p in picks}
    assert store.digests.close("C1", "d1", whole, seen=["a", "b"], shown=shown)
    assert not store.digests.close("C1", "d1", whole, seen=["a", "b"], shown=shown), "already committed"
    record = store.digests.get("C1", "2026-11-21")
    assert record is not None and record.daily and [p.posting.key for p in record.picks] == ["a", "b"]
    assert record.deliveries == 1 and store.shown.history("C1", "b") == [ShownEntry.of(picks[1], day)]
    assert store.outbox.pending("C1") is None

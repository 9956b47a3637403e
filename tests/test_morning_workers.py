"""Past one process: with JOBPICKS_QUEUE=rq the morning's digests are RQ jobs, run by `jobpicks worker`
processes of their own against the real Redis. Two workers share the jobs; nobody's digest is posted
twice, and a worker stopped by its platform mid-digest loses and repeats nothing."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator

import pytest
import redis
from rq import Queue, Worker
from rq.job import Job

from bot.context import AppContext, open_context
from bot.morning import due_audiences
from bot.morning_queue import RQDispatch, queue_name
from tests.conftest import REDIS_URL
from tests.fake_slack import CHANNEL_ID
from tests.fault_world import World, fault_world, job_boards  # noqa: F401 - the fixtures

MEMBERS = ["U0ALEX", "U0BEA", "U0CAM", "U0DEV", "U0EVE", "U0FAY"]


def club(world: World) -> None:
    """The fault world's channel digest, and six members with their own, all due at 00:00 UTC."""
    world.write_config(morning="00:00")
    tables = "".join(
        f'\n[[person]]\nslack_user = "{u}"\nroles = ["software engineer"]\nskills = ["python"]\n'
        f'max_age_days = 365\ntime = "00:00"\ntimezone = "UTC"\n'
        for u in MEMBERS
    )
    path = world.folder / "jobpicks.toml"
    path.write_text(path.read_text() + tables)


@pytest.fixture
def queued(world: World, monkeypatch: pytest.MonkeyPatch) -> Iterator[AppContext]:
    monkeypatch.setenv("JOBPICKS_QUEUE", "rq")
    club(world)
    ctx = open_context(str(world.folder / "jobpicks.toml"))
    yield ctx
    # RQ's own keys for this test's queue and jobs; the store's are removed by the prefix fixture.
    client = redis.Redis.from_url(REDIS_URL)
    for pattern in (f"rq:*{ctx.store.prefix}*",):
        for key in client.scan_iter(pattern, count=500):
            client.delete(key)
    client.close()


def start_worker(world: World, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "worker", *args],
        cwd=world.folder,
        env=world.env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def wait_for(condition, timeout: float = 60.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def enqueue_morning(ctx: AppContext) -> list[str]:
    dispatch = RQDispatch(ctx, None)
    due = due_audiences(ctx, ctx.clock())
    assert len(due) == 1 + len(MEMBERS)
    assert all(dispatch.dispatch(a) for a in due)
    assert not any(dispatch.dispatch(a) for a in due), "a digest's job for the day is queued once"
    return [a.destination for a in due]


def dm_keys(world: World, user: str) -> list[str]:
    return [m.metadata["event_payload"]["posting_key"] for m in world.slack.pick_messages("D" + user[1:]) if m.metadata]


def test_two_worker_processes_share_the_mornings_jobs_and_post_nothing_twice(world: World, queued: AppContext) -> None:
    world.slack.slow("chat.postMessage", 0.1)  # each digest takes a moment, so both workers get some
    workers = [start_worker(world), start_worker(world)]
    queue = Queue(queue_name(queued), connection=redis.Redis.from_url(REDIS_URL))
    try:
        wait_for(lambda: len(Worker.all(queue=queue)) == 2)
        destinations = enqueue_morning(queued)
        wait_for(lambda: queue.finished_job_registry.count == len(destinations), timeout=90)
    finally:
        for w in workers:
            w.send_signal(signal.SIGTERM)
        outputs = [w.communicate(timeout=30) for w in workers]
    jobs = [Job.fetch(j, connection=queue.connection) for j in queue.finished_job_registry.get_job_ids()]
    ran_by = Counter(j.worker_name for j in jobs)
    assert len(ran_by) == 2, f"both workers ran jobs: {ran_by} {outputs}"
    assert all(w.returncode == 0 for w in workers), outputs

    for user in MEMBERS:
        keys = dm_keys(world, user)
        assert len(keys) == 4 and len(set(keys)) == 4, (user, keys)
        day = world.store.digests.dates(user)[0]
        assert world.store.digests.daily_done(user, day)
    assert len(world.slack.pick_messages(CHANNEL_ID)) == 4, "the channel digest, once"
    assert world.site.hits("/v1/boards/stripe/jobs") and len(world.site.hits("/v1/boards/stripe/jobs")) == 1, (
        "one collection for seven digests in two processes"
    )


def test_a_worker_stopped_mid_digest_finishes_its_message_and_the_next_worker_finishes_the_digest(
    world: World, queued: AppContext
) -> None:
    world.slack.slow("chat.postMessage", 0.5)
    queue = Queue(queue_name(queued), connection=redis.Redis.from_url(REDIS_URL))
    worker = start_worker(world)
    wait_for(lambda: len(Worker.all(queue=queue)) == 1)
    RQDispatch(queued, None).dispatch(due_audiences(queued, queued.clock())[1])  # U0ALEX's digest alone
    wait_for(lambda: len(world.slack.pick_messages("D0ALEX")) >= 1)
    worker.send_signal(signal.SIGTERM)  # a deploy: the platform stops the worker
    _, err = worker.communicate(timeout=60)
    assert worker.returncode == 0, err
    posted = dm_keys(world, "U0ALEX")
    assert 1 <= len(posted) < 4, "stopped part-way, after the message in flight"
    assert not world.store.runs.in_progress("U0ALEX"), "the lock was released on the way out"

    # The next morning tick starts the digest again (it is still due); a worker finishes it.
    world.slack.slow("chat.postMessage", 0)
    dispatch = RQDispatch(queued, None)
    assert dispatch.dispatch(due_audiences(queued, queued.clock())[1])
    burst = start_worker(world, "--burst")
    _, err = burst.communicate(timeout=60)
    assert burst.returncode == 0, err
    keys = dm_keys(world, "U0ALEX")
    assert len(keys) == 4 and len(set(keys)) == 4 and keys[: len(posted)] == posted, keys
    assert world.store.digests.daily_done("U0ALEX", world.store.digests.dates("U0ALEX")[0])

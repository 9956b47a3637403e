"""The morning's jobs on RQ (`JOBPICKS_QUEUE=rq`): enqueued by the serving process, run by `jobpicks worker`.

RQ keeps its queue in the same Redis as everything else, so a workspace that outgrows one process adds
worker processes (a `jobs` process type in the Procfile) and nothing else. A job names only its
destination and the config file; the worker reads everything else from Redis when the job starts, so
a member who stopped their picks in the meantime gets nothing, and one who edited their profile gets
picks for the edited one.

RQ runs each job in a forked child (its "work horse"). A platform stopping the process (SIGTERM) is
passed on to that child, whose job then finishes the message in flight, records it and releases its
lock, as `jobpicks run` does; the worker waits for it and exits. The next job for that digest finishes
it without posting any pick twice.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import re
import signal
from types import FrameType
from zoneinfo import ZoneInfo

import redis
from rq import Queue, Worker
from rq.job import Job, JobStatus

from bot.audience import Audience
from bot.context import AppContext
from bot.errors import ConfigError

log = logging.getLogger("jobpicks.queue")

# A digest is filter, score (LLM calls) and about 21 Slack messages at the workspace's pace; a job that
# runs longer than this is stuck, and RQ ends it so the next morning's tick can start it again.
JOB_TIMEOUT_SECONDS = 1800
# A finished job's record is kept this long, for `rq info` and the tests; failed ones a day.
RESULT_TTL_SECONDS = 3600


def queue_name(ctx: AppContext) -> str:
    """One queue per store prefix: two bots sharing a Redis server never run each other's jobs."""
    return f"{ctx.store.prefix}-mornings"


def rq_connection(ctx: AppContext) -> redis.Redis:
    """RQ stores pickled job data, so it needs a client that returns bytes, on the store's server."""
    if not ctx.settings.redis_url:
        raise ConfigError(
            "JOBPICKS_QUEUE=rq needs a Redis server that every worker reaches, but REDIS_URL is not set",
            "set REDIS_URL to the server (redis://host:6379/0), or unset JOBPICKS_QUEUE to run the jobs in-process",
        )
    return redis.Redis.from_url(ctx.settings.redis_url)


def job_id(ctx: AppContext, audience: Audience) -> str:
    """One job per digest and day. RQ takes only letters, digits, "_" and "-" in an id; a channel's
    name ("#job-picks") is kept readable, with a hash of the real name so two names never collide."""
    day = ctx.clock().astimezone(ZoneInfo(audience.timezone)).date().isoformat()
    name = f"{ctx.store.prefix}-morning-{audience.destination}-{day}"
    digest = hashlib.sha256(name.encode()).hexdigest()[:8]
    return f"{re.sub(r'[^A-Za-z0-9_-]', '_', name)}-{digest}"


class RQDispatch:
    """Enqueues one job per due digest, unless that digest's job for the day is already waiting or running."""

    def __init__(self, ctx: AppContext, config_path: str | None) -> None:
        self.ctx = ctx
        self.config_path = config_path
        self.queue = Queue(queue_name(ctx), connection=rq_connection(ctx))

    def dispatch(self, audience: Audience) -> bool:
        jid = job_id(self.ctx, audience)
        existing = Job.fetch(jid, connection=self.queue.connection) if self._exists(jid) else None
        if existing is not None and existing.get_status() in (
            JobStatus.QUEUED,
            JobStatus.STARTED,
            JobStatus.DEFERRED,
            JobStatus.SCHEDULED,
        ):
            return False
        self.queue.enqueue(
            "bot.morning_queue.morning_job",
            self.config_path,
            audience.destination,
            job_id=jid,
            job_timeout=JOB_TIMEOUT_SECONDS,
            result_ttl=RESULT_TTL_SECONDS,
            failure_ttl=86400,
        )
        return True

    def close(self, timeout: float) -> bool:
        """Nothing to wait for here: the jobs run in the workers, which stop on their own."""
        return True

    def _exists(self, jid: str) -> bool:
        return bool(self.queue.connection.exists(Job.key_for(jid)))


def morning_job(config_path: str | None, destination: str) -> str:
    """What a worker runs: one destination's morning digest. Returns a line for RQ's job record."""
    from rich.console import Console

    from bot.context import open_context
    from bot.deliveries import default_delivery
    from bot.morning import audience_of, run_digest
    from bot.stopping import stop_on_signals

    ctx = open_context(config_path)
    audience = audience_of(ctx, destination)
    if audience is None:
        return f"{destination}: no digest (stopped, or no longer in the config)"
    # In the work horse: SIGTERM (passed on by the worker, or sent to the whole dyno) stops the job
    # after the message in flight.
    with stop_on_signals() as stop:
        # A worker has no terminal: without a Slack token the digest goes to its log.
        outcome = run_digest(ctx, audience, default_delivery(Console(stderr=True)), stop=stop)
    if outcome.skipped:
        return f"{destination}: skipped ({outcome.skipped})"
    picks = len(outcome.digest.picks) if outcome.digest else 0
    return f"{destination}: {picks} picks delivered"


class DigestWorker(Worker):
    """RQ's worker, passing a stop on to the job under way so it ends at a safe point (see above)."""

    def request_stop(self, signum: int, frame: FrameType | None) -> None:
        if self.horse_pid:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.horse_pid, signal.SIGTERM)
        super().request_stop(signum, frame)


def work(ctx: AppContext, *, burst: bool = False) -> bool:
    """Run jobs until stopped (or, with `burst`, until the queue is empty)."""
    connection = rq_connection(ctx)
    worker = DigestWorker([Queue(queue_name(ctx), connection=connection)], connection=connection)
    return worker.work(burst=burst, logging_level="INFO")

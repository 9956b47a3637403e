"""The workspace's morning: every digest due is one job, and all of them share one collection.

Each audience (the channel's digest, each member's DM) is due at its own time in its own time zone.
A due digest is one independent job: filter, score and deliver for that audience, reading the
morning's shared collection (bot.collection) and the score cache, which people with the same profile
share. The jobs run in this process, a few at a time (`[digest] workers`), or, with
`JOBPICKS_QUEUE=rq`, on RQ workers over the same Redis (bot.morning_queue), so a workspace that
outgrows one process adds workers. Either way a job is the pipeline's daily run under the audience's
own lock, so a job run twice (two schedulers, a worker restarted mid-job) never posts a day twice.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from bot.audience import Audience, channel_audience
from bot.context import AppContext
from bot.digest import Deliver
from bot.people import audiences, person
from bot.progress import Progress
from bot.schedule import last_daily_date, next_run
from bot.stopping import StopRequest
from bot.store import Store

if TYPE_CHECKING:
    from bot.pipeline import RunOutcome

log = logging.getLogger("jobpicks.morning")

# How a job's digest is delivered, given the audience's context: Slack, or the terminal.
DeliveryFor = Callable[[AppContext], Deliver]


def is_due(store: Store, audience: Audience, now: datetime) -> bool:
    """Whether `audience`'s morning digest is due at `now` and its day not posted yet."""
    last = last_daily_date(store, audience.destination)
    return next_run(now, audience.time, audience.timezone, last) <= now


def due_audiences(ctx: AppContext, now: datetime) -> list[Audience]:
    """Every digest of the workspace due now, the channel's first; paused members are left out."""
    return [a for a in audiences(ctx) if is_due(ctx.store, a, now)]


def audience_of(ctx: AppContext, destination: str) -> Audience | None:
    """The audience a job names by its destination: the channel digest's, or a member's own."""
    channel = channel_audience(ctx.config)
    if destination == channel.destination:
        return channel
    member = person(ctx, destination)
    if member is None or member.paused:
        return None  # stopped (or removed from the config) since the job was queued
    return member.audience(ctx.config)


def run_digest(
    ctx: AppContext,
    audience: Audience,
    deliver_for: DeliveryFor,
    *,
    stop: StopRequest | None = None,
    progress: Progress | None = None,
) -> RunOutcome:
    """One audience's morning digest, start to end: the job the morning runs once per audience."""
    # Imported here: a worker waiting for jobs need not load scoring.
    from bot.pipeline import run_pipeline

    mine = ctx.for_audience(audience)
    return asyncio.run(run_pipeline(mine, deliver_for(mine), kind="daily", progress=progress, stop=stop, shared=True))


@dataclass(slots=True)
class InProcess:
    """Runs the morning's jobs in this process, `workers` at a time; a job already running or queued
    here for a destination is not started twice."""

    ctx: AppContext
    deliver_for: DeliveryFor
    workers: int
    stop: StopRequest | None = None
    _pool: ThreadPoolExecutor | None = None
    _running: dict[str, Future[tuple[str, bool]]] = field(default_factory=dict)

    def dispatch(self, audience: Audience) -> bool:
        """Start `audience`'s job unless it is under way here; True when it was started."""
        busy = self._running.get(audience.destination)
        if busy is not None and not busy.done():
            return False
        if self._pool is None:
            self._pool = ThreadPoolExecutor(self.workers, thread_name_prefix="jobpicks-morning")
        self._running[audience.destination] = self._pool.submit(self._job, audience)
        return True

    def _job(self, audience: Audience) -> tuple[str, bool]:
        try:
            outcome = run_digest(self.ctx, audience, self.deliver_for, stop=self.stop)
        except Exception as exc:  # one person's failure is theirs: the others' digests go on
            log.error("morning digest for %s failed: %s", audience.destination, exc)
            return f"failed: {exc}", False
        if outcome.skipped:
            log.info("morning digest for %s: skipped (%s)", audience.destination, outcome.skipped)
            return f"skipped: {outcome.skipped}", not outcome.busy
        picks = len(outcome.digest.picks) if outcome.digest else 0
        return f"{picks} picks delivered", True

    def result(self, destination: str) -> tuple[str, bool]:
        """What the job for `destination` came to: a line for a person, and whether it went well."""
        job = self._running.get(destination)
        if job is None or not job.done():
            return "not run", False
        return job.result()

    def wait(self, timeout: float | None = None) -> bool:
        """Wait for the jobs started so far; True when all ended within `timeout`."""
        from concurrent.futures import wait

        pending = [f for f in self._running.values() if not f.done()]
        _, not_done = wait(pending, timeout=timeout)
        return not not_done

    def close(self, timeout: float) -> bool:
        """Stop taking jobs and wait up to `timeout` for those under way; True when none is left."""
        ended = self.wait(timeout)
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
        return ended

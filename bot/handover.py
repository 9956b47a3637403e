"""Handing a digest to its delivery through the store's outbox, and finishing one handed over before.

`hand_over` writes the planned digest to the outbox before its first message, then delivers it with a
journal (bot.journal) that records each message the moment Slack accepts it; `finish_interrupted`
delivers what an earlier run could not; both commit the day's record (`remember`) once all of it is
in. A day counts as posted only then. When delivery stops part-way (Slack refused, a SIGTERM), what
went out is already remembered and the outbox stays for the next run.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date

from bot.archive import ArchiveError, archive_digest
from bot.context import AppContext
from bot.digest import Deliver, Delivered, Digest
from bot.errors import DeliveryError
from bot.journal import OutboxJournal, new_delivery_id
from bot.progress import Progress
from bot.stopping import StopRequest
from bot.store.outbox import Outgoing
from bot.store.records import DigestRecord, PendingDigest, RunStatus, ShownEntry
from bot.store.runs import Lease
from scoring.model import ScoredPosting


@dataclass(slots=True)
class Resumed:
    """An interrupted digest a run finished before its own."""

    digest: Digest
    delivered: Delivered
    before: int  # picks that had reached the person before this run

    def describe(self) -> str:
        d = self.digest
        if not d.picks:
            return f"Posted the {d.kind} digest of {d.day:%a %d %b} to {d.destination} that an earlier run could not."
        rest = len(d.picks) - self.before
        return (
            f"Finished the {d.kind} digest of {d.day:%a %d %b} to {d.destination} that an earlier run could not "
            f"complete: {rest} of its {len(d.picks)} picks posted now, in its thread."
        )


def stop_reason(stop: StopRequest | None, lease: Lease) -> Callable[[], str | None]:
    """Why a run must stop before its next message, if it must: a signal, or its lock taken over."""

    def reason() -> str | None:
        if lease.lost.is_set():
            return "another run took over its lock"
        if stop is not None and stop.requested:
            return stop.reason or "asked to stop"
        return None

    return reason


def hand_over(
    ctx: AppContext,
    digest: Digest,
    deliver: Deliver,
    progress: Progress,
    stop: StopRequest | None,
    lease: Lease,
) -> Delivered:
    """Write the digest to the outbox, then deliver it and commit the day's record."""
    plan = PendingDigest(
        delivery=new_delivery_id(),
        date=digest.day,
        kind=digest.kind,
        destination=digest.destination,
        picks=digest.picks,
        stats=digest.stats,
        planned_at=ctx.clock(),
        channel_hint=_last_channel(ctx),
    )
    ctx.store.outbox.open(ctx.destination, plan, ttl_days=ctx.config.digest.seen_ttl_days)
    return _send(ctx, digest, deliver, Outgoing(plan), progress, stop, lease)


def finish_interrupted(
    ctx: AppContext,
    deliver: Deliver,
    progress: Progress,
    stop: StopRequest | None,
    lease: Lease,
    today: date,
) -> Resumed | None:
    """Finish the delivery an earlier run began and could not end, if there is one."""
    pending = ctx.store.outbox.pending(ctx.destination)
    if pending is None:
        return None
    plan = pending.plan
    if not pending.started and (plan.date < today or (plan.kind != "daily" and not plan.picks)):
        # Nothing of it reached anyone, and its day is over (today's run shows those postings afresh) or
        # it was a refresh with nothing to post.
        ctx.store.outbox.drop(ctx.destination)
        return None
    before = len(pending.picks_sent)
    progress.step(f"Finishing the {plan.kind} digest of {plan.date} ({before} of {len(plan.picks)} picks posted)…")
    digest = Digest(
        destination=plan.destination, day=plan.date, picks=list(plan.picks), stats=plan.stats, kind=plan.kind
    )
    delivered = _send(ctx, digest, deliver, pending, progress, stop, lease)
    return Resumed(digest, delivered, before)


def _send(
    ctx: AppContext,
    digest: Digest,
    deliver: Deliver,
    outgoing: Outgoing,
    progress: Progress,
    stop: StopRequest | None,
    lease: Lease,
) -> Delivered:
    """Deliver what of the outbox's digest has not reached the person, then commit the day's record."""
    journal = OutboxJournal(
        ctx.store,
        ctx.destination,
        outgoing,
        profile_id=ctx.profile_id,
        ttl_days=ctx.config.digest.seen_ttl_days,
        stop=stop_reason(stop, lease),
        pause=_pause(stop),
    )
    try:
        delivered = deliver(digest, journal)
    except DeliveryError as exc:
        # Each message that went out is already remembered (seen, shown, votable); the day stays open.
        _archive(ctx, digest, journal.picks_sent, progress)
        save_status(ctx, digest, error=str(exc))
        raise
    remember(ctx, digest, outgoing.plan.delivery, delivered)
    _archive(ctx, digest, digest.picks, progress)
    save_status(ctx, digest)
    return delivered


def _pause(stop: StopRequest | None) -> Callable[[float], None]:
    """A pause between messages that a stop request cuts short."""

    def pause(seconds: float) -> None:
        if stop is None:
            time.sleep(seconds)
        else:
            stop.wait(seconds)

    return pause


def _last_channel(ctx: AppContext) -> str:
    """The channel id the last digest for this destination went to ("" if none): where a resumed
    delivery can look for its overview when the destination is a channel's name."""
    dates = ctx.store.digests.dates(ctx.destination, 1)
    record = ctx.store.digests.get(ctx.destination, dates[0]) if dates else None
    return record.channel if record is not None else ""


def _archive(ctx: AppContext, digest: Digest, reached: list[ScoredPosting], progress: Progress) -> None:
    if not reached:
        return
    try:
        path = archive_digest(replace(digest, picks=reached), ctx.archive_dir)
        progress.done(f"archived in {path}", archive=str(path))
    except ArchiveError as exc:
        # The picks reached the person and are remembered; a missing archive file is worth a warning only.
        progress.done(f"archive: {exc}", ok=False)
        digest.stats.errors.append(f"archive: {exc}")


def remember(ctx: AppContext, digest: Digest, delivery: str, delivered: Delivered) -> None:
    """Commit the whole digest that reached the person and close its outbox, in one store transaction.

    Its picks were marked seen and shown one by one as they went out; they are written again here
    (idempotently) for a delivery that does not record as it goes, such as the terminal's.
    """
    record = DigestRecord(
        date=digest.day,
        kind=digest.kind,
        daily=digest.kind == "daily",
        channel=delivered.channel,
        messages=delivered.messages,
        picks=digest.picks,
        stats=digest.stats,
        delivered_at=ctx.clock(),
    )
    ctx.store.digests.close(
        ctx.destination,
        delivery,
        record,
        seen=[k for p in digest.picks for k in p.posting.all_keys],
        shown={p.posting.key: ShownEntry.of(p, digest.day) for p in digest.picks},
        ttl_days=ctx.config.digest.seen_ttl_days,
    )


def save_status(ctx: AppContext, digest: Digest, *, error: str | None = None) -> None:
    ctx.store.runs.save_status(
        ctx.destination,
        RunStatus(
            finished_at=ctx.clock(),
            date=digest.day,
            kind=digest.kind,
            picks=len(digest.picks),
            delivery_error=error,
            stats=digest.stats,
        ),
    )

"""`jobpicks status` and `/jobpicks status`: the last run in a few lines."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from bot.context import AppContext
from bot.learning import taste_lines
from bot.profile_edits import override_note


def status_text(ctx: AppContext) -> str:
    dest = ctx.destination
    store = ctx.store
    status = store.runs.status(dest)
    lines = [f"Destination: {dest}"]
    note = override_note(store.profiles.saved(ctx.profile_id))
    if note:
        lines.append(note)
    lines += run_lines(ctx)
    if not status:
        lines.append("No run yet: `jobpicks run` (or /jobpicks refresh) starts one.")
    else:
        stats, usage = status.stats, status.stats.usage
        lines.append(
            f"Last run: {status.kind} for {status.date}, finished {status.finished_at:%Y-%m-%dT%H:%M}Z, "
            f"{status.picks} picks"
        )
        lines.append(
            f"Postings: {stats.collected} found, {stats.new} new, "
            f"{stats.filtered_out} filtered out, {stats.scored} scored"
        )
        for source in stats.sources:
            state = f"failed: {source.error}" if source.error else f"{source.found} postings"
            warn = f" ({len(source.warnings)} parser warnings)" if source.warnings else ""
            lines.append(f"  {source.source}: {state}{warn}")
        tokens = usage.prompt_tokens + usage.completion_tokens
        lines.append(
            f"LLM: {usage.requests} requests, {tokens} tokens "
            f"({usage.prompt_tokens} prompt + {usage.completion_tokens} completion); "
            f"{usage.llm_scored} scored by the LLM, {usage.cached} from cache, "
            f"{usage.fallback} fell back to the local scorer"
        )
        if status.delivery_error:
            lines.append(f"Delivery failed: {status.delivery_error}")
    lines += taste_lines(ctx)
    lines.append(f"Remembered as shown: {store.seen.count(dest)} postings")
    dates = store.digests.dates(dest, 5)
    if dates:
        lines.append("Recent digests: " + ", ".join(dates))
    return "\n".join(lines)


def run_lines(ctx: AppContext) -> list[str]:
    """Whether a run is under way, stopped without finishing (killed), or left a digest half posted."""
    store, dest = ctx.store, ctx.destination
    zone = ZoneInfo(ctx.timezone)
    now = datetime.now(UTC)
    current = store.runs.current(dest)
    pending = store.outbox.pending(dest)
    posted = f"{len(pending.picks_sent)} of {len(pending.plan.picks)} picks" if pending is not None else ""
    if current is not None and not current.pid:
        return ["A run is under way now."]  # held by a jobpicks from before run records
    if current is not None:
        started = _when(current.started_at, now, zone)
        if current.seems_alive(now):
            so_far = f"; {posted} posted so far" if pending is not None and pending.started else ""
            return [f"A {current.kind} run started at {started} is under way{so_far}."]
        frees = max(0.0, current.lock_seconds - current.silent_for(now))
        then = "; the next run finishes its digest" if pending is not None else ""
        return [
            f"The {current.kind} run started at {started} stopped renewing its lock "
            f"{current.silent_for(now):.0f} s ago (it was killed or lost Redis): the lock frees itself "
            f"within {frees:.0f} s{then}."
        ]
    if pending is not None:
        plan = pending.plan
        return [
            f"The {plan.kind} run of {_when(plan.planned_at, now, zone)} was interrupted after {posted}; "
            "the next run finishes it (`jobpicks run`, /jobpicks refresh or the morning schedule)."
        ]
    return []


def _when(moment: datetime, now: datetime, zone: ZoneInfo) -> str:
    local = moment.astimezone(zone)
    return f"{local:%H:%M}" if local.date() == now.astimezone(zone).date() else f"{local:%a %d %b %H:%M}"

"""`jobpicks status` and `/jobpicks status`: the last run in a few lines."""

from __future__ import annotations

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
    if store.runs.in_progress(dest):
        lines.append("A run is under way now.")
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

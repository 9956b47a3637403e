"""`jobpicks status` and `/jobpicks status`: the last run in a few lines."""

from __future__ import annotations

from bot.context import AppContext
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
        lines.append(
            f"Last run: {status['kind']} for {status['date']}, finished {status['finished_at'][:16]}Z, "
            f"{status['picks']} picks"
        )
        lines.append(
            f"Postings: {status['collected']} found, {status['new']} new, "
            f"{status['filtered_out']} filtered out, {status['scored']} scored"
        )
        for source in status.get("sources", []):
            state = f"failed: {source['error']}" if source.get("error") else f"{source['found']} postings"
            warn = f" ({len(source['warnings'])} parser warnings)" if source.get("warnings") else ""
            lines.append(f"  {source['source']}: {state}{warn}")
        tokens = status["prompt_tokens"] + status["completion_tokens"]
        lines.append(
            f"LLM: {status['llm_requests']} requests, {tokens} tokens "
            f"({status['prompt_tokens']} prompt + {status['completion_tokens']} completion); "
            f"{status.get('llm_scored', 0)} scored by the LLM, {status.get('cached', 0)} from cache, "
            f"{status.get('fallback', 0)} fell back to the local scorer"
        )
        if status.get("delivery_error"):
            lines.append(f"Delivery failed: {status['delivery_error']}")
    lines.append(f"Remembered as shown: {store.seen.count(dest)} postings")
    dates = store.digests.dates(dest, 5)
    if dates:
        lines.append("Recent digests: " + ", ".join(dates))
    return "\n".join(lines)

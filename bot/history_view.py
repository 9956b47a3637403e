"""Text for `jobpicks history`: recent digests, and when one posting was shown and how it was voted."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.store import Store
from bot.store.records import DigestRecord, ImportedDay, ShownEntry
from scoring.feedback import Vote
from scrapers.normalize import canonical_url
from scrapers.registry import posting_key_from_url


def recent_digests_text(store: Store, destination: str, limit: int = 14) -> str:
    """The last `limit` days with a digest, delivered or imported, newest first, one line each."""
    delivered = store.digests.many(destination, store.digests.dates(destination, limit))
    imported = store.imported.days(destination, store.imported.dates(destination)[:limit])
    rows = [(day, _delivered_line(day, record)) for day, record in delivered.items()]
    rows += [(day, _imported_line(day, record)) for day, record in imported.items()]
    if not rows:
        return (
            f"No digests for {destination} yet: run `jobpicks run`, or bring past ones in with "
            "`jobpicks import-history FOLDER`."
        )
    rows.sort(key=lambda row: row[0], reverse=True)
    lines = [f"Recent digests for {destination}, newest first:"]
    lines += [line for _, line in rows[:limit]]
    lines.append("When was a posting shown? `jobpicks history --posting URL`")
    return "\n".join(lines)


def _delivered_line(day: str, record: DigestRecord) -> str:
    refreshes = record.deliveries - 1 if record.daily else record.deliveries
    runs = [
        *(["daily"] if record.daily else []),
        *([f"{refreshes} refresh{'es' if refreshes != 1 else ''}"] if refreshes else []),
    ]
    picks = [(p.score, p.posting.title, p.posting.company) for p in record.picks]
    return f"{day}  delivered  {_count(picks)} ({' + '.join(runs)}){_top(picks)}"


def _imported_line(day: str, record: ImportedDay) -> str:
    picks = [(p.score, p.title, p.company) for p in record.picks]
    return f"{day}  imported   {_count(picks)} (from {', '.join(record.files)}){_top(picks)}"


def _count(picks: list) -> str:
    return f"{len(picks)} pick{'' if len(picks) == 1 else 's'}"


def _top(picks: list[tuple[int, str, str]]) -> str:
    if not picks:
        return ""
    score, title, company = max(picks, key=lambda p: p[0])
    return f"  top {score}: {title} — {company}"


def posting_history_text(store: Store, destination: str, profile_id: str, url: str) -> str:
    """Every day the posting at `url` was shown, with score and reason; its votes; whether it can return."""
    key = posting_key_from_url(url)
    history = store.shown.history(destination, key)
    if not history:
        # A board keys its postings by its own id (greenhouse:123): find that key by the link.
        other = store.shown.keys_by_url(destination).get(canonical_url(url))
        if other:
            key, history = other, store.shown.history(destination, other)
    votes = store.votes.on(profile_id, key)
    until = store.seen.until(destination, key)
    if history:
        last = history[-1]
        lines = [
            f"{last.title or url} — {last.company} ({key})",
            f"Shown to {destination} on {len(history)} day{'' if len(history) == 1 else 's'}:",
        ]
        lines += [_shown_line(entry) for entry in history]
    else:
        lines = [f"{url} ({key}) was never shown to {destination}."]
    lines.append(_votes_line(votes))
    if until is not None:
        lines.append(f"Marked seen: it will not be shown again before {_day(until)}.")
    elif history:
        lines.append("Its seen mark has expired: it may be shown again if a source lists it.")
    return "\n".join(lines)


def _shown_line(entry: ShownEntry) -> str:
    source = f"  (imported from {entry.imported})" if entry.imported else ""
    reason = f"  {entry.reason}" if entry.reason else ""
    return f"  {entry.date}  score {entry.score}/100{reason}{source}"


def _votes_line(votes: list[Vote]) -> str:
    if not votes:
        return "Votes: none."
    shown = [f"{'👍' if v.value > 0 else '👎'} by {v.user} on {_day(v.at)}" for v in votes]
    return "Votes: " + ", ".join(shown) + "."


def _day(timestamp: float) -> str:
    return datetime.fromtimestamp(timestamp, UTC).date().isoformat()

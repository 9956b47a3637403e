"""Every delivered digest, also kept as markdown: one file per day and destination.

`<folder>/<destination>/daily-picks-YYYY-MM-DD.md`, in the users' format, so people can read their
archive anywhere and `jobpicks import-history` can read it back. A second delivery on the same day
(a refresh) adds its picks to that day's file; a pick already in the file is never written twice.
"""

from __future__ import annotations

import os
import re
from datetime import date as Date
from pathlib import Path

from bot.digest import Digest
from bot.digest_markdown import parse_markdown, render_picks, render_title
from bot.errors import JobpicksError
from scoring.model import ScoredPosting
from scrapers.registry import posting_key_from_url

_UNSAFE = re.compile(r"[^\w.-]+")


class ArchiveError(JobpicksError):
    """The digest archive could not be written."""


def archive_path(folder: Path, destination: str, day: Date) -> Path:
    # "#job-picks" and "C0123" both become plain folder names; nothing can climb out of `folder`.
    name = _UNSAFE.sub("_", destination).strip("._") or "default"
    return folder / name / f"daily-picks-{day.isoformat()}.md"


def archive_digest(digest: Digest, folder: Path) -> Path:
    """Write (or extend) the day's file for the digest's destination; returns its path."""
    path = archive_path(folder, digest.destination, digest.day)
    try:
        existing = path.read_text(encoding="utf-8") if path.exists() else None
    except (OSError, UnicodeDecodeError) as exc:
        raise _error(path, exc) from exc
    if existing is None:
        text = render_title(digest.day) + render_picks(picks_to_add(digest.picks, set()))
    else:
        in_file = {p.key for p in parse_markdown(existing, str(path)).picks}
        fresh = picks_to_add(digest.picks, in_file)
        if not fresh:
            return path
        text = existing.rstrip("\n") + "\n\n" + render_picks(fresh)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # Written aside and renamed, so a crash never leaves a half-written day for an import to reject.
        partial = path.with_name(path.name + ".partial")
        partial.write_text(text, encoding="utf-8")
        os.replace(partial, path)
    except OSError as exc:
        raise _error(path, exc) from exc
    return path


def picks_to_add(picks: list[ScoredPosting], in_file: set[str]) -> list[ScoredPosting]:
    """The picks not yet in the file, each once, in order; keyed as reading the file back keys them."""
    added: list[ScoredPosting] = []
    keys = set(in_file)
    for pick in picks:
        # A posting without a link is written under its key (see render_picks) and read back so.
        key = posting_key_from_url(pick.posting.url or pick.posting.key)
        if key not in keys:
            keys.add(key)
            added.append(pick)
    return added


def _error(path: Path, exc: Exception) -> ArchiveError:
    why = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
    return ArchiveError(
        f"cannot write the digest archive {path} ({why})",
        "make the folder writable, or set [digest] archive_dir to another folder",
    )

"""`jobpicks import-history`: past markdown digests into the store, so their picks are never shown again.

Each pick is marked seen for the destination and its score and reason are kept in the posting's shown
history, one entry per day it was shown. Deciding what an import adds (`plan_file`) is pure; the
rest reads and writes one file at a time, so a file that is not a digest is reported and skipped
while the others go in, and an import cut short can simply be run again: re-importing adds nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from bot.digest_markdown import FORMAT_HINT, MarkdownPick, ParsedDigest, parse_markdown, starts_like_digest
from bot.store import Store
from bot.store.records import ImportedDay, ImportedPick, ShownEntry
from scrapers.normalize import canonical_url

DIGEST_SUFFIXES = (".md", ".markdown")
# A folder's other files are read only this far to see whether they start like a digest.
_PEEK_BYTES = 4096
# Enough skipped files named to recognise what they are; the rest are counted.
_SKIPPED_NAMED = 10


@dataclass(slots=True)
class FileImport:
    """What importing one file did, or why it was not imported (`error`)."""

    path: Path
    days: list[str] = field(default_factory=list)
    picks: int = 0
    keys: list[str] = field(default_factory=list)  # its postings, each once, in file order
    known: set[str] = field(default_factory=set)  # of those, the ones the store knew before this file
    marked: int = 0  # postings newly marked seen
    added: int = 0  # days of history added, over all its postings
    error: str | None = None

    @property
    def changed(self) -> bool:
        return bool(self.marked or self.added)


@dataclass(slots=True)
class ImportReport:
    files: list[FileImport] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # not about one file (a run under way)
    skipped: list[str] = field(default_factory=list)  # files of a folder that are not digests, with why

    @property
    def errors(self) -> list[str]:
        return [*self.problems, *(f.error for f in self.files if f.error)]

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def imported(self) -> list[FileImport]:
        return [f for f in self.files if not f.error]

    @property
    def picks(self) -> int:
        return sum(f.picks for f in self.imported)

    @property
    def unique(self) -> int:
        return len({k for f in self.imported for k in f.keys})

    @property
    def known(self) -> int:
        """Postings the store knew before the import: known when this import first met them."""
        met: set[str] = set()
        known = 0
        for f in self.imported:
            for key in f.keys:
                if key not in met:
                    met.add(key)
                    known += key in f.known
        return known

    def lines(self) -> list[str]:
        out = [*self.problems]
        for f in self.files:
            if f.error:
                out.append(f.error)
                continue
            days = f" ({', '.join(f.days)})" if f.days else ""
            done = "imported" if f.changed else "nothing new"
            out.append(
                f"{f.path}{days}: {_n(f.picks, 'pick')}, {_n(len(f.keys), 'unique posting')}, "
                f"{len(f.known)} already known; {done}"
            )
        out.extend(self.skipped)
        rejected = len(self.files) - len(self.imported)
        marked = sum(f.marked for f in self.imported)
        out.append(
            f"Total: {_n(len(self.files), 'file')} read"
            + (f" ({rejected} not imported)" if rejected else "")
            + f", {_n(self.picks, 'pick')}, {_n(self.unique, 'unique posting')}, {self.known} already known, "
            f"{marked} newly marked seen."
        )
        if self.imported and not any(f.changed for f in self.imported):
            out.append("Nothing changed: the store already had every posting and day in these files.")
        return out


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


# -- deciding ------------------------------------------------------------------------------------------


@dataclass(slots=True)
class FilePlan:
    keys: list[str]
    known: set[str]
    histories: dict[str, list[ShownEntry]]  # whole new histories of the postings that gain a day
    seen: list[str]  # keys to mark seen
    days: list[ImportedDay]  # whole new records of the imported days that gain a pick
    added: int = 0


def plan_file(
    keyed: list[tuple[str, MarkdownPick]],
    source_name: str,
    histories: dict[str, list[ShownEntry]],
    seen: set[str],
    days: dict[str, ImportedDay],
) -> FilePlan:
    """What importing these picks adds, given what the store holds (`days` by ISO date).

    A posting gains one history entry per day it was shown, the first time the file shows it that
    day, and the imported record of that day gains the pick; a day the posting already has (imported
    before, or delivered by jobpicks that day) is left alone, which is what makes importing the same
    files, or our own archive, change nothing.
    """
    keys = list(dict.fromkeys(k for k, _ in keyed))
    known = {k for k in keys if k in seen or histories.get(k)}
    new_histories: dict[str, list[ShownEntry]] = {}
    new_days: dict[str, ImportedDay] = {}
    added = 0
    for key, pick in keyed:
        history = new_histories.get(key, histories.get(key, []))
        if any(entry.date == pick.day for entry in history):
            continue
        new_histories[key] = [*history, _history_entry(pick, source_name)]
        added += 1
        day = pick.day.isoformat()
        record = new_days.get(day) or days.get(day) or ImportedDay(date=pick.day)
        files = record.files if source_name in record.files else [*record.files, source_name]
        new_days[day] = record.model_copy(update={"files": files, "picks": [*record.picks, _day_pick(key, pick)]})
    return FilePlan(
        keys=keys,
        known=known,
        histories=new_histories,
        seen=[k for k in keys if k not in seen],
        days=list(new_days.values()),
        added=added,
    )


def _history_entry(pick: MarkdownPick, source_name: str) -> ShownEntry:
    # What a delivery records (bot.pipeline.remember), plus where the entry came from.
    return ShownEntry(
        date=pick.day,
        score=pick.score,
        reason=pick.reason,
        title=pick.title,
        company=pick.company,
        url=canonical_url(pick.url),
        location=pick.location,
        imported=source_name,
    )


def _day_pick(key: str, pick: MarkdownPick) -> ImportedPick:
    return ImportedPick(
        key=key,
        title=pick.title,
        company=pick.company,
        location=pick.location,
        url=canonical_url(pick.url),
        score=pick.score,
        reason=pick.reason,
        summary=pick.summary,
    )


# -- reading and writing -------------------------------------------------------------------------------


def import_history(paths: list[Path], store: Store, destination: str, *, ttl_days: int = 60) -> ImportReport:
    """Import every digest in `paths` (files, or folders holding them) for `destination`."""
    report = ImportReport()
    with store.runs.lock(destination, kind="import") as held:
        if not held:
            report.problems.append(f"a run for {destination} is under way; import again when it finishes")
            return report
        by_url: dict[str, str] | None = None
        found, report.skipped = digest_files(paths)
        for path, error in found:
            if error:
                report.files.append(FileImport(path, error=error))
                continue
            parsed, error = _read(path)
            if parsed is None:
                report.files.append(FileImport(path, error=error))
                continue
            if by_url is None and any(p.key.startswith("url:") for p in parsed.picks):
                by_url = store.shown.keys_by_url(destination)
            report.files.append(_import_file(path, parsed, store, destination, by_url or {}, ttl_days))
    return report


def _import_file(
    path: Path, parsed: ParsedDigest, store: Store, dest: str, by_url: dict[str, str], ttl_days: int
) -> FileImport:
    # A board's own id keys a posting jobpicks delivered (greenhouse:123); our archive holds only its
    # link, so look the link up before falling back to the link's own key.
    keyed = [(by_url.get(canonical_url(p.url), p.key), p) for p in parsed.picks]
    keys = list(dict.fromkeys(k for k, _ in keyed))
    days = sorted({p.day.isoformat() for p in parsed.picks})
    plan = plan_file(
        keyed,
        path.name,
        store.shown.histories(dest, keys),
        store.seen.keys(dest, keys),
        store.imported.days(dest, days),
    )
    if plan.histories or plan.seen or plan.days:
        store.imported.commit(dest, plan.histories, plan.seen, plan.days, ttl_days)
    return FileImport(
        path,
        days=[d.isoformat() for d in parsed.days],
        picks=len(parsed.picks),
        keys=plan.keys,
        known=plan.known,
        marked=len(plan.seen),
        added=plan.added,
    )


def digest_files(paths: Iterable[Path]) -> tuple[list[tuple[Path, str | None]], list[str]]:
    """Each file to import, once, with the reason it cannot be when it cannot; and what was skipped.

    A file named on the command line is read whatever its name. In a folder, .md files are digests
    (one that is not is an error worth fixing), and any other file is one when it starts like a digest
    (the tool people used before may have saved .txt); the rest are named as skipped, with why.
    """
    found: dict[Path, tuple[Path, str | None]] = {}
    skipped: list[str] = []
    for path in paths:
        if path.is_dir():
            inside: list[Path] = []
            others: list[tuple[Path, str]] = []
            for candidate in sorted(p for p in path.rglob("*") if p.is_file()):
                why = None if candidate.suffix.lower() in DIGEST_SUFFIXES else _not_a_digest(candidate)
                if why is None:
                    inside.append(candidate)
                else:
                    others.append((candidate, why))
            if not inside:
                found[path.resolve()] = (path, _empty_folder(path, len(others)))
            for p in inside:
                found.setdefault(p.resolve(), (p, None))
            skipped += [f"{p}: skipped, {why}" for p, why in others[:_SKIPPED_NAMED]]
            if len(others) > _SKIPPED_NAMED:
                skipped.append(f"{path}: {len(others) - _SKIPPED_NAMED} more files skipped, not digests either")
        elif path.is_file():
            found.setdefault(path.resolve(), (path, None))
        else:
            found[path.resolve()] = (path, f"{path}: no such file or folder — check the path")
    return list(found.values()), skipped


def _not_a_digest(path: Path) -> str | None:
    """Why a folder's non-markdown file is not imported, or None when it starts like a digest."""
    try:
        with path.open("rb") as f:
            head = f.read(_PEEK_BYTES)
    except OSError as exc:
        return f"cannot be read ({exc.strerror})"
    # A multi-byte character may be cut at the end of the peek; only the first lines matter.
    text = head.decode("utf-8-sig", errors="ignore") if b"\0" not in head else ""
    if not text.strip():
        return "not text" if head else "empty"
    return None if starts_like_digest(text) else f"not a digest ({FORMAT_HINT})"


def _empty_folder(path: Path, others: int) -> str:
    fix = "name the digest files or the folder that holds them"
    if not others:
        return f"{path}: no .md files in this folder — {fix}"
    files = f"{others} file{'' if others == 1 else 's'}"
    return f"{path}: no digests in this folder ({files}, none of them a digest) — {fix}"


def _read(path: Path) -> tuple[ParsedDigest | None, str | None]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        return None, f"{path}: cannot be read ({exc.strerror}) — check its permissions"
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return None, (f"{path}, line {line}: not UTF-8 text — not imported; save it as UTF-8 and import it again")
    parsed = parse_markdown(text, str(path))
    if parsed.errors:
        more = len(parsed.errors) - 1
        also = f" (and {_n(more, 'more problem')})" if more else ""
        return None, f"{parsed.errors[0]}{also} — not imported; fix it and import the file again"
    return parsed, None

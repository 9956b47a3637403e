"""The archive: every delivered digest as a markdown file per day and destination, never a pick twice."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from bot.archive import ArchiveError, archive_digest
from bot.digest import Digest
from bot.digest_markdown import parse_markdown, render_markdown
from bot.history_import import import_history
from bot.store import Store
from scoring.model import ScoredPosting
from scrapers.model import Posting
from scrapers.registry import posting_key_from_url

DAY = date(2026, 11, 21)


def pick(key: str, url: str, title: str, score: int, reason: str, location: str = "Remote") -> ScoredPosting:
    posting = Posting(key=key, source=key.split(":")[0], url=url, title=title, company="Acme", location=location)
    return ScoredPosting(posting, score, reason, f"{title}: the summary.")


MORNING = [
    pick("linkedin:4390001122", "https://www.linkedin.com/jobs/view/4390001122", "ML Intern", 91, "PyTorch"),
    pick(
        "indeed:5f2b8c1d9e0a7b36",
        "https://www.indeed.com/viewjob?jk=5f2b8c1d9e0a7b36",
        "Data Intern",
        78,
        "Kafka",
        location="",
    ),
    pick("greenhouse:7012345", "https://boards.greenhouse.io/acme/jobs/7012345", "Backend Intern", 70, "Java"),
]
LATER = pick("linkedin:4390009999", "https://www.linkedin.com/jobs/view/4390009999", "Infra Intern", 88, "K8s")


def test_a_delivered_digest_is_written_in_the_users_format_under_its_destination(tmp_path: Path) -> None:
    digest = Digest("#job-picks", DAY, MORNING)
    path = archive_digest(digest, tmp_path)
    assert path == tmp_path / "job-picks" / "daily-picks-2026-11-21.md"
    assert path.read_text(encoding="utf-8") == render_markdown(digest)
    assert [p.name for p in path.parent.iterdir()] == ["daily-picks-2026-11-21.md"], "no partial file left"


def test_a_refresh_adds_its_new_picks_to_the_days_file_and_never_repeats_one(tmp_path: Path) -> None:
    archive_digest(Digest("C1", DAY, MORNING), tmp_path)
    # The refresh finds the morning's ML Intern again (with tracking parameters) and one new posting,
    # and lists the new one twice.
    again = pick(
        "linkedin:4390001122",
        "https://www.linkedin.com/jobs/view/ml-intern-4390001122?refId=x",
        "ML Intern",
        90,
        "again",
    )
    path = archive_digest(Digest("C1", DAY, [again, LATER, LATER], kind="refresh"), tmp_path)
    text = path.read_text(encoding="utf-8")
    assert text == render_markdown(Digest("C1", DAY, [*MORNING, LATER]))
    # A refresh with nothing new leaves the file as it was.
    archive_digest(Digest("C1", DAY, [LATER], kind="refresh"), tmp_path)
    assert path.read_text(encoding="utf-8") == text


def test_each_day_and_destination_has_its_own_file(tmp_path: Path) -> None:
    paths = {
        archive_digest(Digest("C1", DAY, MORNING), tmp_path),
        archive_digest(Digest("C1", date(2026, 11, 22), [LATER]), tmp_path),
        archive_digest(Digest("U42", DAY, [LATER]), tmp_path),
    }
    assert sorted(str(p.relative_to(tmp_path)) for p in paths) == [
        "C1/daily-picks-2026-11-21.md",
        "C1/daily-picks-2026-11-22.md",
        "U42/daily-picks-2026-11-21.md",
    ]
    parsed = parse_markdown((tmp_path / "U42" / "daily-picks-2026-11-21.md").read_text(), "U42")
    assert [p.title for p in parsed.picks] == ["Infra Intern"]


def test_importing_the_archive_round_trips_picks_scores_and_reasons(tmp_path: Path, store: Store) -> None:
    archive_digest(Digest("C1", DAY, MORNING), tmp_path)
    archive_digest(Digest("C1", DAY, [LATER], kind="refresh"), tmp_path)
    report = import_history([tmp_path / "C1"], store, "C9")
    assert report.ok and report.picks == 4 and report.unique == 4
    for original in [*MORNING, LATER]:
        [entry] = store.shown.history("C9", posting_key_for(original))
        assert (entry.date.isoformat(), entry.title, entry.score, entry.reason) == (
            "2026-11-21",
            original.posting.title,
            original.score,
            original.reason,
        )
        assert entry.location == original.posting.location


def posting_key_for(p: ScoredPosting) -> str:
    # On a store that never delivered it, a posting is known by the key its link maps to.
    return posting_key_from_url(p.posting.url)


def test_an_unwritable_archive_folder_is_one_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the archive folder should be")
    with pytest.raises(ArchiveError) as err:
        archive_digest(Digest("C1", DAY, MORNING), blocker)
    assert str(err.value).startswith(f"cannot write the digest archive {blocker / 'C1'}")
    assert "archive_dir" in str(err.value)

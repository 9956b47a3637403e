"""Importing past digests: every pick is marked seen once, its score and reason kept, and again is a no-op."""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path

import redis

from bot.digest import Digest
from bot.digest_markdown import render_markdown
from bot.history_import import import_history
from bot.store import Store
from bot.store.records import DigestRecord, ShownEntry
from scoring.model import ScoredPosting
from scrapers.model import Posting
from tests.conftest import CountingConnection

HISTORY = Path(__file__).parent / "data" / "history"
EXAMPLE = HISTORY / "daily-picks-2025-12-28.md"
QUIRKS = HISTORY / "quirks"
BROKEN = HISTORY / "broken"

EXAMPLE_IDS = [
    "4273280546",
    "4331339383",
    "4287418353",
    "4280881127",
    "4273281490",
    "4287420230",
    "4287422054",
    "4275961962",
    "4331343368",
    "4274022849",
    "4340622203",
    "4299470434",
    "4279795719",
    "4336137707",
    "4298022974",
    "4342547119",
    "4346443638",
    "4336088190",
    "4322574923",
    "4329309100",
]
# The keys the LinkedIn and Indeed scrapers give these jobs when they find them again.
QUIRK_KEYS = [
    "indeed:5f2b8c1d9e0a7b36",
    "linkedin:4390001122",
    "indeed:0c9d8e7f6a5b4c3d",
    "greenhouse:7012345",
    "url:https://jobs.example-fund.com/careers/4411?team=research",
]


def store_dump(client: redis.Redis, prefix: str) -> dict[str, object]:
    """Every key under the prefix with its value, seen expiries included."""
    dump: dict[str, object] = {}
    for key in sorted(client.scan_iter(f"{prefix}:*")):
        kind = client.type(key)
        if kind == "zset":
            dump[key] = client.zrange(key, 0, -1, withscores=True)
        elif kind == "hash":
            dump[key] = client.hgetall(key)
        else:
            dump[key] = client.get(key)
    return dump


def test_the_example_digest_marks_its_twenty_postings_seen_with_their_scores(store: Store) -> None:
    report = import_history([EXAMPLE], store, "C1")
    assert report.ok
    assert report.lines() == [
        f"{EXAMPLE} (2025-12-28): 20 picks, 20 unique postings, 0 already known; imported",
        "Total: 1 file read, 20 picks, 20 unique postings, 0 already known, 20 newly marked seen.",
    ]
    keys = [f"linkedin:{i}" for i in EXAMPLE_IDS]
    assert store.seen.keys("C1", [*keys, "linkedin:999"]) == set(keys)
    assert store.seen.keys("C2", keys) == set(), "another destination has not seen them"
    [entry] = store.shown.history("C1", "linkedin:4273280546")
    assert (entry.date.isoformat(), entry.score, entry.company) == ("2025-12-28", 98, "TikTok")
    assert entry.reason.startswith("Excellent AI and recommender systems role")
    assert entry.imported == "daily-picks-2025-12-28.md"


def test_repeats_mojibake_empty_locations_and_indeed_links_count_once(store: Store) -> None:
    report = import_history([EXAMPLE, QUIRKS], store, "C1")
    assert report.ok
    assert report.lines() == [
        f"{EXAMPLE} (2025-12-28): 20 picks, 20 unique postings, 0 already known; imported",
        f"{QUIRKS / 'daily-picks-2025-12-29.md'} (2025-12-29): 6 picks, 4 unique postings, 1 already known; imported",
        f"{QUIRKS / 'daily-picks-2025-12-30.md'} (2025-12-30): 4 picks, 4 unique postings, 2 already known; imported",
        "Total: 3 files read, 30 picks, 25 unique postings, 0 already known, 25 newly marked seen.",
    ]
    # A following run finds these jobs again under the scrapers' keys: every one is already seen.
    everything = [*(f"linkedin:{i}" for i in EXAMPLE_IDS), *QUIRK_KEYS]
    assert store.seen.keys("C1", everything) == set(everything)
    assert store.seen.count("C1") == 25

    # Shown on three days, twice on one of them: one history entry per day, the first of that day.
    streaming = store.shown.history("C1", "indeed:5f2b8c1d9e0a7b36")
    assert [(e.date.isoformat(), e.score) for e in streaming] == [("2025-12-29", 78), ("2025-12-30", 76)]
    assert streaming[0].title == "Data Engineer Intern – Streaming Platform"
    assert streaming[0].company == "Confluent’s Data Team"
    assert streaming[0].location == ""
    tiktok = store.shown.history("C1", "linkedin:4273280546")
    assert [(e.date.isoformat(), e.score) for e in tiktok] == [("2025-12-28", 98), ("2025-12-29", 97)]
    assert [e.score for e in store.shown.history("C1", "linkedin:4390001122")] == [84]


def test_importing_the_same_files_again_changes_nothing_and_says_so(
    store: Store, redis_client: redis.Redis, redis_prefix: str
) -> None:
    import_history([EXAMPLE, QUIRKS], store, "C1")
    before = store_dump(redis_client, redis_prefix)
    report = import_history([QUIRKS, EXAMPLE], store, "C1")
    assert report.ok
    assert store_dump(redis_client, redis_prefix) == before
    assert report.lines()[-2:] == [
        "Total: 3 files read, 30 picks, 25 unique postings, 25 already known, 0 newly marked seen.",
        "Nothing changed: the store already had every posting and day in these files.",
    ]
    assert all(line.endswith("; nothing new") for line in report.lines()[:3])


def test_a_malformed_file_is_named_with_its_line_and_the_others_still_go_in(store: Store) -> None:
    report = import_history([BROKEN, EXAMPLE], store, "C1")
    assert not report.ok
    broken, notes = BROKEN / "daily-picks-2025-12-31.md", BROKEN / "reading-list.md"
    assert report.errors == [
        f"{broken}, line 11: expected '**Company:** … | **Location:** … | **Score:** N/100' under the pick's "
        "heading — not imported; fix it and import the file again",
        f"{notes}, line 1: expected the '# Daily Job Picks - YYYY-MM-DD' digest format (a first line like "
        "'# Daily Job Picks - 2025-12-28') — not imported; fix it and import the file again",
    ]
    assert report.lines()[-1] == (
        "Total: 3 files read (2 not imported), 20 picks, 20 unique postings, 0 already known, 20 newly marked seen."
    )
    assert len(store.seen.keys("C1", [f"linkedin:{i}" for i in EXAMPLE_IDS])) == 20
    # Nothing of the broken file went in, not even its good pick: fixing it and importing again is whole.
    assert store.seen.keys("C1", ["linkedin:4399990001"]) == set()


def test_missing_paths_empty_folders_and_non_utf8_files_are_one_line_each(store: Store, tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    latin = tmp_path / "latin1.md"
    latin.write_bytes("# Daily Job Picks - 2025-12-28\n\n## [Ingénieur](https://x.io/1)\n".encode("latin-1"))
    report = import_history([tmp_path / "nope.md", empty, latin], store, "C1")
    assert report.errors == [
        f"{tmp_path / 'nope.md'}: no such file or folder — check the path",
        f"{empty}: no .md files in this folder — name the digest files or the folder that holds them",
        f"{latin}, line 3: not UTF-8 text — not imported; save it as UTF-8 and import it again",
    ]


def test_no_import_while_a_run_for_the_destination_is_under_way(store: Store) -> None:
    with store.runs.lock("C1"):
        report = import_history([EXAMPLE], store, "C1")
    assert report.errors == ["a run for C1 is under way; import again when it finishes"]
    assert store.seen.count("C1") == 0


def test_imported_postings_expire_after_the_ttl(store: Store, redis_client: redis.Redis) -> None:
    import_history([EXAMPLE], store, "C1", ttl_days=3)
    until = store.seen.until("C1", "linkedin:4273280546")
    assert until is not None and 2.9 * 86400 < until - time.time() <= 3 * 86400
    # Age every mark past its expiry without waiting three days.
    seen = f"{store.prefix}:seen:C1"
    redis_client.zadd(seen, {key: time.time() - 1 for key in redis_client.zrange(seen, 0, -1)})
    assert store.seen.keys("C1", [f"linkedin:{i}" for i in EXAMPLE_IDS]) == set()
    # The history stays: it is what `jobpicks history --posting` answers from.
    assert store.shown.history("C1", "linkedin:4273280546")[0].score == 98


def test_importing_our_own_archive_of_delivered_digests_changes_nothing(
    store: Store, tmp_path: Path, redis_client: redis.Redis, redis_prefix: str
) -> None:
    picks = [
        ScoredPosting(
            Posting(
                key="greenhouse:7012345",
                source="greenhouse",
                url="https://boards.greenhouse.io/stripe/jobs/7012345",
                title="Backend Intern",
                company="Stripe",
                location="San Francisco, CA",
            ),
            81,
            "Java backend",
        ),
        ScoredPosting(
            Posting(
                key="linkedin:4390001122",
                source="linkedin",
                url="https://www.linkedin.com/jobs/view/4390001122",
                title="ML Intern",
                company="Acme AI",
                location="Remote",
            ),
            84,
            "PyTorch",
        ),
    ]
    # What a delivery records (bot.pipeline.remember): keyed by the board's own id, not the link.
    day = date(2026, 11, 21)
    store.digests.commit(
        "C1",
        DigestRecord(date=day, picks=picks, daily=True),
        seen=[p.posting.key for p in picks],
        shown={p.posting.key: ShownEntry.of(p, day) for p in picks},
    )
    archived = tmp_path / "daily-picks-2026-11-21.md"
    archived.write_text(render_markdown(Digest("C1", date(2026, 11, 21), picks)), encoding="utf-8")
    before = store_dump(redis_client, redis_prefix)

    report = import_history([archived], store, "C1")
    assert report.lines() == [
        f"{archived} (2026-11-21): 2 picks, 2 unique postings, 2 already known; nothing new",
        "Total: 1 file read, 2 picks, 2 unique postings, 2 already known, 0 newly marked seen.",
        "Nothing changed: the store already had every posting and day in these files.",
    ]
    # Not even a second mark or history under the greenhouse link's own key.
    assert store_dump(redis_client, redis_prefix) == before


def test_a_long_digest_costs_a_few_redis_commands_not_a_few_per_pick(
    store: Store, counted_store: Store, tmp_path: Path
) -> None:
    picks = [
        ScoredPosting(
            Posting(
                key=f"linkedin:{4400000000 + i}",
                source="linkedin",
                url=f"https://www.linkedin.com/jobs/view/{4400000000 + i}",
                title=f"Intern {i}",
                company="Acme",
            ),
            50 + i % 50,
            "fits",
        )
        for i in range(300)
    ]
    digest = tmp_path / "long.md"
    digest.write_text(render_markdown(Digest("C1", date(2026, 1, 5), picks)), encoding="utf-8")
    report = import_history([digest], counted_store, "C1")
    sent = CountingConnection.sent
    assert report.unique == 300 and store.seen.count("C1") == 300
    # Lock, three batched reads, one MULTI/EXEC of four writes, unlock: about a dozen; a per-pick
    # command would be 300 more.
    assert sent <= 20


def test_a_folder_of_txt_digests_imports_as_each_file_does_when_named(store: Store, tmp_path: Path) -> None:
    folder = tmp_path / "old-tool"
    folder.mkdir()
    for digest in (EXAMPLE, *sorted(QUIRKS.glob("*.md"))):
        (folder / digest.with_suffix(".txt").name).write_bytes(digest.read_bytes())
    report = import_history([folder], store, "C1")
    assert report.ok
    assert report.lines()[-1] == (
        "Total: 3 files read, 30 picks, 25 unique postings, 0 already known, 25 newly marked seen."
    )
    assert store.seen.count("C1") == 25


def test_a_mixed_folder_names_each_file_it_skipped_and_why(store: Store, tmp_path: Path) -> None:
    folder = tmp_path / "exports"
    folder.mkdir()
    (folder / "daily-picks-2025-12-28.txt").write_bytes(EXAMPLE.read_bytes())
    (folder / "notes.txt").write_text("Ask about the Stripe referral\n", encoding="utf-8")
    (folder / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR")
    report = import_history([folder], store, "C1")
    assert report.ok, "files that are not digests are skipped, not failures"
    assert report.lines() == [
        f"{folder / 'daily-picks-2025-12-28.txt'} (2025-12-28): 20 picks, 20 unique postings, 0 already known; "
        "imported",
        f"{folder / 'logo.png'}: skipped, not text",
        f"{folder / 'notes.txt'}: skipped, not a digest (expected the '# Daily Job Picks - YYYY-MM-DD' digest format)",
        "Total: 1 file read, 20 picks, 20 unique postings, 0 already known, 20 newly marked seen.",
    ]


def test_a_folder_without_any_digest_says_what_it_held(store: Store, tmp_path: Path) -> None:
    folder = tmp_path / "receipts"
    folder.mkdir()
    (folder / "a.txt").write_text("nothing to see\n", encoding="utf-8")
    report = import_history([folder], store, "C1")
    assert report.errors == [
        f"{folder}: no digests in this folder (1 file, none of them a digest) — "
        "name the digest files or the folder that holds them"
    ]
    assert report.lines()[1] == (
        f"{folder / 'a.txt'}: skipped, not a digest (expected the '# Daily Job Picks - YYYY-MM-DD' digest format)"
    )

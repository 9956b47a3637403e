"""People bring months of old digests: after importing them, no imported posting is shown again."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli import main
from scrapers import linkedin
from tests.conftest import DATA
from tests.fake_sites import FakeSite, pages_by_start, saved

OLD_PICK = "4273280546"  # the first pick of the example digest (TikTok, 2025-12-28)


@pytest.fixture
def linkedin_site() -> FakeSite:
    # Three cards, one of them a job the old tool already showed.
    page = saved("linkedin/search_jobdekho.html").replace("4400000001", OLD_PICK)
    with FakeSite({linkedin.SEARCH_PATH: pages_by_start({0: page})}) as site:
        yield site


def test_a_run_after_import_shows_none_of_the_imported_postings(
    linkedin_site: FakeSite, env: Path, store, capsys
) -> None:
    (env / "jobpicks.toml").write_text(f"""
[profile]
roles = ["software engineer intern"]
max_age_days = 365
[[search]]
keywords = "software engineer intern"
[sources.linkedin]
base_url = "{linkedin_site.url}"
delay = 0
[digest]
# Scores do not matter to this story (the fake LLM scores low by design): show every posting.
min_score = 0
destination = "C0HIST"
""")
    assert main(["import-history", str(DATA / "history" / "daily-picks-2025-12-28.md")]) == 0
    assert "imported" in capsys.readouterr().out

    assert main(["run"]) == 0
    day = store.runs.status("C0HIST").date.isoformat()
    keys = [p.posting.key for p in store.digests.get("C0HIST", day).picks]
    assert keys and f"linkedin:{OLD_PICK}" not in keys
    assert sorted(keys) == ["linkedin:4400000002", "linkedin:4400000003"]

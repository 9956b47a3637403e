"""People bring months of old digests: after importing them, no imported posting is shown again."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli import main
from scrapers import linkedin
from tests.conftest import DATA, REDIS_URL
from tests.fake_sites import FakeSite, Reply, Seen, saved

OLD_PICK = "4273280546"  # the first pick of the example digest (TikTok, 2025-12-28)


@pytest.fixture
def linkedin_site() -> FakeSite:
    # Three cards, one of them a job the old tool already showed.
    page = saved("linkedin/search_jobdekho.html").replace("4400000001", OLD_PICK)

    def search(seen: Seen) -> Reply:
        return Reply(page if seen.query.get("start", "0") == "0" else "")

    with FakeSite({linkedin.SEARCH_PATH: search}) as site:
        yield site


def test_a_run_after_import_shows_none_of_the_imported_postings(
    linkedin_site: FakeSite, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, redis_prefix: str, store, capsys
) -> None:
    for var in ("SLACK_BOT_TOKEN", "OPENAI_API_KEY", "OPENAI_BASE_URL", "JOBPICKS_CONFIG"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("REDIS_URL", REDIS_URL)
    monkeypatch.setenv("JOBPICKS_REDIS_PREFIX", redis_prefix)
    monkeypatch.setenv("JOBPICKS_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.chdir(tmp_path)
    (tmp_path / "jobpicks.toml").write_text(f"""
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
    day = store.status("C0HIST")["date"]
    keys = [p["posting"]["key"] for p in store.digest("C0HIST", day)["picks"]]
    assert keys and f"linkedin:{OLD_PICK}" not in keys
    assert sorted(keys) == ["linkedin:4400000002", "linkedin:4400000003"]

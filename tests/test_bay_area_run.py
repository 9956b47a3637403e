"""A new user who wants the San Francisco Bay Area gets a full digest of Bay Area postings.

Story (issue 11): `locations = ["San Francisco Bay Area"]` (LinkedIn's own name for the region), no
acceptable places and no remote work, on a day when LinkedIn shows a hundred internships, a third of
them in San Jose, San Mateo, Foster City, Mountain View, South San Francisco and San Francisco. The
morning digest is full, and every pick is in the Bay Area. Everything runs on 127.0.0.1: a fake
LinkedIn serving the pool, the fake Slack, the real Redis; no LLM, so the local scorer ranks.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import cycle, islice
from pathlib import Path

import pytest

from bot.cli import main
from tests.fake_sites import FakeSite
from tests.fake_slack import CHANNEL_ID, FakeSlack
from tests.linkedin_pages import Job, linkedin_routes

# As LinkedIn writes them: city and state code, or city, state and country, or the region itself.
BAY_AREA = [
    "San Jose, CA",
    "San Mateo, California, United States",
    "Foster City, CA",
    "Mountain View, CA",
    "South San Francisco, CA",
    "San Francisco, CA",
    "San Francisco Bay Area",
]
ELSEWHERE = [
    "Austin, TX",
    "New York, NY",
    "Seattle, WA",
    "Los Angeles, California, United States",
    "Sacramento, CA",
    "San Diego, CA",
    "Chicago, IL",
    "Boston, MA",
    "Denver, CO",
    "Atlanta, Georgia, United States",
    "Toronto, ON, Canada",
    "CA-Toronto, CA-Montreal",
    "London, England, United Kingdom",
    "Bengaluru, Karnataka, India",
    "Tokyo - Japan",
    "Lima, Perú",
    "Berlin, Germany",
    "Remote",
]
TITLES = [
    "Machine Learning Engineer Intern",
    "Software Engineer Intern, ML Platform",
    "Software Engineer Intern",
    "Machine Learning Intern - Recommendations",
]
IN_BAY_AREA, OUTSIDE = 34, 66


def pool() -> list[Job]:
    places = list(islice(cycle(BAY_AREA), IN_BAY_AREA)) + list(islice(cycle(ELSEWHERE), OUTSIDE))
    # Bay Area and elsewhere interleaved, as a search returns them.
    order = sorted(range(len(places)), key=lambda i: (i * 37) % len(places))
    return [
        Job(
            4600000000 + n,
            TITLES[n % len(TITLES)],
            f"Company {n}",
            places[i],
            description="Build ranking models in PyTorch and Python.\n\nMachine learning on real traffic.",
        )
        for n, i in enumerate(order)
    ]


@pytest.fixture
def bay_area_world(monkeypatch: pytest.MonkeyPatch, env: Path) -> Iterator[FakeSlack]:
    with FakeSite(linkedin_routes(pool())) as site, FakeSlack() as slack:
        monkeypatch.setenv("SLACK_BOT_TOKEN", slack.bot_token)
        monkeypatch.setenv("SLACK_API_URL", slack.api_url)
        (env / "jobpicks.toml").write_text(f"""
[profile]
name = "sam"
roles = ["machine learning engineer intern", "software engineer intern"]
skills = ["python", "pytorch", "machine learning"]
seniority = ["internship"]
locations = ["San Francisco Bay Area"]
acceptable_locations = []
remote_ok = false

[[search]]
keywords = "machine learning intern"
location = "United States"

[sources.linkedin]
base_url = "{site.url}"
delay = 0
max_pages = 12

[digest]
destination = "#job-picks"
size = 20
""")
        yield slack


def test_a_bay_area_profile_gets_a_full_digest_of_bay_area_postings(
    bay_area_world: FakeSlack, capsys: pytest.CaptureFixture[str]
) -> None:
    slack = bay_area_world
    assert main(["run"]) == 0
    assert "Posted 20 picks to" in capsys.readouterr().out

    picks = [m.visible_text for m in slack.messages(CHANNEL_ID) if m.thread_ts and m.thread_ts != m.ts]
    assert len(picks) == 20, "a full digest"
    for pick in picks:
        assert any(place in pick for place in BAY_AREA), f"a pick outside the Bay Area:\n{pick}"
    assert not any(place in pick for pick in picks for place in ELSEWHERE if place != "Remote")

    # Only the postings that are certainly elsewhere were set aside before scoring.
    assert main(["status"]) == 0
    assert f"{OUTSIDE} filtered out" in capsys.readouterr().out

"""What a reader sees when their votes moved a pick: in Slack, in the terminal, in `jobpicks feedback`."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from rich.console import Console

from bot.cli import main
from bot.slack.blocks import digest_messages
from bot.store import Store
from bot.terminal import print_digest
from scoring.feedback import Vote
from tests.fake_slack import render_blocks
from tests.slack_fixtures import NOW, digest, past_picks


def moved_picks() -> list:
    picks = past_picks()
    picks[0].score, picks[0].taste_points, picks[0].taste_why = 84, -14, "you 👎 4 TikTok picks"
    picks[1].score, picks[1].taste_points, picks[1].taste_why = 95, 9, "like the recommendation roles you 👍"
    return picks


def test_a_pick_the_votes_moved_says_so_in_its_slack_context_line() -> None:
    messages = digest_messages(digest(moved_picks()), NOW)
    about = [render_blocks([m["blocks"][1]]) for m in messages[1:]]
    assert about[0].endswith("· ↓ 14 — you 👎 4 TikTok picks")
    assert about[1].endswith("· ↑ 9 — like the recommendation roles you 👍")
    assert "↑" not in about[2] and "↓" not in about[2], "a pick the votes did not move says nothing"


def test_the_terminal_digest_says_it_too() -> None:
    console = Console(record=True, width=120)
    print_digest(digest(moved_picks()), console)
    text = console.export_text()
    assert "↓ 14 — you 👎 4 TikTok picks" in text and "↑ 9 — like the recommendation roles you 👍" in text
    assert text.count("↑") + text.count("↓") == 2


def test_jobpicks_feedback_shows_the_strongest_learned_weights_in_plain_words(
    env: Path, store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    (env / "jobpicks.toml").write_text('[profile]\nname = "alex"\n[digest]\ndestination = "C1"\n')
    assert main(["feedback"]) == 0
    assert "No votes yet" in capsys.readouterr().out

    titles = ["ML Engineer Intern, Ads", "Data Scientist Intern", "SRE Intern", "Mobile Engineer Intern"]
    for i, title in enumerate(titles):
        store.votes.record("alex", Vote(f"k{i}", "U0ALEX", -1, title=title, company="TikTok", at=time.time()))
    store.votes.record("alex", Vote("b1", "U0ALEX", 1, title="Backend Engineer Intern", company="Ramp", at=time.time()))
    assert main(["feedback"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "5 postings voted on: 1 👍, 4 👎."
    assert lines[1].startswith("What moves scores")
    strongest = lines[2].split()
    assert strongest[0] == "↓" and int(strongest[1]) >= 10 and " ".join(strongest[2:]) == "TikTok (employer): 4 👎"
    assert any(line.strip().endswith("backend roles: 1 👍") for line in lines)

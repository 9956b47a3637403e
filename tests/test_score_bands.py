"""A score means the same everywhere: the LLM's rubric, Slack's coloured dot and the terminal's colour."""

from __future__ import annotations

import io
import re
from pathlib import Path

from rich.console import Console

from bot.slack.blocks import score_band
from bot.terminal import print_digest
from scoring.profile import Profile
from scoring.prompt import system_prompt
from tests.slack_fixtures import digest, scored

README = Path(__file__).resolve().parents[1] / "README.md"


def rubric_ranges() -> list[tuple[int, int, str]]:
    """(low, high, name) of every band the LLM is asked to score by, as its prompt says them."""
    prompt = system_prompt(Profile(name="alex"))
    return [(int(a), int(b), name) for a, b, name in re.findall(r"^- (\d+)-(\d+) ([^:]+):", prompt, re.M)]


def test_the_llm_is_asked_for_bands_that_cover_every_score_once() -> None:
    ranges = rubric_ranges()
    assert [name for *_, name in ranges] == [
        "apply today",
        "strong match",
        "worth a look",
        "long shot",
        "wrong field or level",
        "not for this person at all",
    ]
    covered = sorted(score for low, high, _ in ranges for score in range(low, high + 1))
    assert covered == list(range(101))


def test_slacks_dot_never_changes_inside_one_of_the_llms_bands() -> None:
    for low, high, name in rubric_ranges():
        assert {score_band(s) for s in range(low, high + 1)} == {score_band(low)}, name
    assert [score_band(s) for s in (98, 90, 89, 70, 69, 50, 49, 0)] == ["🟢", "🟢", "🟡", "🟡", "🟠", "🟠", "⚪", "⚪"]


def test_the_readmes_example_digest_shows_the_dots_slack_posts() -> None:
    lines = re.findall(r"^(🟢|🟡|🟠|⚪) (\d+) ", README.read_text(encoding="utf-8"), re.M)
    assert len(lines) >= 3
    for dot, score in lines:
        assert score_band(int(score)) == dot, f"README shows {dot} {score}"


def test_the_terminal_colours_each_score_as_its_band() -> None:
    console = Console(force_terminal=True, color_system="256", record=True, width=200, file=io.StringIO())
    picks = [scored("1", "A", "X", "Seattle", 94), scored("2", "B", "Y", "Seattle", 66), scored("3", "C", "Z", "", 30)]
    print_digest(digest(picks), console)
    shown = console.export_text(styles=True)
    assert "\x1b[1;32m 94\x1b[0m" in shown, "apply today: bold green, like 🟢"
    assert "\x1b[38;5;208m 66\x1b[0m" in shown, "a long shot: orange, like 🟠"
    assert "\x1b[2m 30\x1b[0m" in shown, "not for this person: dim"

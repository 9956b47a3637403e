"""The evaluation command: rank correlation and top-20 overlap on the labelled set."""

from __future__ import annotations

from pathlib import Path

import pytest

from scoring.config import ScoringConfig
from scoring.evaluate import DEFAULT_DATA, judge_scores, load_labelled, main, spearman
from scoring.scorer import LLMSettings, score_postings
from tests.fake_openai import FakeOpenAI


def test_spearman_matches_known_values() -> None:
    assert spearman([1, 2, 3, 4], [10, 20, 30, 40]) == pytest.approx(1.0)
    assert spearman([1, 2, 3, 4], [40, 30, 20, 10]) == pytest.approx(-1.0)
    # Ties share their average rank.
    assert spearman([1, 1, 2], [1, 2, 3]) == pytest.approx(0.866, abs=1e-3)


def test_the_labelled_set_is_the_example_profile_with_every_band() -> None:
    labelled = load_labelled(DEFAULT_DATA)
    assert labelled.profile.name == "alex" and len(labelled.postings) >= 40
    assert set(labelled.bands.values()) == {"apply", "strong", "look", "long-shot", "wrong", "never"}


async def test_the_local_scorer_ranks_the_labelled_set_like_a_careful_reader() -> None:
    labelled = load_labelled(DEFAULT_DATA)
    result = await score_postings(labelled.postings, labelled.profile, ScoringConfig())
    report = judge_scores("local", result.scored, labelled)
    assert report.rho >= 0.8
    assert report.overlap >= 15
    means = report.band_means
    assert means["apply"] > means["look"] > means["long-shot"] > means["never"]


def test_the_command_prints_figures_for_local_and_llm(capsys: pytest.CaptureFixture[str]) -> None:
    with FakeOpenAI() as fake:
        status = main([], llm=LLMSettings(model="fake", api_key="k", base_url=fake.base_url))
        requests = len(fake.requests)
    out = capsys.readouterr().out
    assert status == 0
    assert "local: rank correlation (Spearman)" in out and "top-20 overlap" in out
    assert "llm (fake): rank correlation (Spearman)" in out
    assert requests > 0 and f"{requests} LLM requests" in out


def test_a_missing_labelled_file_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data", str(tmp_path / "nope.json")]) == 2
    out = capsys.readouterr().out.strip()
    assert "\n" not in out and "--data" in out

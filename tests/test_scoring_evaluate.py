"""The evaluation command: rank correlation and top-20 overlap on the labelled set."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from bot.cli import main as jobpicks
from scoring.config import ScoringConfig
from scoring.evaluate import AS_WRITTEN, DEFAULT_DATA, judge_scores, load_labelled, main, spearman
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


async def test_every_wording_of_the_profile_ranks_the_labelled_set_like_a_careful_reader() -> None:
    labelled = load_labelled(DEFAULT_DATA)
    profiles = labelled.profiles()
    assert len(profiles) >= 4 and profiles[0][0] == AS_WRITTEN, "the profile as written and three other wordings"
    assert len({tuple(p.roles) for _, p in profiles}) == len(profiles), "each wording writes the roles its own way"
    for name, profile in profiles:
        result = await score_postings(labelled.postings, profile, ScoringConfig())
        report = judge_scores(name, result.scored, labelled)
        assert report.rho >= 0.85, f"{name}: rank correlation {report.rho:.3f}"
        assert report.overlap >= 16, f"{name}: top-20 overlap {report.overlap}/20"


def test_the_command_reports_each_wording_and_whether_it_passes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 0
    out = capsys.readouterr().out
    for name, _ in load_labelled(DEFAULT_DATA).profiles()[1:]:
        assert f"local, {name} wording: rank correlation (Spearman)" in out
    assert out.rstrip().splitlines()[-1].startswith("4 of 4 runs rank like the careful reader")
    assert main(["--wording", "abbreviated"]) == 0
    assert "local: rank" not in capsys.readouterr().out, "only the wording asked for"


def test_an_unknown_wording_is_one_line_naming_the_choices(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--wording", "shouty"]) == 2
    out = capsys.readouterr().out.strip()
    assert "\n" not in out and "'shouty'" in out and "by specialty" in out


def test_the_options_of_jobpicks_eval_appear_in_its_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        jobpicks(["eval", "--help"])
    shown = capsys.readouterr().out
    assert all(option in shown for option in ("--data", "--top", "--show", "--wording"))


def test_an_installed_wheel_ships_the_labelled_set_and_evaluates_with_it(tmp_path: Path) -> None:
    setuptools = pytest.importorskip("setuptools", reason="pip install -e '.[dev]' brings setuptools")
    if tuple(int(x) for x in setuptools.__version__.split(".")[:2]) < (70, 1):
        pytest.skip(f"setuptools {setuptools.__version__} cannot build wheels alone: pip install -e '.[dev]' again")
    root = Path(__file__).resolve().parents[1]
    source = tmp_path / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(root / name, source / name)
    for package in ("bot", "scoring", "scrapers"):
        shutil.copytree(root / package, source / package, ignore=shutil.ignore_patterns("__pycache__"))
    # Offline: no index, no isolated build environment, the setuptools of this environment.
    offline = ["--no-deps", "--no-build-isolation", "--no-index"]
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(source), *offline, "-w", str(tmp_path / "dist"), "-q"],
        check=True,
        capture_output=True,
    )
    (wheel,) = (tmp_path / "dist").glob("jobpicks-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        assert "scoring/labelled.json" in archive.namelist()
        archive.extractall(tmp_path / "installed")

    # The wheel's own packages first on the path, run from a folder without the source tree.
    env = {**os.environ, "PYTHONPATH": str(tmp_path / "installed")}
    code = "import sys, scoring.evaluate as e; print(e.DEFAULT_DATA); sys.exit(e.main(['--wording', 'as written']))"
    run = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines()[0] == str(tmp_path / "installed" / "scoring" / "labelled.json")
    assert "50 labelled postings for profile 'alex'" in run.stdout

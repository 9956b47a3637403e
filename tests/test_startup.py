"""Start-up: a run with no LLM configured never loads the OpenAI SDK (half a second and 20 MB)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.fake_openai import FakeOpenAI
from tests.fake_sites import FakeSite, Reply, saved

# Runs a command the way the `jobpicks` script does, then says whether the SDK was ever imported.
REPORTS_OPENAI = """
import sys
from bot.cli import main
code = main(sys.argv[1:])
print("openai imported:", "openai" in sys.modules)
sys.exit(code)
"""


def jobpicks(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", REPORTS_OPENAI, *args],
        cwd=cwd,
        env=dict(os.environ),
        capture_output=True,
        text=True,
        timeout=90,
    )


@pytest.fixture
def board(env: Path) -> str:
    with FakeSite({"/v1/boards/stripe/jobs": Reply(saved("greenhouse/jobs.json"))}) as site:
        # Stripe's real postings of summer 2026, kept by a profile that wants them.
        (env / "jobpicks.toml").write_text(f"""
[profile]
name = "alex"
roles = ["account executive"]
max_age_days = 365

[sources.greenhouse]
base_url = "{site.url}"
delay = 0
companies = ["stripe"]

[digest]
min_score = 0
""")
        yield site.url


def test_a_run_and_a_doctor_without_an_llm_never_import_openai(env: Path, board: str) -> None:
    run = jobpicks("run", "--dry-run", cwd=env)
    assert run.returncode == 0, run.stderr
    assert "openai imported: False" in run.stdout
    assert "3 new, 3 scored" in run.stdout, "the postings were scored, by the local scorer"
    doctor = jobpicks("doctor", cwd=env)
    assert "openai imported: False" in doctor.stdout


def test_a_run_with_an_llm_imports_it_and_scores_with_it(
    env: Path, board: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with FakeOpenAI() as llm:
        monkeypatch.setenv("OPENAI_BASE_URL", llm.base_url)
        monkeypatch.setenv("OPENAI_MODEL", "fake-model")
        run = jobpicks("run", "--dry-run", cwd=env)
        assert run.returncode == 0, run.stderr
        assert "openai imported: True" in run.stdout
        assert llm.requests, "the postings went to the LLM"

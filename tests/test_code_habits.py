"""The habits the code keeps, checked where CI runs the tests: formatted, lint-clean and type-checked.

Each check runs the real tool on the project, so `python -m pytest` (the README's test command, which
`.ci/run` calls) fails on an unformatted file or a type error exactly as the tool would report it.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300, check=False)


def _tool(name: str) -> str:
    """The tool installed beside this Python (the venv's), else the one on PATH."""
    beside = Path(sys.executable).parent / name
    found = str(beside) if beside.exists() else shutil.which(name)
    if found is None:
        pytest.skip(f"{name} is in the dev extra: pip install -e '.[dev]'")
    return found


def test_the_code_is_formatted_and_lint_clean() -> None:
    ruff = _tool("ruff")
    formatted = _run(ruff, "format", "--check", ".")
    assert formatted.returncode == 0, f"run `ruff format .`:\n{formatted.stdout}{formatted.stderr}"
    linted = _run(ruff, "check", ".")
    assert linted.returncode == 0, f"run `ruff check .`:\n{linted.stdout}{linted.stderr}"


def test_the_packages_type_check() -> None:
    pytest.importorskip("mypy", reason="mypy is in the dev extra")
    checked = _run(sys.executable, "-m", "mypy")
    assert checked.returncode == 0, f"mypy (configured in pyproject.toml) found problems:\n{checked.stdout}"

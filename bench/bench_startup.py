"""Start-up cost of a run with no LLM configured, against the same run loading the OpenAI SDK as every
run did before issue 12: a fresh interpreter importing the run's modules, time and peak memory, the two
measured alternately in one run (median of each).

    .venv/bin/python bench/bench_startup.py
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ROUNDS = 9

# What `jobpicks run` imports before it does anything: the command line, the run, the scorers.
RUN_IMPORTS = "import bot.cli, bot.pipeline, scoring.scorer, scoring.batches"
WITH_SDK = RUN_IMPORTS + ", openai"


def start(code: str) -> tuple[float, float]:
    """Seconds and peak MB of a fresh interpreter running `code`."""
    began = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - began
    assert os.waitstatus_to_exitcode(status) == 0, code
    return seconds, usage.ru_maxrss / 1024  # kilobytes on Linux


def main() -> None:
    without, with_sdk = [], []
    for _ in range(ROUNDS):
        without.append(start(RUN_IMPORTS + "; import sys; assert 'openai' not in sys.modules"))
        with_sdk.append(start(WITH_SDK))
    base_s, base_mb = (statistics.median(m[i] for m in without) for i in (0, 1))
    sdk_s, sdk_mb = (statistics.median(m[i] for m in with_sdk) for i in (0, 1))
    print(f"Start of a run (fresh interpreter, its imports), median of {ROUNDS} each, side by side:")
    print(f"  no LLM configured (OpenAI SDK not imported): {base_s:5.2f} s, {base_mb:5.1f} MB peak")
    print(f"  with the OpenAI SDK, as every run before:    {sdk_s:5.2f} s, {sdk_mb:5.1f} MB peak")
    print(f"  saved by a run without an LLM:               {sdk_s - base_s:5.2f} s, {sdk_mb - base_mb:5.1f} MB")


if __name__ == "__main__":
    main()

"""The fault cases of issue 10, tried on a checkout of jobpicks: how many does it handle?

Not a speed figure: a tally. Each case is a person's morning driven through `jobpicks run` processes
(the checkout's code, chosen with PYTHONPATH) against a fake Slack and two job boards on loopback and
a real Redis; then the person does what the message says (or nothing) and runs again. A case is
handled when all four hold:

- clear:     the faulty run ends non-zero with one line and no traceback (after a kill -9, when
             `jobpicks status` does not call the dead run "under way");
- lock:      right after it, the run lock is gone or frees itself within a minute;
- day kept:  after the repair, the day's whole digest is in Slack;
- no repeat: no posting is in two messages.

    python bench/fault_tally.py                      # this checkout
    python bench/fault_tally.py --code /path/to/old  # another (e.g. `git archive main | tar -x -C …`)

Uses the Redis at 127.0.0.1:6379 under key prefixes of its own (deleted afterwards), and starts a
redis-server of its own for the restart case.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import redis

HERE = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(HERE))

from tests.fake_sites import FakeSite, Reply, saved  # noqa: E402
from tests.fake_slack import CHANNEL_ID, FakeSlack  # noqa: E402
from tests.fault_world import DEST, SIZE, OwnRedis, config_text  # noqa: E402

SHARED_REDIS = "redis://127.0.0.1:6379/0"
_LINK = re.compile(r"<(https?://[^|>]+)\|")
LOCK_SECONDS = 6  # asked of the checkout (JOBPICKS_RUN_LOCK_SECONDS); one that ignores it keeps its own


@dataclass
class Morning:
    code: Path
    folder: Path
    slack: FakeSlack
    boards: FakeSite
    redis_url: str
    prefix: str

    def env(self) -> dict[str, str]:
        keep = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "OPENAI_", "JOBPICKS_", "REDIS_"))}
        return keep | {
            "PYTHONPATH": str(self.code),
            "PYTHONDONTWRITEBYTECODE": "1",
            "REDIS_URL": self.redis_url,
            "JOBPICKS_REDIS_PREFIX": self.prefix,
            "JOBPICKS_DATA_DIR": str(self.folder / "data"),
            "JOBPICKS_RUN_LOCK_SECONDS": str(LOCK_SECONDS),
            "SLACK_BOT_TOKEN": self.slack.bot_token,
            "SLACK_API_URL": self.slack.api_url,
        }

    def start(self, *args: str) -> subprocess.Popen[str]:
        return subprocess.Popen(
            [sys.executable, "-m", "bot.cli", *args],
            cwd=self.folder,
            env=self.env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def run(self, *args: str) -> tuple[int, str]:
        done = self.start(*args)
        _, err = done.communicate(timeout=180)
        return done.returncode, err

    def status(self) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "bot.cli", "status"], cwd=self.folder, env=self.env(), capture_output=True, text=True
        )
        return done.stdout

    def status_stops_saying(self, words: str, seconds: float) -> bool:
        deadline = time.monotonic() + seconds
        while words in self.status():
            if time.monotonic() > deadline:
                return False
            time.sleep(0.5)
        return True

    def write_config(self, board_url: str | None = None) -> None:
        (self.folder / "jobpicks.toml").write_text(config_text(board_url or self.boards.url))

    def picks(self) -> list[str]:
        """The pick messages in Slack, by the posting each links to (two postings may share a title)."""
        return [_LINK.findall(json.dumps(m.blocks))[0] for m in self.slack.messages(CHANNEL_ID) if m.thread_ts]

    def wait_for_picks(self, n: int, run: subprocess.Popen[str]) -> None:
        deadline = time.monotonic() + 120
        while len(self.picks()) < n:
            if run.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the run ended before its pick {n}: {run.stderr.read() if run.stderr else ''}")
            time.sleep(0.02)

    def lock_ttl(self) -> float | None:
        """Seconds the run lock has left; None when there is none."""
        client = redis.Redis.from_url(self.redis_url)
        ttl = client.pttl(f"{self.prefix}:lock:{DEST}")
        return None if ttl == -2 else (float("inf") if ttl == -1 else ttl / 1000)

    def wait_for_lock(self) -> None:
        """Until the lock frees itself, if it does within a minute; a longer one is left (the run is blocked)."""
        ttl = self.lock_ttl()
        if ttl is not None and ttl <= 60:
            deadline = time.monotonic() + ttl + 2
            while self.lock_ttl() is not None and time.monotonic() < deadline:
                time.sleep(0.1)


@dataclass
class Result:
    clear: bool
    lock: bool
    day_kept: bool
    no_repeat: bool

    @property
    def handled(self) -> bool:
        return self.clear and self.lock and self.day_kept and self.no_repeat


def one_line(code: int, err: str) -> bool:
    lines = err.strip().splitlines()
    return code != 0 and bool(lines) and "Traceback" not in err and not lines[-1].startswith("{")


def verdict(m: Morning, clear: bool) -> Result:
    ttl = m.lock_ttl()
    lock = ttl is None or ttl <= 60
    return Result(clear, lock, False, False)


def repaired(m: Morning, result: Result, runs: int = 2) -> Result:
    m.slack.slow("chat.postMessage", 0)
    m.wait_for_lock()
    for _ in range(runs):
        m.run("run")
    titles = m.picks()
    result.day_kept = len(set(titles)) >= SIZE
    result.no_repeat = not [t for t, n in Counter(titles).items() if n > 1]
    return result


# -- the cases ------------------------------------------------------------------------------------


def slack_refuses(error: str, after: int, status: int = 200, carried_out: bool = False) -> Callable[[Morning], Result]:
    def case(m: Morning) -> Result:
        m.slack.fail("chat.postMessage", error, after=after, status=status, carried_out=carried_out)
        return repaired(m, verdict(m, one_line(*m.run("run"))))

    return case


def rate_limited_part_way(m: Morning) -> Result:
    m.slack.rate_limit("chat.postMessage", times=6, retry_after=0, after=3)
    return repaired(m, verdict(m, one_line(*m.run("run"))))


def every_source_failed(m: Morning) -> Result:
    m.write_config("http://127.0.0.1:1")
    code, err = m.run("run")
    result = verdict(m, one_line(code, err) and not m.slack.messages())
    m.write_config()
    return repaired(m, result)


def killed(sent: signal.Signals) -> Callable[[Morning], Result]:
    def case(m: Morning) -> Result:
        m.slack.slow("chat.postMessage", 0.5)
        run = m.start("run")
        m.wait_for_picks(2, run)
        run.send_signal(sent)
        _, err = run.communicate(timeout=60)
        # Nothing can speak for a process killed outright: `jobpicks status` has to stop calling it a
        # run under way within a minute.
        clear = m.status_stops_saying("is under way", 60) if sent == signal.SIGKILL else one_line(run.returncode, err)
        return repaired(m, verdict(m, clear))

    return case


def redis_restarts(m: Morning) -> Result:
    own = OwnRedis(m.folder)
    own.start()
    m.redis_url = own.url
    try:
        m.slack.slow("chat.postMessage", 0.5)
        run = m.start("run")
        m.wait_for_picks(1, run)
        own.stop()
        time.sleep(1.0)  # the outage
        own.start()
        _, err = run.communicate(timeout=120)
        # Riding it out is best; failing in one line is clear too.
        clear = run.returncode == 0 or one_line(run.returncode, err)
        return repaired(m, verdict(m, clear))
    finally:
        own.stop()


CASES: dict[str, Callable[[Morning], Result]] = {
    "not_in_channel before anything": slack_refuses("not_in_channel", 0),
    "channel_not_found before anything": slack_refuses("channel_not_found", 0),
    "invalid_auth before anything": slack_refuses("invalid_auth", 0),
    "not_in_channel part-way": slack_refuses("not_in_channel", 2),
    "is_archived part-way": slack_refuses("is_archived", 3),
    "500 part-way, not posted": slack_refuses("internal_error", 3, status=500),
    "500 part-way, posted all the same": slack_refuses("internal_error", 2, status=500, carried_out=True),
    "429s past the retries part-way": rate_limited_part_way,
    "every source failed": every_source_failed,
    "SIGKILL while posting": killed(signal.SIGKILL),
    "SIGTERM while posting (a deploy)": killed(signal.SIGTERM),
    "SIGINT while posting (Ctrl-C)": killed(signal.SIGINT),
    "Redis restarted for a second while posting": redis_restarts,
}


def try_case(code: Path, case: Callable[[Morning], Result]) -> Result:
    prefix = f"jobpicks-tally-{uuid.uuid4().hex[:8]}"
    routes = {
        "/v1/boards/stripe/jobs": Reply(saved("greenhouse/jobs.json")),
        "/v1/boards/acmeai/jobs": Reply(saved("greenhouse/board_acmeai.json")),
    }
    with tempfile.TemporaryDirectory() as folder, FakeSlack() as slack, FakeSite(routes) as boards:
        morning = Morning(code, Path(folder), slack, boards, SHARED_REDIS, prefix)
        morning.write_config()
        try:
            return case(morning)
        finally:
            shared = redis.Redis.from_url(SHARED_REDIS)
            keys = list(shared.scan_iter(f"{prefix}:*"))
            if keys:
                shared.delete(*keys)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--code", type=Path, default=HERE, help="the jobpicks checkout to try (default: this one)")
    args = parser.parse_args()
    results = {name: try_case(args.code.resolve(), case) for name, case in CASES.items()}
    width = max(map(len, results))
    print(f"{'case':<{width}}  clear  lock  day kept  no repeat")
    for name, r in results.items():
        marks = ["yes" if ok else "NO" for ok in (r.clear, r.lock, r.day_kept, r.no_repeat)]
        print(f"{name:<{width}}  {marks[0]:<5}  {marks[1]:<4}  {marks[2]:<8}  {marks[3]}")
    handled = sum(r.handled for r in results.values())
    checks = sum(sum((r.clear, r.lock, r.day_kept, r.no_repeat)) for r in results.values())
    print(f"\n{args.code}: {handled} of {len(results)} cases handled; {checks} of {4 * len(results)} checks hold")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The world the fault suite breaks: two job boards on loopback, a fake Slack, the real Redis, and
`jobpicks run` as a person runs it (in this process, or as a separate process a test can kill).

A digest here is 4 picks from 6 postings, so it is an overview and 4 thread messages, and a second
day's digest has postings left to show.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
import redis

from bot.cli import main
from bot.config import load_config
from bot.slack.app import build_app
from bot.slack.http import EVENTS_PATH, asgi_app
from bot.store import Store
from tests.fake_sites import FakeSite, Reply, saved
from tests.fake_slack import (
    CHANNEL_ID,
    CHANNEL_NAME,
    FakeSlack,
    Message,
    block_action_body,
    reaction_event_body,
    signed_headers,
    slash_command_body,
)
from tests.loopback import serve_asgi
from tests.slack_fixtures import SECRET, make_context

ROOT = Path(__file__).resolve().parents[1]
SIZE = 4
DEST = CHANNEL_NAME


def config_text(board_url: str, size: int = SIZE, morning: str = "08:00", destination: str = DEST) -> str:
    """A jobpicks.toml for the two boards at `board_url`, posting `size` picks to `destination`."""
    return f"""
[profile]
name = "alex"
roles = ["account executive", "software engineer"]
skills = ["sales", "ai", "python"]
max_age_days = 365

[sources.greenhouse]
base_url = "{board_url}"
companies = ["stripe", "acmeai"]
retries = 0
delay = 0

[digest]
destination = "{destination}"
size = {size}
per_company = {size}
min_score = 0
time = "{morning}"
timezone = "UTC"
"""


# Every write on disk before it is acknowledged, as a managed Redis keeps what it acknowledged.
DURABLE = ["--save", "", "--appendonly", "yes", "--appendfsync", "always"]


class OwnRedis:
    """A redis-server of its own on a free port (never the shared one), its data kept on disk so it
    survives a restart."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        server = shutil.which("redis-server")
        assert server is not None, "the redis-server binary is not installed"
        self.process = subprocess.Popen(
            [server, "--port", str(self.port), "--bind", "127.0.0.1", "--dir", str(self.folder), *DURABLE],
            stdout=subprocess.DEVNULL,
        )
        client = redis.Redis(port=self.port)
        for _ in range(200):
            try:
                client.ping()
                return
            except redis.ConnectionError:
                time.sleep(0.02)
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(10)
            self.process = None


@dataclass
class Ran:
    code: int
    out: str
    err: str

    @property
    def last_line(self) -> str:
        lines = self.err.strip().splitlines()
        return lines[-1] if lines else ""


@dataclass
class World:
    folder: Path
    slack: FakeSlack
    site: FakeSite
    store: Store
    capsys: pytest.CaptureFixture[str]

    def write_config(
        self, *, board_url: str | None = None, size: int = SIZE, morning: str = "08:00", destination: str = DEST
    ) -> None:
        (self.folder / "jobpicks.toml").write_text(config_text(board_url or self.site.url, size, morning, destination))

    def run(self, *args: str) -> Ran:
        """`jobpicks run ARGS` in this process, as a person at a terminal runs it."""
        self.capsys.readouterr()
        code = main(["run", *args])
        captured = self.capsys.readouterr()
        return Ran(code, captured.out, captured.err)

    def env(self) -> dict[str, str]:
        """The environment of a `jobpicks` process of its own (what the test set, plus the project)."""
        return {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONUNBUFFERED": "1"}

    def start_run(self, *args: str, command: str = "run") -> subprocess.Popen[str]:
        """`jobpicks run ARGS` (or another command) as a process of its own, as cron or a deploy starts it."""
        return subprocess.Popen(
            [sys.executable, "-m", "bot.cli", command, *args],
            cwd=self.folder,
            env=self.env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    # -- what a person sees in Slack -----------------------------------------------------------------

    def overviews(self) -> list[Message]:
        return self.slack.messages(CHANNEL_ID, top_level=True)

    def picks(self) -> list[Message]:
        return self.slack.pick_messages(CHANNEL_ID)

    def posting_keys(self) -> list[str]:
        return [m.metadata["event_payload"]["posting_key"] for m in self.picks() if m.metadata]

    def twice(self) -> list[str]:
        """Postings shown in more than one message."""
        return [key for key, n in Counter(self.posting_keys()).items() if n > 1]

    def assert_one_whole_digest(self, size: int = SIZE) -> None:
        """What a person should see after any fault once things are healthy: one overview, every pick
        of it once, in rank order in its thread; the day counted as posted; nothing left pending or locked."""
        (overview,) = self.overviews()
        thread = self.slack.thread(CHANNEL_ID, overview.ts)
        assert len(thread) == size and self.twice() == [], [m.text for m in thread]
        assert [m.text.split(" · ")[0] for m in thread] == [f"#{i}" for i in range(1, size + 1)], "in rank order"
        day = self.store.digests.dates(DEST)[0]
        assert self.store.digests.daily_done(DEST, day)
        record = self.store.digests.get(DEST, day)
        assert record is not None and [p.posting.key for p in record.picks] == self.posting_keys()
        assert set(self.store.seen.keys(DEST, self.posting_keys())) == set(self.posting_keys())
        assert self.store.outbox.pending(DEST) is None
        assert not self.store.runs.in_progress(DEST)


class Person:
    """Someone in the channel: their clicks and reactions reach the app as Slack sends them."""

    def __init__(self, url: str, world: World, user: str = "U0ALEX") -> None:
        self.url = url
        self.world = world
        self.user = user
        self.http = httpx.Client(timeout=10)

    def click(self, action_id: str, pick: Message) -> None:
        key = pick.metadata["event_payload"]["posting_key"] if pick.metadata else ""
        body = block_action_body(
            action_id, key, CHANNEL_ID, pick.ts, self.world.slack.response_url("click"), user=self.user
        )
        assert self.http.post(self.url, content=body.encode(), headers=signed_headers(SECRET, body)).status_code == 200

    def command(self, text: str) -> str:
        """Type `/jobpicks TEXT`: the app's first answer; later ones arrive at the response URL "cmd"."""
        body = slash_command_body(text, self.world.slack.response_url("cmd"), user=self.user)
        reply = self.http.post(self.url, content=body.encode(), headers=signed_headers(SECRET, body))
        assert reply.status_code == 200
        return (
            reply.json()["text"] if reply.headers.get("content-type", "").startswith("application/json") else reply.text
        )

    def told(self) -> list[str]:
        """What the app told this person in answer to their commands, in order."""
        return [r["text"] for r in self.world.slack.responses if r["hook"] == "cmd"]

    def react(self, reaction: str, pick: Message, event_id: str) -> None:
        body = reaction_event_body("reaction_added", reaction, CHANNEL_ID, pick.ts, user=self.user, event_id=event_id)
        headers = signed_headers(SECRET, body, content_type="application/json")
        assert self.http.post(self.url, content=body.encode(), headers=headers).status_code == 200


@pytest.fixture(name="person")
def person_in_slack(world: World) -> Iterator[Person]:
    """`person`: someone in the channel, talking to the serving app (its real listeners and the real
    pipeline behind /jobpicks refresh) under uvicorn on loopback."""
    ctx = make_context(world.slack, world.store)
    ctx.config = load_config(world.folder / "jobpicks.toml")
    with serve_asgi(asgi_app(build_app(ctx), SECRET)) as base:
        yield Person(base + EVENTS_PATH, world)


@pytest.fixture(name="boards")
def job_boards() -> Iterator[FakeSite]:
    """`boards`: Stripe's and Acme AI's Greenhouse boards, three postings each."""
    routes = {
        "/v1/boards/stripe/jobs": Reply(saved("greenhouse/jobs.json")),
        "/v1/boards/acmeai/jobs": Reply(saved("greenhouse/board_acmeai.json")),
    }
    with FakeSite(routes) as site:
        yield site


@pytest.fixture(name="world")
def fault_world(
    env: Path, boards: FakeSite, store: Store, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Iterator[World]:
    """`world`: the boards, a fake Slack, and `jobpicks` configured for them (import both fixtures)."""
    with FakeSlack() as slack:
        monkeypatch.setenv("SLACK_BOT_TOKEN", slack.bot_token)
        monkeypatch.setenv("SLACK_API_URL", slack.api_url)
        made = World(env, slack, boards, store, capsys)
        made.write_config()
        yield made

"""A reader's days with jobpicks, on one machine: the morning run, the clicks, the next morning.

Everything a person's day touches runs for real on 127.0.0.1: a fake LinkedIn serving a pool of
postings (`tests.internship_pool`), the fake Slack, optionally the fake OpenAI-compatible server (which
ignores the feedback block of its prompt), the real Redis, and per destination the Slack app under
uvicorn, which the clicks reach as signed requests, as Slack sends them. The only thing not real is
the time: a `Clock` on each destination's `AppContext` says what day it is, and `next_day` moves it.

    with ReaderDays(store, profile) as days:
        mine = days.destination("#alex-picks")
        picks = mine.run()                   # what `jobpicks run` does, on the clock's day
        mine.vote(picks[0], -1)              # a 👎 click through the signed endpoint
        days.next_day()
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import tempfile
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

import httpx

from bot.config import AppConfig, DigestConfig, Settings
from bot.context import AppContext
from bot.pipeline import RunOutcome, run_pipeline
from bot.slack.app import build_app
from bot.slack.delivery import SlackDelivery, slack_client
from bot.slack.http import EVENTS_PATH, asgi_app
from bot.store import Store
from scoring.config import ScoringConfig
from scoring.profile import Profile
from scrapers.config import SearchSpec, SourceConfig
from tests.fake_openai import FakeOpenAI
from tests.fake_sites import FakeSite
from tests.fake_slack import FakeSlack, block_action_body, signed_headers, slash_command_body
from tests.internship_pool import InternshipPool
from tests.linkedin_pages import Job, linkedin_routes
from tests.loopback import serve_asgi
from tests.slack_fixtures import SECRET, no_refresh

READER = "U0ALEX"
VOTE_ACTIONS = {1: "vote_up", -1: "vote_down"}


class Clock:
    """What time it is for one story: 09:00 UTC on its first day, then a day later at each `next_day`."""

    def __init__(self, first_day: datetime) -> None:
        self.now = first_day

    def __call__(self) -> datetime:
        return self.now

    def next_day(self) -> None:
        self.now += timedelta(days=1)


def days_ago(days: int) -> datetime:
    """09:00 UTC `days` days before today: stories end on today, so postings are never from the future."""
    today = datetime.now(UTC).date() - timedelta(days=days)
    return datetime.combine(today, time(9), tzinfo=UTC)


@dataclass(frozen=True)
class Pick:
    """A pick as the reader met it in Slack: the posting, its rank and the message to vote on."""

    key: str
    job_id: int
    title: str
    company: str
    score: int
    moved: str  # the context line's "↓ 14 — you 👎 4 TikTok picks", "" when the votes did not move it
    ts: str


class Destination:
    """One `[digest] destination` with its own config, served by its own Slack app."""

    def __init__(self, days: ReaderDays, ctx: AppContext, channel: str, url: str) -> None:
        self.days = days
        self.ctx = ctx
        self.channel = channel
        self.url = url
        self.http = httpx.Client(timeout=10)
        self.log = ""

    @property
    def name(self) -> str:
        return self.ctx.destination

    def run(self) -> list[Pick]:
        """The morning run, as `jobpicks run` does it with a bot token: the pipeline, posting to Slack."""
        delivery = SlackDelivery(slack_client(self.ctx.settings), self.ctx.store, self.ctx.profile_id, pace_seconds=0)
        # A run off a terminal logs each step as a JSON line on stderr: kept for a failing story to show.
        with contextlib.redirect_stderr(io.StringIO()) as log:
            outcome: RunOutcome = asyncio.run(run_pipeline(self.ctx, delivery))
        self.log += log.getvalue()
        assert outcome.digest is not None and outcome.delivered is not None, outcome.skipped
        posted = outcome.delivered.pick_messages
        return [
            Pick(
                s.posting.key,
                int(s.posting.key.rsplit(":", 1)[-1]),
                s.posting.title,
                s.posting.company,
                s.score,
                s.taste_line,
                posted[s.posting.key],
            )
            for s in outcome.digest.picks
        ]

    def send(self, body: str, content_type: str = "application/x-www-form-urlencoded") -> httpx.Response:
        """A request signed as Slack signs it, to this destination's app."""
        reply = self.http.post(
            self.url, content=body.encode(), headers=signed_headers(SECRET, body, None, content_type)
        )
        assert reply.status_code == 200, reply.text
        return reply

    def vote(self, pick: Pick, value: int, user: str = READER) -> None:
        """Click 👍 (1) or 👎 (-1) on a pick; returns once the pick shows the vote."""
        slack = self.days.slack
        before = slack.message(self.channel, pick.ts).updates
        hook = slack.response_url("vote")
        self.send(block_action_body(VOTE_ACTIONS[value], "", self.channel, pick.ts, hook, user=user))
        slack.wait_until(lambda: slack.message(self.channel, pick.ts).updates > before)

    def command(self, text: str) -> dict:
        """/jobpicks `text` typed in this destination's channel: the reply only the typist sees."""
        reply = self.send(slash_command_body(text, self.days.slack.response_url("cmd"), channel=self.channel))
        return reply.json()

    def press(self, action_id: str) -> dict:
        """A button on an ephemeral reply (such as /jobpicks status's); the reply that replaces it."""
        slack = self.days.slack
        hook = f"press-{len(slack.responses)}"
        self.send(block_action_body(action_id, "", self.channel, "1763700000.999999", slack.response_url(hook)))
        (answer,) = slack.wait_until(lambda: [r for r in slack.responses if r["hook"] == hook])
        return answer


class ReaderDays:
    """The world of one story: fake sites, Slack and LLM, a pool growing by day, a clock, destinations."""

    def __init__(
        self,
        store: Store,
        profile: Profile,
        *,
        llm: bool = False,
        days: int = 2,
        first_day_postings: int = 60,
        new_per_day: int = 20,
        size: int = 10,
        per_company: int = 3,
        seed: int = 1,
        archive: Path | None = None,
        scoring: ScoringConfig | None = None,
    ) -> None:
        self.store = store
        self.profile = profile
        self.llm = llm
        self.size = size
        self.per_company = per_company
        self.new_per_day = new_per_day
        self._archive = archive
        self.scoring = scoring or ScoringConfig(batch_size=10, concurrency=4)
        # The story ends today: postings are dated by the clock, and their age is judged by the real time.
        self.clock = Clock(days_ago(days - 1))
        self.pool = InternshipPool(seed=seed)
        self.pool.add_day(self.clock().date(), first_day_postings)
        self.slack = FakeSlack(channels={})
        self._stack = ExitStack()
        self.site: FakeSite | None = None
        self.fake_llm: FakeOpenAI | None = None

    def __enter__(self) -> ReaderDays:
        # Digests are archived as markdown like any run's; somewhere of the story's own, gone after it.
        self.archive = self._archive or Path(self._stack.enter_context(tempfile.TemporaryDirectory()))
        self.site = self._stack.enter_context(FakeSite(linkedin_routes(lambda: self.pool.jobs)))
        self._stack.enter_context(self.slack)
        if self.llm:
            self.fake_llm = self._stack.enter_context(FakeOpenAI())
        return self

    def __exit__(self, *exc: object) -> None:
        self._stack.close()

    def next_day(self) -> list[Job]:
        """Move the clock a day on; that day's new postings are listed."""
        self.clock.next_day()
        return self.pool.add_day(self.clock().date(), self.new_per_day)

    def settings(self) -> Settings:
        llm = {}
        if self.fake_llm is not None:
            llm = {
                "openai_api_key": "test-key",
                "openai_base_url": self.fake_llm.base_url,
                "openai_model": "fake-model",
            }
        return Settings(
            _env_file=None,
            slack_bot_token=self.slack.bot_token,
            slack_signing_secret=SECRET,
            slack_api_url=self.slack.api_url,
            **llm,
        )

    def config(self, destination: str) -> AppConfig:
        assert self.site is not None, "enter the story first"
        return AppConfig(
            profile=self.profile.model_copy(deep=True),
            # A week's window: postings not picked yesterday are still listed today.
            search=[SearchSpec(keywords="intern", location="United States", hours=168, job_type=["internship"])],
            sources={"linkedin": SourceConfig(base_url=self.site.url, delay=0, concurrency=4, max_pages=100)},
            digest=DigestConfig(
                destination=destination,
                size=self.size,
                per_company=self.per_company,
                timezone="UTC",
                archive_dir=self.archive,
            ),
            scoring=self.scoring.model_copy(),
        )

    def destination(self, name: str, *, store: Store | None = None) -> Destination:
        """A destination (a channel of its own) with its own config and served app; `store` puts its
        memory elsewhere than the story's store."""
        channel = f"C0{name.strip('#').replace('-', '').upper()[:9]}"
        self.slack.channels[name] = channel
        ctx = AppContext(self.settings(), self.config(name), store or self.store, clock=self.clock)
        base = self._stack.enter_context(_served(ctx))
        return Destination(self, ctx, channel, base + EVENTS_PATH)


@contextmanager
def _served(ctx: AppContext) -> Iterator[str]:
    with serve_asgi(asgi_app(build_app(ctx, refresh=no_refresh), SECRET)) as base:
        yield base

"""A workspace with jobpicks installed once: a channel digest and members who start their own picks.

Everything runs for real on 127.0.0.1: a fake LinkedIn listing the postings of the day, the fake Slack
(its members answer users.info with their time zones), the real Redis, and the Slack app under uvicorn,
which members reach with signed requests as Slack sends them: /jobpicks commands, the profile editor's
Save, button clicks, the App Home tab. A `Clock` on the context says what day it is.

    with Workspace(store) as ws:
        ws.start("U0ALEX", {"roles": "data scientist intern"})  # /jobpicks start, then Start in the form
        picks = ws.run_everyone()                             # each audience's morning digest
        ws.vote("U0ALEX", picks["U0ALEX"][0], -1)              # a 👎 click on a DM pick
        ws.next_day()
"""

from __future__ import annotations

import asyncio
import contextlib
import io
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from typing import Any

import httpx

from bot.audience import Audience
from bot.config import AppConfig, Settings
from bot.context import AppContext
from bot.people import audiences
from bot.pipeline import run_pipeline
from bot.slack.app import build_app
from bot.slack.delivery import SlackDelivery, slack_client
from bot.slack.http import EVENTS_PATH, asgi_app
from bot.store import Store
from tests.fake_sites import FakeSite
from tests.fake_slack import (
    CHANNEL_ID,
    FakeSlack,
    View,
    app_home_opened_body,
    block_action_body,
    home_action_body,
    signed_headers,
    slash_command_body,
    submitted_state,
    view_submission_body,
)
from tests.linkedin_pages import Job, linkedin_routes
from tests.loopback import serve_asgi
from tests.reader_days import Clock, days_ago
from tests.slack_fixtures import SECRET

VOTE_ACTIONS = {1: "vote_up", -1: "vote_down"}

CONFIG = """
[profile]
name = "club"
roles = ["software engineer intern"]
skills = ["python"]
seniority = ["internship"]
locations = ["Seattle, WA"]
max_age_days = 30

[[search]]
keywords = "intern"
hours = 168

[sources.linkedin]
base_url = "{site}"
delay = 0

[digest]
destination = "#job-picks"
size = {size}
min_score = 0
per_company = {per_company}
"""


@dataclass(frozen=True)
class Pick:
    """A pick as its reader met it in Slack."""

    key: str
    title: str
    company: str
    score: int
    moved: str  # "↓ 14 — you 👎 2 Quant Co picks"; "" when votes did not move it
    channel: str  # where its message is (C…, or the member's D…)
    ts: str


class Workspace:
    """One install of jobpicks: its config (extra TOML appended), the fakes, the app, the clock."""

    def __init__(
        self,
        store: Store,
        jobs: list[Job] | None = None,
        *,
        size: int = 3,
        per_company: int = 3,
        extra: str = "",
        slack: FakeSlack | None = None,
    ) -> None:
        self.store = store
        self.jobs: list[Job] = list(jobs or [])
        self.size = size
        self.per_company = per_company
        self.extra = extra
        self.slack = slack or FakeSlack()
        self.clock = Clock(days_ago(1))
        self._stack = ExitStack()
        self.http = httpx.Client(timeout=10)

    def __enter__(self) -> Workspace:
        site = self.site = self._stack.enter_context(FakeSite(linkedin_routes(lambda: self.jobs)))
        self._stack.enter_context(self.slack)
        import tomllib

        text = CONFIG.format(site=site.url, size=self.size, per_company=self.per_company) + self.extra
        config = AppConfig.model_validate(tomllib.loads(text))
        settings = Settings(
            _env_file=None,
            slack_bot_token=self.slack.bot_token,
            slack_signing_secret=SECRET,
            slack_api_url=self.slack.api_url,
        )
        self.ctx = AppContext(settings, config, self.store, clock=self.clock)
        app = build_app(self.ctx)  # the real pipeline behind /jobpicks refresh
        self.url = self._stack.enter_context(serve_asgi(asgi_app(app, SECRET))) + EVENTS_PATH
        return self

    def __exit__(self, *exc: object) -> None:
        self.http.close()
        self._stack.close()

    def next_day(self, new: list[Job] | None = None) -> None:
        self.clock.next_day()
        self.jobs += new or []

    # -- Slack's side ------------------------------------------------------------------------------

    def send(self, body: str, content_type: str = "application/x-www-form-urlencoded") -> httpx.Response:
        reply = self.http.post(
            self.url, content=body.encode(), headers=signed_headers(SECRET, body, None, content_type)
        )
        assert reply.status_code == 200, reply.text
        return reply

    def command(self, user: str, text: str) -> dict:
        """/jobpicks `text` typed by `user`: the answer only they see."""
        reply = self.send(slash_command_body(text, self.slack.response_url(f"cmd-{user}"), user=user))
        if reply.headers.get("content-type", "").startswith("application/json"):
            return reply.json()
        return {"text": reply.text}

    def replies(self, user: str) -> list[dict]:
        """What reached `user` later through their commands' response_url (a refresh's outcome)."""
        return [r for r in self.slack.responses if r["hook"] == f"cmd-{user}"]

    def open_start(self, user: str) -> View:
        """/jobpicks start: the form it opens."""
        opened = len(self.slack.views)
        self.command(user, "start")
        return self.slack.wait_until(lambda: len(self.slack.views) > opened and self.slack.views[-1])

    def save(self, user: str, view: View, typed: dict[str, Any] | None = None) -> httpx.Response:
        """Press the form's submit button after typing `typed` (block_id -> text)."""
        return self.send(view_submission_body(view.view, submitted_state(view.view, typed), user=user))

    def start(self, user: str, typed: dict[str, Any]) -> None:
        """/jobpicks start, fill in the form, Start; returns once the welcome DM arrived."""
        dms = len(self.dms(user))
        assert self.save(user, self.open_start(user), typed).content == b"", "an empty ack closes the form"
        self.slack.wait_until(lambda: len(self.dms(user)) > dms)

    def dms(self, user: str) -> list[str]:
        """The top-level messages of `user`'s DM with the app, as they read them."""
        return [m.visible_text for m in self.slack.messages("D" + user[1:], top_level=True)]

    def vote(self, user: str, pick: Pick, value: int) -> None:
        """`user` clicks 👍 (1) or 👎 (-1) on `pick`; returns once the pick shows the vote."""
        before = self.slack.message(pick.channel, pick.ts).updates
        hook = self.slack.response_url("vote")
        self.send(block_action_body(VOTE_ACTIONS[value], pick.key, pick.channel, pick.ts, hook, user=user))
        self.slack.wait_until(lambda: self.slack.message(pick.channel, pick.ts).updates > before)

    def open_home(self, user: str) -> View:
        """`user` opens the app's Home tab; the tab as drawn for them."""
        before = self._home_updates(user)
        self.send(app_home_opened_body(user), content_type="application/json")
        return self.slack.wait_until(lambda: self._home_updates(user) > before and self.slack.homes[user])

    def press_home(self, user: str, action_id: str, *, redraws: int = 1) -> View:
        """A button on `user`'s Home tab; the tab once it was drawn again `redraws` times."""
        before = self._home_updates(user)
        self.send(home_action_body(action_id, user=user, view_id=self.slack.homes[user].id))
        return self.slack.wait_until(lambda: self._home_updates(user) >= before + redraws and self.slack.homes[user])

    def _home_updates(self, user: str) -> int:
        home = self.slack.homes.get(user)
        return -1 if home is None else home.updates

    # -- the morning -------------------------------------------------------------------------------

    def audience(self, user: str | None) -> Audience:
        """The channel digest's audience (None), or a member's."""
        found = [a for a in audiences(self.ctx, include_paused=True) if a.person == user]
        assert found, f"no digest for {user}"
        return found[0]

    def run(self, user: str | None = None) -> list[Pick]:
        """One audience's morning digest (the channel's, or a member's), posted to Slack."""
        ctx = self.ctx.for_audience(self.audience(user))
        delivery = SlackDelivery(slack_client(ctx.settings), ctx.store, ctx.profile_id, pace_seconds=0)
        with contextlib.redirect_stderr(io.StringIO()):
            outcome = asyncio.run(run_pipeline(ctx, delivery))
        assert outcome.digest is not None and outcome.delivered is not None, outcome.skipped
        posted, channel = outcome.delivered.pick_messages, outcome.delivered.channel
        return [
            Pick(
                s.posting.key, s.posting.title, s.posting.company, s.score, s.taste_line, channel, posted[s.posting.key]
            )
            for s in outcome.digest.picks
        ]

    def run_everyone(self) -> dict[str | None, list[Pick]]:
        """Every digest of the morning that is not paused, by member (None: the channel's)."""
        return {a.person: self.run(a.person) for a in audiences(self.ctx)}


def channel_picks(slack: FakeSlack) -> list[str]:
    return [m.text for m in slack.pick_messages(CHANNEL_ID)]


@contextlib.contextmanager
def workspace(store: Store, jobs: list[Job], **kwargs: Any) -> Iterator[Workspace]:
    with Workspace(store, jobs, **kwargs) as ws:
        yield ws

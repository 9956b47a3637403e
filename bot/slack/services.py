"""What listeners need besides Slack's own arguments, handed to them through Bolt's context."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from slack_bolt import BoltContext

from bot.context import AppContext
from bot.people import person
from bot.slack.runs import RunGuard

if TYPE_CHECKING:
    from bot.pipeline import RunOutcome

KEY = "jobpicks"


@dataclass(slots=True)
class Services:
    ctx: AppContext  # the channel digest's
    runs: RunGuard  # the channel digest's
    refresh: Callable[[], RunOutcome]  # the channel digest's /jobpicks refresh
    # /jobpicks refresh for a member's own picks: the run for their context.
    refresh_person: Callable[[AppContext], Callable[[], RunOutcome]]
    # "Sat 22 Nov 08:00 America/Los_Angeles", when a scheduler runs in this process.
    next_morning_run: Callable[[], str] | None = None
    _guards: dict[str, RunGuard] = field(default_factory=dict)
    _guards_lock: threading.Lock = field(default_factory=threading.Lock)

    def for_user(self, user: str) -> AppContext:
        """Whose digest `user`'s command or click acts on: their own picks when they have them
        (listed in [[person]] or started in Slack, paused or not), else the channel digest."""
        found = person(self.ctx, user) if user else None
        return self.ctx.for_audience(found.audience(self.ctx.config)) if found else self.ctx

    def guard(self, ctx: AppContext) -> RunGuard:
        """The run guard of `ctx`'s destination: one per digest, so a member's refresh never waits on
        the channel's, nor the other way round."""
        if ctx.destination == self.ctx.destination:
            return self.runs
        with self._guards_lock:
            return self._guards.setdefault(ctx.destination, RunGuard(ctx.store, ctx.destination))

    def refresh_for(self, ctx: AppContext) -> Callable[[], RunOutcome]:
        """What /jobpicks refresh runs for `ctx`'s digest."""
        if ctx.scope is None or ctx.destination == self.ctx.destination:
            return self.refresh
        return self.refresh_person(ctx)


def services(context: BoltContext) -> Services:
    return context[KEY]

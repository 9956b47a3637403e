"""What listeners need besides Slack's own arguments, handed to them through Bolt's context."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from slack_bolt import BoltContext

from bot.context import AppContext
from bot.slack.runs import RunGuard

if TYPE_CHECKING:
    from bot.pipeline import RunOutcome

KEY = "jobpicks"


@dataclass(slots=True)
class Services:
    ctx: AppContext
    runs: RunGuard
    refresh: Callable[[], RunOutcome]
    # "Sat 22 Nov 08:00 America/Los_Angeles", when a scheduler runs in this process.
    next_morning_run: Callable[[], str] | None = None


def services(context: BoltContext) -> Services:
    return context[KEY]

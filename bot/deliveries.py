"""Where a digest goes when nobody said: Slack when a bot token is set, else printed.

A first `jobpicks run` with nothing configured prints its digest, so it needs no setup; the same
choice serves `run --everyone` and the queue's workers, which print to the log instead.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.console import Console

from bot.context import AppContext
from bot.digest import Deliver


def default_delivery(
    console: Console, *, on_terminal: Callable[[], None] | None = None
) -> Callable[[AppContext], Deliver]:
    """The delivery for a context: Slack with SLACK_BOT_TOKEN, else `console` (`on_terminal` is told)."""

    def deliver_for(ctx: AppContext) -> Deliver:
        if ctx.settings.slack_bot_token:
            from bot.slack.delivery import slack_delivery

            return slack_delivery(ctx)
        from bot.terminal import TerminalDelivery

        if on_terminal is not None:
            on_terminal()
        return TerminalDelivery(console)

    return deliver_for

"""/jobpicks refresh (or Get picks now on the App Home tab): a run in the background for the digest of
the member who asked, answered at once and reported when it ends."""

from __future__ import annotations

from collections.abc import Callable
from logging import Logger
from typing import Any

from bot.context import AppContext
from bot.errors import JobpicksError
from bot.slack import replies
from bot.slack.limits import escape
from bot.slack.services import Services


def refresh_in_background(
    s: Services, ctx: AppContext, answer: Callable[[str], Any], tell: Callable[[str], Any], logger: Logger
) -> None:
    """`answer` at once (looking, or a run is already under way), then run the refresh of `ctx`'s digest
    in a background thread and `tell` how it went."""
    runs = s.guard(ctx)
    if not runs.claim():
        answer(replies.busy_message("your picks" if ctx.audience.person else ctx.destination))
        return
    answer(replies.LOOKING_DM if ctx.audience.person else replies.LOOKING)

    def done(outcome: object, error: Exception | None) -> None:
        tell(report(outcome, error, logger))

    runs.launch(s.refresh_for(ctx), done)


def report(outcome: object, error: Exception | None, logger: Logger) -> str:
    """How a refresh went, in a line or two for the person who asked."""
    if error is not None:
        logger.error("refresh failed: %s", error)
        reason = str(error) if isinstance(error, JobpicksError) else f"{type(error).__name__}: {error}"
        return f"The refresh failed: {escape(reason)}"
    digest = getattr(outcome, "digest", None)
    text = replies.refresh_outcome(
        getattr(outcome, "skipped", None),
        len(digest.picks) if digest is not None else 0,
        digest.why_empty() if digest is not None else None,
        getattr(outcome, "delivered", None),
    )
    resumed = getattr(outcome, "resumed", None)
    if resumed is not None:
        # The refresh first finished a digest an earlier run left half posted: say so.
        text = f"{escape(resumed.describe())}\n{text}"
    return text

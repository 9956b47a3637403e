"""Starting the taste afresh from Slack: the /jobpicks status reply with its button, a reset, its undo.

The button sits under what the votes taught (the status lists the strongest weights), behind a confirm
dialog; the reply to a reset offers to undo it.
"""

from __future__ import annotations

from bot.context import AppContext
from bot.learning import learning, reset_taste, undo_reset
from bot.slack import replies
from bot.slack.membership import morning_line
from bot.slack.services import Services
from bot.status_text import status_text

RESET_TASTE = "taste_reset"
UNDO_TASTE_RESET = "taste_reset_undo"


def status_reply(s: Services, ctx: AppContext, notice: str | None = None) -> dict:
    """The status of `ctx`'s digest, with "Learn afresh" while votes teach the picks and "Undo the
    reset" after one."""
    message = replies.status_message(status_text(ctx), morning_line(s, ctx), notice)
    learned = learning(ctx)
    buttons = []
    if learned.votes:
        count = len(learned.votes)
        dialog = replies.confirm_dialog(
            "Forget what your votes taught?",
            f"The next picks stop using the {count} vote{'s' if count != 1 else ''} cast so far and learn only "
            "from new ones. Every vote stays in the history, and you can undo this.",
            "Learn afresh",
            "Keep learning",
        )
        buttons.append(replies.button(RESET_TASTE, "Learn afresh", confirm=dialog))
    if learned.since is not None:
        buttons.append(replies.button(UNDO_TASTE_RESET, "Undo the reset"))
    return replies.with_buttons(message, "taste", buttons)


def reset_from_slack(s: Services, ctx: AppContext) -> dict:
    """Reset the taste of `ctx`'s digest; the status as it is now, saying what happened."""
    return status_reply(s, ctx, notice=reset_taste(ctx))


def undo_from_slack(s: Services, ctx: AppContext) -> dict:
    return status_reply(s, ctx, notice=undo_reset(ctx))

"""Starting the taste afresh from Slack: the /jobpicks status reply with its button, a reset, its undo.

The button sits under what the votes taught (the status lists the strongest weights), behind a confirm
dialog; the reply to a reset offers to undo it. Confirm texts stay within Slack's limits for a confirm
object: title 100 characters, text 300, buttons 30 (docs.slack.dev/reference/block-kit/composition-objects/
confirmation-dialog-object).
"""

from __future__ import annotations

from bot.learning import learning, reset_taste, undo_reset
from bot.slack import limits, replies
from bot.slack.services import Services
from bot.status_text import status_text

RESET_TASTE = "taste_reset"
UNDO_TASTE_RESET = "taste_reset_undo"


def status_reply(s: Services, notice: str | None = None) -> dict:
    """The status, with "Learn afresh" while votes teach the picks and "Undo the reset" after one."""
    next_run = s.next_morning_run() if s.next_morning_run else None
    message = replies.status_message(status_text(s.ctx), next_run, notice)
    learned = learning(s.ctx)
    buttons = []
    if learned.votes:
        count = len(learned.votes)
        buttons.append(
            {
                "type": "button",
                "action_id": RESET_TASTE,
                "text": {"type": "plain_text", "text": "Learn afresh"},
                "confirm": {
                    "title": {"type": "plain_text", "text": "Forget what your votes taught?"},
                    "text": {
                        "type": "plain_text",
                        "text": f"The next picks stop using the {count} vote{'s' if count != 1 else ''} cast so "
                        "far and learn only from new ones. Every vote stays in the history, and you can undo this.",
                    },
                    "confirm": {"type": "plain_text", "text": "Learn afresh"},
                    "deny": {"type": "plain_text", "text": "Keep learning"},
                },
            }
        )
    if learned.since is not None:
        buttons.append(
            {"type": "button", "action_id": UNDO_TASTE_RESET, "text": {"type": "plain_text", "text": "Undo the reset"}}
        )
    if buttons:
        message["blocks"] = [
            *message["blocks"][: limits.MAX_BLOCKS - 1],
            {"type": "actions", "block_id": "taste", "elements": buttons},
        ]
    return message


def reset_from_slack(s: Services) -> dict:
    """Reset the taste; the status as it is now, saying what happened."""
    return status_reply(s, notice=reset_taste(s.ctx))


def undo_from_slack(s: Services) -> dict:
    return status_reply(s, notice=undo_reset(s.ctx))

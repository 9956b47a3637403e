"""/jobpicks refresh | status | profile [reset] | help; anything else gets the help. Every answer is ephemeral."""

from __future__ import annotations

from logging import Logger

from slack_bolt import Ack, BoltContext, Respond

from bot.errors import JobpicksError
from bot.slack import replies
from bot.slack.limits import escape
from bot.slack.profile_editing import profile_reply, reset_profile
from bot.slack.services import Services, services
from bot.slack.taste_reset import status_reply


def jobpicks_command(ack: Ack, command: dict, respond: Respond, context: BoltContext, logger: Logger) -> None:
    s = services(context)
    sub, rest = replies.parse_command(command.get("text", ""))
    if sub == "refresh":
        _refresh(ack, respond, s, logger)
    elif sub == "status":
        ack(**status_reply(s))
    elif sub == "profile" and rest.strip().lower() == "reset":
        ack(**reset_profile(s.ctx))
    elif sub == "profile":
        ack(**profile_reply(s.ctx))
    elif sub == "help":
        ack(**replies.help_message())
    else:
        ack(**replies.help_message(unknown=sub))


def _refresh(ack: Ack, respond: Respond, s: Services, logger: Logger) -> None:
    """Acknowledge at once, run the pipeline in the background, and say how it went."""
    if not s.runs.claim():
        ack(text=replies.busy_message(s.ctx.destination))
        return
    ack(text=replies.LOOKING)

    def done(outcome: object, error: Exception | None) -> None:
        if error is not None:
            logger.error("refresh failed: %s", error)
            reason = str(error) if isinstance(error, JobpicksError) else f"{type(error).__name__}: {error}"
            text = f"The refresh failed: {escape(reason)}"
        else:
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
        respond(text=text, response_type="ephemeral", replace_original=False)

    s.runs.launch(s.refresh, done)

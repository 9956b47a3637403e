"""/jobpicks refresh | status | profile [reset] | start | stop | help; anything else gets the help.

Every answer is ephemeral, and acts on the digest of the member who typed it: their own picks when they
have them (listed in [[person]] or started in Slack), else the channel digest.
"""

from __future__ import annotations

from logging import Logger

from slack_bolt import Ack, BoltContext, Respond
from slack_sdk import WebClient

from bot.people import person
from bot.slack import replies
from bot.slack.editor import editor_view, open_editor
from bot.slack.failures import telling
from bot.slack.home import publish_home
from bot.slack.limits import escape
from bot.slack.membership import already_on, resume, stop
from bot.slack.profile_editing import profile_reply, reset_profile
from bot.slack.refreshing import refresh_in_background
from bot.slack.services import Services, services
from bot.slack.taste_reset import status_reply


def jobpicks_command(
    ack: Ack, command: dict, respond: Respond, client: WebClient, context: BoltContext, logger: Logger
) -> None:
    s = services(context)
    user = command.get("user_id", "")
    sub, rest = replies.parse_command(command.get("text", ""))
    if sub == "start":
        _start(ack, command, respond, client, s, logger)
    elif sub == "stop":
        ack(text=stop(s.ctx, user))
        publish_home(s, client, user)
    elif sub == "refresh":
        refresh_in_background(
            s,
            s.for_user(user),
            lambda text: ack(text=text),
            lambda text: respond(text=text, response_type="ephemeral", replace_original=False),
            logger,
        )
    elif sub == "status":
        ack(**status_reply(s, s.for_user(user)))
    elif sub == "profile" and rest.strip().lower() == "reset":
        ack(**reset_profile(s.for_user(user)))
    elif sub == "profile":
        ack(**profile_reply(s.for_user(user)))
    elif sub == "help":
        ack(**replies.help_message())
    else:
        ack(**replies.help_message(unknown=sub))


def _start(ack: Ack, command: dict, respond: Respond, client: WebClient, s: Services, logger: Logger) -> None:
    """A member who started before is resumed (or told they are on); anyone else gets the editor."""
    user = command.get("user_id", "")
    member = person(s.ctx, user)
    if member is not None and member.record is not None:
        ctx = s.for_user(user)
        ack(text=resume(ctx, member) if member.paused else already_on(ctx))
        if member.paused:
            publish_home(s, client, user)
        return
    ack()
    with telling(respond, logger):
        error = open_editor(client, command["trigger_id"], editor_view(s, user, starting=True), logger)
        if error is not None:
            respond(
                text=f"The form to start your picks did not open (Slack said `{escape(error)}`); "
                "type /jobpicks start again.",
                response_type="ephemeral",
                replace_original=False,
            )

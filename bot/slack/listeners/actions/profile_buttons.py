"""Edit profile opens the editor modal; Reset to file drops the profile edits made in Slack."""

from __future__ import annotations

from logging import Logger

from slack_bolt import Ack, BoltContext, Respond
from slack_sdk import WebClient

from bot.slack.editor import editor_view, open_editor
from bot.slack.failures import telling
from bot.slack.limits import escape
from bot.slack.profile_editing import reset_profile
from bot.slack.services import services


def edit_profile_clicked(
    ack: Ack, body: dict, client: WebClient, context: BoltContext, respond: Respond, logger: Logger
) -> None:
    ack()
    s = services(context)
    with telling(respond, logger):
        # A submission arrives without the message it started from: its response_url lets the answer
        # replace that message with the profile as saved.
        view = editor_view(s, body["user"]["id"], response_url=body.get("response_url") or "")
        # A trigger_id opens one view, within 3 seconds of the click: hence right after the ack.
        error = open_editor(client, body["trigger_id"], view, logger)
        if error is not None:
            respond(
                text=f"The profile editor did not open (Slack said `{escape(error)}`); click Edit profile "
                "again, or run /jobpicks profile.",
                response_type="ephemeral",
                replace_original=False,
            )


def reset_profile_clicked(ack: Ack, body: dict, context: BoltContext, respond: Respond, logger: Logger) -> None:
    ack()
    s = services(context)
    with telling(respond, logger):
        ctx = s.for_user(body["user"]["id"])
        respond(**reset_profile(ctx), response_type="ephemeral", replace_original=True)

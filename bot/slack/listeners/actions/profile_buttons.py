"""Edit profile opens the editor modal; Reset to file drops the profile edits made in Slack."""

from __future__ import annotations

from logging import Logger

from slack_bolt import Ack, BoltContext, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.slack.failures import telling
from bot.slack.limits import escape
from bot.slack.profile_editing import current_profile, reset_profile
from bot.slack.profile_modal import profile_modal
from bot.slack.services import services


def edit_profile_clicked(
    ack: Ack, body: dict, client: WebClient, context: BoltContext, respond: Respond, logger: Logger
) -> None:
    ack()
    ctx = services(context).ctx
    with telling(respond, logger):
        profile, _ = current_profile(ctx)
        # A submission arrives without the message it started from: its response_url lets the answer
        # replace that message with the profile as saved.
        view = profile_modal(
            profile,
            metadata={"response_url": body.get("response_url") or ""},
            config_name=ctx.config.path.name if ctx.config.path else None,
        )
        try:
            # A trigger_id opens one view, within 3 seconds of the click: hence right after the ack.
            client.views_open(trigger_id=body["trigger_id"], view=view)
        except SlackApiError as exc:
            error = str(exc.response.get("error", "unknown_error"))
            logger.error("views.open failed: %s %s", error, exc.response.get("response_metadata", {}))
            respond(
                text=f"The profile editor did not open (Slack said `{escape(error)}`); click Edit profile "
                "again, or run /jobpicks profile.",
                response_type="ephemeral",
                replace_original=False,
            )


def reset_profile_clicked(ack: Ack, context: BoltContext, respond: Respond, logger: Logger) -> None:
    ack()
    with telling(respond, logger):
        respond(**reset_profile(services(context).ctx), response_type="ephemeral", replace_original=True)

"""Save on the profile editor: field errors keep the modal open; otherwise save, close, and say what changed.

Validation and the save happen before the ack, because the ack carries the verdict (Slack waits 3
seconds for it; both are one Redis round trip or two). Telling the person comes after.
"""

from __future__ import annotations

from logging import Logger
from urllib.error import URLError

from slack_bolt import Ack, BoltContext
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.webhook import WebhookClient

from bot.slack.limits import escape
from bot.slack.profile_editing import save_submission
from bot.slack.profile_modal import read_metadata
from bot.slack.services import services


def profile_submitted(
    ack: Ack, body: dict, view: dict, client: WebClient, context: BoltContext, logger: Logger
) -> None:
    result = save_submission(services(context).ctx, (view.get("state") or {}).get("values") or {})
    if result.errors:
        ack(response_action="errors", errors=result.errors)
        return
    ack()
    user = (body.get("user") or {}).get("id")
    url = read_metadata(view).get("response_url")
    if url and result.message is not None:
        # The profile message the edit started from shows the saved profile, the change on top.
        try:
            sent = WebhookClient(url, timeout=10).send(
                **result.message, response_type="ephemeral", replace_original=True
            )
            if sent.status_code == 200:
                return
            problem = f"HTTP {sent.status_code}"
        except (URLError, OSError) as exc:
            problem = str(exc)
        logger.warning("could not update the profile message (%s); telling %s by DM", problem, user)
    if user:
        # A response_url lasts 30 minutes: after a long edit, a DM from the app says it instead.
        try:
            client.chat_postMessage(channel=user, text=escape(result.summary))
        except SlackApiError as exc:
            logger.error("could not tell %s the profile was saved: %s", user, exc.response.get("error"))

"""Save on the profile editor: field errors keep the modal open; otherwise save, close, and say what changed.

Validation and the save happen before the ack, because the ack carries the verdict (Slack waits 3
seconds for it; both are one Redis round trip or two). Telling the person comes after: the message the
edit started from is replaced, the Home tab it came from republished, or, for a member starting their
own picks, a DM says when their digest comes.
"""

from __future__ import annotations

from logging import Logger
from urllib.error import URLError

from slack_bolt import Ack, BoltContext
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.webhook import WebhookClient

from bot.errors import JobpicksError
from bot.slack.editor import FROM_HOME, RESPONSE_URL, STARTING
from bot.slack.home import publish_home
from bot.slack.limits import escape
from bot.slack.membership import learn_from_slack, own_context, starting_record, welcome, would_be
from bot.slack.profile_editing import save_submission
from bot.slack.profile_modal import read_metadata
from bot.slack.services import services


def profile_submitted(
    ack: Ack, body: dict, view: dict, client: WebClient, context: BoltContext, logger: Logger
) -> None:
    s = services(context)
    user = (body.get("user") or {}).get("id") or ""
    metadata = read_metadata(view)
    values = (view.get("state") or {}).get("values") or {}
    starting = bool(user) and metadata.get(STARTING) == "1"
    if starting:
        ctx = own_context(s.ctx, user)
        result = save_submission(ctx, values, starting=starting_record(ctx, would_be(s.ctx, user)))
    else:
        result = save_submission(s.for_user(user), values)
    if result.errors:
        ack(response_action="errors", errors=result.errors)
        return
    ack()
    if starting:
        try:
            learn_from_slack(s.ctx, client, user)
            text = welcome(own_context(s.ctx, user))
        except JobpicksError as exc:
            # Registered already (the ack said so by closing the form); only the welcome is lost.
            logger.error("could not welcome %s: %s", user, exc)
            return
        _tell(client, user, text, logger)
        publish_home(s, client, user, "You're in: your picks come by DM. Edit your profile here any time.")
        return
    if metadata.get(FROM_HOME):
        publish_home(s, client, user, result.summary)
        return
    url = metadata.get(RESPONSE_URL)
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
        _tell(client, user, escape(result.summary), logger)


def _tell(client: WebClient, user: str, text: str, logger: Logger) -> None:
    try:
        client.chat_postMessage(channel=user, text=text)
    except SlackApiError as exc:
        logger.error("could not tell %s: %s", user, exc.response.get("error"))

"""The profile editor, opened for the member who typed or clicked: their own profile when they have
picks of their own, the channel digest's otherwise, or a first profile when they start.

Where the editor was opened from rides in the modal's private_metadata, so its Save answers there:
`response_url` (the /jobpicks profile message to replace), `home` (the App Home tab to republish),
`start` (register the member along with the profile).
"""

from __future__ import annotations

from logging import Logger

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.profile_edits import effective_profile
from bot.slack.membership import own_context, seeded, would_be
from bot.slack.profile_editing import beneath, current_profile
from bot.slack.profile_modal import profile_modal
from bot.slack.services import Services

STARTING = "start"
FROM_HOME = "home"
RESPONSE_URL = "response_url"


def editor_view(s: Services, user: str, *, starting: bool = False, home: bool = False, response_url: str = "") -> dict:
    """The editor `user` gets: prefilled with the profile their picks use, or, when `starting`, with
    the first profile of their own (`bot.slack.membership.seeded`, or what they saved before)."""
    metadata = {RESPONSE_URL: response_url} if response_url else {}
    if home:
        metadata[FROM_HOME] = "1"
    if starting:
        metadata[STARTING] = "1"
        ctx = own_context(s.ctx, user)
        saved = ctx.store.profiles.saved(ctx.profile_id)
        profile = effective_profile(ctx.file_profile, saved) if saved else seeded(s.ctx, would_be(s.ctx, user))
        return profile_modal(profile, metadata=metadata, beneath=beneath(ctx), starting=True)
    ctx = s.for_user(user)
    profile, _ = current_profile(ctx)
    return profile_modal(profile, metadata=metadata, beneath=beneath(ctx))


def open_editor(client: WebClient, trigger_id: str, view: dict, logger: Logger) -> str | None:
    """Open `view`; None once it is open, else Slack's error code.

    A trigger_id opens one view within 3 seconds of the click or command
    (docs.slack.dev/reference/methods/views.open): callers open it right after their ack.
    """
    try:
        client.views_open(trigger_id=trigger_id, view=view)
    except SlackApiError as exc:
        error = str(exc.response.get("error", "unknown_error"))
        logger.error("views.open failed: %s %s", error, exc.response.get("response_metadata", {}))
        return error
    return None

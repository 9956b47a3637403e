"""A member opened the app's Home tab: draw it for them as it is now.

Slack sends `app_home_opened` each time a member enters the app's home, with `tab` "home" or
"messages" (docs.slack.dev/reference/events/app_home_opened); only the Home tab is drawn.
"""

from __future__ import annotations

from logging import Logger

from slack_bolt import BoltContext
from slack_sdk import WebClient

from bot.slack.home import publish_home
from bot.slack.services import services


def app_home_opened(event: dict, client: WebClient, context: BoltContext, logger: Logger) -> None:
    if event.get("tab", "home") != "home" or not event.get("user"):
        return
    publish_home(services(context), client, event["user"])

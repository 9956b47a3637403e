from __future__ import annotations

from slack_bolt import App

from bot.slack.listeners.events.app_home import app_home_opened
from bot.slack.listeners.events.reactions import reaction_added, reaction_removed

# manifest.yml subscribes to exactly these (a test checks).
EVENTS = {"reaction_added": reaction_added, "reaction_removed": reaction_removed, "app_home_opened": app_home_opened}


def register(app: App) -> None:
    for name, listener in EVENTS.items():
        app.event(name)(listener)

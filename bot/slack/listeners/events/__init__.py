from __future__ import annotations

from slack_bolt import App

from bot.slack.listeners.events.reactions import reaction_added, reaction_removed


def register(app: App) -> None:
    app.event("reaction_added")(reaction_added)
    app.event("reaction_removed")(reaction_removed)

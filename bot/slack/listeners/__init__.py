"""Listeners, split by what Slack sends: actions (button clicks), commands, events (reactions), views
(modal submissions)."""

from __future__ import annotations

from slack_bolt import App

from bot.slack.listeners import actions, commands, events, views


def register_listeners(app: App) -> None:
    actions.register(app)
    commands.register(app)
    events.register(app)
    views.register(app)

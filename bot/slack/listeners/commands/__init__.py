from __future__ import annotations

from slack_bolt import App

from bot.slack.listeners.commands.jobpicks import jobpicks_command


def register(app: App) -> None:
    app.command("/jobpicks")(jobpicks_command)

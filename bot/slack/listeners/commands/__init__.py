from __future__ import annotations

from slack_bolt import App

from bot.slack.listeners.commands.jobpicks import jobpicks_command

COMMAND = "/jobpicks"  # as declared in manifest.yml


def register(app: App) -> None:
    app.command(COMMAND)(jobpicks_command)

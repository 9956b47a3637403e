from __future__ import annotations

from slack_bolt import App

from bot.slack.blocks import VOTE_DOWN, VOTE_UNDO, VOTE_UP
from bot.slack.listeners.actions.vote_buttons import vote_clicked


def register(app: App) -> None:
    for action_id in (VOTE_UP, VOTE_DOWN, VOTE_UNDO):
        app.action(action_id)(vote_clicked)

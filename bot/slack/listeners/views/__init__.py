from __future__ import annotations

from slack_bolt import App

from bot.slack.listeners.views.profile_submitted import profile_submitted
from bot.slack.profile_modal import PROFILE_MODAL


def register(app: App) -> None:
    app.view(PROFILE_MODAL)(profile_submitted)

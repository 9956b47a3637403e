from __future__ import annotations

from slack_bolt import App

from bot.slack.blocks import VOTE_DOWN, VOTE_UNDO, VOTE_UP
from bot.slack.home import HOME_EDIT, HOME_PAUSE, HOME_REFRESH, HOME_RESUME, HOME_START
from bot.slack.listeners.actions.home_buttons import (
    edit_clicked,
    pause_clicked,
    refresh_clicked,
    resume_clicked,
    start_clicked,
)
from bot.slack.listeners.actions.profile_buttons import edit_profile_clicked, reset_profile_clicked
from bot.slack.listeners.actions.taste_buttons import reset_taste_clicked, undo_reset_clicked
from bot.slack.listeners.actions.vote_buttons import vote_clicked
from bot.slack.profile_modal import EDIT_PROFILE, RESET_PROFILE
from bot.slack.taste_reset import RESET_TASTE, UNDO_TASTE_RESET


def register(app: App) -> None:
    for action_id in (VOTE_UP, VOTE_DOWN, VOTE_UNDO):
        app.action(action_id)(vote_clicked)
    app.action(EDIT_PROFILE)(edit_profile_clicked)
    app.action(RESET_PROFILE)(reset_profile_clicked)
    app.action(RESET_TASTE)(reset_taste_clicked)
    app.action(UNDO_TASTE_RESET)(undo_reset_clicked)
    app.action(HOME_START)(start_clicked)
    app.action(HOME_EDIT)(edit_clicked)
    app.action(HOME_PAUSE)(pause_clicked)
    app.action(HOME_RESUME)(resume_clicked)
    app.action(HOME_REFRESH)(refresh_clicked)

"""The App Home tab's buttons: Start my picks, Edit profile, Pause / Resume, Get picks now.

A Home tab has no response_url: each button answers by publishing the tab again, with a line saying
what it did (or what went wrong) at the top.
"""

from __future__ import annotations

from collections.abc import Callable
from logging import Logger

from slack_bolt import Ack, BoltContext
from slack_sdk import WebClient

from bot.errors import JobpicksError
from bot.slack.editor import editor_view, open_editor
from bot.slack.failures import failure_line
from bot.slack.home import publish_home
from bot.slack.limits import escape
from bot.slack.membership import resume, stop, would_be
from bot.slack.refreshing import refresh_in_background
from bot.slack.services import Services, services


def start_clicked(ack: Ack, body: dict, client: WebClient, context: BoltContext, logger: Logger) -> None:
    ack()
    _open(body, client, context, logger, starting=True)


def edit_clicked(ack: Ack, body: dict, client: WebClient, context: BoltContext, logger: Logger) -> None:
    ack()
    _open(body, client, context, logger, starting=False)


def pause_clicked(ack: Ack, body: dict, client: WebClient, context: BoltContext, logger: Logger) -> None:
    ack()
    _change(body, client, context, lambda s, user: stop(s.ctx, user))


def resume_clicked(ack: Ack, body: dict, client: WebClient, context: BoltContext, logger: Logger) -> None:
    ack()

    def take_up(s: Services, user: str) -> str:
        ctx = s.for_user(user)
        return resume(ctx, would_be(s.ctx, user))

    _change(body, client, context, take_up)


def refresh_clicked(ack: Ack, body: dict, client: WebClient, context: BoltContext, logger: Logger) -> None:
    ack()
    s, user = services(context), body["user"]["id"]

    def show(notice: str) -> None:
        publish_home(s, client, user, notice)

    try:
        refresh_in_background(s, s.for_user(user), show, show, logger)
    except JobpicksError as exc:
        show(failure_line(exc))


def _change(body: dict, client: WebClient, context: BoltContext, change: Callable[[Services, str], str]) -> None:
    """Make `change` for the member who clicked; the tab, drawn again, says what it did."""
    s, user = services(context), body["user"]["id"]
    try:
        notice = change(s, user)
    except JobpicksError as exc:
        notice = failure_line(exc)
    publish_home(s, client, user, notice)


def _open(body: dict, client: WebClient, context: BoltContext, logger: Logger, *, starting: bool) -> None:
    s, user = services(context), body["user"]["id"]
    try:
        view = editor_view(s, user, starting=starting, home=True)
    except JobpicksError as exc:
        publish_home(s, client, user, failure_line(exc))
        return
    error = open_editor(client, body["trigger_id"], view, logger)
    if error is not None:
        publish_home(s, client, user, f"The form did not open (Slack said `{escape(error)}`); click the button again.")

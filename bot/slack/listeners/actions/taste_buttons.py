"""Learn afresh (after its confirm dialog) and Undo the reset, on the /jobpicks status reply."""

from __future__ import annotations

from logging import Logger

from slack_bolt import Ack, BoltContext, Respond

from bot.slack.failures import telling
from bot.slack.services import services
from bot.slack.taste_reset import reset_from_slack, undo_from_slack


def reset_taste_clicked(ack: Ack, body: dict, context: BoltContext, respond: Respond, logger: Logger) -> None:
    ack()
    s = services(context)
    with telling(respond, logger):
        ctx = s.for_user(body["user"]["id"])
        respond(**reset_from_slack(s, ctx), response_type="ephemeral", replace_original=True)


def undo_reset_clicked(ack: Ack, body: dict, context: BoltContext, respond: Respond, logger: Logger) -> None:
    ack()
    s = services(context)
    with telling(respond, logger):
        ctx = s.for_user(body["user"]["id"])
        respond(**undo_from_slack(s, ctx), response_type="ephemeral", replace_original=True)

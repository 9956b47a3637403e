"""👍 / 👎 / Undo on a pick: acknowledged first, then recorded and the pick redrawn in place."""

from __future__ import annotations

from logging import Logger

from slack_bolt import Ack, BoltContext, Respond
from slack_sdk import WebClient

from bot.slack.blocks import VOTE_DOWN, VOTE_UP
from bot.slack.failures import telling
from bot.slack.services import services
from bot.slack.voting import cast_vote

VALUES = {VOTE_UP: 1, VOTE_DOWN: -1}


def vote_clicked(
    ack: Ack, body: dict, action: dict, client: WebClient, context: BoltContext, respond: Respond, logger: Logger
) -> None:
    ack()
    s = services(context)
    container = body.get("container") or {}
    channel, ts = container.get("channel_id"), container.get("message_ts")
    if not channel or not ts:
        return
    user = body["user"]["id"]
    with telling(respond, logger):
        # A pick Redis has not recorded yet belongs to a digest still going out: in a DM, the member's
        # own picks first (Slack shows a DM pick only to them), then the channel digest's.
        own = s.for_user(user) if channel.startswith("D") else s.ctx
        for ctx in [own, s.ctx] if own.scope is not None else [s.ctx]:
            result = cast_vote(
                ctx,
                client,
                channel,
                ts,
                user,
                VALUES.get(action["action_id"], 0),
                # The button names its posting: enough to find a pick whose digest is still going out.
                being_delivered=(ctx.destination, action["value"]) if action.get("value") else None,
            )
            if result.known:
                break
        if not result.known:
            respond(
                text="This pick is too old for votes to be recorded; newer picks take votes as usual.",
                response_type="ephemeral",
                replace_original=False,
            )
        logger.debug("vote %s by %s on %s: changed=%s", action["action_id"], user, ts, result.changed)

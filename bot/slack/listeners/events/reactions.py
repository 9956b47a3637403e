"""A 👍 or 👎 reaction on a pick message votes like the buttons; removing it withdraws the vote.

Bolt acknowledges events before these run. Slack redelivers an event it thinks was lost, so each
event id counts once.
"""

from __future__ import annotations

from logging import Logger

from slack_bolt import BoltContext
from slack_sdk import WebClient

from bot.slack.services import services
from bot.slack.voting import cast_vote, reaction_vote, withdraw_reaction


def _relevant(event: dict, body: dict, context: BoltContext) -> tuple[str, str, int] | None:
    """(channel, ts, vote) for a thumbs reaction on a message seen for the first time, else None."""
    value = reaction_vote(event.get("reaction", ""))
    item = event.get("item") or {}
    if not value or item.get("type") != "message" or not event.get("user"):
        return None
    event_id = body.get("event_id") or f"{item.get('channel')}:{item.get('ts')}:{event.get('event_ts')}"
    if not services(context).ctx.store.events.first_delivery(f"{event['type']}:{event_id}"):
        return None
    return item["channel"], item["ts"], value


def reaction_added(event: dict, body: dict, client: WebClient, context: BoltContext, logger: Logger) -> None:
    target = _relevant(event, body, context)
    if target is None:
        return
    s = services(context)
    channel, ts, value = target
    cast_vote(s.ctx, client, channel, ts, event["user"], value)


def reaction_removed(event: dict, body: dict, client: WebClient, context: BoltContext, logger: Logger) -> None:
    target = _relevant(event, body, context)
    if target is None:
        return
    s = services(context)
    channel, ts, value = target
    withdraw_reaction(s.ctx, client, channel, ts, event["user"], value)

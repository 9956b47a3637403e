"""Votes from Slack: a 👍/👎 click or reaction on a pick message, recorded once and shown in place.

The store is the truth: a click or reaction changes the stored vote, and the pick message is redrawn
from every stored vote on that posting, so two people voting at once both end up shown.
"""

from __future__ import annotations

from dataclasses import dataclass

from slack_sdk import WebClient

from bot.audience import channel_audience
from bot.context import AppContext
from bot.slack.blocks import pick_blocks, pick_text, pick_view
from bot.store import Store
from bot.store.records import PickMessage
from scoring.feedback import Vote

# Slack names the thumbs by their aliases; a skin tone arrives as "+1::skin-tone-3".
REACTION_VOTES = {"+1": 1, "thumbsup": 1, "-1": -1, "thumbsdown": -1}


def reaction_vote(reaction: str) -> int:
    """+1 or -1 for a thumbs reaction (any skin tone), 0 for any other reaction."""
    return REACTION_VOTES.get(reaction.split("::", 1)[0], 0)


@dataclass(slots=True)
class VoteResult:
    known: bool  # the message is a pick jobpicks posted (and still remembers)
    changed: bool  # the stored vote changed, so the message was redrawn


def cast_vote(
    ctx: AppContext,
    client: WebClient,
    channel: str,
    ts: str,
    user: str,
    value: int,
    *,
    being_delivered: tuple[str, str] | None = None,
) -> VoteResult:
    """Record `user`'s vote (+1/-1) on the pick message at (`channel`, `ts`), or withdraw it (0).

    The vote is kept under the profile of the digest the pick belongs to, and dated by `ctx`'s clock:
    how fast it fades counts from then. `being_delivered` (destination, posting key, from the clicked
    button) finds a pick of `ctx`'s digest still going out whose message Redis has not recorded yet,
    so a click on it still counts.
    """
    store = ctx.store
    message = store.messages.get(channel, ts)
    if message is None and being_delivered is not None:
        message = pick_being_delivered(store, ctx.profile_id, channel, ts, *being_delivered)
    if message is None:
        return VoteResult(known=False, changed=False)
    profile = whose_pick(ctx, message)
    if value == 0:
        changed = store.votes.remove(profile, message.posting_key, user)
    else:
        view = message.view
        vote = Vote(
            posting_key=message.posting_key,
            user=user,
            value=value,
            title=view.title,
            company=view.company,
            reason=view.reason,
            digest=message.digest,
            features=list(view.features),
            at=ctx.clock().timestamp(),
        )
        changed = store.votes.record(profile, vote)
    if changed:
        redraw_pick(store, client, profile, channel, ts, message)
    return VoteResult(known=True, changed=changed)


def whose_pick(ctx: AppContext, message: PickMessage) -> str:
    """The profile a vote on `message` teaches: its own digest's, so a click on a member's DM pick moves
    only their picks and a click in the channel only the channel's. A message remembered before
    messages named their profile belongs to the channel digest, the only one there was."""
    return message.profile or channel_audience(ctx.config).profile_id


def pick_being_delivered(
    store: Store, profile: str, channel: str, ts: str, destination: str, posting_key: str
) -> PickMessage | None:
    """The pick message at (`channel`, `ts`) if it shows `posting_key` of the digest on its way to
    `destination` (Slack took it a moment ago, or a run died right after): mapped now, as its journal
    will map it."""
    pending = store.outbox.pending(destination)
    if pending is None or (pending.channel and pending.channel != channel):
        return None
    plan = pending.plan
    for rank, pick in enumerate(plan.picks, start=1):
        if pick.posting.key == posting_key:
            message = PickMessage.of(pick_view(pick, rank, plan.digest_id, plan.planned_at), profile)
            store.messages.remember(channel, {ts: message})
            return message
    return None


def withdraw_reaction(ctx: AppContext, client: WebClient, channel: str, ts: str, user: str, value: int) -> VoteResult:
    """Removing a 👍 withdraws a 👍 vote; it leaves a 👎 the person clicked since untouched."""
    message = ctx.store.messages.get(channel, ts)
    if message is None:
        return VoteResult(known=False, changed=False)
    if ctx.store.votes.value_of(whose_pick(ctx, message), message.posting_key, user) != value:
        return VoteResult(known=True, changed=False)
    return cast_vote(ctx, client, channel, ts, user, 0)


# Enough for every vote cast while a redraw was in flight to be shown; each round reads them all again.
REDRAW_ROUNDS = 3


def redraw_pick(store: Store, client: WebClient, profile: str, channel: str, ts: str, message: PickMessage) -> None:
    """Show every stored vote on the pick. Two clicks at once redraw side by side, and the redraw that
    read fewer votes may reach Slack last; so after each update, if any vote changed since the votes
    were read, the pick is drawn again from the store."""
    view = message.view
    for _ in range(REDRAW_ROUNDS):
        version = store.votes.feedback_version(profile)
        votes = {v.user: v.value for v in store.votes.on(profile, message.posting_key)}
        client.chat_update(channel=channel, ts=ts, text=pick_text(view), blocks=pick_blocks(view, votes))
        if store.votes.feedback_version(profile) == version:
            return

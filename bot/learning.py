"""What one destination's taste learns from: the votes cast on its own digests since it was last
started afresh, and starting it afresh.

Everything else a destination remembers (what was shown, its digests) is its own, and so is its
taste: two channels fed from one profile (one for ML roles, one for backend, or a team channel and a
DM) each learn from the votes cast in them, and a vote or a reset in one changes nothing in the other.
Votes from before votes kept their digest belong to every destination of the profile, as they always
did. A reset only records when it happened: the votes before it stay in the store, `jobpicks history`
still shows them, and undoing the reset lets them teach again.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime

from bot.context import AppContext
from bot.digest import destination_of
from scoring.feedback import Vote, strongest_weights


@dataclass(frozen=True, slots=True)
class Learning:
    votes: list[Vote]  # what the taste model and the LLM's prompt learn from, newest first
    set_aside: int  # this destination's votes from before the last reset: kept, no longer teaching
    since: datetime | None  # the last reset, None when the taste was never reset

    @property
    def feedback_version(self) -> str:
        """The score cache's key for these votes: the same votes give the same key, so an undone vote,
        an undone reset or a reset back to no votes finds the LLM scores already paid for, and a vote
        elsewhere changes nothing here."""
        if not self.votes:
            return "0"
        blob = "\n".join(sorted(f"{v.posting_key}|{v.user}|{v.value}" for v in self.votes))
        return hashlib.sha256(blob.encode()).hexdigest()[:12]


def learning(ctx: AppContext) -> Learning:
    """The votes `ctx`'s destination learns from now."""
    store, profile, dest = ctx.store, ctx.profile_id, ctx.destination
    resets = store.resets.times(profile, dest)
    since = resets[-1] if resets else None
    mine = [v for v in store.votes.all(profile) if destination_of(v.digest) in ("", dest)]
    fresh = [v for v in mine if since is None or v.at > since]
    return Learning(fresh, len(mine) - len(fresh), datetime.fromtimestamp(since, UTC) if since else None)


def reset_note(learned: Learning) -> str:
    """One line saying when the taste was last started afresh; "" when it never was."""
    if learned.since is None:
        return ""
    kept = f"{learned.set_aside} earlier vote{'s' if learned.set_aside != 1 else ''}"
    return (
        f"Learning since a reset on {learned.since:%Y-%m-%d %H:%M} UTC; {kept} kept in the history, not learned from."
    )


def taste_lines(ctx: AppContext, limit: int = 5) -> list[str]:
    """What the votes taught the picks of `ctx`'s destination, for a status: the strongest weights in
    plain words and when the taste was reset."""
    learned = learning(ctx)
    half_life = ctx.config.scoring.vote_half_life_days
    strongest = strongest_weights(learned.votes, half_life_days=half_life, now=ctx.clock().timestamp(), limit=limit)
    ups = sum(1 for v in learned.votes if v.value > 0)
    lines = [f"Votes learned from: {ups} 👍, {len(learned.votes) - ups} 👎"]
    if strongest:
        lines[0] += "; what moves scores most:"
        lines += strongest
    elif learned.votes:
        lines[0] += "; they agree on nothing strongly enough to move scores yet."
    note = reset_note(learned)
    if note:
        lines.append(note)
    return lines


def reset_taste(ctx: AppContext) -> str:
    """Start the taste of `ctx`'s destination afresh now; what happened, in one line."""
    before = learning(ctx)
    if not before.votes:
        # A second click, or a reset with nothing learned since the last: one undo still takes it back.
        return f"Nothing to forget: the picks for {ctx.destination} learn from no votes yet."
    ctx.store.resets.reset(ctx.profile_id, ctx.destination, ctx.clock().timestamp())
    count = len(before.votes)
    return (
        f"Started afresh: the picks for {ctx.destination} learn only from votes cast from now on. "
        f"The {count} vote{'s' if count != 1 else ''} learned from until now stay in the history."
    )


def undo_reset(ctx: AppContext) -> str:
    """Take back the last reset of `ctx`'s destination; what happened, in one line."""
    undone = ctx.store.resets.undo(ctx.profile_id, ctx.destination)
    if undone is None:
        return f"Nothing to undo: the taste of {ctx.destination} was never reset."
    after = learning(ctx)
    count = len(after.votes)
    return (
        f"Reset of {datetime.fromtimestamp(undone, UTC):%Y-%m-%d %H:%M} UTC undone: "
        f"the picks for {ctx.destination} learn from {count} vote{'s' if count != 1 else ''} again."
    )

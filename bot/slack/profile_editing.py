"""Profile edits from Slack: show the profile runs use, save a submitted edit, drop the edits.

The store keeps only the fields that differ from the file (`bot.profile_edits.overrides`); every
read lays them over the file's `[profile]`, so the pipeline, /jobpicks profile and the editor agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.context import AppContext
from bot.learning import learning
from bot.profile_edits import InvalidEdits, apply_edits, describe_changes, effective_profile, overrides
from bot.slack import replies
from bot.slack.limits import fit
from bot.slack.profile_modal import modal_errors, submitted_edits
from bot.store.records import PersonRecord
from scoring.profile import Profile


@dataclass(slots=True)
class SaveResult:
    errors: dict[str, str]  # block_id -> what to enter instead; empty when saved
    summary: str = ""  # one line: what changed
    message: dict[str, Any] | None = None  # the profile as saved, to replace the message the edit came from


def current_profile(ctx: AppContext) -> tuple[Profile, dict | None]:
    """The profile runs use now, and the Slack edits in it (None: the file's profile as it is)."""
    saved = ctx.store.profiles.saved(ctx.profile_id)
    return effective_profile(ctx.file_profile, saved), saved


def beneath(ctx: AppContext) -> str | None:
    """What the Slack edits of `ctx`'s profile lay over, in mrkdwn: "`[profile]` in `jobpicks.toml`",
    "your `[[person]]` table in …"; None for a member who started in Slack: their edits are all there is."""
    where = f"`{fit(str(ctx.config.path), 300)}`" if ctx.config.path else "the config file"
    user = ctx.audience.person
    if user is None:
        return f"`[profile]` in {where}"
    if any(p.slack_user == user for p in ctx.config.person):
        return f"your `[[person]]` table in {where}"
    return None


def profile_reply(ctx: AppContext, notice: str | None = None) -> dict:
    profile, saved = current_profile(ctx)
    title = "Your profile" if ctx.audience.person else f"Profile {profile.name}"
    return replies.profile_message(profile, learning(ctx).votes, title, beneath(ctx), saved, notice)


def save_submission(
    ctx: AppContext, values: dict[str, dict[str, Any]], *, starting: PersonRecord | None = None
) -> SaveResult:
    """Validate a modal's state through the Profile model; store it when every field fits, and with it
    `starting`, the record of a member whose first profile this is."""
    before, _ = current_profile(ctx)
    try:
        after = apply_edits(before, submitted_edits(values))
    except InvalidEdits as exc:
        return SaveResult(modal_errors(exc.errors))
    keep = overrides(ctx.file_profile, after)
    if starting is not None:
        ctx.store.people.start(starting, keep)
    elif keep:
        ctx.store.profiles.save(ctx.profile_id, keep)
    else:
        # Edited back to what the file says: nothing overrides it any more.
        ctx.store.profiles.drop(ctx.profile_id)
    changed = describe_changes(before, after)
    summary = (
        "Profile unchanged." if changed == "nothing changed" else f"Profile saved: {changed}. The next run uses it."
    )
    return SaveResult({}, summary, profile_reply(ctx, notice=summary))


def reset_profile(ctx: AppContext) -> dict:
    """Drop the Slack edits; the reply shows the file's profile and says what happened."""
    if ctx.audience.person and beneath(ctx) is None:
        # Made in Slack from a blank one: dropping the edits would leave nothing to score against.
        return profile_reply(ctx, notice="Nothing to reset: your profile was made here; edit it instead.")
    dropped = ctx.store.profiles.drop(ctx.profile_id)
    table = "your `[[person]]` table" if ctx.audience.person else "`[profile]`"
    notice = (
        f"Reset: runs use {table} from the config file again."
        if dropped
        else f"Nothing to reset: runs already use {table} from the config file."
    )
    return profile_reply(ctx, notice=notice)

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
from bot.slack.profile_modal import modal_errors, submitted_edits
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


def profile_reply(ctx: AppContext, notice: str | None = None) -> dict:
    profile, saved = current_profile(ctx)
    return replies.profile_message(profile, learning(ctx).votes, _config_path(ctx), saved, notice)


def save_submission(ctx: AppContext, values: dict[str, dict[str, Any]]) -> SaveResult:
    """Validate a modal's state through the Profile model; store it when every field fits."""
    before, _ = current_profile(ctx)
    try:
        after = apply_edits(before, submitted_edits(values))
    except InvalidEdits as exc:
        return SaveResult(modal_errors(exc.errors))
    keep = overrides(ctx.file_profile, after)
    if keep:
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
    dropped = ctx.store.profiles.drop(ctx.profile_id)
    notice = (
        "Reset: runs use `[profile]` from the config file again."
        if dropped
        else "Nothing to reset: runs already use `[profile]` from the config file."
    )
    return profile_reply(ctx, notice=notice)


def _config_path(ctx: AppContext) -> str | None:
    return str(ctx.config.path) if ctx.config.path else None

"""What /jobpicks answers: help, status, profile and the outcome of a refresh, as ephemeral messages."""

from __future__ import annotations

from bot.digest import Delivered
from bot.profile_edits import EDITABLE, LABELS
from bot.slack import limits
from bot.slack.limits import escape, fit
from bot.slack.profile_modal import EDIT_PROFILE, RESET_PROFILE
from scoring.feedback import Vote
from scoring.profile import Profile

HELP = (
    "*/jobpicks* — your daily ranked job picks (yours alone once you start them, else the channel's)\n"
    "• `/jobpicks refresh` — look for new postings now and post only ones not shown before\n"
    "• `/jobpicks status` — the last run: sources, counts, failures, LLM usage; what your votes taught, "
    "with a button to learn afresh\n"
    "• `/jobpicks profile` — what the picks are scored against, and what your votes taught it; edit it there\n"
    "• `/jobpicks profile reset` — drop the profile edits made in Slack and use the config file's again\n"
    "• `/jobpicks start` — picks of your own every morning by DM, fitted to a profile of yours; again "
    "after a stop, to resume them\n"
    "• `/jobpicks stop` — pause your own picks (your profile and votes are kept)\n"
    "• `/jobpicks help` — this message\n"
    "Vote on a pick with its 👍 / 👎 buttons, or react to it with :+1: / :-1:."
)

LOOKING = "Looking for new picks… they will be posted in the digest channel, and I will tell you here."
LOOKING_DM = "Looking for new picks… they will come to you by DM, and I will tell you here."


def parse_command(text: str) -> tuple[str, str]:
    """(`subcommand`, rest) from what followed /jobpicks; an empty command is a request for help."""
    words = (text or "").strip().split(maxsplit=1)
    if not words:
        return "help", ""
    return words[0].lower(), words[1] if len(words) > 1 else ""


def text_message(mrkdwn: str) -> dict:
    """A reply of one or more sections (each within Slack's 3000 characters) with its fallback."""
    chunks, current = [], ""
    for line in mrkdwn.splitlines():
        if current and len(current) + len(line) + 1 > limits.SECTION_TEXT:
            chunks.append(current)
            current = ""
        current = f"{current}\n{line}" if current else limits.cut(line, limits.SECTION_TEXT)
    chunks.append(current or " ")
    blocks = [{"type": "section", "text": {"type": "mrkdwn", "text": c}} for c in chunks]
    return {"text": limits.cut(mrkdwn, limits.FALLBACK_TEXT), "blocks": blocks[: limits.MAX_BLOCKS]}


def help_message(unknown: str | None = None) -> dict:
    if unknown:
        return text_message(f"I don't know `{fit(unknown, 50)}`.\n{HELP}")
    return text_message(HELP)


def status_message(status_text: str, next_run: str | None, notice: str | None = None) -> dict:
    lines = [fit(notice, 1000)] if notice else []
    lines += ["*Status of jobpicks*"] + [escape(line) for line in status_text.splitlines()]
    if next_run:
        lines.append(f"Next morning run: {escape(next_run)}")
    return text_message("\n".join(lines))


def profile_message(
    profile: Profile,
    votes: list[Vote],
    title: str,
    beneath: str | None,
    saved: dict | None = None,
    notice: str | None = None,
) -> dict:
    """The profile runs use (`saved`: the fields edited in Slack, laid over `beneath`, what the config
    file holds; None when the profile was made in Slack), with Edit and, after edits, Reset."""
    lines = [fit(notice, 1000)] if notice else []
    lines += [f"*{fit(title, 100)}*", *profile_lines(profile, votes)]
    edited = [LABELS[k] for k in EDITABLE if k in (saved or {})]
    if beneath is None:
        lines.append("Made here in Slack, for your own picks: edit it here; the next run uses it.")
    elif edited:
        lines.append(f"_Edited in Slack ({', '.join(edited)}): overrides {beneath}. Reset goes back to the file._")
    else:
        lines.append(f"Edit it here, or edit {beneath}; the next run uses it.")
    buttons = [button(EDIT_PROFILE, "Edit profile", style="primary")]
    if edited and beneath is not None:
        dialog = confirm_dialog(
            "Drop the Slack edits?", "Runs will use the profile in the config file again.", "Reset", "Keep edits"
        )
        buttons.append(button(RESET_PROFILE, "Reset to file", confirm=dialog))
    return with_buttons(text_message("\n".join(lines)), "profile", buttons)


def profile_lines(profile: Profile, votes: list[Vote]) -> list[str]:
    """The profile in a few mrkdwn lines, and how many votes shape the scores."""

    def listed(items: list[str]) -> str:
        return fit(", ".join(items), 600) if items else "—"

    ups = sum(1 for v in votes if v.value > 0)
    downs = sum(1 for v in votes if v.value < 0)
    return [
        fit(profile.summary.strip(), 1200) if profile.summary.strip() else "_No summary yet._",
        f"*Roles:* {listed(profile.roles)}",
        f"*Skills:* {listed(profile.skills)}",
        f"*Seniority:* {listed(profile.seniority)}",
        f"*Locations:* {listed(profile.locations)}"
        + (f" (also fine: {listed(profile.acceptable_locations)})" if profile.acceptable_locations else "")
        + (" · remote OK" if profile.remote_ok else " · no remote"),
        f"*Avoid:* {listed([*profile.avoid_keywords, *profile.avoid_companies])}",
        f"*Needs visa sponsorship:* {'yes' if profile.needs_visa_sponsorship else 'no'}"
        f" · *postings up to* {profile.max_age_days} days old",
        f"*Your votes:* {ups} 👍, {downs} 👎 — they shape the next scores.",
    ]


def button(action_id: str, text: str, *, style: str | None = None, confirm: dict | None = None) -> dict:
    """A button; with `confirm`, Slack asks before it sends the click."""
    element: dict = {"type": "button", "action_id": action_id, "text": {"type": "plain_text", "text": text}}
    if style:
        element["style"] = style
    if confirm:
        element["confirm"] = confirm
    return element


def confirm_dialog(title: str, text: str, yes: str, no: str) -> dict:
    """A confirm dialog; Slack allows a title of 100 characters, a text of 300 and buttons of 30
    (docs.slack.dev/reference/block-kit/composition-objects/confirmation-dialog-object)."""
    return {
        "title": {"type": "plain_text", "text": limits.plain(title, 100)},
        "text": {"type": "plain_text", "text": limits.plain(text, 300)},
        "confirm": {"type": "plain_text", "text": limits.plain(yes, 30)},
        "deny": {"type": "plain_text", "text": limits.plain(no, 30)},
    }


def with_buttons(message: dict, block_id: str, buttons: list[dict]) -> dict:
    """`message` with a row of buttons after its text, within Slack's blocks per message."""
    if buttons:
        message["blocks"] = [
            *message["blocks"][: limits.MAX_BLOCKS - 1],
            {"type": "actions", "block_id": block_id, "elements": buttons},
        ]
    return message


def refresh_outcome(skipped: str | None, picks: int, why_empty: str | None, delivered: Delivered | None) -> str:
    """What the person who asked for a refresh is told when it ends."""
    if skipped:
        return f"No refresh: {escape(skipped)}. New picks will appear when that run finishes."
    if picks == 0:
        return f"No new picks: {escape(why_empty or 'nothing new was found')}."
    where = ""
    if delivered is not None and delivered.channel[:1] in ("C", "G"):
        where = f" in <#{delivered.channel}>"
    elif delivered is not None and delivered.channel[:1] == "D":
        where = " by DM"
    noun = "pick" if picks == 1 else "picks"
    return f"Posted {picks} new {noun}{where}."


def busy_message(digest: str) -> str:
    """`digest`: whose run is under way ("#job-picks", "your picks")."""
    return (
        f"A run for {escape(digest)} is already under way; its picks will be posted when it "
        "finishes, so there is no need to start another."
    )

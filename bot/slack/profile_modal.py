"""The profile editor: a modal prefilled with the profile runs use, and what a submission typed.

Pure: Profile in, view dict out; submitted state in, field edits out. Validation is the Profile
model's (`bot.profile_edits.apply_edits`); this module only knows Slack's shapes and limits.

Limits, from Slack's reference at docs.slack.dev: a modal's title, submit and close texts at most 24
characters, at most 100 blocks, callback_id at most 255 and private_metadata at most 3000 characters
(reference/views/modal-views); a plain_text_input's max_length between 1 and 3000
(reference/block-kit/block-elements/plain-text-input-element); an input block's label and hint at
most 2000 characters and its block_id at most 255 (reference/block-kit/blocks/input-block);
placeholders at most 150 characters; checkboxes at most 10 options
(reference/block-kit/block-elements/checkboxes-element).
"""

from __future__ import annotations

import json
import re
from typing import Any

from bot.profile_edits import EDITABLE, number_bounds
from bot.slack.limits import plain
from scoring.profile import Profile

PROFILE_MODAL = "profile_edit"  # callback_id of the modal
EDIT_PROFILE = "profile_edit_open"  # the Edit profile button
RESET_PROFILE = "profile_reset"  # the Reset button: drop the Slack edits
VALUE = "value"  # action_id of every input; the block_id names the profile field
FLAGS = "flags"  # block_id of the checkboxes holding every yes/no field

MODAL_TITLE = 24
MODAL_BLOCKS = 100
PRIVATE_METADATA = 3000
INPUT_TEXT = 3000
LABEL = 2000
CHECKBOX_OPTIONS = 10

# Places carry commas ("Seattle, WA"), so only a new line or ";" separates them.
_ITEMS = re.compile(r"[,;\n]")
_PLACES = re.compile(r"[;\n]")
PLACE_FIELDS = ("locations", "acceptable_locations")

# Label and hint of each field as the modal shows them.
FIELD_TEXT: dict[str, tuple[str, str]] = {
    "summary": ("Summary", "Who you are and what you want, or a pasted resume."),
    "roles": ("Target roles", "One per line, or separated by commas."),
    "skills": ("Skills", "One per line, or separated by commas."),
    "seniority": ("Seniority levels", "internship, entry, junior, mid, senior, director: one per line or commas."),
    "locations": ("Preferred locations", "One per line, best first (a comma stays part of a place)."),
    "acceptable_locations": ("Acceptable locations", "One per line (a comma stays part of a place)."),
    "remote_ok": ("Remote jobs are fine", ""),
    "avoid_keywords": ("Keywords to avoid", "Postings mentioning any are never shown. One per line or commas."),
    "avoid_companies": ("Companies to avoid", "One per line, or separated by commas."),
    "needs_visa_sponsorship": ("I need visa sponsorship", ""),
    "max_age_days": ("Maximum posting age (days)", "Older postings are never shown."),
}


def profile_modal(
    profile: Profile,
    *,
    metadata: dict[str, str],
    beneath: str | None = "the config file's `[profile]`",
    starting: bool = False,
) -> dict:
    """The modal editing `profile`, every input prefilled; `metadata` comes back on submission.

    `beneath` names what saved edits override (mrkdwn; None: nothing, a member's profile made in
    Slack); `starting`: the member's first profile, saved by a Start button.
    """
    if starting:
        intro = (
            "Say what you look for: every morning the postings that fit it best come to you by DM, "
            "and your 👍 / 👎 on them teach your picks only. You can change all of it later."
        )
    elif beneath is None:
        intro = "Your own profile: every later digest of yours follows it."
    else:
        intro = f"Saved edits override {beneath} for every later run. /jobpicks profile reset goes back to the file."
    blocks: list[dict] = [_context(intro)]
    flags = [f for f in EDITABLE if isinstance(getattr(profile, f), bool)]
    for field in EDITABLE:
        value = getattr(profile, field)
        label, hint = FIELD_TEXT.get(field, (field, ""))
        if isinstance(value, bool):
            if field == flags[0]:
                blocks.append(_flags_block(profile, flags))
        elif isinstance(value, int):
            blocks.append(_number_block(field, value, label, hint))
        else:
            text = "\n".join(value) if isinstance(value, list) else value
            if len(text) > INPUT_TEXT:
                # Slack's text box holds 3000 characters: prefilling a cut text would lose the rest on save.
                blocks.append(
                    _context(
                        f"{label} is {len(text)} characters, more than a Slack text box "
                        "holds: edit it in the config file. It stays as it is."
                    )
                )
                continue
            blocks.append(
                _text_block(field, text, label, hint, multiline=isinstance(value, list) or field == "summary")
            )
    packed = json.dumps(metadata, separators=(",", ":"))
    return {
        "type": "modal",
        "callback_id": PROFILE_MODAL,
        "title": {
            "type": "plain_text",
            "text": plain("Start your job picks" if starting else "Edit profile", MODAL_TITLE),
        },
        "submit": {"type": "plain_text", "text": "Start" if starting else "Save"},
        "close": {"type": "plain_text", "text": "Cancel"},
        # A response_url is far shorter than the 3000 allowed; one that is not is left out, not cut.
        "private_metadata": packed if len(packed) <= PRIVATE_METADATA else "{}",
        "blocks": blocks[:MODAL_BLOCKS],
    }


def submitted_edits(values: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Field -> value as typed, for every profile field the submission holds (view.state.values).

    Lists are split into items; values are left raw otherwise, for the Profile model to judge.
    """
    edits: dict[str, Any] = {}
    for block_id, actions in values.items():
        state = actions.get(VALUE) or {}
        if block_id == FLAGS:
            chosen = {o.get("value") for o in state.get("selected_options") or []}
            for field in EDITABLE:
                if isinstance(Profile.model_fields[field].default, bool):
                    edits[field] = field in chosen
        elif block_id in EDITABLE:
            raw = state.get("value")
            if isinstance(Profile.model_fields[block_id].default, int | str):
                edits[block_id] = "" if raw is None and block_id == "summary" else raw
            else:
                edits[block_id] = split_items(raw or "", places=block_id in PLACE_FIELDS)
    return edits


def split_items(text: str, *, places: bool = False) -> list[str]:
    """Items typed one per line or comma-separated (places: per line or ";"), trimmed, blanks dropped.

    Repeats are kept: Save on an untouched editor must give back the profile exactly as it was.
    """
    items = (item.strip() for item in (_PLACES if places else _ITEMS).split(text))
    return [item for item in items if item]


def modal_errors(errors: dict[str, str]) -> dict[str, str]:
    """Field errors keyed by the block Slack shows each under (`response_action: "errors"`)."""
    shown: dict[str, str] = {}
    for field, message in errors.items():
        block = FLAGS if field in EDITABLE and isinstance(Profile.model_fields[field].default, bool) else field
        shown.setdefault(block, plain(message, LABEL))
    return shown


def read_metadata(view: dict) -> dict[str, str]:
    try:
        data = json.loads(view.get("private_metadata") or "{}")
    except ValueError:
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def _context(text: str) -> dict:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": text}]}


def _label(text: str) -> dict:
    return {"type": "plain_text", "text": plain(text, LABEL)}


def _text_block(field: str, text: str, label: str, hint: str, *, multiline: bool) -> dict:
    element: dict[str, Any] = {
        "type": "plain_text_input",
        "action_id": VALUE,
        "multiline": multiline,
        "max_length": INPUT_TEXT,
    }
    if text:
        element["initial_value"] = text
    block = {"type": "input", "block_id": field, "optional": True, "label": _label(label), "element": element}
    if hint:
        block["hint"] = _label(hint)
    return block


def _number_block(field: str, value: int, label: str, hint: str) -> dict:
    low, high = number_bounds(field)
    element: dict[str, Any] = {
        "type": "number_input",
        "action_id": VALUE,
        "is_decimal_allowed": False,
        "initial_value": str(value),
    }
    if low is not None:
        element["min_value"] = str(low)
    if high is not None:
        element["max_value"] = str(high)
    block = {"type": "input", "block_id": field, "label": _label(label), "element": element}
    if hint:
        block["hint"] = _label(hint)
    return block


def _flags_block(profile: Profile, flags: list[str]) -> dict:
    options = [
        {"text": {"type": "plain_text", "text": FIELD_TEXT.get(f, (f, ""))[0]}, "value": f}
        for f in flags[:CHECKBOX_OPTIONS]
    ]
    element: dict[str, Any] = {"type": "checkboxes", "action_id": VALUE, "options": options}
    chosen = [o for o in options if getattr(profile, str(o["value"]))]
    if chosen:  # none ticked: initial_options is left out rather than sent empty
        element["initial_options"] = chosen
    return {"type": "input", "block_id": FLAGS, "optional": True, "label": _label("Options"), "element": element}

"""Profile edits made in Slack, laid over the `[profile]` table of the config file.

Only what differs from the file is kept, field by field, so a later change to the file still takes
effect in every field nobody edited in Slack. The name always comes from the file: it is the id that
votes and edits are kept under. Everything here is pure; `bot.store` keeps the edits.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from bot.errors import JobpicksError
from scoring.profile import Profile

# Every field but the name, in the order the profile reads (and the modal shows them).
EDITABLE: tuple[str, ...] = tuple(name for name in Profile.model_fields if name != "name")

LABELS = {
    "summary": "summary",
    "roles": "target roles",
    "skills": "skills",
    "seniority": "seniority",
    "locations": "preferred locations",
    "acceptable_locations": "acceptable locations",
    "remote_ok": "remote OK",
    "avoid_keywords": "keywords to avoid",
    "avoid_companies": "companies to avoid",
    "needs_visa_sponsorship": "needs visa sponsorship",
    "max_age_days": "maximum posting age",
}


class InvalidEdits(JobpicksError):
    """Edits the profile refuses; `errors` maps each field to what a person should enter instead."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(
            "; ".join(f"{LABELS.get(f, f)}: {m}" for f, m in errors.items()), "correct those fields and save again"
        )
        self.errors = errors


def effective_profile(file_profile: Profile, saved: dict | None) -> Profile:
    """The profile a run uses: the file's, with the fields edited in Slack (`saved`) in their place.

    A saved field the profile no longer accepts (its rules changed since the edit) is left out, so a
    stale edit can never stop the morning run; the file's value stands for it.
    """
    edits = {k: v for k, v in (saved or {}).items() if k in EDITABLE}
    if not edits:
        return file_profile
    try:
        return apply_edits(file_profile, edits)
    except InvalidEdits as exc:
        usable = {k: v for k, v in edits.items() if k not in exc.errors}
        return apply_edits(file_profile, usable) if usable else file_profile


def apply_edits(base: Profile, edits: dict[str, Any]) -> Profile:
    """`base` with `edits` (field -> value) validated by the Profile model; the name is never edited.

    Raises InvalidEdits naming every field whose value does not fit.
    """
    data = {**base.model_dump(), **{k: v for k, v in edits.items() if k in EDITABLE}, "name": base.name}
    try:
        return Profile.model_validate(data)
    except ValidationError as exc:
        errors: dict[str, str] = {}
        for err in exc.errors():
            field = str(err["loc"][0]) if err["loc"] else "summary"
            errors.setdefault(field, _say(field, err))
        raise InvalidEdits(errors) from exc


def overrides(file_profile: Profile, edited: Profile) -> dict[str, Any]:
    """What to save: the fields of `edited` that differ from the file's profile (empty: no override)."""
    mine, theirs = edited.model_dump(include=set(EDITABLE)), file_profile.model_dump(include=set(EDITABLE))
    return {k: mine[k] for k in EDITABLE if mine[k] != theirs[k]}


def describe_changes(before: Profile, after: Profile) -> str:
    """One line saying what an edit changed, e.g. "keywords to avoid + sales; maximum posting age 14 → 30 days"."""
    parts: list[str] = []
    for field in EDITABLE:
        old, new = getattr(before, field), getattr(after, field)
        if old == new:
            continue
        label = LABELS[field]
        if isinstance(old, list):
            added = [x for x in new if x not in old]
            removed = [x for x in old if x not in new]
            bits = ([f"+ {', '.join(added)}"] if added else []) + ([f"− {', '.join(removed)}"] if removed else [])
            parts.append(f"{label} {' '.join(bits) if bits else 'reordered'}")
        elif isinstance(old, bool):
            parts.append(f"{label}: {'yes' if new else 'no'}")
        elif field == "summary":
            parts.append("summary rewritten" if new.strip() else "summary cleared")
        else:
            parts.append(f"{label} {old} → {new} days")
    return "; ".join(parts) or "nothing changed"


def override_note(saved: dict | None) -> str | None:
    """One line for status and doctor when Slack edits override the file's `[profile]`, else None."""
    fields = [LABELS[k] for k in EDITABLE if k in (saved or {})]
    if not fields:
        return None
    return (
        f"Profile edited in Slack ({', '.join(fields)}) overrides [profile] in the config file; "
        "`/jobpicks profile reset` drops the edits."
    )


def number_bounds(field: str) -> tuple[int | None, int | None]:
    """The smallest and largest whole number the profile accepts for `field` (None: unbounded)."""
    low = high = None
    # Field(ge=..., le=...) keeps each bound as a metadata object with that attribute.
    for rule in Profile.model_fields[field].metadata:
        if getattr(rule, "ge", None) is not None:
            low = int(rule.ge)
        if getattr(rule, "le", None) is not None:
            high = int(rule.le)
    return low, high


def _say(field: str, err: Any) -> str:
    """Pydantic's complaint as what to enter instead."""
    if err["type"] in ("int_type", "int_parsing", "int_from_float", "greater_than_equal", "less_than_equal"):
        low, high = number_bounds(field)
        if low is not None and high is not None:
            return f"Enter a whole number from {low} to {high}."
        return "Enter a whole number."
    return str(err["msg"])

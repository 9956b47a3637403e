"""What the LLM must answer, and checking that it did.

The schema is sent as a strict structured-output format. OpenAI's strict mode needs every property
listed in `required` and `additionalProperties: false` on every object ("Structured Outputs" guide,
supported schemas), and not every server enforces numeric bounds, so the score's range is checked
here, as is everything else when a server only offers JSON mode.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from scoring.errors import ScoringError

REASON_CHARS = 240
SUMMARY_CHARS = 400

RESULT_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "results": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "id": {"type": "string"},
                    "reason": {"type": "string"},
                    "summary": {"type": "string"},
                    "score": {"type": "integer"},
                },
                "required": ["id", "reason", "summary", "score"],
                "additionalProperties": False,
            },
        }
    },
    "required": ["results"],
    "additionalProperties": False,
}

JSON_SCHEMA_FORMAT: dict[str, Any] = {
    "type": "json_schema",
    "json_schema": {"name": "posting_scores", "strict": True, "schema": RESULT_SCHEMA},
}
JSON_MODE_FORMAT: dict[str, Any] = {"type": "json_object"}


class ReplyError(ScoringError):
    """The reply was not the JSON asked for (broken, truncated, wrong shape)."""


@dataclass(slots=True)
class ItemScore:
    """The LLM's judgment of one posting; whatever builds one (a reply, the cache) gets the same check,
    so no score outside 0-100 is ever ranked or cached."""

    score: int
    reason: str
    summary: str

    def __post_init__(self) -> None:
        if isinstance(self.score, bool) or not isinstance(self.score, int) or not 0 <= self.score <= 100:
            raise ValueError(f"a score is a whole number from 0 to 100, not {self.score!r}")


@dataclass(slots=True)
class Parsed:
    """Results by id for the ids asked about; ids the reply missed or made up.

    `missing` holds every id asked about without a usable result, to ask again; `rejected` says, for
    those the reply did answer, what was wrong with the answer.
    """

    results: dict[str, ItemScore] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    rejected: dict[str, str] = field(default_factory=dict)

    @property
    def left_out(self) -> list[str]:
        """Ids the reply did not answer at all."""
        return [pid for pid in self.missing if pid not in self.rejected]

    def problem(self) -> str:
        """What was wrong with the reply, for a person: the first rejected result, then what was left out."""
        parts = []
        if self.rejected:
            first = next(iter(self.rejected.values()))
            more = len(self.rejected) - 1
            parts.append(first + (f" (and {more} more unusable results)" if more else ""))
        if self.left_out:
            parts.append(f"left {len(self.left_out)} postings out of its reply")
        return " and ".join(parts)


def _line(value: Any, limit: int) -> str:
    text = " ".join(str(value).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _score(value: Any) -> int:
    """The score a result gave, or ValueError saying what is wrong with it, as the person reads it."""
    shown = json.dumps(value, ensure_ascii=False)
    # JSON mode or plain text may give "85" or 85.0 for 85; a model's 72.5 still means a score.
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        value = int(value.strip())
    if isinstance(value, float) and math.isfinite(value):
        value = round(value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"gave {shown} for a score (not a number)")
    if not 0 <= value <= 100:
        raise ValueError(f"gave {shown} for a score (outside 0-100)")
    return value


def _item(raw: dict[str, Any]) -> ItemScore:
    """One result, or ValueError naming what is wrong with it (the posting is then asked for again)."""
    if "score" not in raw:
        raise ValueError("gave no score")
    score = _score(raw["score"])
    reason = _line(raw.get("reason") or "", REASON_CHARS)
    if not reason:
        raise ValueError(f"gave {score} without a reason")
    return ItemScore(score, reason, _line(raw.get("summary") or "", SUMMARY_CHARS))


def _json_object(content: str) -> Any:
    text = content.strip()
    # JSON mode on some servers still wraps the object in a Markdown fence.
    if text.startswith("```"):
        text = text.strip("`").removeprefix("json").strip()
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        error = exc
    # Without a response format, a model may put prose around the object: take the outermost braces.
    start, end = text.find("{"), text.rfind("}")
    if 0 <= start < end:
        try:
            return json.loads(text[start : end + 1])
        except json.JSONDecodeError:
            pass
    raise ReplyError(f"reply is not valid JSON ({error.msg} at character {error.pos})")


def parse_reply(content: str | None, expected: list[str]) -> Parsed:
    """Map a reply's results to the ids asked about, by id and never by position.

    A result is used only when it is the one answer for its id and holds a whole-number score from 0
    to 100 with a reason; every other answer is rejected with what was wrong, never guessed at: of
    two answers for one id, neither can be told to be the right one.
    """
    if not content:
        raise ReplyError("reply is empty")
    data = _json_object(content)
    items = data.get("results") if isinstance(data, dict) else data
    if not isinstance(items, list):
        raise ReplyError("reply has no 'results' list")
    wanted = set(expected)
    # Results without a usable id cannot be matched to a posting: those postings count as left out.
    answers = [
        (str(raw["id"]).strip(), raw) for raw in items if isinstance(raw, dict) and isinstance(raw.get("id"), str | int)
    ]
    counts = Counter(pid for pid, _ in answers)
    parsed = Parsed()
    for pid, raw in answers:
        if pid not in wanted:
            parsed.unknown.append(pid)
        elif counts[pid] > 1:
            parsed.rejected.setdefault(pid, f"repeated id {pid} in its reply")
        else:
            try:
                parsed.results[pid] = _item(raw)
            except ValueError as exc:
                parsed.rejected[pid] = str(exc)
    parsed.missing = [pid for pid in expected if pid not in parsed.results]
    return parsed

"""What the LLM must answer, and checking that it did.

The schema is sent as a strict structured-output format. OpenAI's strict mode needs every property
listed in `required` and `additionalProperties: false` on every object ("Structured Outputs" guide,
supported schemas), and not every server enforces numeric bounds, so the score's range is checked
here, as is everything else when a server only offers JSON mode.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

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


class ReplyError(ValueError):
    """The reply was not the JSON asked for (broken, truncated, wrong shape)."""


@dataclass(slots=True)
class ItemScore:
    score: int
    reason: str
    summary: str


@dataclass(slots=True)
class Parsed:
    """Results by id for the ids asked about; ids the reply missed or made up."""

    results: dict[str, ItemScore] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)


def _line(value: Any, limit: int) -> str:
    text = " ".join(str(value).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _item(raw: Any) -> tuple[str, ItemScore] | None:
    """One result, or None when it is malformed (treated as missing, so it is asked for again)."""
    if not isinstance(raw, dict) or not isinstance(raw.get("id"), str | int):
        return None
    score = raw.get("score")
    if isinstance(score, str) and score.strip().lstrip("-").isdigit():
        score = int(score.strip())
    if isinstance(score, float) and score.is_integer():
        score = int(score)
    if not isinstance(score, int) or isinstance(score, bool) or not 0 <= score <= 100:
        return None
    reason = _line(raw.get("reason") or "", REASON_CHARS)
    if not reason:
        return None
    return str(raw["id"]).strip(), ItemScore(score, reason, _line(raw.get("summary") or "", SUMMARY_CHARS))


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
    """Map a reply's results to the ids asked about, by id and never by position."""
    if not content:
        raise ReplyError("reply is empty")
    data = _json_object(content)
    items = data.get("results") if isinstance(data, dict) else data
    if not isinstance(items, list):
        raise ReplyError("reply has no 'results' list")
    wanted = set(expected)
    parsed = Parsed()
    for raw in items:
        got = _item(raw)
        if got is None:
            continue
        pid, item = got
        if pid not in wanted:
            parsed.unknown.append(pid)
        elif pid not in parsed.results:  # a repeated id: the first answer stands
            parsed.results[pid] = item
    parsed.missing = [pid for pid in expected if pid not in parsed.results]
    return parsed

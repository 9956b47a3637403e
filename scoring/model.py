"""What scoring produces: a score for each posting, and what scoring them cost."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

from scrapers.model import Posting


@dataclass(slots=True)
class ScoredPosting:
    """A posting with its 0-100 score, a one-line reason and a short summary.

    `scorer` says who scored it ("llm", "local", or "local-fallback" when the LLM failed);
    `capped` names the hard rule that lowered the score, if any; `dropped` is set when a rule (an
    avoided company or keyword) says the posting must never be shown, whatever its score.
    `features` are what the taste model saw (kept with the pick, so a vote on it knows them);
    `taste_points` is how far the reader's votes moved `score` (already included), `taste_why` why.
    """

    posting: Posting
    score: int
    reason: str
    summary: str = ""
    scorer: str = "local"
    capped: str | None = None
    dropped: bool = False
    features: list[str] = field(default_factory=list)
    taste_points: int = 0
    taste_why: str = ""

    @property
    def taste_line(self) -> str:
        """'↓ 14 — you 👎 4 TikTok picks' when the votes moved the score; empty when they did not."""
        if not self.taste_points:
            return ""
        arrow = "↑" if self.taste_points > 0 else "↓"
        return f"{arrow} {abs(self.taste_points)} — {self.taste_why}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "posting": self.posting.to_dict(),
            "score": self.score,
            "reason": self.reason,
            "summary": self.summary,
            "scorer": self.scorer,
            "capped": self.capped,
            "dropped": self.dropped,
            "features": list(self.features),
            "taste_points": self.taste_points,
            "taste_why": self.taste_why,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ScoredPosting:
        return cls(
            posting=Posting.from_dict(data["posting"]),
            score=int(data["score"]),
            reason=data.get("reason", ""),
            summary=data.get("summary", ""),
            scorer=data.get("scorer", "local"),
            capped=data.get("capped"),
            dropped=bool(data.get("dropped", False)),
            features=[str(f) for f in data.get("features") or []],
            taste_points=int(data.get("taste_points") or 0),
            taste_why=str(data.get("taste_why") or ""),
        )


@dataclass(slots=True)
class Usage:
    """What one scoring run cost and how each posting got its score (shown in the run's status)."""

    requests: int = 0  # LLM requests
    prompt_tokens: int = 0
    completion_tokens: int = 0
    llm_scored: int = 0  # scored by the LLM in this run
    cached: int = 0  # scores reused from an earlier run (no LLM call)
    local_scored: int = 0
    fallback: int = 0  # the LLM failed; the local scorer stood in

    def add(self, other: Usage) -> None:
        """Count `other`'s cost and scorings in this one (a run that scored in several rounds)."""
        for f in fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))

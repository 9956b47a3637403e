"""What scoring produces: a score for each posting, and what scoring them cost."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from scrapers.model import Posting


@dataclass(slots=True)
class ScoredPosting:
    """A posting with its 0-100 score, a one-line reason and a short summary.

    `scorer` says who scored it ("llm", "local", or "local-fallback" when the LLM failed);
    `capped` names the hard rule that lowered the score, if any; `dropped` is set when a rule (an
    avoided company or keyword) says the posting must never be shown, whatever its score.
    """

    posting: Posting
    score: int
    reason: str
    summary: str = ""
    scorer: str = "local"
    capped: str | None = None
    dropped: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "posting": self.posting.to_dict(),
            "score": self.score,
            "reason": self.reason,
            "summary": self.summary,
            "scorer": self.scorer,
            "capped": self.capped,
            "dropped": self.dropped,
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

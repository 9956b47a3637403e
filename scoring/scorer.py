"""Score a day's postings: cache first, then the LLM for the best candidates, local for the rest."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from scoring.config import ScoringConfig
from scoring.feedback import Vote
from scoring.local import score_local
from scoring.model import ScoredPosting
from scoring.profile import Profile
from scrapers.model import Posting


class ScoreCache(Protocol):
    def cached_scores(
        self, profile_version: str, feedback_version: str, keys: list[str]
    ) -> dict[str, dict]: ...

    def cache_scores(self, profile_version: str, feedback_version: str, scores: dict[str, dict]) -> None: ...


@dataclass(slots=True)
class LLMSettings:
    model: str
    api_key: str | None = None
    base_url: str | None = None


@dataclass(slots=True)
class Usage:
    requests: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    llm_scored: int = 0
    cached: int = 0
    local_scored: int = 0
    fallback: int = 0


@dataclass(slots=True)
class ScoringResult:
    scored: list[ScoredPosting]
    usage: Usage = field(default_factory=Usage)
    errors: list[str] = field(default_factory=list)


async def score_postings(
    postings: list[Posting],
    profile: Profile,
    cfg: ScoringConfig,
    *,
    votes: list[Vote] | None = None,
    feedback_version: str = "0",
    llm: LLMSettings | None = None,
    cache: ScoreCache | None = None,
) -> ScoringResult:
    """Scores for every posting, best first."""
    usage = Usage()
    scored = [score_local(p, profile) for p in postings]
    usage.local_scored = len(scored)
    scored.sort(key=lambda s: s.score, reverse=True)
    return ScoringResult(scored=scored, usage=usage)


def select_candidates(
    postings: list[Posting], profile: Profile, votes: list[Vote], limit: int
) -> list[Posting]:
    """The `limit` best postings by local score: only these get details fetched and go to the LLM."""
    ranked = sorted(postings, key=lambda p: score_local(p, profile).score, reverse=True)
    return ranked[:limit]

"""LLM scores kept for a profile and feedback version, so a posting is never paid for twice."""

from __future__ import annotations

import json
from contextlib import AbstractContextManager

from bot.store.base import Part, held, redis_errors

# Renewed while the scoring digest lives; a round of LLM scoring is a few batches at once, seconds
# each, with retries: past SCORING_WAIT_SECONDS a waiting digest scores for itself.
SCORING_LOCK_SECONDS = 60
SCORING_WAIT_SECONDS = 180


class Scores(Part):
    """The score cache `scoring.scorer.score_postings` reads and fills (its `ScoreCache`)."""

    @redis_errors
    def cached_scores(self, profile_version: str, feedback_version: str, keys: list[str]) -> dict[str, dict]:
        if not keys:
            return {}
        values = self.r.hmget(self.key.scores(profile_version, feedback_version), keys)
        return {k: json.loads(v) for k, v in zip(keys, values, strict=True) if v}

    @redis_errors
    def cache_scores(
        self, profile_version: str, feedback_version: str, scores: dict[str, dict], ttl_days: int = 30
    ) -> None:
        if not scores:
            return
        key = self.key.scores(profile_version, feedback_version)
        pipe = self.r.pipeline(transaction=True)
        pipe.hset(key, mapping={k: json.dumps(v, ensure_ascii=False) for k, v in scores.items()})
        pipe.expire(key, ttl_days * 86400)
        pipe.execute()

    def scoring(self, profile_version: str, feedback_version: str) -> AbstractContextManager[bool]:
        """Held while one digest has the LLM score postings for a profile and feedback version.

        People with the same profile share cached scores; when their digests run at once, the second
        waits here for the first's scores instead of paying for the same postings.
        """
        return held(
            self.r,
            self.key.scoring(profile_version, feedback_version),
            seconds=SCORING_LOCK_SECONDS,
            wait=SCORING_WAIT_SECONDS,
        )

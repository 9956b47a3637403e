"""LLM scores kept for a profile and feedback version, so a posting is never paid for twice."""

from __future__ import annotations

import json

from bot.store.base import Part, redis_errors


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

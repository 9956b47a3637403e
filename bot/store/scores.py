"""LLM scores kept for a profile and feedback version, so a posting is never paid for twice."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from contextlib import contextmanager

import redis

from bot.store.base import Part, redis_errors

# A round of LLM scoring is a few batches at once, seconds each; past this the holder is gone.
SCORING_LOCK_SECONDS = 300


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

    @contextmanager
    def scoring(self, profile_version: str, feedback_version: str) -> Iterator[None]:
        """Held while one digest has the LLM score postings for a profile and feedback version.

        People with the same profile share cached scores; when their digests run at once, the second
        waits here for the first's scores instead of paying for the same postings. A holder that dies
        frees it after `SCORING_LOCK_SECONDS`.
        """
        lock = self.r.lock(
            self.key.scoring(profile_version, feedback_version),
            timeout=SCORING_LOCK_SECONDS,
            blocking_timeout=SCORING_LOCK_SECONDS,
        )
        got = lock.acquire()
        try:
            yield
        finally:
            if got:
                with contextlib.suppress(redis.exceptions.LockError):
                    lock.release()

"""When each posting was shown to a destination: one entry per day, with its score and reason."""

from __future__ import annotations

import json

import redis

from bot.store.base import Part, redis_errors


class ShownHistory(Part):
    @redis_errors
    def history(self, dest: str, posting_key: str) -> list[dict]:
        raw = self.r.hget(self.key.shown(dest), posting_key)
        return json.loads(raw) if raw else []

    @redis_errors
    def histories(self, dest: str, keys: list[str]) -> dict[str, list[dict]]:
        """`history` for many postings in one round trip; [] for those never shown."""
        if not keys:
            return {}
        raw = self.r.hmget(self.key.shown(dest), keys)
        return {k: json.loads(v) if v else [] for k, v in zip(keys, raw, strict=True)}

    @redis_errors
    def keys_by_url(self, dest: str) -> dict[str, str]:
        """Link -> posting key of everything shown to `dest`: finds a posting a board keys by its own id."""
        found: dict[str, str] = {}
        for key, raw in self.r.hscan_iter(self.key.shown(dest), count=500):
            for entry in json.loads(raw):
                if entry.get("url"):
                    found.setdefault(entry["url"], key)
        return found

    def stage(self, pipe: redis.client.Pipeline, dest: str, histories: dict[str, list[dict]]) -> None:
        """Write whole histories in `pipe`, the transaction of a delivery or an import."""
        if histories:
            pipe.hset(
                self.key.shown(dest), mapping={k: json.dumps(v, ensure_ascii=False) for k, v in histories.items()}
            )

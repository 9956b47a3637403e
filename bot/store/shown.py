"""When each posting was shown to a destination: one entry per day, with its score and reason."""

from __future__ import annotations

import redis

from bot.store.base import Part, parse, redis_errors
from bot.store.records import SHOWN_HISTORY, ShownEntry


class ShownHistory(Part):
    @redis_errors
    def history(self, dest: str, posting_key: str) -> list[ShownEntry]:
        return self.histories(dest, [posting_key]).get(posting_key, [])

    @redis_errors
    def histories(self, dest: str, keys: list[str]) -> dict[str, list[ShownEntry]]:
        """`history` for many postings in one round trip; [] for those never shown."""
        if not keys:
            return {}
        raw = self.r.hmget(self.key.shown(dest), keys)
        return {k: self._read(dest, v) if v else [] for k, v in zip(keys, raw, strict=True)}

    @redis_errors
    def keys_by_url(self, dest: str) -> dict[str, str]:
        """Link -> posting key of everything shown to `dest`: finds a posting a board keys by its own id."""
        found: dict[str, str] = {}
        for key, raw in self.r.hscan_iter(self.key.shown(dest), count=500):
            for entry in self._read(dest, raw):
                if entry.url:
                    found.setdefault(entry.url, key)
        return found

    def stage(self, pipe: redis.client.Pipeline, dest: str, histories: dict[str, list[ShownEntry]]) -> None:
        """Write whole histories in `pipe`, the transaction of a delivery or an import."""
        if histories:
            pipe.hset(
                self.key.shown(dest),
                mapping={k: SHOWN_HISTORY.dump_json(v).decode() for k, v in histories.items()},
            )

    def _read(self, dest: str, raw: str) -> list[ShownEntry]:
        return parse(SHOWN_HISTORY.validate_json, raw, self.key.shown(dest))

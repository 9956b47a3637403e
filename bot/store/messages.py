"""Which posting each pick message in Slack shows, so a reaction or a click on it can vote."""

from __future__ import annotations

import json

from bot.store.base import Part, redis_errors


class PickMessages(Part):
    @redis_errors
    def remember(self, channel: str, mapping: dict[str, dict], ttl_days: int = 60) -> None:
        """Remember which posting each pick message (by ts) shows."""
        if not mapping:
            return
        pipe = self.r.pipeline(transaction=True)
        for ts, info in mapping.items():
            pipe.set(self.key.message(channel, ts), json.dumps(info, ensure_ascii=False), ex=ttl_days * 86400)
        pipe.execute()

    @redis_errors
    def get(self, channel: str, ts: str) -> dict | None:
        raw = self.r.get(self.key.message(channel, ts))
        return json.loads(raw) if raw else None

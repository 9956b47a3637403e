"""Which posting each pick message in Slack shows, so a reaction or a click on it can vote."""

from __future__ import annotations

import redis

from bot.store.base import Part, parse, redis_errors
from bot.store.records import PickMessage


class PickMessages(Part):
    @redis_errors
    def remember(self, channel: str, messages: dict[str, PickMessage], ttl_days: int = 60) -> None:
        """Remember which posting each pick message (by its ts) shows."""
        if not messages:
            return
        pipe = self.r.pipeline(transaction=True)
        self.stage(pipe, channel, messages, ttl_days)
        pipe.execute()

    def stage(self, pipe: redis.client.Pipeline, channel: str, messages: dict[str, PickMessage], ttl_days: int) -> None:
        """Add the messages to `pipe`, the transaction that records a pick as delivered."""
        for ts, message in messages.items():
            pipe.set(self.key.message(channel, ts), message.to_json(), ex=ttl_days * 86400)

    @redis_errors
    def get(self, channel: str, ts: str) -> PickMessage | None:
        key = self.key.message(channel, ts)
        raw = self.r.get(key)
        return parse(PickMessage.from_json, raw, key) if raw else None

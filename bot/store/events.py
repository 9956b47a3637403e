"""Slack event ids already handled: Slack redelivers an event it thinks was lost."""

from __future__ import annotations

from bot.store.base import Part, redis_errors


class Events(Part):
    @redis_errors
    def first_delivery(self, event_id: str, ttl_seconds: int = 86400) -> bool:
        """True the first time an event id is seen."""
        return bool(self.r.set(self.key.event(event_id), "1", nx=True, ex=ttl_seconds))

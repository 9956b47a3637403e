"""Profile fields edited in Slack; they override the file's `[profile]` until dropped."""

from __future__ import annotations

import json

import redis

from bot.store.base import Part, redis_errors


class ProfileEdits(Part):
    @redis_errors
    def saved(self, profile_id: str) -> dict | None:
        """The profile fields edited in Slack for `profile_id`, or None when the file's profile rules."""
        raw = self.r.get(self.key.profile(profile_id))
        return json.loads(raw) if raw else None

    @redis_errors
    def save(self, profile_id: str, data: dict) -> None:
        """Keep `data` (profile fields) as the Slack edits of `profile_id`; no expiry, like the file."""
        self.r.set(self.key.profile(profile_id), json.dumps(data, ensure_ascii=False))

    @redis_errors
    def drop(self, profile_id: str) -> bool:
        """Forget the Slack edits of `profile_id`; True when there were any."""
        return bool(self.r.delete(self.key.profile(profile_id)))

    def stage(self, pipe: redis.client.Pipeline, profile_id: str, data: dict | None) -> None:
        """Add saving `data` (None: dropping the edits) to `pipe`, a transaction of a caller's."""
        if data:
            pipe.set(self.key.profile(profile_id), json.dumps(data, ensure_ascii=False))
        else:
            pipe.delete(self.key.profile(profile_id))

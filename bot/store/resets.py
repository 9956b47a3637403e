"""When a destination's taste was started afresh: its votes before that stay in the history but no
longer teach the taste model or the LLM (`jobpicks feedback --reset`, the button in Slack)."""

from __future__ import annotations

from bot.store.base import Part, redis_errors

# Undo goes back one reset at a time; older ones are only of historical interest.
KEPT_RESETS = 20


class TasteResets(Part):
    @redis_errors
    def reset(self, profile: str, dest: str, at: float) -> None:
        """Start the taste of `dest` afresh from `at` (unix time): one command, so nothing half-done."""
        key = self.key.taste_resets(profile, dest)
        pipe = self.r.pipeline(transaction=True)
        pipe.rpush(key, repr(at))
        pipe.ltrim(key, -KEPT_RESETS, -1)
        pipe.execute()

    @redis_errors
    def undo(self, profile: str, dest: str) -> float | None:
        """Take back the last reset; the time it was made, or None when there was none."""
        raw = self.r.rpop(self.key.taste_resets(profile, dest))
        return float(raw) if raw is not None else None

    @redis_errors
    def times(self, profile: str, dest: str) -> list[float]:
        """Every reset still kept, oldest first; the taste learns from votes after the last."""
        return [float(x) for x in self.r.lrange(self.key.taste_resets(profile, dest), 0, -1)]

"""The workspace's pace of Slack messages, shared by every process and every destination.

Slack limits chat.postMessage to about one message per second per channel and, above that, to
"several hundred messages per minute" for the app across the workspace (docs.slack.dev/apis/web-api/
rate-limits, "Special rate limits", chat.postMessage). The per-channel pace is each delivery's own; the
workspace's is counted here, per second of wall clock, so a thousand DMs posted by several worker
processes together stay under it instead of each process spending it alone.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from bot.store.base import Part, redis_errors


class SlackPace(Part):
    @redis_errors
    def take(self, per_minute: int, *, now: Callable[[], float] = time.time) -> float:
        """Take a turn to post one message: 0 when it may go now, else the seconds to wait before
        asking again (the turn was not taken). `per_minute` 0 or less: no workspace limit."""
        if per_minute <= 0:
            return 0.0
        # Whole seconds, each allowed its share of the minute: a burst at the top of a minute could
        # otherwise spend all of it in one second, which Slack also refuses.
        per_second = max(1, per_minute // 60)
        instant = now()
        second = int(instant)
        key = self.key.pace(second)
        pipe = self.r.pipeline(transaction=True)
        pipe.incr(key)
        pipe.expire(key, 2)
        count, _ = pipe.execute()
        if int(count) <= per_second:
            return 0.0
        return max(0.001, second + 1 - instant)

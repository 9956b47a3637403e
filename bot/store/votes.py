"""👍/👎 votes per profile, and the feedback version that changes whenever one does."""

from __future__ import annotations

import json
import time
from dataclasses import asdict

from bot.store.base import Part, redis_errors
from scoring.feedback import Vote


def _glob_escape(text: str) -> str:
    """`text` matched literally in a Redis MATCH pattern (posting keys may hold URLs with `?`)."""
    return "".join("\\" + c if c in "*?[]\\" else c for c in text)


class Votes(Part):
    @redis_errors
    def record(self, profile: str, vote: Vote) -> bool:
        """Store the vote; True when it changed anything (a repeated click changes nothing)."""
        field = self.key.vote_field(vote.posting_key, vote.user)
        key = self.key.votes(profile)
        old = self.r.hget(key, field)
        if old and json.loads(old).get("value") == vote.value:
            return False
        vote.at = vote.at or time.time()
        pipe = self.r.pipeline(transaction=True)
        pipe.hset(key, field, json.dumps(asdict(vote), ensure_ascii=False))
        pipe.incr(self.key.feedback_version(profile))
        pipe.execute()
        return True

    @redis_errors
    def remove(self, profile: str, posting_key: str, user: str) -> bool:
        pipe = self.r.pipeline(transaction=True)
        pipe.hdel(self.key.votes(profile), self.key.vote_field(posting_key, user))
        removed = pipe.execute()[0]
        if removed:
            self.r.incr(self.key.feedback_version(profile))
        return bool(removed)

    @redis_errors
    def all(self, profile: str) -> list[Vote]:
        """All votes for a profile, newest first."""
        raw = self.r.hvals(self.key.votes(profile))
        votes = [Vote(**json.loads(v)) for v in raw]
        return sorted(votes, key=lambda v: v.at, reverse=True)

    @redis_errors
    def on(self, profile: str, posting_key: str) -> list[Vote]:
        """Everyone's votes on one posting; HSCAN on its field prefix instead of fetching every vote."""
        pattern = self.key.vote_field(_glob_escape(posting_key), "*")
        raw = [v for _, v in self.r.hscan_iter(self.key.votes(profile), match=pattern, count=500)]
        return sorted((Vote(**json.loads(v)) for v in raw), key=lambda v: v.at, reverse=True)

    @redis_errors
    def value_of(self, profile: str, posting_key: str, user: str) -> int:
        """+1 or -1 for `user`'s vote on the posting, 0 when they have none."""
        raw = self.r.hget(self.key.votes(profile), self.key.vote_field(posting_key, user))
        return int(json.loads(raw)["value"]) if raw else 0

    @redis_errors
    def feedback_version(self, profile: str) -> str:
        return str(self.r.get(self.key.feedback_version(profile)) or "0")

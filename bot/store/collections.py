"""The morning's collection, shared by every audience and every process that delivers a digest.

A workspace's searches are fetched once a morning, whoever's digest asks first: the merged postings
and each source's report are kept for a few hours, and so is each job page read since, so a hundred
people whose candidates overlap cost the sites what one person costs.
"""

from __future__ import annotations

import json
from contextlib import AbstractContextManager
from dataclasses import asdict, fields
from datetime import UTC, datetime

from bot.store.base import Part, held, redis_errors, retried
from scrapers.base import Collection, SourceReport
from scrapers.model import Posting

# Renewed while the collecting process lives: one that dies keeps the others waiting this long at most.
COLLECTING_LOCK_SECONDS = 60
# The slowest collection: every source's `max_seconds` (120 s by default) at once, then job pages.
# A digest that waited longer collects for itself rather than wait on.
COLLECTING_WAIT_SECONDS = 300


class SharedCollections(Part):
    @redis_errors
    def fresh(self, searches: str, now: datetime, max_age_hours: float) -> tuple[Collection, datetime] | None:
        """The collection kept for `searches` and when it was made, unless older than `max_age_hours`."""
        raw = self.r.get(self.key.collection(searches))
        if not raw:
            return None
        data = json.loads(raw)
        at = datetime.fromtimestamp(data["at"], UTC)
        if (now - at).total_seconds() > max_age_hours * 3600 or at > now:
            return None  # a clock moved back (tests, benches) must not see tomorrow's postings
        postings = [Posting.from_dict(p) for p in data["postings"]]
        known = {f.name for f in fields(SourceReport)}
        reports = [SourceReport(**{k: v for k, v in r.items() if k in known}) for r in data["reports"]]
        return Collection(postings=postings, reports=reports), at

    @retried
    def keep(self, searches: str, collection: Collection, at: datetime, max_age_hours: float) -> None:
        """Keep a collection for the audiences that follow; its job pages read earlier are dropped."""
        blob = json.dumps(
            {
                "at": at.timestamp(),
                "postings": [p.to_dict() for p in collection.postings],
                "reports": [asdict(r) for r in collection.reports],
            },
            ensure_ascii=False,
        )
        seconds = max(1, int(max_age_hours * 3600))
        pipe = self.r.pipeline(transaction=True)
        pipe.set(self.key.collection(searches), blob, ex=seconds)
        pipe.delete(self.key.details(searches))
        pipe.execute()

    @redis_errors
    def read_details(self, searches: str, keys: list[str]) -> dict[str, Posting]:
        """Postings of `keys` whose job page was read this morning, as read."""
        if not keys:
            return {}
        values = self.r.hmget(self.key.details(searches), keys)
        return {k: Posting.from_dict(json.loads(v)) for k, v in zip(keys, values, strict=True) if v}

    @retried
    def keep_details(self, searches: str, postings: list[Posting]) -> None:
        if not postings:
            return
        key = self.key.details(searches)
        pipe = self.r.pipeline(transaction=True)
        pipe.hset(key, mapping={p.key: json.dumps(p.to_dict(), ensure_ascii=False) for p in postings})
        # The details live as long as the collection they belong to.
        pipe.expire(key, max(1, int(self.r.ttl(self.key.collection(searches)) or 1)))
        pipe.execute()

    def collecting(self, searches: str) -> AbstractContextManager[bool]:
        """Held by the one process collecting `searches` (or reading job pages for it); the others
        wait here, then find the work kept. Yields False when it could not be had in time."""
        return held(
            self.r, self.key.collecting(searches), seconds=COLLECTING_LOCK_SECONDS, wait=COLLECTING_WAIT_SECONDS
        )

"""Members who get their own picks by DM: when their morning is, and whether they paused it."""

from __future__ import annotations

import redis

from bot.store.base import Part, redis_errors
from bot.store.keys import Keys
from bot.store.profiles import ProfileEdits
from bot.store.records import PersonRecord


class People(Part):
    def __init__(self, client: redis.Redis, key: Keys) -> None:
        super().__init__(client, key)
        # A member starts with the profile they saved, written in the same transaction as their record.
        self.profiles = ProfileEdits(client, key)

    @redis_errors
    def all(self) -> list[PersonRecord]:
        """Everyone who started their own picks (paused ones too), by user id."""
        raw = self.r.hgetall(self.key.people())
        return [PersonRecord.from_json(raw[user]) for user in sorted(raw)]

    @redis_errors
    def get(self, user: str) -> PersonRecord | None:
        raw = self.r.hget(self.key.people(), user)
        return PersonRecord.from_json(raw) if raw else None

    @redis_errors
    def save(self, person: PersonRecord) -> None:
        self.r.hset(self.key.people(), person.user, person.to_json())

    @redis_errors
    def start(self, person: PersonRecord, profile: dict | None) -> None:
        """Register `person` with the profile they saved (its fields that differ from their file
        profile; None: none differ) in one transaction: a member is never registered without the
        profile they chose, nor left with a saved profile and no picks."""
        pipe = self.r.pipeline(transaction=True)
        self.profiles.stage(pipe, person.user, profile)
        pipe.hset(self.key.people(), person.user, person.to_json())
        pipe.execute()

    @redis_errors
    def remove(self, user: str) -> bool:
        return bool(self.r.hdel(self.key.people(), user))

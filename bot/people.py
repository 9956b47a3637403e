"""The people of a workspace who get their own picks by DM, and the audience of each.

A person comes from a `[[person]]` table of the config, from `/jobpicks start` in Slack, or both (a
listed member who also paused or set their time zone). The config gives a listed member's profile; a
member who started in Slack begins from a blank profile and fills it in the editor, and those edits are
kept like any profile edits, under their user id. Pure apart from `people()`, which reads the store.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.audience import Audience, channel_audience
from bot.config import AppConfig, PersonConfig
from bot.context import AppContext
from bot.store.records import PersonRecord
from scoring.profile import Profile


@dataclass(frozen=True, slots=True)
class Person:
    user: str
    listed: PersonConfig | None  # the member's [[person]] table, if the config lists them
    record: PersonRecord | None  # what the store remembers of them (started in Slack, paused, time zone)

    @property
    def paused(self) -> bool:
        return self.record is not None and self.record.paused

    @property
    def name(self) -> str:
        return (self.record.name if self.record else "") or self.user

    def audience(self, config: AppConfig) -> Audience:
        """Their own digest: posted to them by DM, following their profile and only their votes."""
        listed, record = self.listed, self.record
        profile = listed.file_profile() if listed else Profile(name=self.user)
        time = (record.time if record else None) or (listed.time if listed else None) or config.digest.time
        zone = (record.timezone if record else None) or (listed.timezone if listed else None) or config.digest.timezone
        return Audience(
            destination=self.user, profile_id=self.user, profile=profile, time=time, timezone=zone, person=self.user
        )


def merge_people(config: AppConfig, records: list[PersonRecord]) -> list[Person]:
    """Everyone with their own digest, listed members first in the config's order, then the others."""
    stored = {r.user: r for r in records}
    people = [Person(p.slack_user, p, stored.get(p.slack_user)) for p in config.person]
    listed = {p.slack_user for p in config.person}
    people += [Person(r.user, None, r) for r in records if r.user not in listed]
    return people


def people(ctx: AppContext) -> list[Person]:
    return merge_people(ctx.config, ctx.store.people.all())


def person(ctx: AppContext, user: str) -> Person | None:
    """The member `user` if they have their own digest (listed or started in Slack), else None."""
    listed = next((p for p in ctx.config.person if p.slack_user == user), None)
    record = ctx.store.people.get(user)
    return Person(user, listed, record) if listed or record else None


def audiences(ctx: AppContext, *, include_paused: bool = False) -> list[Audience]:
    """Every digest of the workspace: the channel's (when a destination is set, or when nobody has a
    digest of their own, so a first run still prints one), then each person's."""
    everyone = [p for p in people(ctx) if include_paused or not p.paused]
    found = [p.audience(ctx.config) for p in everyone]
    if ctx.config.digest.destination or not found:
        found.insert(0, channel_audience(ctx.config))
    return found

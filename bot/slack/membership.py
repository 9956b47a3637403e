"""A member's own picks, started and stopped from Slack, and when their digest comes.

`/jobpicks start` (or Start on the App Home tab) opens the profile editor for the member who asked,
prefilled with their `[[person]]` table when the config lists them, else with a blank profile seeded
with where and at what level the workspace's `[profile]` looks (see `seeded`). Saving it registers
them: their profile edits and their record (`PersonRecord`, origin "slack", or "config" for a listed
member) in one transaction; then their name and Slack time zone are read from `users.info` and they
are told by DM when their digest comes. `/jobpicks stop` pauses the morning digest; start resumes it.
"""

from __future__ import annotations

import logging
from urllib.error import URLError
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

from bot.audience import Audience
from bot.context import AppContext
from bot.people import Person, person
from bot.schedule import last_daily_date, next_run
from bot.slack.services import Services
from bot.store.records import PersonRecord
from scoring.profile import Profile

log = logging.getLogger("jobpicks.people")

# What the workspace's [profile] lends a member's blank profile (see `seeded`).
SHARED_FIELDS = ("seniority", "locations", "acceptable_locations", "remote_ok", "max_age_days")


def would_be(ctx: AppContext, user: str) -> Person:
    """`user` as a member with picks of their own: as they are if they have them, else as they would
    be once started (their [[person]] table if the config lists them, no record yet)."""
    found = person(ctx, user)
    if found is not None:
        return found
    return Person(user, next((p for p in ctx.config.person if p.slack_user == user), None), None)


def own_context(ctx: AppContext, user: str) -> AppContext:
    """The context of `user`'s own picks, started or not."""
    return ctx.for_audience(would_be(ctx, user).audience(ctx.config))


def seeded(ctx: AppContext, member: Person) -> Profile:
    """What the start editor shows a member: their [[person]] table if listed; else a blank profile
    with the level, places and posting age of the workspace's `[profile]`.

    Those describe the group more than the person (a bootcamp cohort looks for entry-level roles in
    one city, a lab for internships anywhere remote), and a member who changes nothing in them still
    gets picks at the right level and place; the summary, roles, skills, avoid lists and visa need are
    personal, so they start empty rather than as someone else's.
    """
    profile = member.audience(ctx.config).profile
    if member.listed is not None:
        return profile
    shared = ctx.config.profile.model_dump(include=set(SHARED_FIELDS))
    return profile.model_copy(update=shared)


def schedule_words(audience: Audience) -> str:
    """ "every morning at 08:00 Europe/Paris" """
    return f"every morning at {audience.time} {audience.timezone}"


def next_digest(ctx: AppContext) -> str:
    """When `ctx`'s next morning digest is due, in its own zone: "Sat 22 Nov 08:00 Europe/Paris", or
    "today" when today's time has passed without one (the schedule runs a missed morning once)."""
    audience = ctx.audience
    now = ctx.clock()
    last = last_daily_date(ctx.store, audience.destination)
    due = next_run(now, audience.time, audience.timezone, last)
    if due <= now:
        return "today"
    return f"{due.astimezone(ZoneInfo(audience.timezone)):%a %d %b %H:%M} {audience.timezone}"


def morning_line(s: Services, ctx: AppContext) -> str | None:
    """The "Next morning run" of a status: a member's own, or the channel scheduler's."""
    user = ctx.audience.person
    if user is None:
        return s.next_morning_run() if s.next_morning_run else None
    member = person(ctx, user)
    if member is not None and member.paused:
        return "none: your picks are paused; /jobpicks start resumes them"
    return f"{next_digest(ctx)}, by DM ({schedule_words(ctx.audience)})"


def starting_record(ctx: AppContext, member: Person) -> PersonRecord:
    """The record a member starting from the editor is registered with; a second Save (a double click)
    keeps the first one's start time."""
    if member.record is not None:
        return member.record.model_copy(update={"paused": False})
    origin = "config" if member.listed is not None else "slack"
    return PersonRecord(user=member.user, started_at=ctx.clock(), origin=origin)


def learn_from_slack(ctx: AppContext, client: WebClient, user: str) -> PersonRecord | None:
    """Fill in the member's name and, unless their [[person]] table sets one, their Slack time zone.

    Read after the editor's Save was answered: Slack gives a Save 3 seconds. Without an answer from
    Slack (an app installed before `users:read`) the member keeps `[digest] timezone`.
    """
    name, zone = slack_member(client, user)
    record = ctx.store.people.get(user)
    if record is None:
        return None
    listed = any(p.slack_user == user and p.timezone for p in ctx.config.person)
    update: dict[str, str] = {}
    if name and name != record.name:
        update["name"] = name
    if zone and not listed and zone != record.timezone:
        update["timezone"] = zone
    if update:
        record = record.model_copy(update=update)
        ctx.store.people.save(record)
    return record


def slack_member(client: WebClient, user: str) -> tuple[str, str | None]:
    """(name, IANA time zone) as Slack shows `user`; ("", None) when Slack will not say.

    users.info answers a user object whose `tz` is the IANA name ("Europe/Paris") beside `tz_label` and
    `tz_offset`, and whose `profile` holds `display_name` and `real_name`; it needs the `users:read`
    scope (docs.slack.dev/reference/methods/users.info, docs.slack.dev/reference/objects/user-object).
    """
    try:
        member = client.users_info(user=user).get("user") or {}
    except SlackApiError as exc:
        log.warning(
            "users.info for %s failed (%s): their time zone is [digest] timezone", user, exc.response.get("error")
        )
        return "", None
    except (SlackClientError, URLError, OSError) as exc:
        log.warning("users.info for %s failed (%s): their time zone is [digest] timezone", user, exc)
        return "", None
    profile = member.get("profile") or {}
    name = profile.get("display_name") or profile.get("real_name") or member.get("real_name") or member.get("name")
    return str(name or ""), known_zone(member.get("tz"))


def known_zone(name: object) -> str | None:
    """`name` if this Python knows that IANA zone; None for anything else (a missing or odd `tz`)."""
    if not isinstance(name, str) or not name:
        return None
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None
    return name


def welcome(ctx: AppContext) -> str:
    """The DM a member gets once started: when their digest comes, and how to change or stop it."""
    return (
        f"You're in: your job picks will come here {schedule_words(ctx.audience)}, the first "
        f"{on_day(next_digest(ctx))}. Vote 👍 / 👎 on them to teach your picks (only yours). "
        "`/jobpicks refresh` looks for picks now, `/jobpicks profile` shows and edits your profile, "
        "`/jobpicks stop` pauses them. The app's Home tab shows all of it."
    )


def resume(ctx: AppContext, member: Person) -> str:
    """Take a paused member's morning digest up again; what they are told."""
    record = member.record or PersonRecord(user=member.user, origin="config")
    ctx.store.people.save(record.model_copy(update={"paused": False}))
    return (
        f"Your picks are back on: they come by DM {schedule_words(ctx.audience)}, the next {on_day(next_digest(ctx))}."
    )


def already_on(ctx: AppContext) -> str:
    return (
        f"Your picks already come by DM {schedule_words(ctx.audience)}, the next {on_day(next_digest(ctx))}. "
        "`/jobpicks profile` shows and edits your profile; `/jobpicks stop` pauses them."
    )


def stop(ctx: AppContext, user: str) -> str:
    """Pause `user`'s morning digest (their profile, votes and history are kept); what they are told."""
    member = person(ctx, user)
    if member is None:
        return (
            "You have no picks of your own to stop. `/jobpicks start` gets you some by DM; "
            "the channel digest is set in the config file."
        )
    if member.paused:
        return "Your picks are already paused; `/jobpicks start` resumes them."
    # A member listed in [[person]] who never typed /jobpicks start has no record yet: this is their first.
    record = member.record or PersonRecord(user=user, origin="config")
    ctx.store.people.save(record.model_copy(update={"paused": True}))
    return "Paused: no more morning picks by DM. Your profile and votes are kept; `/jobpicks start` resumes them."


def on_day(when: str) -> str:
    """`next_digest` after "the next": "today", "on Sun 22 Nov 08:00 Europe/Paris"."""
    return when if when == "today" else f"on {when}"

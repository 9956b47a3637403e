"""Whom one digest is for: where it goes, whose profile and votes it follows, and when it is due.

A workspace has the channel digest of `[profile]` and `[digest] destination`, and one digest per person
who started their own picks (`/jobpicks start`) or is listed in the config (`[[person]]`). Every run is
for one audience: the store keeps each audience's seen postings, digests, lock and status under its
destination, and its profile edits, votes and learned taste under its profile id, so one person's votes
never move another's picks.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from scoring.profile import Profile

if TYPE_CHECKING:
    from bot.config import AppConfig


@dataclass(frozen=True, slots=True)
class Audience:
    # Where Slack posts the digest (a channel, or a user id: Slack opens the app's DM with them); also
    # the name the store keeps its seen postings, digests, lock and status under.
    destination: str
    profile_id: str  # whose Slack profile edits and votes: the profile's name, or the person's user id
    profile: Profile  # the profile as the config file has it (Slack edits are laid over it at run time)
    time: str  # "HH:MM" of the morning digest
    timezone: str  # IANA name the time and the digest's day are read in
    person: str | None = None  # the Slack user id when this is a person's own digest by DM

    def describe(self) -> str:
        """Whose digest, for messages: 'the digest for #job-picks', 'the picks of <@U0ALEX>'."""
        return f"the picks of <@{self.person}>" if self.person else f"the digest for {self.destination}"


def channel_audience(config: AppConfig) -> Audience:
    """The digest of `[profile]` posted to `[digest] destination` (the terminal when none is set)."""
    return Audience(
        destination=config.digest.destination or "terminal",
        profile_id=config.profile.name,
        profile=config.profile,
        time=config.digest.time,
        timezone=config.digest.timezone,
    )

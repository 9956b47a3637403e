"""The bot's errors, each one line for a person: what failed, why, and what to do.

All derive from the project's one root, `JobpicksError` (in `scrapers.errors`, the lowest layer),
which is re-exported here so the bot's modules name their errors from one place.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from scrapers.errors import JobpicksError

if TYPE_CHECKING:
    from bot.digest import Delivered

__all__ = [
    "ConfigError",
    "DeliveryError",
    "JobpicksError",
    "RunInterrupted",
    "SlackDeliveryError",
    "SourcesFailed",
    "StoreError",
]


class ConfigError(JobpicksError):
    """The config file or environment is missing something or holds a bad value."""


class StoreError(JobpicksError):
    """Redis could not be reached or refused a command."""


class DeliveryError(JobpicksError):
    """A digest did not wholly reach the person.

    `delivered` says what did reach them when some of it did (the picks in its `pick_messages`), so
    the run remembers exactly those as shown; None when nothing is known to have arrived.
    """

    def __init__(self, message: str, hint: str = "", *, delivered: Delivered | None = None) -> None:
        super().__init__(message, hint)
        self.delivered = delivered


class SlackDeliveryError(DeliveryError):
    """Slack refused or could not take a message."""


class RunInterrupted(DeliveryError):
    """The run stopped part-way because it was asked to (SIGTERM, SIGINT) or lost its lock.

    What reached the person is remembered; the next run finishes the digest.
    """


class SourcesFailed(JobpicksError):
    """Every source failed, so there is nothing to tell the person: the day stays open."""

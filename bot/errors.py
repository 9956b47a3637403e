"""Errors the bot turns into one line for a person: what failed, why, and what to do."""

from __future__ import annotations


class JobpicksError(Exception):
    """Base of the bot's errors; `hint` says what to do about it."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} — {self.hint}" if self.hint else self.message


class ConfigError(JobpicksError):
    """The config file or environment is missing something or holds a bad value."""


class StoreError(JobpicksError):
    """Redis could not be reached or refused a command."""


class SlackDeliveryError(JobpicksError):
    """Slack refused or could not take a message."""

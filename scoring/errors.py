"""The scoring part's error type: a message a person can act on, and what to do about it."""

from __future__ import annotations


class ScoringError(Exception):
    """Scoring could not do something; `hint` says what to do. Shown as one line, never a traceback."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} — {self.hint}" if self.hint else self.message

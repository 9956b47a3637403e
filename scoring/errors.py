"""The scoring part's errors: one line a person can act on, under the project's one error root."""

from __future__ import annotations

from scrapers.errors import JobpicksError


class ScoringError(JobpicksError):
    """Scoring could not do something; `hint` says what to do. Shown as one line, never a traceback."""

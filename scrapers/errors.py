"""The one root of every jobpicks error: what failed and why (`message`), and what to do (`hint`).

It lives in the lowest layer, beside the shared Posting model, so scrapers, scoring and the bot all
derive their errors from it without importing upwards, and the CLI and the Slack app catch one class.
"""

from __future__ import annotations


class JobpicksError(Exception):
    """Something a person can fix, shown as one line: "message — hint", never a traceback.

    One string is enough (`raise ScrapeError("… — fix …")` puts the hint in the message itself).
    """

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} — {self.hint}" if self.hint else self.message

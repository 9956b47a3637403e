"""How a run shows what it is doing: a live line on a terminal, structured log lines otherwise.

Cron, Heroku and the Slack server's background runs are not TTYs; there each step is one JSON line
on stderr that a log drain can index. A person at a terminal gets rich's spinner and a line per source.
"""

from __future__ import annotations

import json
import sys
import time
from typing import Any

from rich.console import Console
from rich.status import Status


class Progress:
    """Reports steps of a run; `live` chooses the terminal form."""

    def __init__(self, console: Console | None = None, *, live: bool | None = None) -> None:
        self.console = console or Console(stderr=True)
        self.live = self.console.is_terminal if live is None else live
        self._status: Status | None = None
        self._started = time.monotonic()

    def __enter__(self) -> Progress:
        if self.live:
            status = self.console.status("Starting…")
            status.start()
            self._status = status
        return self

    def __exit__(self, *exc: object) -> None:
        if self._status is not None:
            self._status.stop()
            self._status = None

    def step(self, message: str, **fields: Any) -> None:
        """A stage of the run began (collecting, scoring, delivering)."""
        if self._status is not None:
            self._status.update(message)
        else:
            self._emit("step", message, fields)

    def done(self, message: str, *, ok: bool = True, **fields: Any) -> None:
        """Something finished that a person wants to see (a source's count, a failure)."""
        if self.live:
            mark = "[green]✓[/]" if ok else "[red]✗[/]"
            self.console.print(f"{mark} {message}", highlight=False)
        else:
            self._emit("done" if ok else "problem", message, fields)

    def _emit(self, event: str, message: str, fields: dict[str, Any]) -> None:
        record = {"event": event, "message": message, "elapsed_s": round(time.monotonic() - self._started, 2), **fields}
        print(json.dumps(record, ensure_ascii=False, default=str), file=sys.stderr, flush=True)

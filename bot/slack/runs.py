"""One run at a time per destination in this process: /jobpicks refresh and the morning run share it.

The store's run lock keeps other processes out (a cron `jobpicks run`); this guard answers a second
/jobpicks refresh at once, before any work starts.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import TypeVar

from bot.store import Store

T = TypeVar("T")
log = logging.getLogger("jobpicks.runs")


class RunGuard:
    def __init__(self, store: Store, destination: str) -> None:
        self.store = store
        self.destination = destination
        self._lock = threading.Lock()

    def claim(self) -> bool:
        """Take the run for this process; False when a run is already under way here or elsewhere."""
        if not self._lock.acquire(blocking=False):
            return False
        try:
            if self.store.runs.in_progress(self.destination):
                self._lock.release()
                return False
        except Exception:
            self._lock.release()
            raise
        return True

    def launch(self, run: Callable[[], T], on_done: Callable[[T | None, Exception | None], None]) -> None:
        """Run a claimed run in a background thread; `on_done(result, error)` when it ends."""

        def work() -> None:
            result: T | None = None
            error: Exception | None = None
            try:
                result = run()
            except Exception as exc:
                error = exc
            finally:
                self._lock.release()
            try:
                on_done(result, error)
            except Exception as exc:
                log.error("could not report the end of a run: %s", exc)

        threading.Thread(target=work, name="jobpicks-refresh", daemon=True).start()

    def wait_idle(self, timeout: float) -> bool:
        """Wait up to `timeout` seconds for a run under way in this process to end; True once none is."""
        if not self._lock.acquire(timeout=timeout):
            return False
        self._lock.release()
        return True

    def run_now(self, run: Callable[[], T]) -> T | None:
        """Run in this thread if no other run is under way; None when one is."""
        if not self.claim():
            return None
        try:
            return run()
        finally:
            self._lock.release()

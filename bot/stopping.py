"""Stopping a run cleanly on SIGTERM (a deploy restarting the process) or SIGINT (Ctrl-C).

A run still collecting or scoring has posted nothing, so it stops at once. One that is posting
finishes the message in flight, records it, and stops before the next; the next run finishes the
digest. The signal handlers only note the request (and wake whatever waits on it): the run decides
where it is safe to stop. A second Ctrl-C stops at once, as people expect.
"""

from __future__ import annotations

import asyncio
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import FrameType


class StopRequest:
    """A request to stop, honoured at the next safe point; `reason` names what asked ("SIGTERM")."""

    def __init__(self) -> None:
        self.reason: str | None = None
        self._event = threading.Event()
        self._wakers: list[Callable[[], None]] = []

    def request(self, reason: str) -> None:
        if self.reason is None:
            self.reason = reason
        self._event.set()
        for wake in list(self._wakers):
            wake()

    @property
    def requested(self) -> bool:
        return self._event.is_set()

    def wait(self, seconds: float) -> bool:
        """Sleep up to `seconds`, waking early when a stop is requested; True if one was."""
        return self._event.wait(seconds)

    async def until_requested(self) -> None:
        """Returns once a stop is requested (from a signal handler or another thread)."""
        loop = asyncio.get_running_loop()
        asked: asyncio.Future[None] = loop.create_future()

        def answer() -> None:
            if not asked.done():
                asked.set_result(None)

        def wake() -> None:
            loop.call_soon_threadsafe(answer)

        self._wakers.append(wake)
        try:
            if self.requested:
                wake()
            await asked
        finally:
            self._wakers.remove(wake)


@contextmanager
def stop_on_signals() -> Iterator[StopRequest]:
    """Turn SIGTERM and SIGINT into a `StopRequest` while the block runs (in the main thread)."""
    stop = StopRequest()

    def handle(signum: int, frame: FrameType | None) -> None:
        if stop.requested and signum == signal.SIGINT:
            raise KeyboardInterrupt
        stop.request(signal.Signals(signum).name)

    previous = {sig: signal.signal(sig, handle) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        yield stop
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)

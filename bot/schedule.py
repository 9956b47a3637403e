"""The morning runs, scheduled inside the serving process.

`next_run` decides when one digest is due (pure); `WorkspaceScheduler` is the thin loop that starts every
digest due. A day counts as posted once the store says its daily digest went out, so a restart, a
`jobpicks run` from cron, or a second process never posts the same day twice, and a morning missed while
the app was down runs once when it is back.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock_time
from zoneinfo import ZoneInfo

from bot.audience import Audience
from bot.store import Store

log = logging.getLogger("jobpicks.schedule")


def next_run(now: datetime, time: str, timezone: str, last_daily: date | None) -> datetime:
    """When the next morning run is due, given the last day whose daily digest went out.

    `now` itself when today's time has passed and today is not posted yet (the run was missed, or is
    due this instant); otherwise today's or tomorrow's time in `timezone`. Days are the reader's days:
    "today" is the date in `timezone`, as the digest is dated.
    """
    zone = ZoneInfo(timezone)
    local = now.astimezone(zone)
    hour, minute = (int(part) for part in time.split(":"))
    today = local.date()
    if last_daily is not None and last_daily >= today:
        return _at(today + timedelta(days=1), hour, minute, zone)
    due = _at(today, hour, minute, zone)
    return now if local >= due else due


def _at(day: date, hour: int, minute: int, zone: ZoneInfo) -> datetime:
    # Through UTC and back so a time skipped by a DST change lands on the real instant after it.
    wall = datetime.combine(day, clock_time(hour, minute), tzinfo=zone)
    return wall.astimezone(UTC).astimezone(zone)


def last_daily_date(store: Store, destination: str) -> date | None:
    """The most recent day whose morning digest reached `destination` (refreshes do not count)."""
    for day in store.digests.dates(destination, 30):
        if store.digests.daily_done(destination, day):
            return date.fromisoformat(day)
    return None


class WorkspaceScheduler:
    """Starts each digest of the workspace when it is due, in a daemon thread, until stopped.

    `due(now)` names the digests due and not posted yet (bot.morning.due_audiences); `dispatch` starts
    one as a job (in this process or on a queue) and says whether it did. A digest whose job ended
    without posting it is due again and started again `retry_seconds` after the last start: a failed
    source, Slack refusing, a busy lock.
    """

    def __init__(
        self,
        *,
        due: Callable[[datetime], list[Audience]],
        dispatch: Callable[[Audience], bool],
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        poll_seconds: float = 60.0,
        retry_seconds: float = 600.0,
    ) -> None:
        self.due = due
        self.dispatch = dispatch
        self.clock = clock
        self.poll_seconds = poll_seconds
        self.retry_seconds = retry_seconds
        self._started: dict[str, datetime] = {}
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def tick(self) -> list[str]:
        """Start what is due now; the destinations started."""
        now = self.clock()
        started = []
        for audience in self.due(now):
            last = self._started.get(audience.destination)
            if last is not None and (now - last).total_seconds() < self.retry_seconds:
                continue
            if self.dispatch(audience):
                self._started[audience.destination] = now
                started.append(audience.destination)
        return started

    def start(self) -> None:
        self._thread = threading.Thread(target=self._loop, name="jobpicks-mornings", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                started = self.tick()
                if started:
                    log.info("morning digests started: %d", len(started))
            except Exception as exc:  # Redis away: keep the schedule alive and look again later
                log.error("morning digests: cannot check the schedule (%s); retrying", exc)
            self._stop.wait(self.poll_seconds)

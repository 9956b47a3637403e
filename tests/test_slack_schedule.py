"""The morning run: at the configured time in the reader's time zone, once a day, caught up after downtime."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.audience import Audience
from bot.morning import is_due
from bot.schedule import WorkspaceScheduler, last_daily_date, next_run
from bot.store import Store
from bot.store.records import DigestRecord
from scoring.profile import Profile

LA = ZoneInfo("America/Los_Angeles")
# A digest due at 08:00 in Los Angeles, posted to channel C1.
C1 = Audience(destination="C1", profile_id="p", profile=Profile(), time="08:00", timezone="America/Los_Angeles")


def la(day: int, hour: int, minute: int = 0, month: int = 11) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=LA)


def test_before_the_time_the_run_waits_for_it() -> None:
    now = la(21, 6, 30)
    assert next_run(now, "08:00", "America/Los_Angeles", date(2026, 11, 20)) == la(21, 8)


def test_once_today_is_posted_the_next_run_is_tomorrow_morning() -> None:
    now = la(21, 9)
    assert next_run(now, "08:00", "America/Los_Angeles", date(2026, 11, 21)) == la(22, 8)


def test_a_morning_missed_while_the_app_was_down_runs_as_soon_as_it_is_back() -> None:
    now = la(21, 13, 5).astimezone(UTC)  # the server's clock is UTC; the reader's day is LA's
    assert next_run(now, "08:00", "America/Los_Angeles", date(2026, 11, 19)) == now
    assert next_run(now, "08:00", "America/Los_Angeles", None) == now


def test_the_day_is_the_readers_day_not_the_servers() -> None:
    # 03:00 UTC on the 22nd is still the evening of the 21st in Los Angeles, already posted.
    now = datetime(2026, 11, 22, 3, 0, tzinfo=UTC)
    assert next_run(now, "08:00", "America/Los_Angeles", date(2026, 11, 21)) == la(22, 8)


def test_daylight_saving_keeps_the_wall_clock_time() -> None:
    # US clocks go back on 1 Nov 2026: 08:00 is 15:00 UTC before and 16:00 UTC after.
    before = next_run(la(30, 9, month=10), "08:00", "America/Los_Angeles", date(2026, 10, 30))
    after = next_run(la(1, 9), "08:00", "America/Los_Angeles", date(2026, 11, 1))
    assert (before.astimezone(UTC).hour, after.astimezone(UTC).hour) == (15, 16)
    assert before.astimezone(LA).hour == after.astimezone(LA).hour == 8


def test_last_daily_date_ignores_refreshes(store: Store) -> None:
    store.digests.commit("C1", DigestRecord(date=date(2026, 11, 20), daily=True), seen=[], shown={})
    store.digests.commit("C1", DigestRecord(date=date(2026, 11, 21), daily=False), seen=[], shown={})
    assert last_daily_date(store, "C1") == date(2026, 11, 20)


def test_the_scheduler_runs_a_missed_morning_once_and_not_again_that_day(store: Store) -> None:
    clock = [la(21, 10)]
    ran = threading.Event()
    runs: list[datetime] = []

    def run() -> None:
        runs.append(clock[0])
        store.digests.commit("C1", DigestRecord(date=clock[0].date(), daily=True), seen=[], shown={})
        ran.set()

    scheduler = WorkspaceScheduler(
        due=lambda now: [C1] if is_due(store, C1, now) else [],
        dispatch=lambda audience: run() or True,
        clock=lambda: clock[0],
        poll_seconds=0.01,
        retry_seconds=0.01,
    )
    scheduler.start()
    try:
        assert ran.wait(5)
        # The loop keeps polling; the day is done, so it waits for tomorrow's 08:00.
        assert next_run(clock[0], C1.time, C1.timezone, last_daily_date(store, "C1")) == la(22, 8)
        ran.clear()
        clock[0] = la(22, 8) + timedelta(seconds=1)
        assert ran.wait(5)
    finally:
        scheduler.stop()
    assert [r.date() for r in runs] == [date(2026, 11, 21), date(2026, 11, 22)]


def test_a_failed_morning_run_is_tried_again(store: Store) -> None:
    attempts: list[int] = []
    done = threading.Event()

    def run() -> None:
        attempts.append(1)
        if len(attempts) == 1:
            raise RuntimeError("LinkedIn failed: 429")
        store.digests.commit("C1", DigestRecord(date=date(2026, 11, 21), daily=True), seen=[], shown={})
        done.set()

    scheduler = WorkspaceScheduler(
        due=lambda now: [C1] if is_due(store, C1, now) else [],
        dispatch=lambda audience: run() or True,
        clock=lambda: la(21, 9),
        poll_seconds=0.01,
        retry_seconds=0.01,
    )
    scheduler.start()
    try:
        assert done.wait(5)
    finally:
        scheduler.stop()
    assert len(attempts) == 2

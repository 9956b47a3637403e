"""Every source failing is not "nothing new": the day stays open, and the schedule tries again.

Before, a morning when every job board was down posted "Nothing new today" and counted the day as
done. Now nothing is posted for a day whose sources all failed; `jobpicks run` says so in one line
and exits non-zero; the serving process's schedule tries again later the same day, as it does when
Slack refused the digest.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from datetime import UTC, datetime

import pytest

from bot.audience import Audience
from bot.config import DigestConfig
from bot.context import AppContext
from bot.morning import InProcess, due_audiences
from bot.schedule import WorkspaceScheduler, last_daily_date
from bot.slack.delivery import slack_delivery
from bot.store import Store
from scrapers.config import SourceConfig
from tests.fake_sites import FakeSite, Reply, Seen, saved
from tests.fake_slack import CHANNEL_ID, FakeSlack, fake_slack_server  # noqa: F401 - the fixture
from tests.fault_world import DEST, SIZE, World, fault_world, job_boards  # noqa: F401 - the fixtures
from tests.slack_fixtures import make_context


def test_every_source_failing_posts_nothing_and_the_next_run_posts_the_day(world: World) -> None:
    world.write_config(board_url="http://127.0.0.1:1")
    first = world.run()
    assert first.code != 0
    assert first.last_line.startswith("error: every source failed (greenhouse: "), first.err
    assert "today's digest stays open" in first.last_line
    assert first.last_line.count(" — ") == 1, "each source's cause, then what to do once, not once per source"
    assert world.slack.messages() == [], "no 'Nothing new today' for a day nobody could look at"
    assert world.store.digests.dates(DEST) == []

    world.write_config()
    second = world.run()
    assert second.code == 0, second.err
    world.assert_one_whole_digest()


def test_sources_that_worked_and_found_nothing_new_post_nothing_new_and_the_day_counts(world: World) -> None:
    world.write_config(size=10)
    assert world.run("--refresh").code == 0, "every posting was shown by a refresh earlier in the day"
    daily = world.run()
    assert daily.code == 0, daily.err
    last = world.overviews()[-1]
    assert "Nothing new today: all 5 postings found were shown before" in last.visible_text
    day = world.store.digests.dates(DEST)[0]
    assert world.store.digests.daily_done(DEST, day)
    assert "already posted" in world.run().err


class Boards:
    """Greenhouse boards that can be taken down and brought back between attempts."""

    def __init__(self) -> None:
        self.down = threading.Event()
        self.site = FakeSite(
            {
                "/v1/boards/stripe/jobs": self._serve("greenhouse/jobs.json"),
                "/v1/boards/acmeai/jobs": self._serve("greenhouse/board_acmeai.json"),
            }
        )

    def _serve(self, page: str) -> Callable[[Seen], Reply]:
        def reply(seen: Seen) -> Reply:
            return Reply({"message": "down for maintenance"}, status=503) if self.down.is_set() else Reply(saved(page))

        return reply


@pytest.fixture
def boards_that_fail() -> Iterator[Boards]:
    boards = Boards()
    with boards.site:
        yield boards


def morning_context(fake: FakeSlack, store: Store, board_url: str) -> AppContext:
    ctx = make_context(fake, store)
    ctx.config.sources = {"greenhouse": SourceConfig(base_url=board_url, companies=["stripe", "acmeai"], retries=0)}
    ctx.config.profile.max_age_days = 365
    # Due at midnight UTC, so the morning run is due the moment the scheduler starts.
    ctx.config.digest = DigestConfig(
        destination=DEST, size=SIZE, per_company=SIZE, timezone="UTC", time="00:00", min_score=0
    )
    return ctx


def run_mornings(ctx: AppContext, attempts: list[str], until: threading.Event) -> WorkspaceScheduler:
    """The serving process's scheduler and jobs around the real pipeline, trying again at once on failure;
    `until` is set once the day is posted."""
    jobs = InProcess(ctx, slack_delivery, workers=1)

    def due(now: datetime) -> list[Audience]:
        if last_daily_date(ctx.store, ctx.destination) is not None:
            until.set()
        return due_audiences(ctx, now)

    def dispatch(audience: Audience) -> bool:
        started = jobs.dispatch(audience)
        if started:
            attempts.append(datetime.now(UTC).isoformat())
        return started

    return WorkspaceScheduler(due=due, dispatch=dispatch, poll_seconds=0.05, retry_seconds=0.05)


def test_the_schedule_tries_again_the_same_day_when_every_source_failed(
    fake_slack: FakeSlack, store: Store, boards_that_fail: Boards
) -> None:
    ctx = morning_context(fake_slack, store, boards_that_fail.site.url)
    boards_that_fail.down.set()
    attempts: list[str] = []
    posted = threading.Event()
    scheduler = run_mornings(ctx, attempts, posted)
    scheduler.start()
    try:
        fake_slack.wait_until(lambda: len(attempts) >= 2, timeout=30)
        assert fake_slack.messages() == [] and last_daily_date(store, DEST) is None, "still open, nothing posted"
        boards_that_fail.down.clear()
        assert posted.wait(60), "the schedule posted the day once the boards were back"
    finally:
        scheduler.stop()
    (overview,) = fake_slack.messages(CHANNEL_ID, top_level=True)
    assert len(fake_slack.thread(CHANNEL_ID, overview.ts)) == SIZE
    assert due_audiences(ctx, datetime.now(UTC)) == [], "done for today: the next run is tomorrow's"


def test_the_schedule_tries_again_the_same_day_when_slack_refused(
    fake_slack: FakeSlack, store: Store, boards_that_fail: Boards
) -> None:
    ctx = morning_context(fake_slack, store, boards_that_fail.site.url)
    fake_slack.fail("chat.postMessage", "not_in_channel", times=2, after=2)
    attempts: list[str] = []
    posted = threading.Event()
    scheduler = run_mornings(ctx, attempts, posted)
    scheduler.start()
    try:
        assert posted.wait(60)
    finally:
        scheduler.stop()
    assert len(attempts) == 3, "refused twice, posted on the third try"
    (overview,) = fake_slack.messages(CHANNEL_ID, top_level=True)
    thread = fake_slack.thread(CHANNEL_ID, overview.ts)
    assert [m.text.split(" · ")[0] for m in thread] == [f"#{i}" for i in range(1, SIZE + 1)], "each pick once, in order"

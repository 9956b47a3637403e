"""A `jobpicks run` killed while it posts: nothing reached Slack is forgotten, nothing is posted twice,
and the lock does not keep the next run out for long.

Each run here is a process of its own, as cron or a deploy starts it, against a fake Slack that takes
its time answering each message (it stores the message at once and answers half a second later), so
the test can act at a known point: once the fake holds the second pick, whose answer is not back yet.
The lock's TTL is a few seconds here (JOBPICKS_RUN_LOCK_SECONDS) instead of a minute.
"""

from __future__ import annotations

import signal
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.cli import main
from tests.fake_sites import FakeSite, Reply, saved
from tests.fake_slack import CHANNEL_ID
from tests.fault_world import DEST, SIZE, World, fault_world, job_boards  # noqa: F401 - the fixtures

LOCK_SECONDS = 6


@pytest.fixture
def slow_world(world: World, monkeypatch: pytest.MonkeyPatch) -> Iterator[World]:
    monkeypatch.setenv("JOBPICKS_RUN_LOCK_SECONDS", str(LOCK_SECONDS))
    world.slack.slow("chat.postMessage", 0.5)
    yield world


def status(world: World) -> str:
    world.capsys.readouterr()
    assert main(["status"]) == 0
    return world.capsys.readouterr().out


def wait_for_second_pick(world: World, run: subprocess.Popen[str]) -> None:
    """Until the fake Slack holds two picks: the second is in Slack, its answer still on the way."""
    try:
        world.slack.wait_until(lambda: len(world.picks()) >= 2, timeout=60)
    except AssertionError:
        run.kill()
        raise AssertionError(f"the run did not get to its second pick: {run.communicate()[1][-2000:]}") from None


def test_killed_with_sigkill_while_posting_the_next_run_finishes_the_digest_without_repeating_a_pick(
    slow_world: World,
) -> None:
    world = slow_world
    run = world.start_run()
    wait_for_second_pick(world, run)
    run.kill()  # kill -9: no handler runs; the second pick is in Slack, Redis may not know it
    run.wait(10)
    assert len(world.picks()) == 2

    # The dead run's lock is still there, but status can tell that nobody renews it…
    world.slack.wait_until(lambda: "stopped renewing its lock" in status(world), timeout=LOCK_SECONDS * 3)
    # …and it frees itself, well within a minute; status then says what the next run will do.
    world.slack.wait_until(lambda: not world.store.runs.in_progress(DEST), timeout=LOCK_SECONDS * 3)
    # Redis knows the first pick only: the second reached Slack after the last record it got.
    assert f"was interrupted after 1 of {SIZE} picks; the next run finishes it" in status(world)

    world.slack.slow("chat.postMessage", 0)
    second = world.run()
    assert second.code == 0, second.err
    assert "that an earlier run could not complete" in second.out
    world.assert_one_whole_digest()
    # The second pick was in Slack though Redis never recorded it: found in the thread, not posted again.
    assert world.slack.calls_of("conversations.replies")


@pytest.mark.parametrize(("sent", "code"), [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_stopped_with_sigterm_or_ctrl_c_it_finishes_the_message_in_flight_and_frees_the_lock_at_once(
    slow_world: World, sent: signal.Signals, code: int
) -> None:
    world = slow_world
    run = world.start_run()
    wait_for_second_pick(world, run)
    run.send_signal(sent)
    _, err = run.communicate(timeout=60)

    assert run.returncode == code, err
    last = err.strip().splitlines()[-1]
    assert last == (
        f"interrupted: stopped ({sent.name}) after posting 2 of {SIZE} picks to {DEST} — "
        f"the next run posts the other {SIZE - 2} in the same thread"
    )
    assert len(world.picks()) == 2, "the message in flight was finished, and nothing after it"
    assert not world.store.runs.in_progress(DEST), "the lock was released on the way out"
    pending = world.store.outbox.pending(DEST)
    assert pending is not None and len(pending.picks_sent) == 2 and pending.unsure is None
    assert f"interrupted after 2 of {SIZE} picks; the next run finishes it" in status(world)

    world.slack.slow("chat.postMessage", 0)
    assert world.run().code == 0
    world.assert_one_whole_digest()
    assert world.slack.calls_of("conversations.replies") == [], "what reached Slack was all recorded"


@pytest.fixture
def slow_boards() -> Iterator[FakeSite]:
    routes = {
        "/v1/boards/stripe/jobs": Reply(saved("greenhouse/jobs.json"), delay=30),
        "/v1/boards/acmeai/jobs": Reply(saved("greenhouse/board_acmeai.json"), delay=30),
    }
    with FakeSite(routes) as site:
        yield site


def test_stopped_while_collecting_it_stops_at_once_and_posts_nothing(
    world: World, slow_boards: FakeSite, env: Path
) -> None:
    world.write_config(board_url=slow_boards.url)
    run = world.start_run()
    world.slack.wait_until(lambda: slow_boards.requests, timeout=30)
    run.send_signal(signal.SIGTERM)
    _, err = run.communicate(timeout=20)
    assert run.returncode == 143
    assert err.strip().splitlines()[-1] == (
        "interrupted: stopped (SIGTERM) before posting anything — today's digest stays open: "
        "the next run (or the morning schedule) posts it"
    )
    assert world.slack.messages() == []
    assert not world.store.runs.in_progress(DEST) and world.store.outbox.pending(DEST) is None


def test_a_deploy_restarting_the_serving_process_mid_morning_run_loses_and_repeats_nothing(
    slow_world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    world = slow_world
    monkeypatch.setenv("SLACK_APP_TOKEN", world.slack.app_token)
    world.write_config(morning="00:00")  # due the moment the server starts
    server = world.start_run(command="serve")
    wait_for_second_pick(world, server)
    server.send_signal(signal.SIGTERM)  # what a platform sends before it replaces the process
    _, err = server.communicate(timeout=60)

    assert server.returncode != 0, err
    assert "stopped (the server is shutting down) after posting 2 of 4 picks" in err
    assert len(world.picks()) == 2, "the message in flight was finished, and nothing after it"
    assert not world.store.runs.in_progress(DEST), "the lock was released on the way out"
    pending = world.store.outbox.pending(DEST)
    assert pending is not None and len(pending.picks_sent) == 2 and pending.unsure is None

    world.slack.slow("chat.postMessage", 0)
    assert world.run().code == 0
    world.assert_one_whole_digest()


def test_killed_while_the_overview_was_in_flight_the_next_run_finds_it_in_the_channel(slow_world: World) -> None:
    world = slow_world
    world.write_config(destination=CHANNEL_ID)  # the channel's id: what conversations.history reads
    run = world.start_run()
    world.slack.wait_until(lambda: world.overviews(), timeout=60)
    run.kill()  # the overview is in Slack; its answer, and so its ts, never reached the run
    run.wait(10)
    world.slack.wait_until(lambda: not world.store.runs.in_progress(CHANNEL_ID), timeout=LOCK_SECONDS * 3)

    world.slack.slow("chat.postMessage", 0)
    assert world.run().code == 0
    (overview,) = world.overviews()
    assert len(world.slack.thread(CHANNEL_ID, overview.ts)) == SIZE and world.twice() == []
    assert world.slack.calls_of("conversations.history")

"""Slack says no, then yes: the day is not lost, and the next run posts the whole digest once.

Each case is a person's morning: `jobpicks run` meets a Slack that refuses (the bot was not invited,
the channel is wrong, the token was revoked) or is in trouble (a 500, rate limits that outlast the
retries), part-way or before anything went out; they fix what the one line says and run again.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.fake_slack import CHANNEL_ID
from tests.fault_world import (  # noqa: F401 - the fixtures
    DEST,
    SIZE,
    Person,
    World,
    fault_world,
    job_boards,
    person_in_slack,
)


def test_the_bot_not_invited_is_told_how_to_invite_it_and_the_next_run_posts_the_whole_digest(world: World) -> None:
    world.slack.fail("chat.postMessage", "not_in_channel")
    first = world.run()

    assert first.code != 0
    assert "/invite @jobpicks" in first.last_line and DEST in first.last_line, first.err
    assert len(first.err.strip().splitlines()[-1:]) == 1 and "Traceback" not in first.err
    assert world.slack.messages() == [], "nothing reached Slack"
    assert world.store.digests.dates(DEST) == [] or not world.store.digests.daily_done(
        DEST, world.store.digests.dates(DEST)[0]
    ), "the day stays open"

    # They type /invite @jobpicks in the channel, and run again: the digest goes out, not "already posted".
    second = world.run()
    assert second.code == 0, second.err
    assert "already posted" not in second.err
    world.assert_one_whole_digest()

    third = world.run()
    assert third.code == 0 and "already posted" in third.err
    assert len(world.slack.messages(CHANNEL_ID)) == 1 + SIZE


@pytest.mark.parametrize(
    ("error", "after", "says"),
    [
        ("channel_not_found", 0, "[digest] destination"),
        ("invalid_auth", 0, "SLACK_BOT_TOKEN"),
        ("not_in_channel", 2, "/invite @jobpicks"),  # the bot was removed after the first pick went out
        ("is_archived", 3, "unarchive"),
    ],
)
def test_slack_refusing_before_or_part_way_then_healthy_posts_every_pick_once(
    world: World, error: str, after: int, says: str
) -> None:
    world.slack.fail("chat.postMessage", error, after=after)
    first = world.run()
    assert first.code != 0 and says in first.last_line, first.err
    posted = max(0, after - 1)
    if posted:
        assert f"{posted} of {SIZE} picks were posted" in first.last_line
        assert f"the next run posts the other {SIZE - posted} in the same thread" in first.last_line
    assert len(world.picks()) == posted

    second = world.run()
    assert second.code == 0, second.err
    world.assert_one_whole_digest()


def test_a_500_part_way_is_not_taken_for_a_refusal_and_nothing_is_posted_twice(world: World) -> None:
    # Slack answers 500 for the third message, which it did post: the run cannot know.
    world.slack.fail("chat.postMessage", "internal_error", after=2, status=500, carried_out=True)
    first = world.run()
    assert first.code != 0 and "Slack answered HTTP 500" in first.last_line, first.err
    assert len(world.picks()) == 2

    # The next run reads the thread back, finds the message the 500 hid, and posts only the rest.
    second = world.run()
    assert second.code == 0, second.err
    world.assert_one_whole_digest()
    assert len(world.slack.calls_of("conversations.replies")) >= 1


def test_a_500_for_a_message_slack_did_not_post_is_posted_by_the_next_run(world: World) -> None:
    world.slack.fail("chat.postMessage", "internal_error", after=3, status=500)
    assert world.run().code != 0
    assert len(world.picks()) == 2
    assert world.run().code == 0
    world.assert_one_whole_digest()


def test_rate_limits_that_outlast_the_retries_part_way_then_a_healthy_run(world: World) -> None:
    # slack_sdk waits out five 429s; the sixth in a row gives up.
    world.slack.rate_limit("chat.postMessage", times=6, retry_after=0, after=3)
    first = world.run()
    assert first.code != 0 and "rate limiting" in first.last_line, first.err
    assert len(world.picks()) == 2

    assert world.run().code == 0
    world.assert_one_whole_digest()


def test_status_says_the_delivery_failed_and_that_the_next_run_finishes_it(world: World) -> None:
    from bot.cli import main

    world.slack.fail("chat.postMessage", "not_in_channel", after=3)
    world.run()
    world.capsys.readouterr()
    assert main(["status"]) == 0
    status = world.capsys.readouterr().out
    assert "Delivery failed: the app cannot post in '#job-picks' (not_in_channel)" in status
    assert "interrupted after 2 of 4 picks; the next run finishes it" in status


def test_an_app_installed_without_the_history_scopes_is_told_to_add_them_rather_than_risk_a_repeat(
    world: World,
) -> None:
    granted = world.slack.scopes
    world.slack.scopes = granted - {"channels:history", "groups:history", "im:history"}
    world.slack.fail("chat.postMessage", "internal_error", after=2, status=500, carried_out=True)
    assert world.run().code != 0
    assert len(world.picks()) == 2

    # Whether the message the 500 hid is in the thread, only the thread can say.
    second = world.run()
    assert second.code != 0
    assert "Slack refused to show the thread (missing_scope (channels:history))" in second.last_line
    assert "add the history scopes in manifest.yml" in second.last_line
    assert len(world.picks()) == 2, "nothing posted on a guess"

    world.slack.scopes = granted  # the app reinstalled from the current manifest
    assert world.run().code == 0
    world.assert_one_whole_digest()


def test_a_refresh_after_an_interrupted_morning_finishes_that_digest_first_and_says_so(
    world: World, person: Person
) -> None:
    world.slack.fail("chat.postMessage", "not_in_channel", after=3)
    assert world.run().code != 0
    assert f"interrupted after 2 of {SIZE} picks; the next run finishes it" in person.command("status")
    assert person.command("refresh").startswith("Looking for new picks")
    (told,) = world.slack.wait_until(lambda: person.told(), timeout=60)
    assert (
        told.startswith("Finished the daily digest of ")
        and f"that an earlier run could not complete: {SIZE - 2} of its {SIZE} picks posted now" in told
    )
    assert told.endswith("Posted 1 new pick in <#C0JOBPICKS>."), told
    morning, _ = world.overviews()
    thread = world.slack.thread("C0JOBPICKS", morning.ts)
    assert [m.text.split(" · ")[0] for m in thread] == [f"#{i}" for i in range(1, SIZE + 1)]
    assert world.twice() == [] and len(world.picks()) == SIZE + 1
    assert world.store.digests.daily_done(DEST, world.store.digests.dates(DEST)[0])


def test_a_digest_that_never_reached_slack_on_an_earlier_day_gives_way_to_todays(world: World) -> None:
    # Slack refused a whole morning digest (the bot was not invited), and nobody ran jobpicks again
    # that day: the digest waiting in the outbox is yesterday's.
    world.slack.fail("chat.postMessage", "not_in_channel")
    assert world.run().code != 0
    pending = world.store.outbox.pending(DEST)
    assert pending is not None and not pending.started
    yesterday = pending.plan.date - timedelta(days=1)
    world.store.outbox.open(DEST, pending.plan.model_copy(update={"date": yesterday}))

    assert world.run().code == 0
    (overview,) = world.overviews()
    assert f"{yesterday + timedelta(days=1):%a} {(yesterday + timedelta(days=1)).day}" in overview.visible_text
    world.assert_one_whole_digest()
    assert world.store.digests.dates(DEST) == [(yesterday + timedelta(days=1)).isoformat()], "nothing for yesterday"

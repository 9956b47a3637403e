"""Votes cast on a digest while it is being finished are kept.

The serving app (its real listeners, under uvicorn on loopback) takes 👍/👎 clicks and reactions
while a `jobpicks run` of its own process finishes a digest an earlier run left half posted. No vote is
lost, none is undone by the resumed delivery, and a click on the very pick whose run died between
Slack accepting it and Redis recording it still counts.
"""

from __future__ import annotations

import pytest

from bot.slack.blocks import VOTE_DOWN, VOTE_UP
from tests.fake_slack import CHANNEL_ID, Message
from tests.fault_world import (  # noqa: F401 - the fixtures
    DEST,
    SIZE,
    Person,
    World,
    fault_world,
    job_boards,
    person_in_slack,
)


def shows(world: World, pick: Message, text: str) -> bool:
    return text in world.slack.message(CHANNEL_ID, pick.ts).visible_text


def votes(world: World) -> dict[str, int]:
    return {v.posting_key: v.value for v in world.store.votes.all("alex")}


def key_of(pick: Message) -> str:
    assert pick.metadata is not None
    return str(pick.metadata["event_payload"]["posting_key"])


def test_votes_cast_while_a_digest_is_resumed_are_all_kept(world: World, person: Person) -> None:
    world.slack.fail("chat.postMessage", "not_in_channel", after=3)
    assert world.run().code != 0
    first, second = world.picks()

    world.slack.slow("chat.postMessage", 1.0)
    resume = world.start_run()
    world.slack.wait_until(lambda: len(world.picks()) >= 3, timeout=60)
    third = world.picks()[2]
    # While the resumed run is posting: a click, a reaction, and a click on the pick going out right now.
    person.click(VOTE_UP, first)
    person.react("-1", second, "Ev1")
    person.click(VOTE_UP, third)
    world.slack.wait_until(lambda: shows(world, first, "👍 1") and shows(world, second, "👎 1"), timeout=30)
    world.slack.wait_until(lambda: shows(world, third, "👍 1"), timeout=30)
    _, err = resume.communicate(timeout=60)
    assert resume.returncode == 0, err

    fourth = world.picks()[3]
    person.click(VOTE_DOWN, fourth)
    world.slack.wait_until(lambda: shows(world, fourth, "👎 1"), timeout=30)

    world.assert_one_whole_digest()
    assert votes(world) == {key_of(first): 1, key_of(second): -1, key_of(third): 1, key_of(fourth): -1}
    for pick, shown in ((first, "👍 1"), (second, "👎 1"), (third, "👍 1")):
        assert shows(world, pick, shown), "the resumed delivery left every vote in place"


def test_a_click_on_the_pick_whose_run_died_before_recording_it_counts(
    world: World, person: Person, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("JOBPICKS_RUN_LOCK_SECONDS", "2")
    world.slack.slow("chat.postMessage", 1.0)
    run = world.start_run()
    world.slack.wait_until(lambda: len(world.picks()) >= 2, timeout=60)
    run.kill()  # kill -9 while Slack's answer for the second pick is on its way: Redis never hears of it
    run.wait(10)
    _, unrecorded = world.picks()
    assert world.store.messages.get(CHANNEL_ID, unrecorded.ts) is None

    person.click(VOTE_UP, unrecorded)
    world.slack.wait_until(lambda: shows(world, unrecorded, "👍 1"), timeout=30)
    assert votes(world) == {key_of(unrecorded): 1}, "not 'too old for votes': the pick is in its digest"

    world.slack.wait_until(lambda: not world.store.runs.in_progress(DEST), timeout=20)  # the dead run's lock
    world.slack.slow("chat.postMessage", 0)
    assert world.run().code == 0
    world.assert_one_whole_digest()
    assert shows(world, unrecorded, "👍 1") and votes(world) == {key_of(unrecorded): 1}
    assert len(world.picks()) == SIZE

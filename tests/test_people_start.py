"""/jobpicks start when things go wrong, or are not the usual: a listed member, Redis away at Save, a
second Save, Slack that will not say the member's time zone or take the welcome DM, a form that does
not open. A member is registered once, with the profile they chose, or not at all."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bot.people import audiences
from bot.store import Store
from tests.fake_slack import SCOPES, FakeSlack
from tests.test_people_slack import ALEX, jobs
from tests.workspace import Workspace

LISTED = """
[[person]]
slack_user = "U0SAM"
roles = ["product designer intern"]
skills = ["figma"]
timezone = "Asia/Tokyo"
"""


@pytest.fixture
def ws(store: Store) -> Iterator[Workspace]:
    with Workspace(store, jobs(1, 4720000000), extra=LISTED) as world:
        yield world


def test_a_listed_member_starts_from_their_table_and_keeps_the_time_zone_it_sets(ws: Workspace) -> None:
    form = ws.open_start("U0SAM")
    assert form.input("roles")["initial_value"] == "product designer intern"
    assert form.input("skills")["initial_value"] == "figma"
    assert "initial_value" not in form.input("seniority"), "their own table, nothing lent from [profile]"
    ws.save("U0SAM", form, {"skills": "figma\nprototyping"})
    (welcome,) = ws.slack.wait_until(lambda: ws.dms("U0SAM"))
    assert "every morning at 08:00 Asia/Tokyo" in welcome, "the table's zone, not Slack's America/New_York"
    sam = ws.store.people.get("U0SAM")
    assert sam is not None and (sam.origin, sam.timezone, sam.name) == ("config", None, "sam")
    assert ws.store.profiles.saved("U0SAM") == {"skills": ["figma", "prototyping"]}, "only what differs from the table"


def test_when_redis_is_away_at_save_the_form_stays_open_and_nobody_is_half_registered(
    ws: Workspace, store: Store, store_away: Store
) -> None:
    form = ws.open_start("U0ALEX")
    ws.ctx.store = store_away
    refused = ws.save("U0ALEX", form, ALEX)
    assert refused.json()["response_action"] == "errors", "the form stays open with what was typed"
    assert refused.json()["errors"]["summary"].startswith("jobpicks could not do that: Redis stopped answering")
    ws.ctx.store = store
    assert store.people.all() == [] and store.profiles.saved("U0ALEX") is None
    assert ws.dms("U0ALEX") == []

    # Redis is back: the same form, saved again, registers them once.
    assert ws.save("U0ALEX", form, ALEX).content == b""
    ws.slack.wait_until(lambda: ws.dms("U0ALEX"))
    assert [p.user for p in store.people.all()] == ["U0ALEX"]
    assert store.profiles.saved("U0ALEX") is not None


def test_a_second_save_of_the_start_form_registers_nobody_twice(ws: Workspace) -> None:
    form = ws.open_start("U0ALEX")
    ws.save("U0ALEX", form, ALEX)
    first = ws.slack.wait_until(lambda: ws.store.people.get("U0ALEX"))
    ws.next_day()
    ws.save("U0ALEX", form, {**ALEX, "skills": "sql"})
    ws.slack.wait_until(lambda: len(ws.dms("U0ALEX")) == 2)
    again = ws.store.people.get("U0ALEX")
    assert again is not None and again.started_at == first.started_at, "still the first start"
    assert [a.person for a in audiences(ws.ctx)] == [None, "U0SAM", "U0ALEX"]
    assert ws.store.profiles.saved("U0ALEX")["skills"] == ["sql"]  # type: ignore[index]


def test_without_users_read_a_member_still_starts_on_the_workspaces_time_zone(store: Store) -> None:
    older = FakeSlack(scopes=SCOPES - {"users:read"})  # an app installed before this scope was asked for
    with Workspace(store, jobs(1, 4720000000), slack=older) as ws:
        ws.start("U0ALEX", ALEX)
        (welcome,) = ws.dms("U0ALEX")
        assert welcome.startswith("You're in: your job picks will come here every morning at 08:00 UTC")
        alex = ws.store.people.get("U0ALEX")
        assert alex is not None and alex.timezone is None and not alex.paused


def test_a_welcome_slack_would_not_take_leaves_the_member_started_once(ws: Workspace) -> None:
    ws.slack.fail("chat.postMessage", "ratelimited_forever")
    form = ws.open_start("U0ALEX")
    assert ws.save("U0ALEX", form, ALEX).content == b""
    ws.slack.wait_until(lambda: ws.slack.calls_of("chat.postMessage"))
    ws.slack.wait_until(lambda: "U0ALEX" in ws.slack.homes, timeout=10)
    assert ws.dms("U0ALEX") == []
    assert [p.user for p in ws.store.people.all()] == ["U0ALEX"]
    assert ws.command("U0ALEX", "start")["text"].startswith("Your picks already come by DM every morning at 08:00")


def test_a_start_form_slack_would_not_open_is_explained(ws: Workspace) -> None:
    ws.slack.fail("views.open", "expired_trigger_id")
    assert ws.command("U0ALEX", "start")["text"] == ""
    (told,) = ws.slack.wait_until(lambda: ws.replies("U0ALEX"))
    assert told["text"] == (
        "The form to start your picks did not open (Slack said `expired_trigger_id`); type /jobpicks start again."
    )
    assert ws.store.people.all() == []


def test_the_welcome_names_the_morning_the_first_digest_comes(ws: Workspace) -> None:
    # 06:00 in Paris: this morning's 08:00 is still to come. Alex's is today's; Sam, in Tokyo, is past it.
    ws.clock.now = ws.clock.now.replace(hour=5)
    ws.start("U0ALEX", ALEX)
    day = ws.clock().date()
    assert (
        f"every morning at 08:00 Europe/Paris, the first on {day:%a %d %b} 08:00 Europe/Paris." in ws.dms("U0ALEX")[0]
    )
    ws.start("U0SAM", {"skills": "figma"})
    assert "every morning at 08:00 Asia/Tokyo, the first today." in ws.dms("U0SAM")[0]

"""The App Home tab: a member's profile, their last digest and what their votes taught, with buttons to
edit, pause or resume and get picks now; a member without picks of their own gets a Start button. The
tab is drawn when opened and again after each button, always within Slack's limits."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from bot.people import audiences
from bot.slack.home import HOME_EDIT, HOME_PAUSE, HOME_REFRESH, HOME_RESUME, HOME_START, HomeFacts, home_view
from bot.store import Store
from bot.store.records import DigestRecord
from scoring.profile import Profile
from tests.fake_slack import app_home_opened_body, home_errors, submitted_state, view_submission_body
from tests.slack_fixtures import many_picks
from tests.test_people_slack import ALEX, jobs
from tests.workspace import Workspace


@pytest.fixture
def ws(store: Store) -> Iterator[Workspace]:
    with Workspace(store, jobs(1, 4730000000), size=4, per_company=2) as world:
        yield world


def test_someone_without_picks_of_their_own_starts_them_from_the_home_tab(ws: Workspace) -> None:
    home = ws.open_home("U0ALEX")
    assert home.view["type"] == "home" and home.buttons() == ["Start my picks"]
    assert "Get job picks of your own" in home.visible_text and "#job-picks" in home.visible_text

    ws.send(home_action_body_for(ws, "U0ALEX", HOME_START))
    form = ws.slack.wait_until(lambda: ws.slack.views and ws.slack.views[-1])
    assert form.view["title"]["text"] == "Start your job picks"
    assert ws.save("U0ALEX", form, ALEX).content == b""
    home = ws.slack.wait_until(
        lambda: "Pause my picks" in ws.slack.homes["U0ALEX"].buttons() and ws.slack.homes["U0ALEX"]
    )
    assert home.buttons() == ["Edit profile", "Pause my picks", "Get picks now"]
    assert "Your picks come by DM every morning at 08:00 Europe/Paris" in home.visible_text
    assert "*Roles:* data scientist intern" in home.visible_text
    assert "No digest yet" in home.visible_text
    assert ws.dms("U0ALEX")[0].startswith("You're in"), "the welcome came by DM as well"


def test_the_home_tab_shows_the_last_digest_and_what_the_votes_taught(ws: Workspace) -> None:
    ws.start("U0ALEX", ALEX)
    picks = ws.run("U0ALEX")
    for pick in picks:
        ws.vote("U0ALEX", pick, -1 if pick.company == "Quant Co" else 1)
    text = ws.open_home("U0ALEX").visible_text
    day = ws.clock().date()
    assert f"*{day:%a %d %b}* · 4 picks (morning digest), in your DM." in text
    best = max(picks, key=lambda p: p.score)
    assert best.title in text and "Top picks:" in text
    assert "What your votes taught" in text and "Votes learned from: 2 👍, 2 👎; what moves scores most:" in text
    assert "Quant Co" in text[text.index("What your votes taught") :], "the strongest weights, in plain words"
    assert "data scientist intern" in text and "sql, statistics" in text, "their profile"


def test_pause_and_resume_on_the_home_tab_take_the_member_out_of_the_morning_and_back(ws: Workspace) -> None:
    ws.start("U0ALEX", ALEX)
    ws.open_home("U0ALEX")
    paused = ws.press_home("U0ALEX", HOME_PAUSE)
    assert paused.buttons() == ["Edit profile", "Resume my picks", "Get picks now"]
    assert "Paused: no more morning picks by DM." in paused.visible_text
    assert [a.person for a in audiences(ws.ctx)] == [None]
    resumed = ws.press_home("U0ALEX", HOME_RESUME)
    assert "Your picks are back on" in resumed.visible_text and "Pause my picks" in resumed.buttons()
    assert [a.person for a in audiences(ws.ctx)] == [None, "U0ALEX"]


def test_get_picks_now_brings_picks_by_dm_and_the_tab_says_so(ws: Workspace) -> None:
    ws.start("U0ALEX", ALEX)
    ws.open_home("U0ALEX")
    # Drawn twice: "Looking…" at once, then how the run went.
    home = ws.press_home("U0ALEX", HOME_REFRESH, redraws=2)
    assert "Posted 4 new picks by DM." in home.visible_text
    assert "4 picks (asked for), in your DM." in home.visible_text, "the digest it just got"
    assert len(ws.slack.pick_messages("D0ALEX")) == 4


def test_edit_profile_on_the_home_tab_saves_and_redraws_the_tab(ws: Workspace) -> None:
    ws.start("U0ALEX", ALEX)
    ws.open_home("U0ALEX")
    dms = len(ws.dms("U0ALEX"))
    ws.send(home_action_body_for(ws, "U0ALEX", HOME_EDIT))
    form = ws.slack.wait_until(
        lambda: ws.slack.views[-1].view["title"]["text"] == "Edit profile" and ws.slack.views[-1]
    )
    assert form.input("roles")["initial_value"] == "data scientist intern"
    before = ws.slack.homes["U0ALEX"].updates
    ws.send(view_submission_body(form.view, submitted_state(form.view, {"avoid_companies": "Quant Co"}), user="U0ALEX"))
    home = ws.slack.wait_until(lambda: ws.slack.homes["U0ALEX"].updates > before and ws.slack.homes["U0ALEX"])
    assert "Profile saved: companies to avoid + Quant Co." in home.visible_text
    assert "*Avoid:* Quant Co" in home.visible_text
    assert len(ws.dms("U0ALEX")) == dms, "the tab says it: no DM"


def test_the_tab_says_what_to_do_when_redis_is_away(ws: Workspace, store: Store, store_away: Store) -> None:
    ws.start("U0ALEX", ALEX)
    ws.ctx.store = store_away
    home = ws.open_home("U0ALEX")
    assert "jobpicks could not do that: Redis stopped answering" in home.visible_text
    ws.ctx.store = store


def test_opening_the_messages_tab_draws_nothing(ws: Workspace) -> None:
    ws.send(app_home_opened_body("U0ALEX", tab="messages"), content_type="application/json")
    ws.open_home("U0SAM")  # a later event, handled after the first
    assert "U0ALEX" not in ws.slack.homes


def test_a_full_profile_and_a_big_digest_make_a_tab_slack_accepts() -> None:
    profile = Profile(
        name="U0ALEX",
        summary="s " * 2000,
        roles=[f"role {i} <b>" for i in range(300)],
        skills=["x" * 40] * 50,
        locations=["Paris, France"] * 100,
        avoid_companies=["Acme & Co"] * 100,
    )
    record = DigestRecord(date=date(2026, 11, 21), picks=many_picks(100), daily=True)
    lines = [f"  ↓ {i}  Company {i} (employer): 3 👎" + "!" * 500 for i in range(20)]
    view = home_view(
        HomeFacts(
            "U0ALEX",
            own=True,
            schedule="every morning at 08:00 Europe/Paris",
            next_digest="Sun 22 Nov 08:00 Europe/Paris",
            profile=profile,
            last=record,
            taste=lines,
            notice="n" * 5000,
        )
    )
    assert home_errors(view) == [], "blocks, lengths and counts within Slack's limits"
    assert len(view["blocks"]) <= 100


def home_action_body_for(ws: Workspace, user: str, action_id: str) -> str:
    from tests.fake_slack import home_action_body

    return home_action_body(action_id, user=user, view_id=ws.slack.homes[user].id if user in ws.slack.homes else "V0")

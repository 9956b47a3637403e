"""Everyone in the workspace, from Slack: two members start their own picks with /jobpicks start, each
gets a morning digest by DM that follows the profile they typed, one's votes move only their own picks
the next day, the channel digest stays exactly what it would be without them, and /jobpicks stop
leaves a member out of the morning.

Driven as Slack drives it (signed slash commands, the editor's Save, clicks) against the app under
uvicorn, the fake Slack, a fake LinkedIn and the real Redis; mornings are the real pipeline per audience.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
import redis

from bot.people import audiences
from bot.store import Store
from tests.fake_slack import CHANNEL_ID
from tests.linkedin_pages import Job
from tests.reader_days import days_ago
from tests.workspace import Pick, Workspace

DAY1 = days_ago(1).date()
DAY2 = DAY1 + timedelta(days=1)


def jobs(day: int, first_id: int) -> list[Job]:
    """A day's postings in Seattle: software internships (the channel's), data science ones (Alex's),
    half of them at Quant Co, and design ones (Sam's). Each title its own, so none is a repost of another."""
    posted = DAY1 + timedelta(days=day - 1)
    ids = iter(range(first_id, first_id + 100))
    teams = TEAMS[(day - 1) * 4 : day * 4]

    def job(title: str, company: str, description: str) -> Job:
        return Job(next(ids), title, company, "Seattle, WA", posted, description)

    return (
        [job(f"Software Engineer Intern, {t}", f"Soft Co {t}", "Python services.") for t in teams]
        + [job(f"Data Scientist Intern, {t}", "Quant Co", "SQL and statistics.") for t in teams[:3]]
        + [job(f"Data Scientist Intern, {t}", f"Care Co {t}", "SQL and statistics.") for t in teams[1:]]
        + [job(f"Product Designer Intern, {t}", f"Pixel Co {t}", "Figma and user research.") for t in teams]
    )


TEAMS = ["Payments", "Search", "Maps", "Ads", "Risk", "Growth", "Storage", "Identity"]


ALEX = {"roles": "data scientist intern", "skills": "sql\nstatistics"}
SAM = {"roles": "product designer intern", "skills": "figma, user research"}


@pytest.fixture
def ws(store: Store) -> Iterator[Workspace]:
    with Workspace(store, jobs(1, 4700000000), size=4, per_company=2) as world:
        yield world


@pytest.fixture
def alone(redis_client: redis.Redis, redis_prefix: str) -> Iterator[Workspace]:
    """The same workspace with a memory of its own, where nobody ever votes: the control."""
    with Workspace(Store(redis_client, f"{redis_prefix}:alone"), jobs(1, 4700000000), size=4, per_company=2) as world:
        yield world


def titles(picks: list[Pick]) -> list[str]:
    return [p.title for p in picks]


def same(a: list[Pick], b: list[Pick]) -> bool:
    return [(p.key, p.score, p.moved) for p in a] == [(p.key, p.score, p.moved) for p in b]


def test_two_members_start_from_slack_and_each_gets_a_dm_digest_that_follows_their_profile(
    ws: Workspace, alone: Workspace
) -> None:
    form = ws.open_start("U0ALEX")
    assert form.view["title"]["text"] == "Start your job picks" and form.view["submit"]["text"] == "Start"
    assert "initial_value" not in form.input("roles"), "what they look for is theirs to say"
    assert form.input("seniority")["initial_value"] == "internship", "the workspace's level, to change at will"
    assert form.input("locations")["initial_value"] == "Seattle, WA"
    assert ws.save("U0ALEX", form, ALEX).content == b""
    (welcome,) = ws.slack.wait_until(lambda: ws.dms("U0ALEX"))
    assert welcome.startswith("You're in: your job picks will come here every morning at 08:00 Europe/Paris")
    ws.start("U0SAM", SAM)
    assert "every morning at 08:00 America/New_York" in ws.dms("U0SAM")[0], "Sam's own Slack time zone"

    alex = ws.store.people.get("U0ALEX")
    assert alex is not None and (alex.name, alex.timezone, alex.origin, alex.paused) == (
        "alex",
        "Europe/Paris",
        "slack",
        False,
    )
    assert [a.person for a in audiences(ws.ctx)] == [None, "U0ALEX", "U0SAM"]

    picks = ws.run_everyone()
    assert [p.channel for p in picks["U0ALEX"]] == ["D0ALEX"] * 4 and [p.channel for p in picks["U0SAM"]] == [
        "D0SAM"
    ] * 4
    assert all(t.startswith("Data Scientist Intern") for t in titles(picks["U0ALEX"]))
    assert all(t.startswith("Product Designer Intern") for t in titles(picks["U0SAM"]))
    assert all(t.startswith("Software Engineer Intern") for t in titles(picks[None]))
    assert all(p.channel == CHANNEL_ID for p in picks[None])
    assert same(picks[None], alone.run()), "the channel digest: as in a workspace where nobody started"


def test_one_members_votes_move_only_their_own_picks_the_next_day_and_the_channel_digest_is_unchanged(
    ws: Workspace, alone: Workspace
) -> None:
    for world in (ws, alone):
        world.start("U0ALEX", ALEX)
        world.start("U0SAM", SAM)
    first, control = ws.run_everyone(), alone.run_everyone()
    assert all(same(first[who], control[who]) for who in (None, "U0ALEX", "U0SAM")), "no votes yet: the same"
    quant = [p for p in first["U0ALEX"] if p.company == "Quant Co"]
    assert quant and len(quant) < len(first["U0ALEX"]), "Alex's first digest holds Quant Co and others"
    for pick in first["U0ALEX"]:
        ws.vote("U0ALEX", pick, -1 if pick.company == "Quant Co" else 1)
    assert {v.value for v in ws.store.votes.all("U0ALEX")} == {1, -1} and len(ws.store.votes.all("U0ALEX")) == 4
    assert ws.store.votes.all("U0SAM") == [] and ws.store.votes.all("club") == []

    for world in (ws, alone):
        world.next_day(jobs(2, 4700000500))
    # Sam's and the channel's mornings come before Alex's: nothing Alex did reaches them.
    channel, sam, mine = ws.run(None), ws.run("U0SAM"), ws.run("U0ALEX")
    assert same(sam, alone.run("U0SAM")), "Sam's picks: exactly those of the workspace where nobody voted"
    assert same(channel, alone.run(None)), "and the channel's"
    without = alone.run("U0ALEX")
    quant_then = [p for p in without if p.company == "Quant Co"]
    quant_now = [p for p in mine if p.company == "Quant Co"]
    assert len(quant_now) < len(quant_then), "Alex's 👎 on Quant Co sank its internships"
    assert all(p.moved.startswith("↓") and "Quant Co" in p.moved for p in quant_now)
    assert len(mine) == 4, "Alex's digest still fills"
    assert not any(p.moved for p in sam) and not any("Quant Co" in p.moved for p in channel)
    # Each one's /jobpicks status says what their own votes taught.
    learned = ws.command("U0ALEX", "status")["text"]
    assert "Votes learned from: 2 👍, 2 👎; what moves scores most:" in learned and "↓" in learned
    assert "Quant Co" in learned
    assert "Votes learned from: 0 👍, 0 👎" in ws.command("U0SAM", "status")["text"]


def test_stop_leaves_a_member_out_of_the_morning_and_start_brings_them_back(ws: Workspace) -> None:
    ws.start("U0ALEX", ALEX)
    stopped = ws.command("U0ALEX", "stop")["text"]
    assert stopped == (
        "Paused: no more morning picks by DM. Your profile and votes are kept; `/jobpicks start` resumes them."
    )
    assert [a.person for a in audiences(ws.ctx)] == [None], "paused: no morning digest"
    assert ws.command("U0ALEX", "stop")["text"].startswith("Your picks are already paused")
    assert "none: your picks are paused" in ws.command("U0ALEX", "status")["text"]

    views = len(ws.slack.views)
    resumed = ws.command("U0ALEX", "start")["text"]
    assert resumed.startswith("Your picks are back on: they come by DM every morning at 08:00 Europe/Paris, the next")
    assert len(ws.slack.views) == views, "a member who started before is not asked their profile again"
    assert [a.person for a in audiences(ws.ctx)] == [None, "U0ALEX"]
    assert ws.command("U0ALEX", "start")["text"].startswith("Your picks already come by DM every morning at 08:00")
    assert ws.store.profiles.saved("U0ALEX") is not None and ws.command("U0ALEX", "profile")["text"].count(
        "data scientist intern"
    ), "the profile was kept through the pause"


def test_stop_from_someone_without_picks_of_their_own_says_how_to_get_some(ws: Workspace) -> None:
    text = ws.command("U0SAM", "stop")["text"]
    assert text.startswith("You have no picks of your own to stop. `/jobpicks start` gets you some by DM")
    assert ws.store.people.all() == []

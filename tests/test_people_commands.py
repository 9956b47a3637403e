"""Everything acts on the member who typed or clicked: /jobpicks profile, profile reset, refresh, status,
the profile editor, Learn afresh and votes act on a member's own picks when they have some, and on the
channel digest as before when they do not."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest

from bot.errors import SlackDeliveryError
from bot.pipeline import run_pipeline
from bot.slack.delivery import SlackDelivery, slack_client
from bot.slack.profile_modal import EDIT_PROFILE, RESET_PROFILE
from bot.slack.taste_reset import RESET_TASTE
from bot.store import Store
from tests.fake_slack import CHANNEL_ID, block_action_body, reaction_event_body, submitted_state, view_submission_body
from tests.test_people_slack import ALEX, jobs
from tests.workspace import Workspace

LISTED = """
[[person]]
slack_user = "U0SAM"
roles = ["product designer intern"]
skills = ["figma"]
seniority = ["internship"]
"""


@pytest.fixture
def ws(store: Store) -> Iterator[Workspace]:
    with Workspace(store, jobs(1, 4710000000), size=4, per_company=2, extra=LISTED) as world:
        yield world


def press(ws: Workspace, user: str, action_id: str, hook: str) -> dict:
    """A button on an ephemeral reply `user` got; the reply that replaces it."""
    ws.send(block_action_body(action_id, "", CHANNEL_ID, "1763700000.999999", ws.slack.response_url(hook), user=user))
    (answer,) = ws.slack.wait_until(lambda: [r for r in ws.slack.responses if r["hook"] == hook])
    return answer


def test_profile_shows_a_members_own_profile_and_the_channels_to_everyone_else(ws: Workspace) -> None:
    ws.start("U0ALEX", ALEX)
    mine = ws.command("U0ALEX", "profile")["text"]
    assert mine.startswith("*Your profile*") and "*Roles:* data scientist intern" in mine
    assert "Made here in Slack, for your own picks" in mine
    listed = ws.command("U0SAM", "profile")["text"]
    assert "*Roles:* product designer intern" in listed and "your `[[person]]` table in" in listed
    theirs = ws.command("U0ROBIN", "profile")["text"]
    assert theirs.startswith("*Profile club*") and "*Roles:* software engineer intern" in theirs


def test_the_editor_opened_from_a_members_profile_saves_their_own_profile(ws: Workspace) -> None:
    ws.start("U0ALEX", ALEX)
    ws.send(block_action_body(EDIT_PROFILE, "", CHANNEL_ID, "1.2", ws.slack.response_url("profile"), user="U0ALEX"))
    view = ws.slack.wait_until(
        lambda: ws.slack.views[-1].view["title"]["text"] == "Edit profile" and ws.slack.views[-1]
    )
    assert view.input("roles")["initial_value"] == "data scientist intern"
    ws.send(view_submission_body(view.view, submitted_state(view.view, {"avoid_companies": "Quant Co"}), user="U0ALEX"))
    (told,) = ws.slack.wait_until(lambda: [r for r in ws.slack.responses if r["hook"] == "profile"])
    assert told["text"].startswith("Profile saved: companies to avoid + Quant Co.")
    assert ws.store.profiles.saved("U0ALEX")["avoid_companies"] == ["Quant Co"]  # type: ignore[index]
    assert ws.store.profiles.saved("club") is None, "the channel's profile is untouched"
    picks = ws.run("U0ALEX")
    assert picks and all(p.company != "Quant Co" for p in picks), "the member's next digest follows the edit"


def test_profile_reset_goes_back_to_a_listed_members_table_and_leaves_a_slack_made_profile_alone(ws: Workspace) -> None:
    ws.store.profiles.save("U0SAM", {"skills": ["sketch"]})
    reset = ws.command("U0SAM", "profile reset")["text"]
    assert reset.startswith("Reset: runs use your `[[person]]` table from the config file again.")
    assert "*Skills:* figma" in reset and ws.store.profiles.saved("U0SAM") is None

    ws.start("U0ALEX", ALEX)
    kept = ws.command("U0ALEX", "profile reset")["text"]
    assert kept.startswith("Nothing to reset: your profile was made here; edit it instead.")
    assert ws.store.profiles.saved("U0ALEX") is not None
    ws.store.profiles.save("club", {"skills": ["go"]})
    assert ws.command("U0ROBIN", "profile reset")["text"].startswith("Reset: runs use `[profile]`")


def test_refresh_brings_a_member_picks_by_dm_and_leaves_the_channel_alone(ws: Workspace) -> None:
    ws.start("U0ALEX", ALEX)
    answer = ws.command("U0ALEX", "refresh")["text"]
    assert answer == "Looking for new picks… they will come to you by DM, and I will tell you here."
    (done,) = ws.slack.wait_until(lambda: ws.replies("U0ALEX"), timeout=30)
    assert done["text"] == "Posted 4 new picks by DM."
    dm = ws.slack.pick_messages("D0ALEX")
    assert len(dm) == 4 and all("Data Scientist Intern" in m.text for m in dm)
    assert ws.slack.messages(CHANNEL_ID) == [], "nothing in the channel"
    assert ws.store.seen.count("U0ALEX") == 4 and ws.store.seen.count("#job-picks") == 0


def test_status_tells_a_member_about_their_own_picks_and_when_the_next_come(ws: Workspace) -> None:
    ws.start("U0ALEX", ALEX)
    ws.run("U0ALEX")
    status = ws.command("U0ALEX", "status")["text"]
    assert "Destination: U0ALEX" in status and "4 picks" in status
    assert "Next morning run:" in status and ", by DM (every morning at 08:00 Europe/Paris)" in status
    assert "Destination: #job-picks" in ws.command("U0ROBIN", "status")["text"]


def test_votes_record_under_the_digest_their_pick_belongs_to(ws: Workspace) -> None:
    ws.start("U0ALEX", ALEX)
    mine, channel = ws.run("U0ALEX"), ws.run()
    ws.vote("U0ALEX", mine[0], -1)
    ws.vote("U0ALEX", channel[0], 1)  # a member's click in the channel counts for the channel digest
    ws.send(reaction_event_body("reaction_added", "+1", "D0ALEX", mine[1].ts, event_id="EvDM1"), "application/json")
    ws.slack.wait_until(lambda: ws.slack.message("D0ALEX", mine[1].ts).updates == 1)
    assert sorted((v.posting_key, v.value) for v in ws.store.votes.all("U0ALEX")) == sorted(
        [(mine[0].key, -1), (mine[1].key, 1)]
    )
    assert [(v.posting_key, v.value) for v in ws.store.votes.all("club")] == [(channel[0].key, 1)]
    assert "👎 1" in ws.slack.message("D0ALEX", mine[0].ts).visible_text, "the DM pick shows the vote"

    # Learn afresh on a member's status forgets their votes only.
    answer = press(ws, "U0ALEX", RESET_TASTE, "reset")
    assert answer["text"].startswith("Started afresh: the picks for U0ALEX learn only from votes cast from now on.")
    assert ws.store.resets.times("U0ALEX", "U0ALEX") and ws.store.resets.times("club", "#job-picks") == []


def test_a_click_on_a_dm_pick_slack_took_just_before_the_run_failed_still_counts_for_that_member(
    ws: Workspace,
) -> None:
    ws.start("U0ALEX", ALEX)
    # Slack posts the second pick but answers 500: the run stops not knowing whether it is there.
    ws.slack.fail("chat.postMessage", "fatal_error", status=500, carried_out=True, after=2)
    ctx = ws.ctx.for_audience(ws.audience("U0ALEX"))
    delivery = SlackDelivery(slack_client(ctx.settings), ctx.store, ctx.profile_id, pace_seconds=0)
    with pytest.raises(SlackDeliveryError):
        asyncio.run(run_pipeline(ctx, delivery))
    _, unrecorded = ws.slack.pick_messages("D0ALEX")
    assert ws.store.messages.get("D0ALEX", unrecorded.ts) is None
    key = str((unrecorded.metadata or {})["event_payload"]["posting_key"])
    ws.send(block_action_body("vote_up", key, "D0ALEX", unrecorded.ts, ws.slack.response_url("v"), user="U0ALEX"))
    ws.slack.wait_until(lambda: "👍 1" in ws.slack.message("D0ALEX", unrecorded.ts).visible_text)
    assert [(v.posting_key, v.value) for v in ws.store.votes.all("U0ALEX")] == [(key, 1)]
    assert ws.store.votes.all("club") == []


def test_a_members_reset_button_on_the_profile_reply_resets_their_own_edits(ws: Workspace) -> None:
    ws.store.profiles.save("U0SAM", {"skills": ["sketch"]})
    ws.store.profiles.save("club", {"skills": ["go"]})
    answer = press(ws, "U0SAM", RESET_PROFILE, "reset-sam")
    assert answer["text"].startswith("Reset: runs use your `[[person]]` table")
    assert ws.store.profiles.saved("U0SAM") is None and ws.store.profiles.saved("club") == {"skills": ["go"]}

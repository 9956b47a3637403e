"""The Slack app served by uvicorn on loopback, driven by signed requests as Slack sends them."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import replace

import httpx
import pytest
from slack_bolt import App

from bot.context import AppContext
from bot.pipeline import RunOutcome
from bot.slack.app import build_app
from bot.slack.delivery import SlackDelivery, slack_client
from bot.slack.http import EVENTS_PATH, asgi_app
from bot.store import Store
from scoring.config import ScoringConfig
from scoring.features import posting_features
from scoring.scorer import score_postings
from tests.fake_slack import (
    CHANNEL_ID,
    FakeSlack,
    block_action_body,
    fake_slack_server,  # noqa: F401 - the fixture
    reaction_event_body,
    signed_headers,
    slash_command_body,
)
from tests.loopback import serve_asgi
from tests.slack_fixtures import SECRET, digest, make_context, no_refresh, past_picks, post_digest


@contextmanager
def served(app: App) -> Iterator[str]:
    """The app under uvicorn on a loopback port of its own, as `jobpicks serve --http` runs it."""
    with serve_asgi(asgi_app(app, SECRET)) as base:
        yield base + EVENTS_PATH


class Slack:
    """Slack's side of the conversation: signed requests to the app, and the fake Web API."""

    def __init__(self, url: str, fake: FakeSlack) -> None:
        self.url = url
        self.fake = fake
        self.http = httpx.Client(timeout=10)

    def send(
        self,
        body: str,
        *,
        content_type: str = "application/x-www-form-urlencoded",
        secret: str = SECRET,
        timestamp: int | None = None,
        tamper: Callable[[str], str] | None = None,
        extra: dict[str, str] | None = None,
    ) -> httpx.Response:
        headers = signed_headers(secret, body, timestamp, content_type)
        sent = tamper(body) if tamper else body
        return self.http.post(self.url, content=sent.encode(), headers={**headers, **(extra or {})})

    def command(self, text: str, **kwargs: object) -> httpx.Response:
        return self.send(slash_command_body(text, self.fake.response_url("cmd")), **kwargs)  # type: ignore[arg-type]

    def click(self, action_id: str, ts: str, user: str = "U0ALEX") -> httpx.Response:
        return self.send(block_action_body(action_id, "", CHANNEL_ID, ts, self.fake.response_url("click"), user=user))

    def react(self, kind: str, reaction: str, ts: str, event_id: str, **kwargs: object) -> httpx.Response:
        body = reaction_event_body(kind, reaction, CHANNEL_ID, ts, event_id=event_id)
        return self.send(body, content_type="application/json", **kwargs)  # type: ignore[arg-type]


def said(reply: httpx.Response) -> str:
    """What the person who typed the command reads: Slack shows a plain-text ack or a JSON message."""
    assert reply.status_code == 200
    if reply.headers.get("content-type", "").startswith("application/json"):
        return reply.json()["text"]
    return reply.text


@pytest.fixture
def ctx(fake_slack: FakeSlack, store: Store) -> AppContext:
    return make_context(fake_slack, store)


@pytest.fixture
def slack(fake_slack: FakeSlack, ctx: AppContext) -> Iterator[Slack]:
    with served(build_app(ctx, refresh=no_refresh)) as url:
        yield Slack(url, fake_slack)


# -- /jobpicks ---------------------------------------------------------------------------------------


def test_help_and_an_unknown_subcommand_answer_only_the_person_who_asked(slack: Slack) -> None:
    reply = slack.command("help")
    assert reply.status_code == 200
    assert "`/jobpicks refresh`" in reply.json()["text"]
    assert reply.json().get("response_type", "ephemeral") == "ephemeral"
    unknown = slack.command("frobnicate <!channel>").json()
    assert unknown["text"].startswith("I don't know `frobnicate`")
    assert "`/jobpicks status`" in unknown["text"]
    assert slack.command("").json()["text"] == reply.json()["text"], "bare /jobpicks is help"


def test_status_tells_the_last_run_per_source_and_llm_usage(slack: Slack, ctx: AppContext) -> None:
    assert "No run yet" in slack.command("status").json()["text"]
    # As an earlier jobpicks stored it: the counts beside the date, no cache or fallback counts yet.
    old_status = json.dumps(
        {
            "finished_at": "2026-11-21T16:00:00+00:00",
            "date": "2026-11-21",
            "kind": "daily",
            "picks": 3,
            "delivery_error": None,
            "collected": 50,
            "new": 42,
            "filtered_out": 2,
            "scored": 40,
            "llm_requests": 6,
            "prompt_tokens": 12000,
            "completion_tokens": 900,
            "errors": [],
            "sources": [
                {"source": "linkedin", "found": 30, "error": None, "warnings": []},
                {"source": "indeed", "found": 0, "error": "HTTP 429 <too many>", "warnings": []},
            ],
        },
    )
    ctx.store.r.set(f"{ctx.store.prefix}:status:{ctx.destination}", old_status)
    text = slack.command("status").json()["text"]
    assert "Last run: daily for 2026-11-21" in text
    assert "linkedin: 30 postings" in text and "indeed: failed: HTTP 429 &lt;too many&gt;" in text
    assert "LLM: 6 requests, 12900 tokens" in text


def test_profile_shows_what_picks_are_scored_against(slack: Slack) -> None:
    text = slack.command("profile").json()["text"]
    assert "*Profile alex*" in text
    assert "*Roles:* machine learning engineer intern" in text
    assert "*Your votes:* 0 👍, 0 👎" in text


def test_refresh_acknowledges_at_once_runs_once_and_reports(fake_slack: FakeSlack, ctx: AppContext) -> None:
    release = threading.Event()
    runs: list[int] = []

    def refresh() -> RunOutcome:
        runs.append(1)
        release.wait(10)
        d = digest(past_picks(), kind="refresh")
        delivered = SlackDelivery(slack_client(ctx.settings), ctx.store, ctx.profile_id, pace_seconds=0)(d)
        return RunOutcome(d, delivered)

    with served(build_app(ctx, refresh=refresh)) as url:
        slack = Slack(url, fake_slack)
        assert said(slack.command("refresh")).startswith("Looking for new picks…")
        fake_slack.wait_until(lambda: runs)
        second = said(slack.command("refresh"))
        assert second.startswith("A run for #job-picks is already under way")
        release.set()
        done = fake_slack.wait_until(lambda: [r for r in fake_slack.responses if r["hook"] == "cmd"])
    assert done[0]["text"] == f"Posted 3 new picks in <#{CHANNEL_ID}>."
    assert done[0]["response_type"] == "ephemeral"
    assert len(runs) == 1
    overview = fake_slack.messages(CHANNEL_ID, top_level=True)[0]
    assert overview.visible_text.startswith("More job picks · Sat 21 Nov")


def test_a_refresh_that_fails_says_why_in_one_line(fake_slack: FakeSlack, ctx: AppContext) -> None:
    from bot.errors import SlackDeliveryError

    def refresh() -> RunOutcome:
        raise SlackDeliveryError("Slack refused the message (not_in_channel)", "invite the app")

    with served(build_app(ctx, refresh=refresh)) as url:
        Slack(url, fake_slack).command("refresh")
        (reply,) = fake_slack.wait_until(lambda: fake_slack.responses)
    assert reply["text"] == "The refresh failed: Slack refused the message (not_in_channel) — invite the app"


def test_twenty_simultaneous_commands_are_all_acknowledged(slack: Slack) -> None:
    with ThreadPoolExecutor(20) as pool:
        replies = list(pool.map(lambda _: slack.command("help"), range(20)))
    assert [r.status_code for r in replies] == [200] * 20
    assert all("`/jobpicks refresh`" in r.json()["text"] for r in replies)


def test_while_redis_is_away_a_command_and_a_click_each_say_what_to_do(
    fake_slack: FakeSlack, store_away: Store
) -> None:
    with served(build_app(make_context(fake_slack, store_away), refresh=no_refresh)) as url:
        slack = Slack(url, fake_slack)
        reply = slack.command("status")
        assert reply.status_code == 200, "answered, not a 500 Slack would show as a failed command"
        assert reply.json()["response_type"] == "ephemeral"
        text = reply.json()["text"]
        assert text.startswith("jobpicks could not do that: Redis stopped answering")
        assert "check that the server is up" in text and "Traceback" not in text

        assert slack.click("vote_up", "1700000000.000100").status_code == 200
        (told,) = fake_slack.wait_until(lambda: [r for r in fake_slack.responses if r["hook"] == "click"])
        assert told["text"].startswith("jobpicks could not do that: Redis stopped answering")
        assert told["response_type"] == "ephemeral"


# -- votes -------------------------------------------------------------------------------------------


def test_a_thumbs_up_click_is_recorded_and_shown_in_place(slack: Slack, fake_slack: FakeSlack, ctx: AppContext) -> None:
    first, *_ = post_digest(ctx)
    assert slack.click("vote_up", first).status_code == 200
    message = fake_slack.wait_until(lambda: (m := fake_slack.message(CHANNEL_ID, first)).updates and m)
    assert "👍 1" in message.visible_text and "@U0ALEX" in message.visible_text
    assert "Undo my vote" in message.visible_text
    assert "1. Machine Learning Engineer Intern" in message.visible_text, "the pick itself is unchanged"
    (vote,) = ctx.store.votes.all("alex")
    assert (vote.user, vote.value, vote.company, vote.digest) == ("U0ALEX", 1, "TikTok", "#job-picks:2026-11-21")
    assert vote.reason.startswith("Excellent AI and recommender systems role")


async def test_a_thumbs_down_click_teaches_what_the_pick_was_and_tomorrow_says_so(
    slack: Slack, fake_slack: FakeSlack, ctx: AppContext
) -> None:
    picks = past_picks()
    for pick in picks:
        pick.features = posting_features(pick.posting, ctx.config.profile.skills)
    delivery = SlackDelivery(slack_client(ctx.settings), ctx.store, ctx.profile_id, pace_seconds=0)
    first, *_ = delivery(digest(picks)).pick_messages.values()
    assert slack.click("vote_down", first).status_code == 200
    fake_slack.wait_until(lambda: fake_slack.message(CHANNEL_ID, first).updates == 1)
    (vote,) = ctx.store.votes.all("alex")
    assert vote.features == picks[0].features and "employer:tiktok" in vote.features

    tomorrow = replace(picks[0].posting, key="linkedin:4400000777", url="https://www.linkedin.com/jobs/view/4400000777")
    result = await score_postings([tomorrow], ctx.config.profile, ScoringConfig(), votes=ctx.store.votes.all("alex"))
    assert result.scored[0].taste_line.startswith("↓ ") and "you 👎 1 TikTok pick" in result.scored[0].taste_line


def test_a_second_click_of_the_same_button_changes_nothing(
    slack: Slack, fake_slack: FakeSlack, ctx: AppContext
) -> None:
    first, *_ = post_digest(ctx)
    slack.click("vote_up", first)
    fake_slack.wait_until(lambda: fake_slack.message(CHANNEL_ID, first).updates == 1)
    version = ctx.store.votes.feedback_version("alex")
    slack.click("vote_up", first)
    slack.click("vote_down", first)  # a later click: by then the first repeat has been handled
    fake_slack.wait_until(lambda: fake_slack.message(CHANNEL_ID, first).updates == 2)
    assert int(ctx.store.votes.feedback_version("alex")) == int(version) + 1, "the repeat did not count"
    message = fake_slack.message(CHANNEL_ID, first)
    assert "👎 1" in message.visible_text and "👍 1" not in message.visible_text


def test_undo_withdraws_the_vote(slack: Slack, fake_slack: FakeSlack, ctx: AppContext) -> None:
    first, *_ = post_digest(ctx)
    slack.click("vote_down", first)
    fake_slack.wait_until(lambda: fake_slack.message(CHANNEL_ID, first).updates == 1)
    slack.click("vote_undo", first)
    message = fake_slack.wait_until(lambda: (m := fake_slack.message(CHANNEL_ID, first)).updates == 2 and m)
    assert ctx.store.votes.all("alex") == []
    assert [b["text"]["text"] for b in message.buttons()] == ["👍", "👎"]


def test_two_people_voting_are_both_shown(slack: Slack, fake_slack: FakeSlack, ctx: AppContext) -> None:
    first, *_ = post_digest(ctx)
    slack.click("vote_up", first, user="U0ALEX")
    slack.click("vote_up", first, user="U0SAM")
    # Two clicks at once redraw side by side; the pick settles on both votes, however the redraws interleave.
    message = fake_slack.wait_until(lambda: "👍 2" in (m := fake_slack.message(CHANNEL_ID, first)).visible_text and m)
    assert "👍 2" in message.visible_text and "@U0ALEX, @U0SAM" in message.visible_text


def test_a_thumbs_reaction_votes_once_and_removing_it_withdraws(
    slack: Slack, fake_slack: FakeSlack, ctx: AppContext
) -> None:
    _, second, _ = post_digest(ctx)
    assert slack.react("reaction_added", "+1::skin-tone-3", second, "Ev1").status_code == 200
    fake_slack.wait_until(lambda: fake_slack.message(CHANNEL_ID, second).updates == 1)
    assert [(v.user, v.value) for v in ctx.store.votes.all("alex")] == [("U0ALEX", 1)]
    # Slack redelivers an event it thinks was lost: it must count once.
    slack.react("reaction_added", "+1::skin-tone-3", second, "Ev1", extra={"X-Slack-Retry-Num": "1"})
    slack.react("reaction_added", "tada", second, "Ev2")
    slack.react("reaction_removed", "thumbsup", second, "Ev3")
    fake_slack.wait_until(lambda: fake_slack.message(CHANNEL_ID, second).updates == 2)
    assert ctx.store.votes.all("alex") == []
    assert "👍 1" not in fake_slack.message(CHANNEL_ID, second).visible_text


def test_removing_a_thumbs_up_leaves_a_later_thumbs_down_click(
    slack: Slack, fake_slack: FakeSlack, ctx: AppContext
) -> None:
    first, *_ = post_digest(ctx)
    slack.react("reaction_added", "thumbsup", first, "Ev1")
    fake_slack.wait_until(lambda: fake_slack.message(CHANNEL_ID, first).updates == 1)
    slack.click("vote_down", first)
    fake_slack.wait_until(lambda: fake_slack.message(CHANNEL_ID, first).updates == 2)
    slack.react("reaction_removed", "thumbsup", first, "Ev2")
    slack.click("vote_down", first)  # a repeat: changes nothing either
    # Someone else's vote is a change: once it shows, the requests before it were handled.
    slack.click("vote_up", first, user="U0SAM")
    fake_slack.wait_until(lambda: fake_slack.message(CHANNEL_ID, first).updates == 3)
    assert sorted((v.user, v.value) for v in ctx.store.votes.all("alex")) == [("U0ALEX", -1), ("U0SAM", 1)]


# -- who may talk to the app --------------------------------------------------------------------------


def test_forged_tampered_and_stale_requests_are_refused_and_do_nothing(
    slack: Slack, fake_slack: FakeSlack, ctx: AppContext
) -> None:
    first, *_ = post_digest(ctx)
    forged = slack.send(
        block_action_body("vote_up", "", CHANNEL_ID, first, fake_slack.response_url()), secret="not-the-secret"
    )
    tampered = slack.send(
        reaction_event_body("reaction_added", "-1", CHANNEL_ID, first, event_id="Ev9"),
        content_type="application/json",
        tamper=lambda b: b.replace("U0ALEX", "U0EVE"),
    )
    stale = slack.command("refresh", timestamp=int(time.time()) - 10 * 60)
    unsigned = slack.http.post(
        slack.url,
        content=b"command=/jobpicks&text=refresh",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert [r.status_code for r in (forged, tampered, stale, unsigned)] == [401, 401, 401, 401]
    # A genuine click afterwards goes through; once it shows, nothing refused before it did anything.
    assert slack.click("vote_up", first).status_code == 200
    fake_slack.wait_until(lambda: fake_slack.message(CHANNEL_ID, first).updates == 1)
    assert [(v.user, v.value) for v in ctx.store.votes.all("alex")] == [("U0ALEX", 1)]
    assert fake_slack.responses == [], "no refresh ran"


# -- the real pipeline behind /jobpicks refresh ---------------------------------------------------------


@pytest.fixture
def board_url() -> Iterator[str]:
    """A Greenhouse job board on loopback serving a saved Stripe board."""
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    from tests.conftest import DATA

    body = (DATA / "greenhouse" / "jobs.json").read_bytes()

    class Board(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            found = self.path.startswith("/v1/boards/stripe/jobs")
            self.send_response(200 if found else 404)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body if found else b"{}")

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Board)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def test_refresh_runs_the_pipeline_and_posts_only_postings_not_shown_before(
    fake_slack: FakeSlack, store: Store, board_url: str
) -> None:
    from bot.config import DigestConfig
    from scrapers.config import SourceConfig

    ctx = make_context(fake_slack, store)
    ctx.config.sources = {"greenhouse": SourceConfig(base_url=board_url, companies=["stripe"])}
    ctx.config.profile.max_age_days = 365
    ctx.config.digest = DigestConfig(destination="#job-picks", size=2, per_company=5, timezone="UTC", min_score=0)
    with served(build_app(ctx)) as url:  # no refresh given: the real pipeline
        slack = Slack(url, fake_slack)
        assert said(slack.command("refresh")).startswith("Looking for new picks…")
        (first,) = fake_slack.wait_until(lambda: fake_slack.responses, timeout=30)
        assert first["text"] == f"Posted 2 new picks in <#{CHANNEL_ID}>."
        (overview,) = fake_slack.messages(CHANNEL_ID, top_level=True)
        shown = [m.text for m in fake_slack.thread(CHANNEL_ID, overview.ts)]
        assert len(shown) == 2 and all(" at Stripe" in text for text in shown)

        # The board holds 3 postings: the next refresh shows the third, the one after finds nothing new.
        for expected in (2, 3):
            said(slack.command("refresh"))
            fake_slack.wait_until(lambda n=expected: len(fake_slack.responses) == n, timeout=30)
    assert fake_slack.responses[1]["text"] == f"Posted 1 new pick in <#{CHANNEL_ID}>."
    third = fake_slack.responses[2]["text"]
    assert third == "No new picks: all 3 postings found were shown before."
    assert len(fake_slack.messages(CHANNEL_ID, top_level=True)) == 2, "nothing new is not posted to the channel"

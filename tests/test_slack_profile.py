"""Editing the profile from Slack: /jobpicks profile → Edit profile → a prefilled modal → Save.

Driven as Slack drives it: signed requests to the app served on loopback, the real slack_sdk client
talking to the fake Slack Web API, the real Redis; runs afterwards use the real pipeline against a
Greenhouse board on loopback (and a fake OpenAI-compatible server where LLM scoring matters).
"""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Iterator

import httpx
import pytest

from bot.config import DigestConfig
from bot.context import AppContext
from bot.pipeline import build_digest
from bot.progress import Progress
from bot.slack.app import build_app
from bot.slack.profile_modal import EDIT_PROFILE, RESET_PROFILE
from bot.store import Store
from scrapers.config import SourceConfig
from tests import test_slack_app
from tests.fake_openai import FakeOpenAI
from tests.fake_slack import (
    CHANNEL_ID,
    FakeSlack,
    View,
    block_action_body,
    block_errors,
    fake_slack_server,  # noqa: F401 - the fixture
    submitted_state,
    view_submission_body,
)
from tests.slack_fixtures import make_context, no_refresh
from tests.test_slack_app import Slack, said, served

board_url = test_slack_app.board_url  # the Greenhouse board on loopback (a fixture)

PROFILE_MESSAGE_TS = "1763700000.900001"  # the ephemeral /jobpicks profile answer the button sits on


class Editor(Slack):
    """Slack plus the person's side of the profile editor."""

    def open_editor(self, response_url: str | None = None) -> View:
        opened = len(self.fake.views)
        body = block_action_body(
            EDIT_PROFILE, "", CHANNEL_ID, PROFILE_MESSAGE_TS, response_url or self.fake.response_url("profile")
        )
        assert self.send(body).status_code == 200
        return self.fake.wait_until(lambda: len(self.fake.views) > opened and self.fake.views[-1])

    def save(self, view: View, typed: dict[str, object] | None = None, **kwargs: object) -> httpx.Response:
        """Press Save after typing `typed` (block_id -> text, or the checkbox values ticked)."""
        body = view_submission_body(view.view, submitted_state(view.view, typed))
        return self.send(body, **kwargs)  # type: ignore[arg-type]

    def told(self, n: int = 1) -> list[dict]:
        """What replaced the profile message the edit started from, once `n` replies arrived."""
        return self.fake.wait_until(
            lambda: len(r := [x for x in self.fake.responses if x["hook"] == "profile"]) >= n and r
        )


def buttons(reply: httpx.Response) -> list[str]:
    return [e["text"]["text"] for b in reply.json()["blocks"] if b["type"] == "actions" for e in b["elements"]]


@pytest.fixture
def ctx(fake_slack: FakeSlack, store: Store) -> AppContext:
    ctx = make_context(fake_slack, store)
    ctx.config.profile.locations = ["Seattle, WA", "Remote"]
    return ctx


@pytest.fixture
def editor(fake_slack: FakeSlack, ctx: AppContext) -> Iterator[Editor]:
    with served(build_app(ctx, refresh=no_refresh)) as url:
        yield Editor(url, fake_slack)


def run_digest(ctx: AppContext) -> dict[str, tuple[str, int]]:
    """A run up to delivery (the real pipeline, score cache on): posting key -> (title, score) of each pick."""
    digest = asyncio.run(build_digest(ctx, kind="refresh", progress=Progress(live=False)))
    return {p.posting.key: (p.posting.title, p.score) for p in digest.picks}


def greenhouse_context(fake_slack: FakeSlack, store: Store, board_url: str) -> AppContext:
    ctx = make_context(fake_slack, store)
    ctx.config.sources = {"greenhouse": SourceConfig(base_url=board_url, companies=["stripe"])}
    ctx.config.profile.max_age_days = 365
    ctx.config.digest = DigestConfig(destination="#job-picks", size=5, per_company=5, timezone="UTC", min_score=0)
    return ctx


# -- opening the editor ----------------------------------------------------------------------------------


def test_edit_profile_opens_a_modal_prefilled_with_the_profile(editor: Editor, fake_slack: FakeSlack) -> None:
    reply = editor.command("profile")
    assert buttons(reply) == ["Edit profile"], "no Reset while nothing was edited in Slack"
    view = editor.open_editor()  # the fake refuses a view Slack would refuse, so this one passed its checks
    assert view.trigger_id == "1.2.3", "opened with the click's trigger_id"
    assert view.view["title"]["text"] == "Edit profile"
    assert view.input("roles")["initial_value"] == "machine learning engineer intern"
    assert view.input("skills")["initial_value"] == "pytorch"
    assert view.input("locations")["initial_value"] == "Seattle, WA\nRemote", "one place per line"
    assert "initial_value" not in view.input("summary") and view.input("summary")["multiline"]
    age = view.input("max_age_days")
    assert (age["initial_value"], age["min_value"], age["max_value"]) == ("14", "1", "365")
    assert [o["value"] for o in view.input("flags")["initial_options"]] == ["remote_ok"]


def test_an_editor_slack_would_not_open_is_explained_to_the_person_who_clicked(
    editor: Editor, fake_slack: FakeSlack
) -> None:
    fake_slack.fail("views.open", "expired_trigger_id")
    body = block_action_body(EDIT_PROFILE, "", CHANNEL_ID, PROFILE_MESSAGE_TS, fake_slack.response_url("profile"))
    assert editor.send(body).status_code == 200
    (told,) = editor.told()
    assert told["text"] == (
        "The profile editor did not open (Slack said `expired_trigger_id`); click Edit "
        "profile again, or run /jobpicks profile."
    )
    assert told["replace_original"] is False, "the profile stays on screen"
    assert fake_slack.views == []


# -- saving -------------------------------------------------------------------------------------------


def test_a_saved_edit_is_told_in_one_line_and_the_next_refresh_drops_an_avoided_posting(
    fake_slack: FakeSlack, store: Store, board_url: str
) -> None:
    ctx = greenhouse_context(fake_slack, store, board_url)
    with served(build_app(ctx)) as url:  # the real pipeline behind /jobpicks refresh
        editor = Editor(url, fake_slack)
        view = editor.open_editor()
        saved = editor.save(view, {"avoid_keywords": "AI Sales", "flags": []})
        assert saved.status_code == 200 and saved.content == b"", "an empty ack closes the modal"
        (told,) = editor.told()
        assert told["text"].startswith(
            "Profile saved: remote OK: no; keywords to avoid + AI Sales. The next run uses it."
        )
        assert told["replace_original"] is True and told["response_type"] == "ephemeral"
        assert store.profiles.saved("alex") == {"remote_ok": False, "avoid_keywords": ["AI Sales"]}

        assert said(editor.command("refresh")).startswith("Looking for new picks…")
        (done,) = fake_slack.wait_until(lambda: [r for r in fake_slack.responses if r["hook"] == "cmd"], 30)
        assert done["text"] == f"Posted 2 new picks in <#{CHANNEL_ID}>.", "the board holds 3; one is avoided"
        (overview,) = fake_slack.messages(CHANNEL_ID, top_level=True)
        shown = [m.text for m in fake_slack.thread(CHANNEL_ID, overview.ts)]
        assert len(shown) == 2 and not any("AI Sales" in text for text in shown)

        profile = editor.command("profile")
        assert "keywords to avoid + AI Sales" not in profile.json()["text"]
        assert "*Avoid:* AI Sales" in profile.json()["text"] and "no remote" in profile.json()["text"]
        assert "Edited in Slack (remote OK, keywords to avoid)" in profile.json()["text"]
        assert buttons(profile) == ["Edit profile", "Reset to file"]
        assert block_errors(profile.json()["blocks"]) == [], "a message Slack shows as sent"
        status = said(editor.command("status"))
        assert "Profile edited in Slack (remote OK, keywords to avoid) overrides [profile]" in status


def test_the_editor_opens_with_the_profile_as_edited(editor: Editor, ctx: AppContext) -> None:
    editor.save(editor.open_editor(), {"skills": "pytorch, rust\nsql", "locations": "Seattle, WA\nBoston, MA"})
    view = editor.open_editor()
    assert view.input("skills")["initial_value"] == "pytorch\nrust\nsql"
    assert view.input("locations")["initial_value"] == "Seattle, WA\nBoston, MA"
    assert ctx.store.profiles.saved("alex") == {
        "skills": ["pytorch", "rust", "sql"],
        "locations": ["Seattle, WA", "Boston, MA"],
    }


@pytest.mark.parametrize("typed", ["0", "abc"])
def test_a_bad_maximum_age_keeps_the_modal_open_naming_the_field_and_saves_nothing(
    editor: Editor, ctx: AppContext, typed: str
) -> None:
    view = editor.open_editor()
    refused = editor.save(view, {"max_age_days": typed, "skills": "rust"})
    assert refused.status_code == 200
    assert refused.json() == {
        "response_action": "errors",
        "errors": {"max_age_days": "Enter a whole number from 1 to 365."},
    }
    assert ctx.store.profiles.saved("alex") is None, "not even the valid skills"
    # Corrected, the same modal saves; its reply is the only one: the refused submit told nobody anything.
    assert editor.save(view, {"max_age_days": "30"}).content == b""
    (told,) = editor.told()
    assert told["text"].startswith("Profile saved: maximum posting age 14 → 30 days.")
    assert ctx.store.profiles.saved("alex") == {"max_age_days": 30}


def test_when_redis_goes_away_save_keeps_the_form_open_saying_what_to_do(
    editor: Editor, ctx: AppContext, store: Store, store_away: Store
) -> None:
    view = editor.open_editor()
    ctx.store = store_away
    refused = editor.save(view, {"skills": "rust"})
    assert refused.status_code == 200
    assert refused.json()["response_action"] == "errors", "the form stays open with what was typed"
    assert refused.json()["errors"]["summary"].startswith("jobpicks could not do that: Redis stopped answering")
    assert store.profiles.saved("alex") is None

    # Opening the editor again while Redis is still away says so to the person who clicked.
    body = block_action_body(EDIT_PROFILE, "", CHANNEL_ID, PROFILE_MESSAGE_TS, editor.fake.response_url("profile"))
    assert editor.send(body).status_code == 200
    (told,) = editor.told()
    assert told["text"].startswith("jobpicks could not do that: Redis stopped answering")


def test_a_forged_or_tampered_submission_is_refused_and_saves_nothing(editor: Editor, ctx: AppContext) -> None:
    view = editor.open_editor()
    forged = editor.save(view, {"avoid_companies": "Stripe"}, secret="not-the-secret")
    tampered = editor.save(view, {"skills": "rust"}, tamper=lambda body: body.replace("rust", "cobol"))
    assert [forged.status_code, tampered.status_code] == [401, 401]
    assert ctx.store.profiles.saved("alex") is None
    assert editor.save(view, {"skills": "rust"}).status_code == 200
    assert ctx.store.profiles.saved("alex") == {"skills": ["rust"]}


def test_after_the_profile_messages_response_url_stopped_working_the_change_comes_by_dm(
    editor: Editor, fake_slack: FakeSlack, ctx: AppContext
) -> None:
    # Slack refuses a response_url after 30 minutes; a port nothing listens on refuses it as well.
    gone = socket.socket()
    gone.bind(("127.0.0.1", 0))
    view = editor.open_editor(response_url=f"http://127.0.0.1:{gone.getsockname()[1]}/respond/expired")
    gone.close()
    assert editor.save(view, {"avoid_companies": "Acme <Corp>"}).content == b""
    (dm,) = fake_slack.wait_until(lambda: fake_slack.messages("D0ALEX"))
    assert dm.visible_text == "Profile saved: companies to avoid + Acme <Corp>. The next run uses it."
    assert ctx.store.profiles.saved("alex") == {"avoid_companies": ["Acme <Corp>"]}


# -- back to the file ---------------------------------------------------------------------------------


def test_reset_by_command_or_button_restores_the_files_profile(editor: Editor, ctx: AppContext) -> None:
    editor.save(editor.open_editor(), {"skills": "rust"})
    reset = editor.command("profile reset").json()["text"]
    assert reset.startswith("Reset: runs use `[profile]` from the config file again.")
    assert "*Skills:* pytorch" in reset
    assert ctx.store.profiles.saved("alex") is None
    assert "Profile edited in Slack" not in said(editor.command("status"))
    assert editor.command("profile reset").json()["text"].startswith("Nothing to reset")

    editor.save(editor.open_editor(), {"skills": "rust"})
    editor.told(2)
    body = block_action_body(RESET_PROFILE, "", CHANNEL_ID, PROFILE_MESSAGE_TS, editor.fake.response_url("reset"))
    assert editor.send(body).status_code == 200
    (told,) = editor.fake.wait_until(lambda: [r for r in editor.fake.responses if r["hook"] == "reset"])
    assert told["text"].startswith("Reset:") and told["replace_original"] is True
    assert "*Skills:* pytorch" in told["text"]
    assert ctx.store.profiles.saved("alex") is None


def test_editing_back_to_the_files_values_leaves_nothing_overriding_it(editor: Editor, ctx: AppContext) -> None:
    editor.save(editor.open_editor(), {"skills": "rust"})
    editor.save(editor.open_editor(), {"skills": "pytorch"})
    assert editor.told(2)[-1]["text"].startswith("Profile saved: skills + pytorch − rust.")
    assert ctx.store.profiles.saved("alex") is None


# -- what runs score against ------------------------------------------------------------------------


def test_a_run_after_an_edit_scores_again_against_the_edited_profile(
    fake_slack: FakeSlack, store: Store, board_url: str
) -> None:
    ctx = greenhouse_context(fake_slack, store, board_url)
    with FakeOpenAI() as llm:
        ctx.settings = ctx.settings.model_copy(
            update={"openai_api_key": "k", "openai_base_url": llm.base_url, "openai_model": "fake-model"}
        )
        before = run_digest(ctx)
        asked = len(llm.requests)
        assert asked >= 1 and len(before) == 3
        assert run_digest(ctx) == before and len(llm.requests) == asked, "the same profile: all cached"

        with served(build_app(ctx, refresh=no_refresh)) as url:
            editor = Editor(url, fake_slack)
            editor.save(editor.open_editor(), {"skills": "pytorch\nsales"})
        after = run_digest(ctx)
    assert len(llm.requests) > asked, "the edited profile is a new cache key: scored again"
    assert "sales" in llm.systems()[-1].lower()
    (sales,) = [key for key, (title, _) in before.items() if "AI Sales" in title]
    assert after[sales][1] > before[sales][1], "the new skill counts in the LLM's score"

"""manifest.yml creates, in one paste, a Slack app that sends this app everything it listens for."""

from __future__ import annotations

from pathlib import Path

import yaml

from bot.slack.listeners.commands import COMMAND
from bot.slack.listeners.events import EVENTS

MANIFEST = yaml.safe_load((Path(__file__).parents[1] / "manifest.yml").read_text(encoding="utf-8"))


def test_the_manifest_declares_the_command_the_app_answers() -> None:
    commands = [c["command"] for c in MANIFEST["features"]["slash_commands"]]
    assert commands == [COMMAND]
    assert MANIFEST["settings"]["interactivity"]["is_enabled"], "the 👍/👎 buttons need interactivity"


def test_the_manifest_subscribes_to_every_event_the_app_handles_and_has_the_scopes() -> None:
    assert set(MANIFEST["settings"]["event_subscriptions"]["bot_events"]) == set(EVENTS)
    scopes = set(MANIFEST["oauth_config"]["scopes"]["bot"])
    assert {"chat:write", "commands", "reactions:read", "im:write"} <= scopes


def test_the_manifest_works_without_a_public_url() -> None:
    assert MANIFEST["settings"]["socket_mode_enabled"] is True
    display = MANIFEST["display_information"]
    # Slack's limits (docs.slack.dev/reference/app-manifest): App Settings refuses a manifest whose
    # long description is under 174 characters.
    assert len(display["name"]) <= 35 and len(display["description"]) <= 140
    assert 174 <= len(display["long_description"]) <= 4000


def test_the_manifest_lets_a_resumed_digest_read_its_thread_back_as_the_fake_slack_grants() -> None:
    from tests.fake_slack import SCOPES

    scopes = set(MANIFEST["oauth_config"]["scopes"]["bot"])
    # conversations.replies/.history need the history scope of the kind of conversation
    # (docs.slack.dev/reference/methods/conversations.history): public, private, DM.
    assert {"channels:history", "groups:history", "im:history"} <= scopes
    assert scopes == set(SCOPES), "the fake Slack grants exactly what the manifest asks for"


def test_the_manifest_turns_on_the_home_tab_the_app_draws_and_lets_it_read_a_members_time_zone() -> None:
    assert MANIFEST["features"]["app_home"]["home_tab_enabled"] is True
    assert "app_home_opened" in MANIFEST["settings"]["event_subscriptions"]["bot_events"]
    # users.info, which gives a member's `tz`, needs users:read (docs.slack.dev/reference/methods/users.info).
    assert "users:read" in MANIFEST["oauth_config"]["scopes"]["bot"]
    usage = MANIFEST["features"]["slash_commands"][0]["usage_hint"]
    assert "start" in usage and "stop" in usage

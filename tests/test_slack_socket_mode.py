"""Socket Mode: the same app over a WebSocket the app opens to (fake) Slack, no public URL needed."""

from __future__ import annotations

import json
from urllib.parse import parse_qsl

import pytest
from slack_bolt.adapter.socket_mode import SocketModeHandler

from bot.config import Settings
from bot.errors import ConfigError
from bot.slack.app import build_app, connection_mode
from bot.store import Store
from tests.fake_slack import (
    CHANNEL_ID,
    FakeSlack,
    fake_slack_server,  # noqa: F401 - the fixture
    reaction_event_body,
    slash_command_body,
)
from tests.slack_fixtures import make_context, no_refresh, post_digest


def test_commands_and_reactions_arrive_over_socket_mode(fake_slack: FakeSlack, store: Store) -> None:
    ctx = make_context(fake_slack, store)
    handler = SocketModeHandler(build_app(ctx, refresh=no_refresh), fake_slack.app_token)
    handler.connect()
    try:
        fake_slack.wait_until(fake_slack.socket_connected)
        command = dict(parse_qsl(slash_command_body("help", fake_slack.response_url())))
        fake_slack.socket_send(
            {"envelope_id": "env-1", "type": "slash_commands", "accepts_response_payload": True, "payload": command}
        )
        (ack,) = fake_slack.wait_until(lambda: [a for a in fake_slack.socket_acks if a.get("envelope_id") == "env-1"])
        assert "`/jobpicks refresh`" in ack["payload"]["text"]

        first, *_ = post_digest(ctx)
        event = json.loads(reaction_event_body("reaction_added", "-1", CHANNEL_ID, first, event_id="Ev7"))
        fake_slack.socket_send(
            {"envelope_id": "env-2", "type": "events_api", "accepts_response_payload": False, "payload": event}
        )
        fake_slack.wait_until(lambda: fake_slack.message(CHANNEL_ID, first).updates == 1)
        assert [(v.user, v.value) for v in store.votes.all("alex")] == [("U0ALEX", -1)]
        assert any(a.get("envelope_id") == "env-2" for a in fake_slack.socket_acks)
    finally:
        handler.close()


def test_socket_mode_when_an_app_token_is_set_unless_http_is_asked_for() -> None:
    both = Settings(_env_file=None, slack_app_token="xapp-1", slack_signing_secret="s")
    assert connection_mode(both, http=False) == "socket"
    assert connection_mode(both, http=True) == "http"
    with pytest.raises(ConfigError, match="SLACK_SIGNING_SECRET is not set") as err:
        connection_mode(Settings(_env_file=None), http=False)
    assert "SLACK_APP_TOKEN to use Socket Mode" in str(err.value)

"""Posting a digest through the real slack_sdk client to a fake Slack on loopback."""

from __future__ import annotations

import pytest

from bot.config import Settings
from bot.errors import ConfigError, SlackDeliveryError
from bot.slack.delivery import SlackDelivery, slack_client
from bot.store import Store
from tests.fake_slack import CHANNEL_ID, FakeSlack, fake_slack_server  # noqa: F401 - the fixture
from tests.slack_fixtures import digest, many_picks, past_picks, stats


def _delivery(fake: FakeSlack, store: Store, token: str | None = None) -> SlackDelivery:
    settings = Settings(_env_file=None, slack_bot_token=token or fake.bot_token, slack_api_url=fake.api_url)
    return SlackDelivery(slack_client(settings), store, "alex", pace_seconds=0)


def test_twenty_picks_arrive_as_an_overview_and_a_thread_in_rank_order(fake_slack: FakeSlack, store: Store) -> None:
    picks = many_picks(20)
    delivered = _delivery(fake_slack, store)(digest(picks))

    assert delivered.channel == CHANNEL_ID, "the channel's id, though the config names it #job-picks"
    top = fake_slack.messages(CHANNEL_ID, top_level=True)
    assert len(top) == 1
    assert top[0].visible_text.startswith("Daily job picks · Sat 21 Nov")
    thread = fake_slack.thread(CHANNEL_ID, top[0].ts)
    assert [m.text.split(" · ")[0] for m in thread] == [f"#{i}" for i in range(1, 21)]
    assert delivered.messages == [top[0].ts, *(m.ts for m in thread)]
    assert delivered.pick_messages == {p.posting.key: m.ts for p, m in zip(picks, thread, strict=True)}
    # Reactions on a pick message find their posting.
    info = store.messages.get(CHANNEL_ID, thread[0].ts)
    assert info is not None
    assert info.posting_key == picks[0].posting.key and info.digest == "#job-picks:2026-11-21"
    assert all(not c.args.get("unfurl_links") for c in fake_slack.calls_of("chat.postMessage"))


def test_a_rate_limited_post_is_retried_after_retry_after(fake_slack: FakeSlack, store: Store) -> None:
    fake_slack.rate_limit("chat.postMessage", times=2, retry_after=0)
    delivered = _delivery(fake_slack, store)(digest(past_picks()))
    statuses = [c.status for c in fake_slack.calls_of("chat.postMessage")]
    assert statuses[:3] == [429, 429, 200]
    assert len(fake_slack.messages(CHANNEL_ID)) == 4 == len(delivered.messages), "each message once"


def test_a_day_with_nothing_new_posts_one_message(fake_slack: FakeSlack, store: Store) -> None:
    delivered = _delivery(fake_slack, store)(digest([], run=stats(new=0)))
    (message,) = fake_slack.messages(CHANNEL_ID)
    assert "Nothing new today" in message.visible_text and "indeed failed: 429" in message.visible_text
    assert delivered.pick_messages == {}


def test_a_wrong_token_is_one_line_saying_what_to_do(fake_slack: FakeSlack, store: Store) -> None:
    with pytest.raises(SlackDeliveryError) as err:
        _delivery(fake_slack, store, token="xoxb-wrong")(digest(past_picks()))
    assert str(err.value) == (
        "Slack refused the bot token (invalid_auth) — check SLACK_BOT_TOKEN against "
        "your app's Install App page, or reinstall the app"
    )
    assert fake_slack.messages() == []


def test_an_unknown_channel_names_the_destination_to_fix(fake_slack: FakeSlack, store: Store) -> None:
    with pytest.raises(SlackDeliveryError) as err:
        _delivery(fake_slack, store)(digest(past_picks(), destination="#nowhere"))
    assert "'#nowhere'" in str(err.value) and "[digest] destination" in str(err.value)


def test_when_slack_refuses_part_way_the_error_says_which_picks_went_out(fake_slack: FakeSlack, store: Store) -> None:
    picks = past_picks()
    fake_slack.fail("chat.postMessage", "not_in_channel", after=2)
    with pytest.raises(SlackDeliveryError) as err:
        _delivery(fake_slack, store)(digest(picks))
    delivered = err.value.delivered
    assert delivered is not None and not delivered.complete
    assert list(delivered.pick_messages) == [picks[0].posting.key]
    assert "1 of 3 picks were posted" in str(err.value) and "/invite @jobpicks" in str(err.value)


def test_without_a_bot_token_the_client_is_not_built() -> None:
    with pytest.raises(ConfigError, match="SLACK_BOT_TOKEN is not set"):
        slack_client(Settings(_env_file=None, slack_bot_token=None))

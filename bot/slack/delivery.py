"""Posting a digest to Slack: the overview, then each pick in its thread, at Slack's pace.

Slack allows about one message per second per channel, "while allowing bursts over that limit for
short periods" (docs.slack.dev/apis/web-api/rate-limits, chat.postMessage), so after a burst of
`burst` messages they are spaced `pace_seconds` apart; a 429 is still waited out as its
`Retry-After` says, by slack_sdk's RateLimitErrorRetryHandler.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime
from urllib.error import URLError

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError
from slack_sdk.http_retry import ConnectionErrorRetryHandler, RateLimitErrorRetryHandler

from bot.config import Settings
from bot.digest import Delivered, Digest
from bot.errors import ConfigError, SlackDeliveryError
from bot.slack.blocks import OutgoingMessage, digest_plan
from bot.store import Store
from bot.store.records import PickMessage


def slack_client(settings: Settings, *, rate_limit_retries: int = 5) -> WebClient:
    """The Web API client every part of the app uses: the bot token, SLACK_API_URL, and retries.

    Only connection failures and 429s are retried: a 5xx may already have posted the message, and
    posting it twice is worse than reporting the failure.
    """
    if not settings.slack_bot_token:
        raise ConfigError(
            "SLACK_BOT_TOKEN is not set",
            "copy the Bot User OAuth Token (xoxb-…) from your Slack app's Install App page",
        )
    return WebClient(
        token=settings.slack_bot_token,
        base_url=settings.slack_api_url,
        timeout=30,
        retry_handlers=[
            ConnectionErrorRetryHandler(max_retry_count=2),
            RateLimitErrorRetryHandler(max_retry_count=rate_limit_retries),
        ],
    )


def explain_slack_error(error: str, channel: str) -> tuple[str, str]:
    """What a Slack error code means for the person running jobpicks, and what to do: (message, hint)."""
    if error == "channel_not_found":
        return (
            f"Slack has no channel {channel!r} the app can post to",
            "set [digest] destination to a channel id (C…) or your user id (U…) for a DM",
        )
    if error in ("not_in_channel", "is_archived"):
        return (
            f"the app cannot post in {channel!r} ({error})",
            "invite it there with /invite @jobpicks, or pick another [digest] destination",
        )
    if error in ("invalid_auth", "not_authed", "account_inactive", "token_revoked", "token_expired"):
        return (
            f"Slack refused the bot token ({error})",
            "check SLACK_BOT_TOKEN against your app's Install App page, or reinstall the app",
        )
    if error == "missing_scope":
        return (
            "the Slack app lacks a permission it needs (missing_scope)",
            "add the scopes in manifest.yml to your app and reinstall it",
        )
    if error == "ratelimited":
        return ("Slack kept rate limiting the app after several retries", "try again in a minute")
    if error in ("invalid_blocks", "msg_too_long", "invalid_arguments"):
        return (
            f"Slack refused a digest message as malformed ({error})",
            "this is a jobpicks bug: please report it with the digest date",
        )
    return (
        f"Slack refused the message ({error})",
        "see https://docs.slack.dev/reference/methods/chat.postMessage for that error",
    )


class SlackDelivery:
    """Posts digests for one profile; callable as the pipeline's `deliver`."""

    def __init__(
        self, client: WebClient, store: Store, profile_id: str, *, pace_seconds: float = 1.0, burst: int = 3
    ) -> None:
        self.client = client
        self.store = store
        self.profile_id = profile_id
        self.pace_seconds = pace_seconds
        self.burst = burst
        self._allowance = float(burst)
        self._last_post: float | None = None

    def __call__(self, digest: Digest) -> Delivered:
        delivered = Delivered(channel=digest.destination)
        if digest.is_empty and digest.kind != "daily":
            # A refresh that found nothing is told to the person who asked, not to the whole channel.
            return delivered
        plan = digest_plan(digest, datetime.now(UTC))
        thread_ts: str | None = None
        for message in plan:
            ts = self._post(message, delivered, thread_ts, digest)
            thread_ts = thread_ts or ts
            if message.posting_key and message.view is not None:
                delivered.pick_messages[message.posting_key] = ts
                # Mapped as each pick goes out, so reactions work even if a later message fails.
                self.store.messages.remember(delivered.channel, {ts: PickMessage.of(message.view, self.profile_id)})
        return delivered

    def _post(self, message: OutgoingMessage, delivered: Delivered, thread_ts: str | None, digest: Digest) -> str:
        self._wait_turn()
        # Unfurling twenty job links would bury the picks under previews.
        args = {"channel": delivered.channel, **message.payload(), "unfurl_links": False, "unfurl_media": False}
        if message.in_thread and thread_ts:
            args["thread_ts"] = thread_ts
        try:
            response = self.client.chat_postMessage(**args)
        except SlackApiError as exc:
            text, hint = explain_slack_error(str(exc.response.get("error", "unknown_error")), digest.destination)
            raise self._interrupted(text, hint, delivered, len(digest.picks)) from exc
        except (SlackClientError, URLError, OSError) as exc:
            text = f"Slack could not be reached at {self.client.base_url} ({exc})"
            raise self._interrupted(
                text, "check the network, or SLACK_API_URL if you set it", delivered, len(digest.picks)
            ) from exc
        finally:
            self._last_post = time.monotonic()
        # Slack answers with the channel's id even when it was addressed by name or user id.
        delivered.channel = str(response["channel"])
        ts = str(response["ts"])
        delivered.messages.append(ts)
        return ts

    def _wait_turn(self) -> None:
        """A token bucket: `burst` messages at once, then one per `pace_seconds`."""
        if self.pace_seconds <= 0:
            return
        if self._last_post is not None:
            refill = (time.monotonic() - self._last_post) / self.pace_seconds
            self._allowance = min(float(self.burst), self._allowance + refill)
        if self._allowance < 1:
            time.sleep((1 - self._allowance) * self.pace_seconds)
            self._allowance = 1.0
        self._allowance -= 1

    def _interrupted(self, text: str, hint: str, delivered: Delivered, total: int) -> SlackDeliveryError:
        delivered.complete = False
        if delivered.messages:
            text = f"{text}; {len(delivered.pick_messages)} of {total} picks were posted before it"
        return SlackDeliveryError(text, hint, delivered=delivered)

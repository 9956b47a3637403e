"""Posting a digest to Slack: the overview, then each pick in its thread, at Slack's pace.

Slack allows about one message per second per channel, "while allowing bursts over that limit for
short periods" (docs.slack.dev/apis/web-api/rate-limits, chat.postMessage), so after a burst of
`burst` messages they are spaced `pace_seconds` apart; a 429 is still waited out as its
`Retry-After` says, by slack_sdk's RateLimitErrorRetryHandler.

Each message is told to the delivery's journal the moment Slack accepts it, and carries Slack message
metadata naming its digest, its delivery and (for a pick) its posting
(docs.slack.dev/messaging/message-metadata). A delivery resumed after its process died between Slack
accepting a message and the journal recording it reads the thread back (conversations.replies with
include_all_metadata) to learn whether that message is there before posting it again.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Iterator
from datetime import timedelta
from typing import Any
from urllib.error import URLError

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError
from slack_sdk.http_retry import ConnectionErrorRetryHandler, RateLimitErrorRetryHandler

from bot.config import Settings
from bot.context import AppContext
from bot.digest import OVERVIEW, Delivered, Digest, Journal
from bot.errors import ConfigError, RunInterrupted, SlackDeliveryError
from bot.journal import MemoryJournal
from bot.slack.blocks import OutgoingMessage, digest_plan
from bot.store import Store

log = logging.getLogger("jobpicks.delivery")

# The event type of every digest message's metadata; its payload names the digest ("<destination>:<date>"),
# the delivery (one attempt at posting it, resumed or not), the message, and for a pick its posting key.
METADATA_EVENT = "jobpicks_digest_message"
# A channel, private channel or DM id: what conversations.* take (a "#name" is only for posting).
_CONVERSATION_ID = re.compile(r"^[CGD][A-Z0-9]{2,}$")
# Slack's clock and ours may differ; a resumed delivery reads the channel from a little before its plan.
_CLOCK_SLACK = timedelta(minutes=5)
# Slack gives at most 15 messages a read to apps distributed outside the Marketplace
# (docs.slack.dev/reference/methods/conversations.replies); pages of that size work for every app.
_PAGE = 15


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


def explain_slack_error(error: str, channel: str, bot: str = "jobpicks") -> tuple[str, str]:
    """What a Slack error code means for the person running jobpicks, and what to do: (message, hint)."""
    if error == "channel_not_found":
        return (
            f"Slack has no channel {channel!r} the app can post to",
            "set [digest] destination to a channel id (C…) or your user id (U…) for a DM",
        )
    if error == "not_in_channel":
        where = channel or "the channel"
        return (
            f"the app cannot post in {where!r} ({error}): it was not invited there",
            f"invite it: type /invite @{bot} in {where}, then run again (the morning schedule tries again by itself)",
        )
    if error == "is_archived":
        return (
            f"the app cannot post in {channel!r} ({error})",
            "unarchive it, or pick another [digest] destination",
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
    if error in ("invalid_blocks", "msg_too_long", "invalid_arguments", "invalid_metadata_format"):
        return (
            f"Slack refused a digest message as malformed ({error})",
            "this is a jobpicks bug: please report it with the digest date",
        )
    if error.startswith("HTTP "):
        return (f"Slack answered {error}", "Slack may be having trouble (status.slack.com); try again in a few minutes")
    return (
        f"Slack refused the message ({error})",
        "see https://docs.slack.dev/reference/methods/chat.postMessage for that error",
    )


def slack_error_code(exc: SlackApiError) -> str:
    """The `error` of Slack's answer, or "HTTP <status>" for an answer that is not Slack's JSON (a 5xx page)."""
    status = exc.response.status_code
    data = exc.response.data
    # slack_sdk reads a page that is not JSON (a 5xx from Slack's edge) as an error describing the parse.
    if status >= 500 or not (isinstance(data, dict) and data.get("error")):
        return f"HTTP {status}" if status != 200 else "unknown_error"
    return str(data["error"])


def slack_delivery(ctx: AppContext, client: WebClient | None = None) -> SlackDelivery:
    """The delivery of `ctx`'s digest to Slack, at the channel's and the workspace's pace."""
    return SlackDelivery(
        client or slack_client(ctx.settings),
        ctx.store,
        ctx.profile_id,
        per_minute=ctx.config.digest.slack_per_minute,
    )


class SlackDelivery:
    """Posts digests for one profile; callable as the pipeline's `deliver`."""

    def __init__(
        self,
        client: WebClient,
        store: Store,
        profile_id: str,
        *,
        pace_seconds: float = 1.0,
        burst: int = 3,
        per_minute: int = 0,
    ) -> None:
        self.client = client
        self.store = store
        self.profile_id = profile_id
        self.pace_seconds = pace_seconds
        # The workspace's limit, shared with every other digest and process through the store (0: none).
        self.per_minute = per_minute
        self.burst = burst
        self._allowance = float(burst)
        self._last_post: float | None = None

    def __call__(self, digest: Digest, journal: Journal | None = None) -> Delivered:
        """Post what of `digest` has not reached the person yet, in order, telling `journal` as it goes."""
        journal = journal or MemoryJournal(self.store, self.profile_id)
        if digest.is_empty and digest.kind != "daily":
            # A refresh that found nothing is told to the person who asked, not to the whole channel.
            return Delivered(channel=digest.destination)
        plan = digest_plan(digest, journal.planned_at)
        done = journal.delivered()
        if journal.unsure() is not None:
            done |= self._found_in_slack(plan, journal, digest, done)
        # Once a message went out, the channel is the id Slack answered with; until then, as configured.
        delivered = Delivered(channel=journal.channel() if done else digest.destination)
        thread_ts = done.get(OVERVIEW)
        for message in plan:
            ts = done.get(message.id)
            if ts is None:
                reason = journal.stop_reason()
                if reason is not None:
                    raise self._stopped(reason, delivered, digest)
                ts = self._post(message, delivered, thread_ts, digest, journal)
            else:
                delivered.messages.append(ts)
            thread_ts = thread_ts or ts
            if message.posting_key:
                delivered.pick_messages[message.posting_key] = ts
        return delivered

    def _post(
        self, message: OutgoingMessage, delivered: Delivered, thread_ts: str | None, digest: Digest, journal: Journal
    ) -> str:
        self._wait_turn(journal)
        # Unfurling twenty job links would bury the picks under previews.
        args: dict[str, Any] = {
            "channel": delivered.channel,
            **message.payload(),
            "unfurl_links": False,
            "unfurl_media": False,
            "metadata": self._metadata(message, digest, journal),
        }
        if message.in_thread and thread_ts:
            args["thread_ts"] = thread_ts
        journal.posting(message.id)
        try:
            response = self.client.chat_postMessage(**args)
        except SlackApiError as exc:
            code = slack_error_code(exc)
            if exc.response.status_code < 500:
                # Slack answered, and refused: the message is not there. A 5xx may have posted it.
                journal.not_posted(message.id)
            bot = self._bot_name() if code == "not_in_channel" else "jobpicks"
            text, hint = explain_slack_error(code, digest.destination, bot)
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
        journal.sent(message.id, delivered.channel, ts, message.view)
        return ts

    @staticmethod
    def _metadata(message: OutgoingMessage, digest: Digest, journal: Journal) -> dict[str, Any]:
        payload = {
            "digest": f"{digest.destination}:{digest.day.isoformat()}",
            "delivery": journal.delivery_id,
            "message": message.id,
        }
        if message.posting_key:
            payload["posting_key"] = message.posting_key
        return {"event_type": METADATA_EVENT, "event_payload": payload}

    def _found_in_slack(
        self, plan: list[OutgoingMessage], journal: Journal, digest: Digest, done: dict[str, str]
    ) -> dict[str, str]:
        """The unsure message, if Slack has it: read back from the thread (or the channel, for the
        overview) and recorded, so it is not posted twice."""
        unsure = next((m for m in plan if m.id == journal.unsure()), None)
        if unsure is None:
            return {}
        channel = next((c for c in (journal.channel(), digest.destination) if _CONVERSATION_ID.match(c)), "")
        if not channel:
            # Only a channel's id can be read, and Slack never answered with it: the overview alone can
            # have been in flight, so at worst the overview is posted twice, never a pick.
            log.warning("cannot check whether the overview of %s reached Slack; posting it", digest.destination)
            return {}
        try:
            if unsure.in_thread and OVERVIEW in done:
                after = max(done.values(), key=float)
                found = self._ours(self._thread(channel, done[OVERVIEW], after), journal.delivery_id)
            else:
                since = (journal.planned_at - _CLOCK_SLACK).timestamp()
                found = self._ours(self._channel(channel, f"{since:.6f}"), journal.delivery_id)
        except SlackApiError as exc:
            code = slack_error_code(exc)
            needed = exc.response.data.get("needed") if isinstance(exc.response.data, dict) else None
            scope = f" ({needed})" if needed else ""
            raise SlackDeliveryError(
                f"cannot tell whether the last message of the interrupted digest reached {digest.destination}: "
                f"Slack refused to show the thread ({code}{scope})",
                "add the history scopes in manifest.yml (channels:history, groups:history, im:history) to the "
                "app and reinstall it, then run again; nothing was posted twice",
            ) from exc
        except (SlackClientError, URLError, OSError) as exc:
            raise SlackDeliveryError(
                f"Slack could not be reached at {self.client.base_url} ({exc})",
                "check the network, or SLACK_API_URL if you set it",
            ) from exc
        recovered: dict[str, str] = {}
        for message in plan:
            ts = found.get(message.id)
            if ts is not None and message.id not in done:
                journal.sent(message.id, channel, ts, message.view)
                recovered[message.id] = ts
        return recovered

    def _thread(self, channel: str, thread_ts: str, after: str) -> Iterator[dict]:
        return self._pages("conversations_replies", channel=channel, ts=thread_ts, oldest=after)

    def _channel(self, channel: str, since: str) -> Iterator[dict]:
        return self._pages("conversations_history", channel=channel, oldest=since)

    def _pages(self, method: str, **args: Any) -> Iterator[dict]:
        cursor: str | None = None
        while True:
            page = getattr(self.client, method)(include_all_metadata=True, limit=_PAGE, cursor=cursor, **args)
            yield from page.get("messages") or []
            cursor = (page.get("response_metadata") or {}).get("next_cursor")
            if not cursor:
                return

    @staticmethod
    def _ours(messages: Iterator[dict], delivery: str) -> dict[str, str]:
        """Message id -> ts of the messages of `delivery` among `messages`."""
        found: dict[str, str] = {}
        for message in messages:
            metadata = message.get("metadata") or {}
            payload = metadata.get("event_payload") or {}
            if metadata.get("event_type") == METADATA_EVENT and payload.get("delivery") == delivery:
                found[str(payload.get("message"))] = str(message["ts"])
        return found

    def _bot_name(self) -> str:
        """The bot's name as people type it in /invite; "jobpicks" when Slack will not say."""
        try:
            return str(self.client.auth_test().get("user") or "jobpicks")
        except (SlackClientError, URLError, OSError):
            return "jobpicks"

    def _wait_turn(self, journal: Journal) -> None:
        """A token bucket per channel: `burst` messages at once, then one per `pace_seconds`; and a
        turn within the workspace's `per_minute`, counted across processes."""
        while (wait := self.store.pace.take(self.per_minute)) > 0:
            journal.wait(wait)
        if self.pace_seconds <= 0:
            return
        if self._last_post is not None:
            refill = (time.monotonic() - self._last_post) / self.pace_seconds
            self._allowance = min(float(self.burst), self._allowance + refill)
        if self._allowance < 1:
            journal.wait((1 - self._allowance) * self.pace_seconds)
            self._allowance = 1.0
        self._allowance -= 1

    def _interrupted(self, text: str, hint: str, delivered: Delivered, total: int) -> SlackDeliveryError:
        delivered.complete = False
        if delivered.messages:
            posted = len(delivered.pick_messages)
            text = f"{text}; {posted} of {total} picks were posted before it"
            hint = f"{hint}; the next run posts the other {total - posted} in the same thread"
        return SlackDeliveryError(text, hint, delivered=delivered)

    def _stopped(self, reason: str, delivered: Delivered, digest: Digest) -> RunInterrupted:
        delivered.complete = False
        posted, total = len(delivered.pick_messages), len(digest.picks)
        return RunInterrupted(
            f"stopped ({reason}) after posting {posted} of {total} picks to {digest.destination}",
            f"the next run posts the other {total - posted} in the same thread",
            delivered=delivered,
        )

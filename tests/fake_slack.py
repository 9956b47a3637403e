"""A local stand-in for Slack's Web API (and Socket Mode), for the real slack_sdk client to talk to.

Start it, point `WebClient(base_url=fake.api_url)` or SLACK_API_URL at it, and read back what a user
would see: `fake.messages(...)`, `fake.thread(...)`, `fake.responses` (posts to a slash command's
response_url), `Message.visible_text`, `fake.views` (modals opened with views.open, as updated), `fake.homes` (each
member's Home tab, as views.publish last drew it; `users.info` answers from `members`).
It answers like Slack: `invalid_auth` for a wrong token, `channel_not_found`, `invalid_blocks` for
more than 50 blocks or any over-long field, `invalid_arguments` for a modal Slack would refuse, and,
when told to, 429 with `Retry-After`, a 5xx, or any other error. Messages keep their metadata
(docs.slack.dev/messaging/message-metadata), which conversations.history and conversations.replies
return with `include_all_metadata`, a page at a time; reading needs the history scopes, which a test
can withhold (`scopes=`). `slow(...)` makes Slack take its time answering each message after storing
it, so a test can act (kill the poster) while a message is in Slack but its answer is not back yet.

Usage in a test::

    with FakeSlack() as fake:
        client = WebClient(token=fake.bot_token, base_url=fake.api_url)
        ...
        assert "Daily job picks" in fake.messages("C0JOBPICKS")[0].visible_text
"""

from __future__ import annotations

import asyncio
import html
import itertools
import json
import re
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

import pytest
from aiohttp import WSMsgType, web

BOT_TOKEN = "xoxb-test-token"
APP_TOKEN = "xapp-test-token"
CHANNEL_ID = "C0JOBPICKS"
CHANNEL_NAME = "#job-picks"


@dataclass
class Message:
    channel: str
    ts: str
    text: str
    blocks: list[dict]
    thread_ts: str | None = None
    updates: int = 0
    metadata: dict | None = None

    def as_slack_returns(self, with_metadata: bool) -> dict:
        """The message as conversations.history and .replies return it."""
        shown: dict[str, Any] = {"type": "message", "ts": self.ts, "text": self.text, "blocks": self.blocks}
        shown |= {"user": "U0BOT", "bot_id": "B0BOT"}
        if self.thread_ts:
            shown["thread_ts"] = self.thread_ts
        if with_metadata and self.metadata:
            shown["metadata"] = self.metadata
        return shown

    @property
    def visible_text(self) -> str:
        """The message as a person reads it: links shown by their label, entities decoded."""
        return render_blocks(self.blocks) if self.blocks else render_mrkdwn(self.text)

    def buttons(self) -> list[dict]:
        return [e for b in self.blocks if b.get("type") == "actions" for e in b.get("elements", [])]


@dataclass
class View:
    """A modal as Slack shows it: the view the app sent, with the id Slack gave it."""

    id: str
    view: dict
    trigger_id: str
    updates: int = 0

    @property
    def visible_text(self) -> str:
        """The view as a person reads it (a Home tab's text, a modal's labels)."""
        return render_blocks(self.view.get("blocks") or [])

    def buttons(self) -> list[str]:
        """The labels of the view's buttons, in order."""
        blocks = self.view.get("blocks") or []
        return [e["text"]["text"] for b in blocks if b.get("type") == "actions" for e in b.get("elements", [])]

    def input(self, block_id: str) -> dict:
        """The element of the input block `block_id`, as prefilled."""
        for block in self.view.get("blocks", []):
            if block.get("type") == "input" and block.get("block_id") == block_id:
                return block["element"]
        raise KeyError(f"no input block {block_id!r} in view {self.id}")


@dataclass
class Call:
    method: str
    args: dict[str, Any]
    status: int = 200


@dataclass
class _Scripted:
    status: int
    error: str | None
    retry_after: int | None
    times: int
    carried_out: bool = False  # the call took effect although the answer is an error


# What the manifest grants the bot; reading a conversation needs its history scope
# (docs.slack.dev/reference/methods/conversations.history).
SCOPES = frozenset(
    {"chat:write", "chat:write.public", "commands", "reactions:read", "im:write", "users:read"}
    | {"channels:history", "groups:history", "im:history"}
)

# The workspace's members as users.info describes them: the user object's `name`, `real_name`, `tz` (an
# IANA name), `tz_label`, `tz_offset` and `profile` (docs.slack.dev/reference/objects/user-object).
MEMBERS: dict[str, dict[str, Any]] = {
    "U0ALEX": {"name": "alex", "real_name": "Alex Kim", "tz": "Europe/Paris", "tz_label": "Central European Time"},
    "U0SAM": {"name": "sam", "real_name": "Sam Lee", "tz": "America/New_York", "tz_label": "Eastern Standard Time"},
}
_HISTORY_SCOPE = {"C": "channels:history", "G": "groups:history", "D": "im:history"}


@dataclass
class FakeSlack:
    bot_token: str = BOT_TOKEN
    app_token: str = APP_TOKEN
    channels: dict[str, str] = field(default_factory=lambda: {CHANNEL_NAME: CHANNEL_ID})
    scopes: frozenset[str] = SCOPES
    members: dict[str, dict[str, Any]] = field(default_factory=lambda: dict(MEMBERS))

    def __post_init__(self) -> None:
        self.calls: list[Call] = []
        self.responses: list[dict] = []
        self.socket_acks: list[dict] = []
        self.views: list[View] = []
        self.homes: dict[str, View] = {}  # each member's Home tab, as last published
        self._messages: list[Message] = []
        self._scripted: dict[str, list[_Scripted]] = {}
        self._ts = itertools.count(1)
        self._last_ts = 0.0
        self._slow: dict[str, float] = {}
        self._changed = threading.Condition()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._runner: web.AppRunner | None = None
        self._thread: threading.Thread | None = None
        self._sockets: list[web.WebSocketResponse] = []
        self.port = 0

    # -- lifecycle -------------------------------------------------------------------------------

    def start(self) -> FakeSlack:
        ready = threading.Event()

        def serve() -> None:
            self._loop = asyncio.new_event_loop()
            asyncio.set_event_loop(self._loop)
            app = web.Application()
            app.router.add_post("/api/{method}", self._api)
            app.router.add_post("/respond/{hook}", self._respond)
            app.router.add_get("/socket", self._socket)
            self._runner = web.AppRunner(app, access_log=None)
            self._loop.run_until_complete(self._runner.setup())
            site = web.TCPSite(self._runner, "127.0.0.1", 0)
            self._loop.run_until_complete(site.start())
            self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
            ready.set()
            self._loop.run_forever()

        self._thread = threading.Thread(target=serve, name="fake-slack", daemon=True)
        self._thread.start()
        if not ready.wait(10):
            raise RuntimeError("the fake Slack server did not start")
        return self

    def stop(self) -> None:
        if self._loop is None:
            return
        asyncio.run_coroutine_threadsafe(self._shutdown(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        if self._thread:
            self._thread.join(10)
        self._loop = None

    async def _shutdown(self) -> None:
        for ws in list(self._sockets):
            await ws.close()
        if self._runner:
            await self._runner.cleanup()

    def __enter__(self) -> FakeSlack:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def api_url(self) -> str:
        return f"{self.base_url}/api/"

    def response_url(self, hook: str = "hook") -> str:
        return f"{self.base_url}/respond/{hook}"

    # -- scripting Slack's bad days -------------------------------------------------------------

    def rate_limit(self, method: str, times: int = 1, retry_after: int = 0, *, after: int = 0) -> None:
        """After `after` more successful calls, the next `times` calls of `method` get HTTP 429 with
        `Retry-After: retry_after`."""
        if after:
            self._scripted.setdefault(method, []).append(_Scripted(200, None, None, after))
        self._scripted.setdefault(method, []).append(_Scripted(429, "ratelimited", retry_after, times))

    def fail(
        self, method: str, error: str, times: int = 1, *, after: int = 0, status: int = 200, carried_out: bool = False
    ) -> None:
        """After `after` more successful calls, the next `times` calls of `method` answer ok=false
        (with HTTP `status`: 200 as Slack refuses, or a 5xx as when Slack itself is in trouble).
        `carried_out`: the call took effect all the same (a 5xx after the message was posted)."""
        if after:
            self._scripted.setdefault(method, []).append(_Scripted(200, None, None, after))
        self._scripted.setdefault(method, []).append(_Scripted(status, error, None, times, carried_out))

    def slow(self, method: str, seconds: float) -> None:
        """Each later call of `method` is carried out at once but answered only `seconds` later."""
        self._slow[method] = seconds

    def pick_messages(self, channel: str = CHANNEL_ID) -> list[Message]:
        """Every pick message posted (thread replies that carry a posting key), in the order posted."""
        return [
            m
            for m in self.messages(channel)
            if m.thread_ts and (m.metadata or {}).get("event_payload", {}).get("posting_key")
        ]

    # -- reading back what a user would see -----------------------------------------------------

    def messages(self, channel: str | None = None, *, top_level: bool = False) -> list[Message]:
        with self._changed:
            return [
                m
                for m in self._messages
                if (channel is None or m.channel == channel) and not (top_level and m.thread_ts)
            ]

    def thread(self, channel: str, ts: str) -> list[Message]:
        return [m for m in self.messages(channel) if m.thread_ts == ts]

    def message(self, channel: str, ts: str) -> Message:
        for m in self.messages(channel):
            if m.ts == ts:
                return m
        raise KeyError(f"no message {ts} in {channel}")

    def calls_of(self, method: str) -> list[Call]:
        with self._changed:
            return [c for c in self.calls if c.method == method]

    def wait_until(self, condition: Callable[[], Any], timeout: float = 5.0) -> Any:
        """Wait for `condition()` to be truthy; listeners update messages after they acknowledge."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                result = condition()
                if result:
                    return result
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError("the fake Slack server did not see the expected change in time")
                self._changed.wait(min(left, 0.05))

    # -- Socket Mode ------------------------------------------------------------------------------

    def socket_send(self, envelope: dict) -> None:
        """Push an envelope (slash_commands, interactive, events_api) to every connected app."""
        if self._loop is None:
            raise RuntimeError("not started")

        async def send() -> None:
            for ws in list(self._sockets):
                await ws.send_str(json.dumps(envelope))

        asyncio.run_coroutine_threadsafe(send(), self._loop).result(5)

    def socket_connected(self) -> bool:
        return bool(self._sockets)

    async def _socket(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(autoping=True)
        await ws.prepare(request)
        self._sockets.append(ws)
        await ws.send_str(
            json.dumps({"type": "hello", "num_connections": 1, "connection_info": {"app_id": "A0JOBPICKS"}})
        )
        self._notify()
        try:
            async for msg in ws:
                if msg.type == WSMsgType.TEXT:
                    with self._changed:
                        self.socket_acks.append(json.loads(msg.data))
                        self._changed.notify_all()
        finally:
            self._sockets.remove(ws)
        return ws

    # -- the Web API ------------------------------------------------------------------------------

    async def _respond(self, request: web.Request) -> web.Response:
        body = await request.json()
        with self._changed:
            self.responses.append({"hook": request.match_info["hook"], **body})
            self._changed.notify_all()
        return web.Response(text="ok")

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        args = await _read_args(request)
        bearer = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
        token = bearer or args.pop("token", "")
        with self._changed:
            self.calls.append(Call(method, args))
            scripted = self._next_scripted(method)
            if scripted and scripted.error:
                self.calls[-1].status = scripted.status
                handler = getattr(self, "_m_" + method.replace(".", "_"), None)
                if scripted.carried_out and handler is not None:
                    handler(args)
                self._changed.notify_all()
                if scripted.status == 429:
                    return web.json_response(
                        {"ok": False, "error": "ratelimited"},
                        status=429,
                        headers={"Retry-After": str(scripted.retry_after or 0)},
                    )
                if scripted.status >= 500:
                    return web.Response(status=scripted.status, text=f"{scripted.error}: Slack is having trouble")
                return web.json_response({"ok": False, "error": scripted.error})
            wanted = self.app_token if method == "apps.connections.open" else self.bot_token
            if not token:
                return self._answer({"ok": False, "error": "not_authed"})
            if token != wanted:
                return self._answer({"ok": False, "error": "invalid_auth"})
            handler = getattr(self, "_m_" + method.replace(".", "_"), None)
            if handler is None:
                return self._answer({"ok": False, "error": "unknown_method"})
            answer = self._answer(handler(args))
            delay = self._slow.get(method, 0.0)
        if delay:
            await asyncio.sleep(delay)
        return answer

    def _answer(self, body: dict) -> web.Response:
        self._changed.notify_all()
        return web.json_response(body)

    def _next_scripted(self, method: str) -> _Scripted | None:
        queue = self._scripted.get(method)
        if not queue:
            return None
        head = queue[0]
        head.times -= 1
        if head.times <= 0:
            queue.pop(0)
        return head

    def _notify(self) -> None:
        with self._changed:
            self._changed.notify_all()

    def _resolve(self, channel: str) -> str | None:
        if channel in self.channels:
            return self.channels[channel]
        if channel in self.channels.values():
            return channel
        if re.fullmatch(r"[UW][A-Z0-9]{2,}", channel or ""):
            return "D" + channel[1:]  # posting to a user id goes to the app's DM with them
        if re.fullmatch(r"D[A-Z0-9]{2,}", channel or ""):
            return channel  # the DM's own id, as Slack answered the first post to the user
        return None

    def _m_auth_test(self, args: dict) -> dict:
        return {
            "ok": True,
            "url": "https://jobpicks-test.slack.com/",
            "team": "Test",
            "user": "jobpicks",
            "team_id": "T0TEST",
            "user_id": "U0BOT",
            "bot_id": "B0BOT",
        }

    def _m_apps_connections_open(self, args: dict) -> dict:
        return {"ok": True, "url": f"ws://127.0.0.1:{self.port}/socket"}

    def _m_chat_postMessage(self, args: dict) -> dict:
        channel = self._resolve(str(args.get("channel", "")))
        if channel is None:
            return {"ok": False, "error": "channel_not_found"}
        problem = _check_message(args)
        if problem:
            return problem
        metadata, problem = _metadata(args)
        if problem:
            return problem
        thread_ts = args.get("thread_ts")
        if thread_ts and not any(m.ts == thread_ts and m.channel == channel for m in self._messages):
            return {"ok": False, "error": "thread_not_found"}
        message = Message(channel, self._next_ts(), str(args.get("text") or ""), _blocks(args), thread_ts)
        message.metadata = metadata
        ts = message.ts
        self._messages.append(message)
        return {
            "ok": True,
            "channel": channel,
            "ts": ts,
            "message": {"type": "message", "text": message.text, "blocks": message.blocks, "ts": ts},
        }

    def _next_ts(self) -> str:
        """A message ts as Slack makes them: the time it was posted, unique and increasing in a channel."""
        self._last_ts = max(time.time(), self._last_ts + 0.000001)
        return f"{self._last_ts:.6f}"

    def _m_conversations_history(self, args: dict) -> dict:
        """Top-level messages, newest first (docs.slack.dev/reference/methods/conversations.history)."""
        channel, problem = self._readable(args)
        if problem:
            return problem
        found = [m for m in self._messages if m.channel == channel and (not m.thread_ts or m.thread_ts == m.ts)]
        return self._page(list(reversed(found)), args, default_limit=100)

    def _m_conversations_replies(self, args: dict) -> dict:
        """The thread's parent, then its replies in order (docs.slack.dev/reference/methods/conversations.replies)."""
        channel, problem = self._readable(args)
        if problem:
            return problem
        parent = [m for m in self._messages if m.channel == channel and m.ts == args.get("ts")]
        if not parent:
            return {"ok": False, "error": "thread_not_found"}
        replies = [
            m for m in self._messages if m.channel == channel and m.thread_ts == parent[0].ts and m is not parent[0]
        ]
        return self._page([parent[0], *replies], args, default_limit=1000, keep_first=True)

    def _readable(self, args: dict) -> tuple[str, dict | None]:
        channel = str(args.get("channel", ""))
        if channel not in self.channels.values() and not re.fullmatch(r"D[A-Z0-9]{2,}", channel):
            return channel, {"ok": False, "error": "channel_not_found"}
        needed = _HISTORY_SCOPE[channel[0]]
        if needed not in self.scopes:
            return channel, {
                "ok": False,
                "error": "missing_scope",
                "needed": needed,
                "provided": ",".join(sorted(self.scopes)),
            }
        return channel, None

    @staticmethod
    def _page(messages: list[Message], args: dict, *, default_limit: int, keep_first: bool = False) -> dict:
        """`oldest`/`latest` (exclusive unless `inclusive`), then `limit` messages from `cursor` on."""

        def within(m: Message) -> bool:
            ts, inclusive = float(m.ts), str(args.get("inclusive", "")).lower() in ("1", "true")
            oldest, latest = args.get("oldest"), args.get("latest")
            if oldest is not None and (ts < float(oldest) or (ts == float(oldest) and not inclusive)):
                return False
            return not (latest is not None and (ts > float(latest) or (ts == float(latest) and not inclusive)))

        head = messages[:1] if keep_first else []
        chosen = head + [m for m in messages[len(head) :] if within(m)]
        start = int(args.get("cursor") or 0)
        limit = int(args.get("limit") or default_limit)
        page = chosen[start : start + limit]
        more = start + limit < len(chosen)
        with_metadata = str(args.get("include_all_metadata", "")).lower() in ("1", "true")
        return {
            "ok": True,
            "messages": [m.as_slack_returns(with_metadata) for m in page],
            "has_more": more,
            "response_metadata": {"next_cursor": str(start + limit) if more else ""},
        }

    def _m_chat_update(self, args: dict) -> dict:
        channel = self._resolve(str(args.get("channel", "")))
        found = [m for m in self._messages if m.channel == channel and m.ts == args.get("ts")]
        if not found:
            return {"ok": False, "error": "message_not_found"}
        problem = _check_message(args)
        if problem:
            return problem
        message = found[0]
        message.text = str(args.get("text") or message.text)
        if "blocks" in args:
            message.blocks = _blocks(args)
        message.updates += 1
        return {"ok": True, "channel": channel, "ts": message.ts, "text": message.text}

    def _m_views_open(self, args: dict) -> dict:
        if not args.get("trigger_id"):
            return {"ok": False, "error": "invalid_trigger_id"}
        view, problem = _read_view(args)
        if problem:
            return problem
        view_id = f"V0{next(self._ts):08d}"
        self.views.append(View(view_id, {"id": view_id, **view}, str(args["trigger_id"])))
        return {"ok": True, "view": {"id": view_id, **view, "state": {"values": {}}}}

    def _m_views_update(self, args: dict) -> dict:
        found = [v for v in self.views if v.id == args.get("view_id")]
        if not found:
            return {"ok": False, "error": "not_found"}
        view, problem = _read_view(args)
        if problem:
            return problem
        found[0].view = {"id": found[0].id, **view}
        found[0].updates += 1
        return {"ok": True, "view": {**found[0].view, "state": {"values": {}}}}

    def _m_views_publish(self, args: dict) -> dict:
        """A member's Home tab (docs.slack.dev/reference/methods/views.publish): a `home` view of at most
        100 blocks (docs.slack.dev/reference/views/home-tab-views), for a user id."""
        user = str(args.get("user_id") or "")
        if not re.fullmatch(r"[UW][A-Z0-9]{2,}", user):
            return {"ok": False, "error": "invalid_arguments", "response_metadata": {"messages": ["invalid `user_id`"]}}
        view, problem = _read_view(args, kind="home")
        if problem:
            return problem
        shown = self.homes.get(user)
        view_id = shown.id if shown else f"V0{next(self._ts):08d}"
        updates = shown.updates + 1 if shown else 0
        self.homes[user] = View(view_id, {"id": view_id, **view}, "", updates)
        return {"ok": True, "view": {"id": view_id, **view, "state": {"values": {}}}}

    def _m_users_info(self, args: dict) -> dict:
        """A member as users.info answers (docs.slack.dev/reference/methods/users.info); needs users:read."""
        if "users:read" not in self.scopes:
            provided = ",".join(sorted(self.scopes))
            return {"ok": False, "error": "missing_scope", "needed": "users:read", "provided": provided}
        user = str(args.get("user") or "")
        member = self.members.get(user)
        if member is None:
            return {"ok": False, "error": "user_not_found"}
        profile = {"real_name": member.get("real_name", ""), "display_name": member.get("name", "")}
        return {"ok": True, "user": {"id": user, "team_id": "T0TEST", "deleted": False, **member, "profile": profile}}

    def _m_chat_postEphemeral(self, args: dict) -> dict:
        problem = _check_message(args)
        if problem:
            return problem
        self.responses.append({"hook": "ephemeral", "response_type": "ephemeral", **args})
        return {"ok": True, "message_ts": self._next_ts()}


# -- Slack's validation -------------------------------------------------------------------------


async def _read_args(request: web.Request) -> dict[str, Any]:
    raw = await request.read()
    if not raw:
        return dict(request.query)
    if request.content_type == "application/json":
        return json.loads(raw)
    return dict(parse_qsl(raw.decode("utf-8"), keep_blank_values=True))


def _blocks(args: dict) -> list[dict]:
    blocks = args.get("blocks") or []
    return json.loads(blocks) if isinstance(blocks, str) else list(blocks)


def _check_message(args: dict) -> dict | None:
    try:
        blocks = _blocks(args)
    except (ValueError, TypeError):
        return {"ok": False, "error": "invalid_blocks_format"}
    if not blocks and not args.get("text"):
        return {"ok": False, "error": "no_text"}
    errors = block_errors(blocks)
    if errors:
        return {
            "ok": False,
            "error": "invalid_blocks",
            "errors": errors,
            "response_metadata": {"messages": [f"[ERROR] {e}" for e in errors]},
        }
    return None


def _metadata(args: dict) -> tuple[dict | None, dict | None]:
    """The message's metadata as Slack keeps it: an `event_type` and an `event_payload` object."""
    raw = args.get("metadata")
    if raw is None:
        return None, None
    try:
        metadata = json.loads(raw) if isinstance(raw, str) else dict(raw)
    except (ValueError, TypeError):
        return None, {"ok": False, "error": "invalid_metadata_format"}
    if not isinstance(metadata.get("event_type"), str) or not isinstance(metadata.get("event_payload"), dict):
        return None, {"ok": False, "error": "invalid_metadata_schema"}
    return metadata, None


def _read_view(args: dict, kind: str = "modal") -> tuple[dict, dict | None]:
    try:
        view = args.get("view") or {}
        view = json.loads(view) if isinstance(view, str) else dict(view)
    except (ValueError, TypeError):
        return {}, {"ok": False, "error": "invalid_arguments"}
    errors = view_errors(view) if kind == "modal" else home_errors(view)
    if errors:
        return view, {
            "ok": False,
            "error": "invalid_arguments",
            "response_metadata": {"messages": [f"[ERROR] {e}" for e in errors]},
        }
    return view, None


def view_errors(view: dict) -> list[str]:
    """Slack's checks on a modal view (docs.slack.dev/reference/views/modal-views)."""
    errors: list[str] = []
    if view.get("type") != "modal":
        errors.append("must be modal [json-pointer:/view/type]")
    errors += _text_errors(view.get("title"), 24, "/view/title", plain_only=True)
    for key in ("submit", "close"):
        if key in view:
            errors += _text_errors(view[key], 24, f"/view/{key}", plain_only=True)
    blocks = view.get("blocks") or []
    if any(b.get("type") == "input" for b in blocks) and "submit" not in view:
        errors.append("must define submit to use input block [json-pointer:/view/submit]")
    if len(view.get("callback_id") or "") > 255:
        errors.append("must be less than 256 characters [json-pointer:/view/callback_id]")
    if len(view.get("private_metadata") or "") > 3000:
        errors.append("must be less than 3001 characters [json-pointer:/view/private_metadata]")
    return errors + block_errors(blocks, max_blocks=100, inputs=True)


def home_errors(view: dict) -> list[str]:
    """Slack's checks on a Home tab view (docs.slack.dev/reference/views/home-tab-views)."""
    errors: list[str] = []
    if view.get("type") != "home":
        errors.append("must be home [json-pointer:/view/type]")
    if len(view.get("callback_id") or "") > 255:
        errors.append("must be less than 256 characters [json-pointer:/view/callback_id]")
    if len(view.get("private_metadata") or "") > 3000:
        errors.append("must be less than 3001 characters [json-pointer:/view/private_metadata]")
    return errors + block_errors(view.get("blocks") or [], max_blocks=100)


def block_errors(blocks: list[dict], *, max_blocks: int = 50, inputs: bool = False) -> list[str]:
    """Slack's own checks on a message's blocks (or a modal's, `inputs` allowed), worded as Slack words them."""
    errors: list[str] = []
    if len(blocks) > max_blocks:
        errors.append(f"no more than {max_blocks} items allowed [json-pointer:/blocks]")
    seen_ids: set[str] = set()
    for i, block in enumerate(blocks):
        where = f"/blocks/{i}"
        block_id = block.get("block_id")
        if block_id is not None:
            if len(block_id) > 255:
                errors.append(f"must be less than 256 characters [json-pointer:{where}/block_id]")
            if block_id in seen_ids:
                errors.append(f"duplicate block_id [json-pointer:{where}/block_id]")
            seen_ids.add(block_id)
        kind = block.get("type")
        if kind == "header":
            errors += _text_errors(block.get("text"), 150, f"{where}/text", plain_only=True)
        elif kind == "section":
            if "text" not in block and "fields" not in block:
                errors.append(f"must provide text or fields [json-pointer:{where}]")
            if "text" in block:
                errors += _text_errors(block["text"], 3000, f"{where}/text")
            fields = block.get("fields") or []
            if len(fields) > 10:
                errors.append(f"no more than 10 items allowed [json-pointer:{where}/fields]")
            for j, f in enumerate(fields):
                errors += _text_errors(f, 2000, f"{where}/fields/{j}")
            if "accessory" in block:
                errors += _element_errors(block["accessory"], f"{where}/accessory")
        elif kind == "context":
            elements = block.get("elements") or []
            if not 1 <= len(elements) <= 10:
                errors.append(f"must have 1 to 10 items [json-pointer:{where}/elements]")
            for j, e in enumerate(elements):
                errors += _text_errors(e, 3000, f"{where}/elements/{j}")
        elif kind == "actions":
            elements = block.get("elements") or []
            if not 1 <= len(elements) <= 25:
                errors.append(f"must have 1 to 25 items [json-pointer:{where}/elements]")
            ids = [e.get("action_id") for e in elements if e.get("action_id")]
            if len(ids) != len(set(ids)):
                errors.append(f"duplicate action_id [json-pointer:{where}/elements]")
            for j, e in enumerate(elements):
                errors += _element_errors(e, f"{where}/elements/{j}")
        elif kind == "input" and inputs:
            errors += _input_errors(block, where)
        elif kind != "divider":
            errors.append(f"unsupported block type {kind!r} [json-pointer:{where}/type]")
    return errors


def _text_errors(obj: Any, limit: int, where: str, *, plain_only: bool = False) -> list[str]:
    if not isinstance(obj, dict) or obj.get("type") not in ("plain_text", "mrkdwn"):
        return [f"must be a text object [json-pointer:{where}]"]
    if plain_only and obj["type"] != "plain_text":
        return [f"must be plain_text [json-pointer:{where}/type]"]
    text = obj.get("text")
    if not isinstance(text, str) or not text:
        return [f"must be more than 0 characters [json-pointer:{where}/text]"]
    if len(text) > limit:
        return [f"must be less than {limit + 1} characters [json-pointer:{where}/text]"]
    return []


def _element_errors(element: dict, where: str) -> list[str]:
    if element.get("type") != "button":
        return [f"unsupported element type [json-pointer:{where}/type]"]
    errors = _text_errors(element.get("text"), 75, f"{where}/text", plain_only=True)
    if len(element.get("action_id", "")) > 255:
        errors.append(f"must be less than 256 characters [json-pointer:{where}/action_id]")
    if len(element.get("value", "")) > 2000:
        errors.append(f"must be less than 2001 characters [json-pointer:{where}/value]")
    if element.get("style") not in (None, "primary", "danger"):
        errors.append(f"must be primary or danger [json-pointer:{where}/style]")
    return errors


def _input_errors(block: dict, where: str) -> list[str]:
    """An input block: label and hint (block-kit/blocks/input-block) and its element's own limits."""
    errors = _text_errors(block.get("label"), 2000, f"{where}/label", plain_only=True)
    if "hint" in block:
        errors += _text_errors(block["hint"], 2000, f"{where}/hint", plain_only=True)
    element = block.get("element") or {}
    at = f"{where}/element"
    if len(element.get("action_id", "")) > 255:
        errors.append(f"must be less than 256 characters [json-pointer:{at}/action_id]")
    kind = element.get("type")
    if kind == "plain_text_input":
        limit = element.get("max_length")
        if limit is not None and not 1 <= limit <= 3000:
            errors.append(f"must be between 1 and 3000 [json-pointer:{at}/max_length]")
        if not isinstance(element.get("initial_value", ""), str):
            errors.append(f"must be a string [json-pointer:{at}/initial_value]")
    elif kind == "number_input":
        if "is_decimal_allowed" not in element:
            errors.append(f"must provide is_decimal_allowed [json-pointer:{at}]")
        for key in ("initial_value", "min_value", "max_value"):
            if not isinstance(element.get(key, ""), str):
                errors.append(f"must be a string [json-pointer:{at}/{key}]")
    elif kind == "checkboxes":
        options = element.get("options") or []
        if not 1 <= len(options) <= 10:
            errors.append(f"must have 1 to 10 items [json-pointer:{at}/options]")
        for j, option in enumerate(options):
            errors += _text_errors(option.get("text"), 75, f"{at}/options/{j}/text")
        for j, chosen in enumerate(element.get("initial_options") or []):
            if chosen not in options:
                errors.append(f"must match an option [json-pointer:{at}/initial_options/{j}]")
    else:
        errors.append(f"unsupported element type [json-pointer:{at}/type]")
    return errors


# -- what a person sees ---------------------------------------------------------------------------

_LINK = re.compile(r"<([^<>|]*)\|([^<>]*)>|<([^<>]*)>")


def render_mrkdwn(text: str) -> str:
    """mrkdwn as displayed: `<url|label>` shows the label, `<@U1>` a mention, entities decode."""

    def shown(m: re.Match) -> str:
        if m.group(2) is not None:
            return m.group(2)
        target = m.group(3)
        if target.startswith("!"):
            return "@" + target[1:].split("|")[0]  # <!channel> notifies everyone
        return "@" + target[1:] if target.startswith("@") else target

    return html.unescape(_LINK.sub(shown, text))


def render_blocks(blocks: list[dict]) -> str:
    lines: list[str] = []
    for block in blocks:
        texts = []
        if "text" in block:
            texts.append(block["text"])
        texts += block.get("fields", [])
        texts += [e for e in block.get("elements", []) if e.get("type") in ("mrkdwn", "plain_text")]
        texts += [e["text"] for e in block.get("elements", []) if e.get("type") == "button"]
        for t in texts:
            lines.append(t["text"] if t["type"] == "plain_text" else render_mrkdwn(t["text"]))
    return "\n".join(lines)


def mentions(text: str) -> list[str]:
    """The broadcast mentions (`<!channel>`, `<!here>`, `<!everyone>`) a mrkdwn text would fire."""
    return re.findall(r"<!(channel|here|everyone)(?:\|[^>]*)?>", text)


@pytest.fixture(name="fake_slack")
def fake_slack_server() -> Iterator[FakeSlack]:
    """`fake_slack`: a fake Slack on loopback for one test (`from fake_slack import fake_slack_server`)."""
    with FakeSlack() as fake:
        yield fake


# -- Slack's side of requests to an app -----------------------------------------------------------


def signed_headers(
    secret: str,
    body: str | bytes,
    timestamp: int | None = None,
    content_type: str = "application/x-www-form-urlencoded",
) -> dict[str, str]:
    """Headers Slack sends with a request: a v0 HMAC-SHA256 signature of `v0:<timestamp>:<body>`
    (docs.slack.dev/authentication/verifying-requests-from-slack), over the body's bytes as sent."""
    import hashlib
    import hmac

    ts = str(int(time.time()) if timestamp is None else timestamp)
    raw = body if isinstance(body, bytes) else body.encode()
    digest = hmac.new(secret.encode(), f"v0:{ts}:".encode() + raw, hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": f"v0={digest}", "Content-Type": content_type}


def slash_command_body(text: str, response_url: str, *, user: str = "U0ALEX", channel: str = CHANNEL_ID) -> str:
    from urllib.parse import urlencode

    return urlencode(
        {
            "token": "legacy",
            "team_id": "T0TEST",
            "team_domain": "test",
            "channel_id": channel,
            "channel_name": "job-picks",
            "user_id": user,
            "user_name": "alex",
            "command": "/jobpicks",
            "text": text,
            "api_app_id": "A0JOBPICKS",
            "response_url": response_url,
            "trigger_id": "1.2.3",
        }
    )


def block_action_body(
    action_id: str, value: str, channel: str, message_ts: str, response_url: str, *, user: str = "U0ALEX"
) -> str:
    where = {
        "container": {"type": "message", "message_ts": message_ts, "channel_id": channel, "is_ephemeral": False},
        "channel": {"id": channel, "name": "job-picks"},
        "message": {"type": "message", "ts": message_ts},
        "response_url": response_url,
    }
    action = {"type": "button", "action_id": action_id, "block_id": "votes", "value": value}
    return _block_actions(user, "1.2.3", where, action)


def _block_actions(user: str, trigger_id: str, where: dict, action: dict) -> str:
    """A block_actions payload: who clicked which button, and where it was (a message or a view)."""
    from urllib.parse import urlencode

    payload = {
        "type": "block_actions",
        "api_app_id": "A0JOBPICKS",
        "token": "legacy",
        "trigger_id": trigger_id,
        "user": {"id": user, "username": user.lower(), "team_id": "T0TEST"},
        "team": {"id": "T0TEST", "domain": "test"},
        **where,
        "actions": [{**action, "action_ts": str(time.time())}],
    }
    return urlencode({"payload": json.dumps(payload)})


def event_callback_body(event: dict, event_id: str) -> str:
    """The envelope Slack posts an event in to the app's request URL (docs.slack.dev/apis/events-api)."""
    return json.dumps(
        {
            "token": "legacy",
            "team_id": "T0TEST",
            "api_app_id": "A0JOBPICKS",
            "type": "event_callback",
            "event_id": event_id,
            "event_time": int(time.time()),
            "authorizations": [{"team_id": "T0TEST", "user_id": "U0BOT", "is_bot": True}],
            "event": event,
        }
    )


def reaction_event_body(
    kind: str, reaction: str, channel: str, ts: str, *, user: str = "U0ALEX", event_id: str = "Ev0001"
) -> str:
    event = {
        "type": kind,
        "user": user,
        "reaction": reaction,
        "item_user": "U0BOT",
        "item": {"type": "message", "channel": channel, "ts": ts},
        "event_ts": str(time.time()),
    }
    return event_callback_body(event, event_id)


def submitted_state(view: dict, typed: dict[str, Any] | None = None) -> dict[str, dict]:
    """`view.state.values` as Slack sends them on submit, after the person typed `typed` (block_id ->
    text, or for checkboxes the values ticked) and left every other input as prefilled."""
    typed = typed or {}
    values: dict[str, dict] = {}
    for block in view.get("blocks", []):
        if block.get("type") != "input":
            continue
        element, block_id = block["element"], block["block_id"]
        kind = element["type"]
        if kind == "checkboxes":
            ticked = typed.get(block_id, [o["value"] for o in element.get("initial_options", [])])
            state: dict[str, Any] = {
                "type": kind,
                "selected_options": [o for o in element["options"] if o["value"] in ticked],
            }
        else:
            # An empty text input comes back as null, not "".
            state = {"type": kind, "value": typed.get(block_id, element.get("initial_value")) or None}
        values[block_id] = {element["action_id"]: state}
    return values


def view_submission_body(view: dict, values: dict[str, dict], *, user: str = "U0ALEX") -> str:
    """The form body Slack posts when someone presses a modal's submit button."""
    from urllib.parse import urlencode

    payload = {
        "type": "view_submission",
        "api_app_id": "A0JOBPICKS",
        "token": "legacy",
        "trigger_id": "1.2.4",
        "team": {"id": "T0TEST", "domain": "test"},
        "user": {"id": user, "username": user.lower(), "name": user.lower(), "team_id": "T0TEST"},
        "view": {
            **view,
            "state": {"values": values},
            "team_id": "T0TEST",
            "app_id": "A0JOBPICKS",
            "bot_id": "B0BOT",
            "hash": "1763700000.abcdef",
        },
        "response_urls": [],
        "is_enterprise_install": False,
    }
    return urlencode({"payload": json.dumps(payload)})


def app_home_opened_body(user: str = "U0ALEX", *, tab: str = "home", event_id: str = "EvHome1") -> str:
    """The event Slack sends when `user` opens the app's Home (`tab` "home") or Messages tab
    (docs.slack.dev/reference/events/app_home_opened): the user, their DM with the app, the tab."""
    event = {
        "type": "app_home_opened",
        "user": user,
        "channel": "D" + user[1:],
        "tab": tab,
        "event_ts": f"{time.time():.6f}",
    }
    return event_callback_body(event, event_id)


def home_action_body(action_id: str, *, user: str = "U0ALEX", view_id: str = "V0HOME") -> str:
    """A click on a button of the Home tab: a block_actions payload whose container is the view, with a
    trigger_id and no response_url (docs.slack.dev/reference/interaction-payloads/block_actions-payload)."""
    where = {
        "container": {"type": "view", "view_id": view_id},
        "view": {"id": view_id, "type": "home", "team_id": "T0TEST", "app_id": "A0JOBPICKS", "blocks": []},
    }
    return _block_actions(user, "1.2.5", where, {"type": "button", "action_id": action_id, "block_id": "picks"})

"""Slack's HTTP requests served by a production ASGI server (uvicorn), at /slack/events.

Anyone on the internet can POST here, so a request earns each step before it gets the next, cheapest
first, and nothing unverified is held whole or parsed:

1. size: a Content-Length above `MAX_BODY_BYTES` is refused (413) before a byte of the body is read;
   a body without one (chunked) is read chunk by chunk and refused as soon as it passes the limit;
2. the timestamp: missing, not a number, or more than five minutes from now (a replay) -> 401;
3. the signature: the v0 HMAC-SHA256 of `v0:<timestamp>:<body>` with the signing secret
   (docs.slack.dev/authentication/verifying-requests-from-slack) -> 401 when it does not match;
4. the body: not UTF-8, malformed JSON, or a `payload` form field that is not a JSON object -> 400;
5. only then Bolt dispatches it; a signed body of a shape Bolt cannot handle is a 400 as well.

Every refusal is one log line saying what was refused and why, and a one-line plain-text answer; a
refused body is never echoed back. Refusals close the connection, so an oversized upload stops there
instead of being read to its end.

Bolt's Starlette handler calls the synchronous `App.dispatch` on the event loop, and dispatch waits
there until the listener acknowledges: one slow request would hold up every other. Dispatching in
Starlette's thread pool keeps the loop free, so many requests are acknowledged side by side. The
request and response conversions are Bolt's own.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import time
from urllib.parse import parse_qsl

from slack_bolt import App
from slack_bolt.adapter.starlette.handler import to_bolt_request, to_starlette_response
from slack_sdk.signature import SignatureVerifier
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

EVENTS_PATH = "/slack/events"

# Slack documents no request size, but bounds what it sends: a view submission, the largest, carries
# at most 100 blocks (docs.slack.dev/reference/block-kit/blocks) with texts of at most 3,000
# characters. Payloads are a few kilobytes; 1 MiB leaves room for the largest form-encoded view.
MAX_BODY_BYTES = 1 << 20

# "If the X-Slack-Request-Timestamp is more than five minutes from local time, it could be a replay
# attack" (docs.slack.dev/authentication/verifying-requests-from-slack).
MAX_CLOCK_SKEW_SECONDS = 5 * 60

log = logging.getLogger("jobpicks.slack.http")


class Refused(Exception):
    """A request that goes no further: the status to answer and why, for the log and the caller."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


class RawBodyVerifier(SignatureVerifier):
    """slack_sdk's verifier (time window, constant-time comparison) over the body's bytes as they
    arrived: the SDK decodes them as UTF-8 first, which fails on a body that is not, and the
    signature must be checked before the body is read as anything."""

    def generate_signature(self, *, timestamp: str, body: str | bytes) -> str | None:
        raw = body if isinstance(body, bytes) else body.encode()
        base = b"v0:" + timestamp.encode() + b":" + raw
        return "v0=" + hmac.new(self.signing_secret.encode(), base, hashlib.sha256).hexdigest()


def check_timestamp(value: str | None, now: float) -> str:
    """The request's timestamp if it could be Slack's now; else Refused (401)."""
    if value is None:
        raise Refused(401, "no X-Slack-Request-Timestamp header")
    if not value.strip().isdigit():
        raise Refused(401, "X-Slack-Request-Timestamp is not a number of seconds")
    if abs(now - int(value)) > MAX_CLOCK_SKEW_SECONDS:
        raise Refused(401, "X-Slack-Request-Timestamp is more than five minutes away (a replay, or a wrong clock)")
    return value.strip()


def check_length(value: str | None) -> None:
    """Refuse (413) a declared Content-Length above the limit, before reading any of the body."""
    if value is not None and value.strip().isdigit() and int(value) > MAX_BODY_BYTES:
        raise Refused(413, f"the body declares {int(value):,} bytes, more than the {MAX_BODY_BYTES:,} allowed")


async def read_capped(request: Request) -> bytes:
    """The whole body, refused (413) as soon as it passes the limit: never more than that in memory."""
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY_BYTES:
            raise Refused(413, f"the body runs past the {MAX_BODY_BYTES:,} bytes allowed")
        chunks.append(chunk)
    return b"".join(chunks)


def check_body(body: bytes, content_type: str) -> None:
    """Refuse (400) a body Bolt could not read. Mirrors how Bolt reads a body: JSON
    when declared or when it starts with "{", else a form whose `payload` field, if any, is JSON."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise Refused(400, f"the body is not UTF-8 (byte {exc.start})") from None
    media = content_type.split(";", 1)[0].strip().lower()
    if media == "application/json" or text.startswith("{"):
        _json_object(text, "the JSON body")
    elif "payload" in text:
        payload = dict(parse_qsl(text, keep_blank_values=True)).get("payload")
        if payload is not None:
            _json_object(payload, "the payload field")


def _json_object(text: str, what: str) -> None:
    try:
        value = json.loads(text)
    except ValueError as exc:
        raise Refused(400, f"{what} is not valid JSON ({exc})") from None
    if not isinstance(value, dict):
        raise Refused(400, f"{what} is not a JSON object")


async def verified_body(request: Request, verifier: SignatureVerifier) -> bytes:
    """The body of a request proven to be Slack's, in a form Bolt can read; Refused otherwise."""
    check_length(request.headers.get("content-length"))
    timestamp = check_timestamp(request.headers.get("x-slack-request-timestamp"), time.time())
    signature = request.headers.get("x-slack-signature")
    if not signature:
        raise Refused(401, "no X-Slack-Signature header")
    body = await read_capped(request)
    if not verifier.is_valid(body=body, timestamp=timestamp, signature=signature):
        raise Refused(401, "the signature does not match the body (a forged request, or the wrong signing secret)")
    check_body(body, request.headers.get("content-type", ""))
    return body


async def dispatch(app: App, request: Request, body: bytes) -> Response:
    """Bolt's answer to a verified request, in the thread pool."""
    try:
        bolt_response = await run_in_threadpool(app.dispatch, to_bolt_request(request, body))
    except Exception as exc:
        # Bolt trusts a signed body to have the shape Slack sends (an "event" object, a "view" with a
        # "type"...); one that does not would otherwise end as a 500 and a traceback in the log.
        raise Refused(400, f"Bolt cannot handle a body of this shape ({type(exc).__name__}: {exc})") from None
    return to_starlette_response(bolt_response)


def asgi_app(app: App, signing_secret: str) -> Starlette:
    """The ASGI app serving `app` at EVENTS_PATH, checking every request against `signing_secret`."""
    verifier = RawBodyVerifier(signing_secret)

    async def events(request: Request) -> Response:
        try:
            body = await verified_body(request, verifier)
            return await dispatch(app, request, body)
        except Refused as refused:
            client = request.client.host if request.client else "?"
            log.warning("refused a request from %s with %d: %s", client, refused.status, refused.reason)
            # Closing the connection stops an oversized upload here instead of reading it to its end.
            return PlainTextResponse(refused.reason, status_code=refused.status, headers={"Connection": "close"})

    async def health(request: Request) -> Response:
        return PlainTextResponse("ok")

    return Starlette(routes=[Route(EVENTS_PATH, events, methods=["POST"]), Route("/healthz", health, methods=["GET"])])

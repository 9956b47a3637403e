"""Slack's HTTP requests served by a production ASGI server (uvicorn), at /slack/events.

Bolt's Starlette handler calls the synchronous `App.dispatch` on the event loop, and dispatch waits
there until the listener acknowledges: one slow request would hold up every other. Dispatching in
Starlette's thread pool keeps the loop free, so many requests are acknowledged side by side. The
request and response conversions are Bolt's own.
"""

from __future__ import annotations

from slack_bolt import App
from slack_bolt.adapter.starlette.handler import to_bolt_request, to_starlette_response
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

EVENTS_PATH = "/slack/events"


def asgi_app(app: App) -> Starlette:
    async def events(request: Request) -> Response:
        body = await request.body()
        # Bolt verifies the signature and timestamp in dispatch: forged or stale requests get 401.
        bolt_response = await run_in_threadpool(app.dispatch, to_bolt_request(request, body))
        return to_starlette_response(bolt_response)

    async def health(request: Request) -> Response:
        return PlainTextResponse("ok")

    return Starlette(routes=[Route(EVENTS_PATH, events, methods=["POST"]), Route("/healthz", health, methods=["GET"])])

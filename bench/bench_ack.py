"""How fast /jobpicks is acknowledged when 20 people type it at once, against Slack's 3-second limit.

Three ways of serving the same Bolt app, measured side by side in one run, in interleaved rounds:

- jobpicks: uvicorn + Starlette, Bolt's dispatch in the thread pool (`bot.slack.http`, what
  `jobpicks serve --http` runs);
- bolt-starlette: uvicorn + Bolt's own Starlette handler, which dispatches on the event loop;
- bolt-dev: Bolt's built-in `app.start()` server (http.server, one request at a time).

Each round fires 20 signed `/jobpicks status` requests at once (each on its own connection, as Slack
sends them) and times every acknowledgement. Everything runs on 127.0.0.1: a fake Slack Web API, an
embedded Redis and the servers are started here and stopped at the end.

    python bench/bench_ack.py [--rounds 5] [--concurrency 20]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from http.server import HTTPServer
from pathlib import Path

import httpx
from slack_bolt import App
from slack_bolt.adapter.starlette import SlackRequestHandler
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.config import AppConfig, DigestConfig, Settings
from bot.context import AppContext
from bot.slack.app import build_app
from bot.slack.http import asgi_app
from bot.store import Store, connect
from tests.fake_slack import FakeSlack, signed_headers, slash_command_body
from tests.loopback import serve_asgi

SLACK_LIMIT = 3.0  # seconds Slack waits for an acknowledgement before showing the user an error
SECRET = "bench-signing-secret"
REQUEST_TIMEOUT = 10.0


@contextmanager
def under_uvicorn(asgi: object) -> Iterator[str]:
    with serve_asgi(asgi) as base:
        yield base + "/slack/events"


def bolt_starlette(app: App) -> Starlette:
    handler = SlackRequestHandler(app)

    async def events(request: Request) -> Response:
        return await handler.handle(request)

    return Starlette(routes=[Route("/slack/events", events, methods=["POST"])])


@contextmanager
def bolt_dev_server(app: App) -> Iterator[str]:
    """Bolt's `app.start()` server, bound to loopback instead of every interface."""
    import slack_bolt.app.app as bolt_app_module
    from slack_bolt.app.app import SlackAppDevelopmentServer

    class LoopbackHTTPServer(HTTPServer):
        def __init__(self, address: tuple[str, int], handler: type) -> None:
            super().__init__(("127.0.0.1", address[1]), handler)

    original = bolt_app_module.HTTPServer
    bolt_app_module.HTTPServer = LoopbackHTTPServer  # type: ignore[misc]
    try:
        dev = SlackAppDevelopmentServer(port=0, path="/slack/events", app=app, http_server_logger_enabled=False)
    finally:
        bolt_app_module.HTTPServer = original  # type: ignore[misc]
    server = dev._server
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/slack/events"
    finally:
        server.shutdown()
        server.server_close()


def burst(url: str, body: str, concurrency: int) -> list[float | None]:
    """Seconds to each acknowledgement of `concurrency` requests sent at once; None when refused or lost."""
    gate = threading.Barrier(concurrency)

    def one(_: int) -> float | None:
        headers = signed_headers(SECRET, body)
        with httpx.Client(timeout=REQUEST_TIMEOUT) as client:
            gate.wait()
            start = time.perf_counter()
            try:
                reply = client.post(url, content=body.encode(), headers=headers)
            except httpx.HTTPError:
                return None
            elapsed = time.perf_counter() - start
        return elapsed if reply.status_code == 200 and "Status of jobpicks" in reply.text else None

    with ThreadPoolExecutor(concurrency) as pool:
        return list(pool.map(one, range(concurrency)))


def p99(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--concurrency", type=int, default=20)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder, FakeSlack() as fake:
        redis_client = connect(None, Path(folder))
        store = Store(redis_client, prefix="bench")
        settings = Settings(
            _env_file=None, slack_bot_token=fake.bot_token, slack_signing_secret=SECRET, slack_api_url=fake.api_url
        )
        ctx = AppContext(settings, AppConfig(digest=DigestConfig(destination="#job-picks")), store)
        app = build_app(ctx, refresh=lambda: None)  # type: ignore[arg-type, return-value]
        body = slash_command_body("status", fake.response_url())

        servers: dict[str, Callable[[], object]] = {
            "jobpicks (uvicorn, dispatch in threads)": lambda: under_uvicorn(asgi_app(app, SECRET)),
            "bolt-starlette (uvicorn, dispatch on loop)": lambda: under_uvicorn(bolt_starlette(app)),
            "bolt-dev (app.start(), http.server)": lambda: bolt_dev_server(app),
        }
        timings: dict[str, list[float | None]] = {name: [] for name in servers}
        with ExitStack() as stack:
            urls = {name: stack.enter_context(start()) for name, start in servers.items()}  # type: ignore[arg-type]
            for url in urls.values():
                burst(url, body, 2)  # warm up: Bolt's first request asks Slack who the bot is
            for _ in range(args.rounds):
                for name, url in urls.items():
                    timings[name] += burst(url, body, args.concurrency)
        redis_client.shutdown(save=False)

    sent = args.rounds * args.concurrency
    print(
        f"/jobpicks status acknowledgement, {args.rounds} rounds of {args.concurrency} simultaneous requests "
        f"(Slack's limit: {SLACK_LIMIT:.0f} s)"
    )
    print(f"{'server':45} {'acked <3s':>10} {'median':>9} {'p99':>9} {'p99/limit':>10}")
    p99s = {}
    for name, values in timings.items():
        done = [v for v in values if v is not None]
        in_time = sum(1 for v in done if v <= SLACK_LIMIT)
        if not done:
            print(f"{name:45} {in_time:>4}/{sent:<5} {'-':>9} {'-':>9} {'-':>10}")
            continue
        med, tail = statistics.median(done), p99(done)
        p99s[name] = tail
        print(f"{name:45} {in_time:>4}/{sent:<5} {med * 1000:>7.1f}ms {tail * 1000:>7.1f}ms {tail / SLACK_LIMIT:>9.1%}")
    print("(median and p99 over the requests that were answered; the rest were refused, reset or timed out)")
    ours = next(iter(p99s.values()), None)
    for name, tail in list(p99s.items())[1:]:
        if ours:
            print(f"p99 of {name.split(' ')[0]} / p99 of jobpicks: {tail / ours:.1f}x")


if __name__ == "__main__":
    main()

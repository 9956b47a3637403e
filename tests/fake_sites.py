"""A local stand-in for the job sites: saved pages served on 127.0.0.1 with scripted behaviour.

    with FakeSite({"/v1/boards/acme/jobs": Reply(board_json)}) as site:
        sources = {"greenhouse": SourceConfig(base_url=site.url, companies=["acme"])}

A route (an exact path, or a prefix ending in `/*`) is a `Reply`, a list of replies served in turn
(the last one repeats), or a function of the `Seen` request returning a reply (paging on a query
parameter). A reply can be slow (`delay`), cut off part way (`truncate`), or carry any status and
headers (429 with `Retry-After`). Every request is recorded in `site.requests`, including those that
arrive as a proxy (absolute URL in the request line), and `site.most_in_flight` is the most it was
answering at once.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

from tests.loopback import LoopbackServer, QuietHandler

DATA = Path(__file__).parent / "data"


@dataclass
class Reply:
    body: bytes | str | dict | list = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds to wait before answering
    truncate: int | None = None  # send only this many bytes of the body, then drop the connection


@dataclass
class Seen:
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: bytes
    at: float
    proxied: bool  # arrived as a proxy request ("GET http://host/path")
    host: str


Route = Reply | list[Reply] | Callable[[Seen], Reply]


def pages_by_start(pages: dict[int, str]) -> Callable[[Seen], Reply]:
    """LinkedIn-style paging: the page for each `start` offset asked for, then an empty page."""

    def reply(seen: Seen) -> Reply:
        return Reply(pages.get(int(seen.query.get("start", "0")), ""))

    return reply


def saved(relative: str) -> str:
    """A saved page or API response from tests/data, as text."""
    return (DATA / relative).read_text(encoding="utf-8")


class FakeSite(LoopbackServer):
    def __init__(self, routes: dict[str, Route] | None = None) -> None:
        self.routes: dict[str, Route] = dict(routes or {})
        self.requests: list[Seen] = []
        # The most requests the site was answering at one moment: what a host's politeness limits.
        self.most_in_flight = 0
        self._in_flight = 0
        self._served: dict[str, int] = {}
        self._lock = threading.Lock()

    # --- setup -----------------------------------------------------------------------------------
    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def route(self, path: str, reply: Route) -> None:
        self.routes[path] = reply

    def handler(self) -> type[QuietHandler]:
        site = self

        class Handler(QuietHandler):
            def do_GET(self) -> None:
                site._handle(self)

            do_POST = do_GET

        return Handler

    # --- what happened ---------------------------------------------------------------------------
    def hits(self, path: str) -> list[Seen]:
        return [r for r in self.requests if r.path == path]

    # --- serving ---------------------------------------------------------------------------------
    def _pick(self, seen: Seen) -> Reply:
        raw_query = "&".join(f"{k}={v}" for k, v in seen.query.items())
        route = self.routes.get(f"{seen.path}?{raw_query}") or self.routes.get(seen.path) or self._prefixed(seen.path)
        if route is None:
            return Reply({"error": f"no route for {seen.path}"}, status=404)
        if callable(route):
            return route(seen)
        if isinstance(route, list):
            with self._lock:
                index = self._served.get(seen.path, 0)
                self._served[seen.path] = index + 1
            return route[min(index, len(route) - 1)]
        return route

    def _prefixed(self, path: str) -> Route | None:
        # "/jobs/api/jobPosting/*" answers every path under it (one route for a whole pool of job pages).
        for pattern, route in self.routes.items():
            if pattern.endswith("/*") and path.startswith(pattern[:-1]):
                return route
        return None

    def _handle(self, handler: BaseHTTPRequestHandler) -> None:
        target = handler.path
        proxied = target.startswith(("http://", "https://"))
        parts = urlsplit(target)
        length = int(handler.headers.get("Content-Length") or 0)
        seen = Seen(
            method=handler.command,
            path=parts.path,
            query=dict(parse_qsl(parts.query, keep_blank_values=True)),
            headers={k.lower(): v for k, v in handler.headers.items()},
            body=handler.rfile.read(length) if length else b"",
            at=time.monotonic(),
            proxied=proxied,
            host=parts.netloc if proxied else handler.headers.get("Host", ""),
        )
        with self._lock:
            self.requests.append(seen)
            self._in_flight += 1
            self.most_in_flight = max(self.most_in_flight, self._in_flight)
        try:
            self._answer(handler, seen)
        finally:
            with self._lock:
                self._in_flight -= 1

    def _answer(self, handler: BaseHTTPRequestHandler, seen: Seen) -> None:
        reply = self._pick(seen)
        if reply.delay:
            time.sleep(reply.delay)
        body, content_type = _encode(reply.body)
        try:
            handler.send_response(reply.status)
            handler.send_header("Content-Type", reply.headers.get("Content-Type", content_type))
            handler.send_header("Content-Length", str(len(body)))
            for name, value in reply.headers.items():
                if name.lower() != "content-type":
                    handler.send_header(name, value)
            if reply.truncate is not None:
                handler.send_header("Connection", "close")
            handler.end_headers()
            handler.wfile.write(body if reply.truncate is None else body[: reply.truncate])
            handler.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            pass
        if reply.truncate is not None:
            handler.close_connection = True


def _encode(body: bytes | str | dict | list) -> tuple[bytes, str]:
    if isinstance(body, dict | list):
        return json.dumps(body).encode(), "application/json"
    if isinstance(body, str):
        return body.encode("utf-8"), "text/html; charset=utf-8"
    return body, "application/octet-stream"


def serve(routes: dict[str, Route]) -> FakeSite:
    """A started site serving `routes`; call `.stop()` (or use it in a `with`)."""
    return FakeSite(routes).start()

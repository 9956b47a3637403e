"""Polite HTTP for every source: one shared client, a gate per host, retries and a time budget.

Sites throttle by address (LinkedIn after about ten quick pages), so politeness is per host, not per
source: at most `concurrency` requests are in flight to one host, each of those slots starting its
requests at least `delay` seconds apart (jittered so they do not look scripted). 429, 5xx and dropped
connections are retried with exponential backoff, and a `Retry-After` from the site wins over our own guess.
"""

from __future__ import annotations

import asyncio
import itertools
import random
import socket
import time
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import httpx

from scrapers.base import ScrapeError, SourceReport
from scrapers.config import SourceConfig
from scrapers.retry_after import retry_after_seconds

# A current desktop browser: the guest pages serve bots a different (or no) page.
USER_AGENT = (
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36"
)
DEFAULT_HEADERS = {"User-Agent": USER_AGENT, "Accept-Language": "en-US,en;q=0.9"}
RETRY_STATUSES = {429, 500, 502, 503, 504}


class HostGate:
    """At most `concurrency` requests in flight to one host; each of those slots starts its requests a
    jittered `delay` apart, so a host sees about `concurrency / delay` requests a second.

    A request waits for a free slot, then for the slot's next start. With one slot this is the old
    rule, every start a delay after the last; more slots mean more requests in flight, not faster ones.
    """

    def __init__(self, concurrency: int, delay: float) -> None:
        self._delay = delay
        # Each free slot, as the time its next request may start.
        self._free: asyncio.Queue[float] = asyncio.Queue()
        for _ in range(concurrency):
            self._free.put_nowait(0.0)

    @asynccontextmanager
    async def turn(self) -> AsyncIterator[None]:
        next_start = await self._free.get()
        try:
            wait = next_start - time.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)
        except BaseException:
            self._free.put_nowait(next_start)
            raise
        # Jitter between half and one and a half times the delay: the same mean rate, without the
        # fixed rhythm that marks a script.
        next_start = time.monotonic() + self._delay * random.uniform(0.5, 1.5)
        try:
            yield
        finally:
            self._free.put_nowait(next_start)


@dataclass
class HostGates:
    """One gate per host for a whole run; the first source to use a host sets its pace."""

    gates: dict[str, HostGate] = field(default_factory=dict)

    def for_host(self, host: str, cfg: SourceConfig) -> HostGate:
        if host not in self.gates:
            self.gates[host] = HostGate(cfg.concurrency, cfg.delay)
        return self.gates[host]


class RotatingProxyTransport(httpx.AsyncBaseTransport):
    """Sends each request through the next proxy of a list, so no single address carries them all."""

    def __init__(self, proxies: list[str], *, http2: bool = True) -> None:
        self._transports = [httpx.AsyncHTTPTransport(proxy=p, http2=http2) for p in proxies]
        self._next = itertools.cycle(self._transports)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        return await next(self._next).handle_async_request(request)

    async def aclose(self) -> None:
        for transport in self._transports:
            await transport.aclose()


def origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def build_client(proxied: Iterable[tuple[str, list[str]]] = ()) -> httpx.AsyncClient:
    """The one client of a run. `proxied` pairs an origin with the proxies its requests go through."""
    mounts = {f"all://{urlsplit(url).netloc}": RotatingProxyTransport(proxies) for url, proxies in proxied if proxies}
    return httpx.AsyncClient(
        http2=True,
        follow_redirects=True,
        headers=DEFAULT_HEADERS,
        timeout=20,
        limits=httpx.Limits(max_connections=64, max_keepalive_connections=32),
        mounts=mounts or None,
    )


class Fetcher:
    """HTTP for one source in one run: its gate per host, its retries, its deadline, its counters."""

    def __init__(
        self,
        client: httpx.AsyncClient,
        cfg: SourceConfig,
        source: str,
        gates: HostGates,
        report: SourceReport,
    ) -> None:
        self.client = client
        self.cfg = cfg
        self.source = source
        self.gates = gates
        self.report = report
        self.deadline = time.monotonic() + cfg.max_seconds

    def seconds_left(self) -> float:
        return self.deadline - time.monotonic()

    async def get(
        self, url: str, *, params: dict[str, Any] | None = None, headers: dict[str, str] | None = None
    ) -> httpx.Response:
        return await self.request("GET", url, params=params, headers=headers)

    async def request(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        """A response with a 2xx status, or a `ScrapeError` saying what went wrong and what to do."""
        host = urlsplit(url).netloc
        gate = self.gates.for_host(host, self.cfg)
        attempts = self.cfg.retries + 1
        last_problem, fix, tried = "", "", 0
        for attempt in range(attempts):
            tried = attempt + 1
            wait: float | None = None
            try:
                async with gate.turn():
                    response = await self.client.request(method, url, timeout=self.cfg.timeout, **kwargs)
                    # Read inside the gate so a slow or cut-off body counts against this request.
                    await response.aread()
            except httpx.TimeoutException:
                last_problem = f"{host} did not answer within {self.cfg.timeout:g} s"
                fix = f"check the network or raise sources.{self.source}.timeout"
            except httpx.RemoteProtocolError:
                last_problem = f"{host} closed the connection in the middle of a response"
                fix = "the site may be overloaded or blocking us; try again later"
            except httpx.ProxyError as exc:
                raise ScrapeError(
                    f"the proxy for {host} refused the request ({exc}) — check sources.{self.source}.proxies"
                ) from exc
            except httpx.TransportError as exc:
                last_problem = f"cannot connect to {host} ({exc or type(exc).__name__})"
                fix = f"check the network, sources.{self.source}.base_url or proxies"
                if _unknown_host(exc):
                    # A name that does not resolve will not resolve in a second either: no network,
                    # or a misspelt base_url. Retrying only makes a first offline run slow.
                    raise ScrapeError(f"{host} cannot be resolved (no network, or a misspelt host) — {fix}") from exc
            else:
                self.report.pages += 1
                if response.is_success:
                    return response
                if response.status_code not in RETRY_STATUSES:
                    raise ScrapeError(_status_message(response, self.source))
                wait = retry_after_seconds(response.headers)
                if response.status_code == 429:
                    last_problem = f"{host} kept answering 429 Too Many Requests"
                    fix = (
                        f"it is rate-limiting this address; raise sources.{self.source}.delay, "
                        "lower concurrency or add proxies"
                    )
                else:
                    last_problem = f"{host} answered HTTP {response.status_code}"
                    fix = "the site is having trouble; try again later"
                if wait is not None and wait > self.seconds_left():
                    raise ScrapeError(
                        f"{host} asked us to wait {wait:.0f} s (Retry-After), longer than the "
                        f"{self.cfg.max_seconds:g} s budget — try again later or raise "
                        f"sources.{self.source}.max_seconds"
                    )
            if attempt == attempts - 1:
                break
            if wait is None:
                wait = self.cfg.backoff * (2**attempt) * random.uniform(0.75, 1.25)
            if wait > self.seconds_left():
                break
            self.report.retries += 1
            self.report.waited += wait
            await asyncio.sleep(wait)
        tries = f"{tried} tries" if tried > 1 else "1 try"
        raise ScrapeError(f"{last_problem} after {tries} — {fix}")


def _unknown_host(exc: BaseException) -> bool:
    """True when the failure underneath is DNS saying the name does not exist (not a transient lookup error)."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, socket.gaierror):
            return seen.errno in (socket.EAI_NONAME, getattr(socket, "EAI_NODATA", socket.EAI_NONAME))
        seen = seen.__cause__ or seen.__context__
    return False


def _status_message(response: httpx.Response, source: str) -> str:
    host = response.request.url.host
    code = response.status_code
    if code in (401, 403):
        return (
            f"{host} refused access (HTTP {code}), most likely bot protection — try again later "
            f"or set sources.{source}.proxies"
        )
    if code == 404:
        return f"{response.request.url.path} not found on {host} (HTTP 404) — check the name in the config"
    return f"{host} answered HTTP {code} to {response.request.url.path} — check sources.{source} settings"

"""REDIS_URL read and checked before use: a client for it, or one line naming the variable and the fix.

redis-py's own complaints about a URL ("Port could not be cast to integer value", a TypeError for an
ssl_ option on redis://) name neither the variable nor what is expected, and a rediss:// URL to a
server without TLS waits out every timeout before saying only "Timeout".
"""

from __future__ import annotations

import socket
from typing import Any
from urllib.parse import parse_qs, urlsplit

import redis
from redis.backoff import ExponentialBackoff, NoBackoff
from redis.retry import Retry

from bot.errors import StoreError

# A TLS handshake takes a few round trips; a plain Redis never answers one, and the client would wait
# out its 10 s read timeout (and a retry) before saying only "Timeout".
TLS_HANDSHAKE_SECONDS = 3.0
REDIS_URL_FORMS = "redis://[:password@]host:6379/0 (rediss://… for TLS, unix:///path/to/redis.sock for a socket)"

# What a person waits on goes through this client: a Slack command must be answered within Slack's 3 s
# (docs.slack.dev/interactivity/implementing-slash-commands), and redis-py's default (10 retries with
# up to 10 s between them) would outlast that long before the person is told Redis is away. One more
# try, at once, covers the common case (a pooled connection the server closed); a server that is down
# is reported within about two connect timeouts. A delivery's own writes ride out longer outages with
# their bounded retries (bot.store.base.retried), so nothing a run wrote is lost to a restart.
RETRY = Retry(ExponentialBackoff(cap=0.1, base=0.05), retries=1)

OPTIONS: dict[str, Any] = {
    "decode_responses": True,
    "socket_timeout": 10,
    "socket_connect_timeout": 1.0,
    "health_check_interval": 30,
    "retry": RETRY,
}


def client_for_url(url: str) -> redis.Redis:
    """The client for REDIS_URL; StoreError naming the variable when it is not a URL Redis takes."""
    problem = _redis_url_problem(url)
    try:
        client = None if problem else redis.Redis.from_url(url, **OPTIONS)
    except ValueError as exc:  # redis-py's own reading of the URL, for what the check above lets by
        problem, client = str(exc), None
    if client is None:
        raise StoreError(
            f"REDIS_URL {safe_url(url)!r} is not a Redis URL: {problem}",
            f"use {REDIS_URL_FORMS}, or unset it to use the embedded Redis",
        )
    if url.startswith("rediss://"):
        _check_tls(url)
    return client


def _redis_url_problem(url: str) -> str | None:
    """What redis-py would trip over in `url` (with an error naming neither the variable nor the fix)."""
    try:
        parts = urlsplit(url)
        _ = parts.port  # raises ValueError for a port that is not a number from 0 to 65535
    except ValueError:
        return "the port is not a number from 1 to 65535"
    if parts.scheme not in ("redis", "rediss", "unix"):
        return f"{parts.scheme}:// is not a Redis scheme" if parts.scheme else "it has no scheme such as redis://"
    if parts.scheme == "redis" and any(name.startswith("ssl") for name in parse_qs(parts.query)):
        return "ssl_… options apply only to rediss:// (TLS) URLs"
    return None


def _check_tls(url: str) -> None:
    """Shake hands with a short timeout, and say so when the server answers only without TLS."""
    probe = redis.Redis.from_url(
        url,
        socket_timeout=TLS_HANDSHAKE_SECONDS,
        socket_connect_timeout=TLS_HANDSHAKE_SECONDS,
        retry=Retry(NoBackoff(), 0),
    )
    try:
        probe.ping()
    except (redis.ConnectionError, redis.TimeoutError):
        parts = urlsplit(url)
        if _answers_without_tls(parts.hostname or "localhost", parts.port or 6379):
            raise StoreError(
                f"Redis at {safe_url(url)} does not speak TLS, which rediss:// asks for",
                "use redis:// instead of rediss:// in REDIS_URL",
            ) from None
        raise
    except redis.RedisError:
        pass  # TLS worked (a refused password, say): the client itself reports what is wrong
    finally:
        probe.close()


def _answers_without_tls(host: str, port: int) -> bool:
    """Whether the server answers a plain-text PING as Redis does ("+PONG", or "-NOAUTH …"); a TLS
    server answers with an alert or hangs up. Nothing secret is sent."""
    try:
        with socket.create_connection((host, port), timeout=TLS_HANDSHAKE_SECONDS) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(1) in (b"+", b"-")
    except OSError:
        return False


def safe_url(url: str) -> str:
    """The URL without its password, for messages."""
    if "@" in url:
        scheme, _, rest = url.partition("://")
        return f"{scheme}://***@{rest.rsplit('@', 1)[1]}"
    return url

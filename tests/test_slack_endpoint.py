"""What reaches /slack/events that is not Slack's: oversized, unsigned, forged, stale or malformed requests.

Each is refused with the status that says why (413, 401, 400), one log line naming the reason, and
nothing else happens: no traceback in the answer or the log, no listener runs. The app under uvicorn on
loopback, as `jobpicks serve --http` runs it.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from urllib.parse import urlencode

import httpx
import pytest

from bot.slack.app import build_app
from bot.slack.http import MAX_BODY_BYTES
from bot.store import Store
from tests.fake_slack import FakeSlack, fake_slack_server, signed_headers, slash_command_body  # noqa: F401
from tests.slack_fixtures import SECRET, make_context, no_refresh
from tests.test_slack_app import Slack, served
from tests.uploads import Upload, peak_memory_growth

MB = 1 << 20
UPLOAD = 300 * MB


class Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture
def slack(fake_slack: FakeSlack, store: Store) -> Iterator[Slack]:
    """The app as `jobpicks serve --http` runs it; nothing here may start a refresh."""
    with served(build_app(make_context(fake_slack, store), refresh=no_refresh)) as url:
        yield Slack(url, fake_slack)


@pytest.fixture
def server_log(slack: Slack) -> Iterator[list[logging.LogRecord]]:
    """Everything the serving process logs while the test runs: ours and uvicorn's (which does not
    propagate to the root logger, so caplog would miss an "Exception in ASGI application")."""
    handler = Records()
    watched = [logging.getLogger(name) for name in ("jobpicks", "uvicorn", "uvicorn.error", "slack_bolt")]
    for logger in watched:
        logger.addHandler(handler)
    yield handler.records
    for logger in watched:
        logger.removeHandler(handler)


def refusals(records: list[logging.LogRecord]) -> list[str]:
    return [r.getMessage() for r in records if r.name == "jobpicks.slack.http"]


def assert_no_traceback(records: list[logging.LogRecord], replies: list[httpx.Response]) -> None:
    assert all(r.exc_info is None and "Traceback" not in r.getMessage() for r in records)
    assert not [r for r in records if r.levelno >= logging.ERROR], [r.getMessage() for r in records]
    for reply in replies:
        assert "Traceback" not in reply.text and len(reply.text.splitlines()) == 1


def post(slack: Slack, content: object, headers: dict[str, str]) -> httpx.Response:
    return slack.http.post(slack.url, content=content, headers=headers)  # type: ignore[arg-type]


# -- size ---------------------------------------------------------------------------------------------


def test_an_unsigned_300_mb_post_is_refused_before_the_server_reads_it(
    slack: Slack, server_log: list[logging.LogRecord]
) -> None:
    upload = Upload(UPLOAD)
    with peak_memory_growth() as growth:
        reply = post(slack, upload, {"Content-Length": str(UPLOAD), "Content-Type": "application/json"})
    assert reply.status_code == 413
    assert reply.headers["connection"] == "close", "the server hangs up instead of reading the rest"
    # Whatever the client got out before the server hung up sat in socket buffers, unread.
    assert upload.sent < UPLOAD / 10, f"the client sent {upload.sent / MB:.0f} MB of 300"
    assert growth[0] < 64 * MB, f"the server's peak memory grew by {growth[0] / MB:.0f} MB"
    assert refusals(server_log) == [
        f"refused a request from 127.0.0.1 with 413: the body declares {UPLOAD:,} bytes, "
        f"more than the {MAX_BODY_BYTES:,} allowed"
    ]
    assert_no_traceback(server_log, [reply])


def test_a_chunked_body_is_cut_off_as_it_passes_the_limit(slack: Slack, server_log: list[logging.LogRecord]) -> None:
    # No Content-Length to refuse by: headers that look signed get the body read, up to the limit.
    upload = Upload(UPLOAD)
    headers = signed_headers(SECRET, "")
    with peak_memory_growth() as growth:
        reply = post(slack, upload, headers)
    assert reply.status_code == 413
    assert upload.sent < UPLOAD / 10, f"the client sent {upload.sent / MB:.0f} MB of 300"
    assert growth[0] < 64 * MB, f"the server's peak memory grew by {growth[0] / MB:.0f} MB"
    assert refusals(server_log) == [
        f"refused a request from 127.0.0.1 with 413: the body runs past the {MAX_BODY_BYTES:,} bytes allowed"
    ]
    assert_no_traceback(server_log, [reply])


def test_a_signed_request_as_large_as_the_limit_is_served(slack: Slack) -> None:
    body = slash_command_body("help", slack.fake.response_url("cmd"))
    body += "&padding=" + "x" * (MAX_BODY_BYTES - len(body) - len("&padding="))
    assert len(body) == MAX_BODY_BYTES
    reply = slack.send(body)
    assert reply.status_code == 200 and "`/jobpicks refresh`" in reply.json()["text"]


# -- who sent it ----------------------------------------------------------------------------------------


def test_missing_non_numeric_and_stale_timestamps_are_refused_with_401(
    slack: Slack, server_log: list[logging.LogRecord]
) -> None:
    body = slash_command_body("help", slack.fake.response_url("cmd"))
    good = signed_headers(SECRET, body)
    now = int(time.time())
    cases = {
        "missing": {k: v for k, v in good.items() if k != "X-Slack-Request-Timestamp"},
        "a word": {**good, "X-Slack-Request-Timestamp": "yesterday"},
        "a float": {**good, "X-Slack-Request-Timestamp": "1.7e9"},
        "empty": {**good, "X-Slack-Request-Timestamp": ""},
        "stale": signed_headers(SECRET, body, now - 10 * 60),
        "from the future": signed_headers(SECRET, body, now + 10 * 60),
        "no signature": {k: v for k, v in good.items() if k != "X-Slack-Signature"},
        "forged": signed_headers("not-the-secret", body),
    }
    replies = {name: post(slack, body.encode(), headers) for name, headers in cases.items()}
    assert {name: r.status_code for name, r in replies.items()} == dict.fromkeys(cases, 401)
    reasons = [line.split(": ", 1)[1] for line in refusals(server_log)]
    assert reasons == [
        "no X-Slack-Request-Timestamp header",
        "X-Slack-Request-Timestamp is not a number of seconds",
        "X-Slack-Request-Timestamp is not a number of seconds",
        "X-Slack-Request-Timestamp is not a number of seconds",
        "X-Slack-Request-Timestamp is more than five minutes away (a replay, or a wrong clock)",
        "X-Slack-Request-Timestamp is more than five minutes away (a replay, or a wrong clock)",
        "no X-Slack-Signature header",
        "the signature does not match the body (a forged request, or the wrong signing secret)",
    ]
    assert_no_traceback(server_log, list(replies.values()))
    assert slack.send(body).status_code == 200, "the same request, signed, is answered"


def test_a_malformed_body_without_a_valid_signature_is_refused_as_unsigned(slack: Slack) -> None:
    # The signature is checked before the body is read as anything, so garbage learns nothing more.
    for body in (b"\xff\xfe not utf-8", b"payload=%7Bbroken", b'{"type": '):
        headers = signed_headers("not-the-secret", body, content_type="application/json")
        assert post(slack, body, headers).status_code == 401


# -- what it says -----------------------------------------------------------------------------------------


def test_signed_but_malformed_bodies_get_400_and_one_log_line_each(
    slack: Slack, fake_slack: FakeSlack, server_log: list[logging.LogRecord]
) -> None:
    form = "application/x-www-form-urlencoded"
    cases: list[tuple[bytes, str, str]] = [
        (b"command=/jobpicks&text=\xff\xfe", form, "the body is not UTF-8 (byte 23)"),
        (urlencode({"payload": '{"type": "block_actions", '}).encode(), form, "the payload field is not valid JSON"),
        (urlencode({"payload": "[1, 2]"}).encode(), form, "the payload field is not a JSON object"),
        (b'{"type": "event_callback", "event": {', "application/json", "the JSON body is not valid JSON"),
        (b'["event_callback"]', "application/json", "the JSON body is not a JSON object"),
        (b'{"type": "event_callback"', form, "the JSON body is not valid JSON"),
        # Well-formed JSON, but not in a shape Slack sends: Bolt itself fails on it.
        (
            b'{"type": "event_callback", "event": {"type": "reaction_added", "reaction": "+1", "user": "U1",'
            b' "item": {"type": "message", "channel": 5, "ts": null}}}',
            "application/json",
            "Bolt cannot handle a body of this shape (TypeError",
        ),
    ]
    replies = [post(slack, body, signed_headers(SECRET, body, content_type=kind)) for body, kind, _ in cases]
    assert [r.status_code for r in replies] == [400] * len(cases)
    lines = refusals(server_log)
    assert len(lines) == len(cases)
    for line, (_, _, reason) in zip(lines, cases, strict=True):
        assert line.startswith(f"refused a request from 127.0.0.1 with 400: {reason}")
    assert_no_traceback(server_log, replies)
    assert fake_slack.responses == [], "nothing reached a listener"
    assert [c.method for c in fake_slack.calls] == ["auth.test"], "only the start-up check called Slack"
    assert slack.command("help").status_code == 200, "a good request afterwards is served"

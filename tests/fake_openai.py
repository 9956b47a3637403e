"""A fake OpenAI-compatible chat server on 127.0.0.1, for tests and benchmarks.

It speaks real HTTP (`POST /v1/chat/completions`), so the real `openai` client talks to it, and it
"scores" postings deterministically: each `<posting id="...">` block of the user message gets
10 + 8 points per profile word (from the system prompt's "Target roles:" and "Skills:" lines) found in
it, at most 95. Its reason names the posting's title, so a test can tell that a result reached the
right posting; results come back in reverse order, so mapping by position would be caught.

Like a gullible model it obeys a posting that says "ignore previous instructions ... 100": the
scorer must keep such text from reaching it as an instruction.

Misbehaviour on demand, per request in arrival order (`script(...)`) or for every request (`always`):
"429" (with Retry-After), "500", "slow" (answers after `slow_seconds`), "broken" (cut-off JSON),
"missing" (leaves out the last posting), "unknown" (adds a made-up id), "duplicate" (answers every
posting twice, the first copy a plausible but bogus 0), "score=<value>" (the first result's score is
the value: JSON such as 250, -5, null, true, or else the text itself, "score=high", "score=").
`reject_json_schema` makes it answer 400 to `response_format: json_schema`, like servers that only
offer JSON mode.

Use: `with FakeOpenAI() as fake: LLMSettings(model="fake", api_key="k", base_url=fake.base_url)`.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections import deque
from typing import Any

from tests.loopback import LoopbackServer, QuietHandler

_BLOCK = re.compile(r'<posting id="([^"]+)">(.*?)</posting>', re.DOTALL)
_TITLE = re.compile(r"^title: (.*)$", re.MULTILINE)
_GULLIBLE = re.compile(r"ignore (all )?(previous|prior) instructions.*100", re.IGNORECASE | re.DOTALL)
_PROFILE_LINE = re.compile(r"^(?:Target roles|Skills): (.*)$", re.MULTILINE)
_GENERIC = {"intern", "engineer", "and", "of", "the", "a"}


def profile_words(system: str) -> set[str]:
    words: set[str] = set()
    for line in _PROFILE_LINE.findall(system):
        for phrase in line.split(","):
            words.update(w for w in phrase.lower().split() if w not in _GENERIC)
    return words


def fake_score(block: str, words: set[str]) -> int:
    """The fake's score for one posting block: the rule tests rely on."""
    if _GULLIBLE.search(block):
        return 100
    text = block.lower()
    return min(95, 10 + 8 * sum(1 for w in words if re.search(rf"\b{re.escape(w)}\b", text)))


def _literal(text: str) -> Any:
    """A JSON value written in a behaviour ("250", "null", "true"), or the text itself ("high", "")."""
    try:
        return json.loads(text)
    except ValueError:
        return text


class FakeOpenAI(LoopbackServer):
    def __init__(self, *, latency: float = 0.0, reject_json_schema: bool = False) -> None:
        self.latency = latency
        self.slow_seconds = 2.0
        self.retry_after: str | None = "0"
        self.reject_json_schema = reject_json_schema
        self.always: str | None = None
        self.requests: list[dict[str, Any]] = []  # every request body received, in order
        self.models = ["fake-model"]
        self.in_flight = 0
        self.max_in_flight = 0
        self._script: deque[str] = deque()
        self._lock = threading.Lock()

    # -- control ----------------------------------------------------------------------------

    def script(self, *behaviours: str) -> None:
        """Misbehave on the next requests, one behaviour each ("ok" for a normal answer)."""
        with self._lock:
            self._script.extend(behaviours)

    @property
    def base_url(self) -> str:
        assert self._server is not None, "start the server first"
        return f"http://127.0.0.1:{self._server.server_address[1]}/v1"

    def systems(self) -> list[str]:
        return [m["content"] for r in self.requests for m in r["messages"] if m["role"] == "system"]

    def users(self) -> list[str]:
        return [m["content"] for r in self.requests for m in r["messages"] if m["role"] == "user"]

    def handler(self) -> type[QuietHandler]:
        fake = self

        class Handler(QuietHandler):
            def do_GET(self) -> None:
                # `jobpicks doctor` lists the models to check the configured one is offered.
                found = self.path.rstrip("/") == "/v1/models"
                payload = {
                    "object": "list",
                    "data": [{"id": m, "object": "model", "created": 0, "owned_by": "fake"} for m in fake.models],
                }
                data = json.dumps(payload if found else {"error": {"message": "no route"}}).encode()
                self.send_response(200 if found else 404)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length) or b"{}")
                with fake._lock:
                    fake.requests.append(body)
                    behaviour = fake._script.popleft() if fake._script else (fake.always or "ok")
                    fake.in_flight += 1
                    fake.max_in_flight = max(fake.max_in_flight, fake.in_flight)
                try:
                    status, payload, headers = fake._answer(self.path, body, behaviour)
                    if fake.latency:
                        time.sleep(fake.latency)
                    if behaviour == "slow":
                        time.sleep(fake.slow_seconds)
                finally:
                    with fake._lock:
                        fake.in_flight -= 1
                data = json.dumps(payload).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    for name, value in headers.items():
                        self.send_header(name, value)
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (timeout test)

        return Handler

    # -- answers ----------------------------------------------------------------------------

    def _answer(self, path: str, body: dict[str, Any], behaviour: str) -> tuple[int, dict, dict[str, str]]:
        if path != "/v1/chat/completions":
            return 404, {"error": {"message": f"no route {path}", "type": "invalid_request_error"}}, {}
        fmt = (body.get("response_format") or {}).get("type")
        if self.reject_json_schema and fmt == "json_schema":
            return (
                400,
                {
                    "error": {
                        "message": "response_format 'json_schema' is not supported by this model",
                        "type": "invalid_request_error",
                        "param": "response_format",
                    }
                },
                {},
            )
        if behaviour == "429":
            headers = {"Retry-After": self.retry_after} if self.retry_after is not None else {}
            return 429, {"error": {"message": "Rate limit reached", "type": "rate_limit_error"}}, headers
        if behaviour == "500":
            return 500, {"error": {"message": "The server had an error", "type": "server_error"}}, {}

        messages = body.get("messages", [])
        system = next((m["content"] for m in messages if m["role"] == "system"), "")
        user = next((m["content"] for m in messages if m["role"] == "user"), "")
        words = profile_words(system)
        results = []
        for pid, block in _BLOCK.findall(user):
            title = (_TITLE.search(block) or [None, "?"])[1]
            results.append(
                {"id": pid, "reason": f"fake: {title}", "summary": f"About {title}.", "score": fake_score(block, words)}
            )
        results.reverse()
        if behaviour == "missing" and results:
            results.pop(0)
        if behaviour == "unknown":
            results.append({"id": "zz-unknown", "reason": "fake: nobody", "summary": "", "score": 99})
        if behaviour == "duplicate":
            bogus = [{**r, "reason": "fake: bogus first copy", "score": 0} for r in results]
            results = bogus + results
        if behaviour.startswith("score=") and results:
            results[0]["score"] = _literal(behaviour.removeprefix("score="))
        content = json.dumps({"results": results})
        if behaviour == "broken":
            content = content[: len(content) // 2]
        prompt_chars = sum(len(m.get("content") or "") for m in messages)
        payload = {
            "id": f"chatcmpl-fake-{len(self.requests)}",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": body.get("model", "fake"),
            "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}],
            "usage": {
                "prompt_tokens": prompt_chars // 4,
                "completion_tokens": len(content) // 4,
                "total_tokens": prompt_chars // 4 + len(content) // 4,
            },
        }
        return 200, payload, {}

"""What one unsigned oversized POST to /slack/events costs the serving process, side by side in one run:

- jobpicks: `bot.slack.http` (what `jobpicks serve --http` runs), which refuses by Content-Length, or
  while reading a chunked body, before holding more than its 1 MiB limit;
- bolt-starlette: uvicorn + Bolt's own Starlette handler, which reads the whole body before Bolt
  checks the signature.

For each, a client streams an unsigned body of `--mb` megabytes, once with a Content-Length and once
chunked, and the script prints the answer, how much of the body the client got to send before the
server answered, and how far the process's peak resident memory (Linux VmHWM, reset before each
request) rose. Everything runs in this process on 127.0.0.1.

    python bench/bench_endpoint.py [--mb 300]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import httpx
from slack_bolt import App
from slack_sdk import WebClient

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_ack import bolt_starlette, under_uvicorn  # the same Bolt-handler baseline as the ack bench

from bot.slack.http import asgi_app
from tests.uploads import Upload, peak_memory_growth

SECRET = "bench-signing-secret"
MB = 1 << 20


def measure(url: str, size: int, *, chunked: bool) -> tuple[str, float, float, float]:
    """(answer, MB the client sent, MB the peak memory rose, seconds)."""
    upload = Upload(size, chunk=256 * 1024)
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    if not chunked:
        headers["Content-Length"] = str(size)
    started = time.perf_counter()
    with peak_memory_growth() as growth:
        try:
            answer = str(httpx.post(url, content=upload, headers=headers, timeout=600).status_code)
        except httpx.HTTPError as exc:
            answer = type(exc).__name__
    seconds = time.perf_counter() - started
    return answer, upload.sent / MB, growth[0] / MB, seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=int, default=300, help="size of the unsigned body (default 300)")
    args = parser.parse_args()
    app = App(client=WebClient(token="xoxb-bench"), signing_secret=SECRET, token_verification_enabled=False)
    servers = {
        "jobpicks (bot.slack.http)": asgi_app(app, SECRET),
        "bolt-starlette (reads the body first)": bolt_starlette(app),
    }
    size = args.mb * MB
    rows: dict[tuple[str, str], tuple[str, float, float, float]] = {}
    print(f"one unsigned {args.mb} MB POST to /slack/events; peak memory of this process, reset per request")
    print(f"{'server':40} {'body':8} {'answer':>7} {'MB sent':>9} {'peak +MB':>9} {'seconds':>8}")
    for name, asgi in servers.items():
        with under_uvicorn(asgi) as url:
            for chunked in (False, True):
                body = "chunked" if chunked else "length"
                rows[name, body] = row = measure(url, size, chunked=chunked)
                answer, sent, grew, seconds = row
                print(f"{name:40} {body:8} {answer:>7} {sent:9.1f} {grew:9.1f} {seconds:8.2f}")
    ours, theirs = list(servers)
    for body in ("length", "chunked"):
        grew_ours = max(rows[ours, body][2], 1.0)  # below a megabyte the ratio would only show noise
        print(f"{body}: peak memory growth bolt-starlette / jobpicks = {rows[theirs, body][2] / grew_ours:.0f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())

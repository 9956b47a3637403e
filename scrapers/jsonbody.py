"""Reading a JSON API response, with a useful error when a page arrives cut off or as HTML."""

from __future__ import annotations

import json
from typing import Any

import httpx

from scrapers.base import ScrapeError


def json_body(response: httpx.Response, what: str) -> Any:
    try:
        return response.json()
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        kind = "HTML" if response.text.lstrip().startswith("<") else "not valid JSON (cut off?)"
        raise ScrapeError(
            f"{what} at {response.request.url.host} came back as {kind} "
            f"({len(response.content)} bytes) — the API may have changed or the response was truncated; "
            "try again later"
        ) from exc

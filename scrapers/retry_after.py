"""How long a server asked us to wait before trying again: one reading for job sites and the LLM server.

`Retry-After` holds seconds or an HTTP date (RFC 9110 §10.2.3). OpenAI also sends the non-standard
`retry-after-ms`, which its own Python client reads first because it is more precise
(openai/openai-python#1086, "retry-after-ms support"); a job site never sends it, so reading it
everywhere costs nothing.
"""

from __future__ import annotations

import email.utils
import math
import time
from collections.abc import Mapping


def retry_after_seconds(headers: Mapping[str, str] | None, now: float | None = None) -> float | None:
    """The wait a server asked for: `retry-after-ms` (OpenAI), or `Retry-After` in seconds or as a date.

    None when it asked for nothing readable, so the caller falls back to its own backoff. `headers` is
    looked up in lower case: httpx's headers ignore case, and a plain dict is given lower-case names.
    """
    if headers is None:
        return None
    if (waited := _seconds(headers.get("retry-after-ms"))) is not None:
        return waited / 1000
    value = (headers.get("retry-after") or "").strip()
    if not value:
        return None
    if (waited := _seconds(value)) is not None:
        return waited
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


def _seconds(value: str | None) -> float | None:
    """A number of seconds (or milliseconds) as sent, never negative; None when it is not a finite number."""
    if not value:
        return None
    try:
        number = float(value)
    except ValueError:
        return None
    return max(0.0, number) if math.isfinite(number) else None

"""The one reading of a server's "wait this long" for job sites and the LLM server alike."""

from __future__ import annotations

import httpx

from scrapers.retry_after import retry_after_seconds


def test_a_job_site_and_the_llm_server_are_read_the_same_way_whatever_the_case() -> None:
    site = httpx.Headers({"Retry-After": "12"})
    llm = httpx.Headers({"Retry-After-Ms": "1500", "Retry-After": "12"})
    assert retry_after_seconds(site) == 12
    assert retry_after_seconds(llm) == 1.5, "OpenAI's milliseconds are the more precise of the two"


def test_a_wait_nobody_can_read_leaves_the_choice_to_our_own_backoff() -> None:
    for unreadable in ("soon", "nan", "inf", "Thu, 99 Foo 2024"):
        assert retry_after_seconds({"retry-after": unreadable}) is None, unreadable
    assert retry_after_seconds({"retry-after-ms": "later", "retry-after": "3"}) == 3
    assert retry_after_seconds({"retry-after": "-5"}) == 0, "a wait in the past is no wait"
    assert retry_after_seconds(None) is None

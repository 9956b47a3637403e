"""Configuration of what to search and how politely: `[[search]]` and `[sources.<name>]` tables."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class SearchSpec(BaseModel):
    """One search: keywords and a location, run on every enabled search-style source."""

    model_config = ConfigDict(extra="forbid")

    keywords: str
    location: str = ""
    hours: int = Field(24, ge=1, le=24 * 30, description="Only postings newer than this many hours.")
    job_type: list[str] = Field(default_factory=list, description="internship, full-time, part-time, ...")
    experience: list[str] = Field(default_factory=list, description="internship, entry, associate, ...")
    remote: list[str] = Field(default_factory=list, description="onsite, remote, hybrid")
    sources: list[str] = Field(default_factory=list, description="Limit to these sources; empty = all.")


class SourceConfig(BaseModel):
    """How to reach one source and how hard to push it."""

    model_config = ConfigDict(extra="forbid")

    enabled: bool = True
    base_url: str | None = Field(None, description="Override the site's address (proxies, tests).")
    proxies: list[str] = Field(default_factory=list)
    concurrency: int = Field(2, ge=1, le=32, description="Requests in flight to this host at once.")
    delay: float = Field(
        1.0, ge=0, le=60, description="Seconds between the requests of each in-flight slot to one host (jittered)."
    )
    max_pages: int = Field(10, ge=1, le=1000)
    max_seconds: float = Field(120, gt=0, le=3600)
    timeout: float = Field(20, gt=0, le=300)
    retries: int = Field(3, ge=0, le=10)
    backoff: float = Field(
        2.0, ge=0, le=300, description="First wait before a retry, doubled each time (Retry-After wins)."
    )
    companies: list[str] = Field(default_factory=list, description="Board names for Greenhouse, Lever and Ashby.")
    url: str | None = Field(None, description="Full URL of a list (Simplify's listings.json).")
    options: dict[str, Any] = Field(
        default_factory=dict,
        description="Source-specific settings, checked by the source's own model (`Source.options_model`).",
    )

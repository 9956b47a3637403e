"""The `[scoring]` table: how the LLM is used and how much of it."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class ScoringConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")

    batch_size: int = Field(8, ge=1, le=50, description="Postings per LLM request.")
    concurrency: int = Field(4, ge=1, le=64, description="LLM requests in flight at once.")
    prefilter: int = Field(60, ge=1, le=5000, description="Only this many best local-scored postings go to the LLM.")
    # 30 for a digest of 20: on the labelled set the 20 postings a person rates best all rank within the
    # top 30 by their cards alone (tests/test_job_pages.py keeps that true).
    details: int = Field(
        30,
        ge=0,
        le=5000,
        description="The best this many candidates get their job page read (LinkedIn cards come without a "
        "description) before scoring; one request each.",
    )
    timeout: float = Field(60, gt=0, le=600, description="Seconds to wait for one LLM reply.")
    retries: int = Field(3, ge=0, le=10)
    description_chars: int = Field(1500, ge=200, le=20000, description="Description trimmed to this.")
    temperature: float = Field(0.0, ge=0, le=2)
    backoff: float = Field(1.0, ge=0, le=60, description="First wait in seconds before a retry; doubles on each retry.")
    max_backoff: float = Field(
        60, ge=0, le=600, description="Longest wait before a retry, even when the server asks for more."
    )
    feedback_examples: int = Field(
        8, ge=0, le=50, description="Recent liked and (as many) disliked postings shown to the LLM."
    )
    vote_half_life_days: float = Field(
        30, gt=0, le=3650, description="A vote this old counts half as much as a fresh one."
    )
    min_votes_for_summary: int = Field(
        5, ge=1, le=1000, description="Votes needed before a learned-preference summary is used."
    )

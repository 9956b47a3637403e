"""Who the picks are for: the profile from the `[profile]` table of the config."""

from __future__ import annotations

import hashlib
import json

from pydantic import BaseModel, ConfigDict, Field


class Profile(BaseModel):
    """A person's search profile. Every field is optional except a name so a starter config runs."""

    model_config = ConfigDict(extra="forbid")

    name: str = "me"
    summary: str = Field("", description="Free text: who you are, what you want, or a pasted resume.")
    roles: list[str] = Field(default_factory=list, description="Target roles, e.g. 'ML engineer intern'.")
    skills: list[str] = Field(default_factory=list)
    seniority: list[str] = Field(
        default_factory=list, description="Levels you want: internship, entry, junior, mid, senior..."
    )
    locations: list[str] = Field(default_factory=list, description="Preferred locations, best first.")
    acceptable_locations: list[str] = Field(default_factory=list)
    remote_ok: bool = True
    avoid_keywords: list[str] = Field(default_factory=list)
    avoid_companies: list[str] = Field(default_factory=list)
    needs_visa_sponsorship: bool = False
    max_age_days: int = Field(14, ge=1, le=365)

    @property
    def version(self) -> str:
        """Changes whenever anything that judges fit changes, so cached scores are not reused; the name
        is not part of it, so people whose profiles say the same share their LLM scores."""
        blob = json.dumps(self.model_dump(exclude={"name"}), sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(blob.encode()).hexdigest()[:12]

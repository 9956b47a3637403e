"""The one posting type every part of jobpicks shares.

Scrapers fill it in, scoring reads it, the bot stores and shows it. Text fields are normalised on the
way in (see `scrapers.normalize`), so downstream code can compare and display them as they are.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from datetime import UTC, datetime
from typing import Any

from scrapers.normalize import canonical_url, clean_text


@dataclass(slots=True)
class Posting:
    """A job posting from one source, or several sources merged into one.

    `key` is stable across days: the source name and the site's own id (``linkedin:4273280546``),
    so the same job seen tomorrow is recognised as seen.
    """

    key: str
    source: str
    url: str
    title: str
    company: str
    location: str = ""
    description: str = ""
    posted_at: datetime | None = None
    seniority: str | None = None
    employment_type: str | None = None
    remote: bool | None = None
    salary: str | None = None
    job_function: str | None = None
    industries: str | None = None
    sponsorship: str | None = None
    city: str | None = None
    region: str | None = None
    country: str | None = None
    # Set when an aggregator (Lensa, Jobs via Dice, ...) reposted the job: its name.
    via: str | None = None
    # Every link and key this job was seen under, once duplicates are merged.
    links: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.title = clean_text(self.title)
        self.company = clean_text(self.company)
        self.location = clean_text(self.location)
        self.description = clean_text(self.description, keep_newlines=True)
        self.url = canonical_url(self.url)
        if self.posted_at is not None and self.posted_at.tzinfo is None:
            self.posted_at = self.posted_at.replace(tzinfo=UTC)
        if self.url and self.url not in self.links:
            self.links.insert(0, self.url)

    @property
    def all_keys(self) -> list[str]:
        """The posting's own key first, then the keys of the copies merged into it."""
        return [self.key, *(k for k in self.aliases if k != self.key)]

    def age_days(self, now: datetime | None = None) -> float | None:
        if self.posted_at is None:
            return None
        now = now or datetime.now(UTC)
        return max(0.0, (now - self.posted_at).total_seconds() / 86400)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["posted_at"] = self.posted_at.isoformat() if self.posted_at else None
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Posting:
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        if values.get("posted_at"):
            values["posted_at"] = datetime.fromisoformat(values["posted_at"])
        return cls(**values)

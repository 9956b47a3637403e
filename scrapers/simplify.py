"""The SimplifyJobs internship list: one ``listings.json`` kept by the community on GitHub.

Entries stay in the file after a role closes (``active: false``) or is hidden by the maintainers
(``is_visible: false``); only active, visible ones are collected. ``sponsorship`` is kept as written
("Offers Sponsorship", "Does Not Offer Sponsorship", "U.S. Citizenship is Required", "Other") so a
profile that needs a visa can use it.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from scrapers.base import Parsed
from scrapers.config import SearchSpec, SourceConfig
from scrapers.jsonbody import json_body
from scrapers.model import Posting
from scrapers.normalize import from_epoch
from scrapers.places import place_fields
from scrapers.run import SourceRun
from scrapers.source import Kind, NoOptions, Source

NAME = "simplify"
DEFAULT_URL = "https://raw.githubusercontent.com/SimplifyJobs/Summer2026-Internships/dev/.github/scripts/listings.json"


def list_url(cfg: SourceConfig) -> str:
    """`url` names the list; `base_url` only moves it to another host (a mirror, a proxy, tests)."""
    url = cfg.url or DEFAULT_URL
    if cfg.base_url:
        parts = urlsplit(url)
        return cfg.base_url.rstrip("/") + parts.path + (f"?{parts.query}" if parts.query else "")
    return url


def parse_listings(data: Any) -> Parsed:
    if not isinstance(data, list):
        return Parsed(warnings=["expected a JSON list of listings — the file's format may have changed"])
    parsed = Parsed(items=len(data))
    skipped = 0
    for entry in data:
        if isinstance(entry, dict) and (entry.get("active") is not True or entry.get("is_visible") is False):
            # Closed or hidden first: such entries are dropped anyway, and the real lists hold closed
            # ones without a link, which are no news to anybody.
            continue
        if not isinstance(entry, dict) or not all(entry.get(k) for k in ("id", "title", "url")):
            skipped += 1
            continue
        locations = [str(x) for x in entry.get("locations") or [] if x]
        location = "; ".join(locations)
        posted = entry.get("date_posted")
        details = [
            ("Terms", ", ".join(entry.get("terms") or [])),
            ("Category", entry.get("category") or ""),
            ("Degrees", ", ".join(entry.get("degrees") or [])),
            ("Sponsorship", entry.get("sponsorship") or ""),
        ]
        parsed.postings.append(
            Posting(
                key=f"{NAME}:{entry['id']}",
                source=NAME,
                url=entry["url"],
                title=entry["title"],
                company=entry.get("company_name") or "",
                location=location,
                description="\n".join(f"{k}: {v}" for k, v in details if v),
                posted_at=from_epoch(posted),
                seniority="Internship",
                employment_type="Internship",
                sponsorship=entry.get("sponsorship") or None,
                remote=True if "remote" in location.lower() else None,
                **place_fields(location),
            )
        )
    if skipped:
        parsed.warnings.append(f"{skipped} open listings without id, title or url skipped")
    return parsed


class Simplify:
    """The Simplify internship list, one file a run."""

    name = NAME
    label = "Simplify"
    rank = 1
    kind = Kind.BOARDS
    options_model = NoOptions

    def origins(self, cfg: SourceConfig) -> list[str]:
        return [list_url(cfg)]

    async def collect(self, run: SourceRun, searches: list[SearchSpec]) -> None:
        response = await run.fetch.get(list_url(run.cfg))
        run.add(parse_listings(json_body(response, "listings.json")), "listings.json")

    def key_from_url(self, url: str) -> str | None:
        # The list links to the employer's own page, never to a page of its own: those links are the
        # employer's board's to claim.
        return None


SOURCE: Source = Simplify()

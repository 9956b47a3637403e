"""Lever job sites: ``api.lever.co/v0/postings/<site>?mode=json`` (a JSON list of postings).

Lever does not name the company in a posting, so the site name from the config stands in for it
("palantir" -> "Palantir"); ``options.names`` can give the proper name per site.
"""

from __future__ import annotations

import re
from typing import Any

from scrapers.base import Parsed
from scrapers.board_source import BoardSource
from scrapers.countries import country_name
from scrapers.markup import html_to_text
from scrapers.model import Posting
from scrapers.normalize import from_epoch
from scrapers.places import place_fields
from scrapers.source import Source

NAME = "lever"
DEFAULT_BASE = "https://api.lever.co"
# A posting's `hostedUrl`: jobs.lever.co/<site>/<uuid>.
_LINK_ID = re.compile(r"jobs\.lever\.co/[^/?#]+/([0-9a-f-]{36})")


def _description(job: dict[str, Any]) -> str:
    """The text of the job page: its HTML `description`, `lists` and `additional`, as the page shows them.

    The `...Plain` copies are only a fallback: they can be stale (a real response quoted "$28/hour to
    $47/hour" in `additionalPlain` while the page, from `additional`, said "$60,000 - $97,000/year").
    """
    parts = [html_to_text(job.get("description")) or job.get("descriptionPlain")]
    for section in job.get("lists") or []:
        if isinstance(section, dict):
            parts.append(f"{section.get('text', '')}\n{html_to_text(section.get('content'))}")
    parts.append(html_to_text(job.get("additional")) or job.get("additionalPlain"))
    return "\n\n".join(p.strip() for p in parts if p and p.strip())


def parse_postings(data: Any, site: str, company: str) -> Parsed:
    if not isinstance(data, list):
        return Parsed(warnings=["expected a JSON list of postings — the Lever API may have changed"])
    parsed = Parsed(items=len(data))
    skipped = 0
    for job in data:
        if not isinstance(job, dict) or not job.get("id") or not job.get("text"):
            skipped += 1
            continue
        categories = job.get("categories") or {}
        location = categories.get("location") or ", ".join(categories.get("allLocations") or [])
        created = job.get("createdAt")
        workplace = (job.get("workplaceType") or "").lower()
        place = place_fields(location)
        if not place["country"] and job.get("country"):
            place["country"] = country_name(str(job["country"]))
        parsed.postings.append(
            Posting(
                key=f"{NAME}:{job['id']}",
                source=NAME,
                url=job.get("hostedUrl") or f"https://jobs.lever.co/{site}/{job['id']}",
                title=job["text"],
                company=company,
                location=location,
                description=_description(job),
                posted_at=from_epoch(created, millis=True),
                employment_type=categories.get("commitment"),
                remote=True if workplace == "remote" or "remote" in location.lower() else None,
                **place,
            )
        )
    if skipped:
        parsed.warnings.append(f"{skipped} postings without id or text skipped")
    return parsed


SOURCE: Source = BoardSource(
    name=NAME,
    label="Lever",
    default_base=DEFAULT_BASE,
    path="/v0/postings/{board}",
    params={"mode": "json"},
    noun="site",
    parse=parse_postings,
    link=_LINK_ID,
)

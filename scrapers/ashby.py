"""Ashby job boards: ``api.ashbyhq.com/posting-api/job-board/<name>`` (public posting API)."""

from __future__ import annotations

import re
from typing import Any

from scrapers.base import Parsed
from scrapers.board_source import BoardSource
from scrapers.countries import country_name
from scrapers.markup import html_to_text
from scrapers.model import Posting
from scrapers.normalize import from_iso
from scrapers.places import place_fields
from scrapers.source import Source

NAME = "ashby"
DEFAULT_BASE = "https://api.ashbyhq.com"
# A job's `jobUrl`: jobs.ashbyhq.com/<board>/<uuid>.
_LINK_ID = re.compile(r"jobs\.ashbyhq\.com/[^/?#]+/([0-9a-f-]{36})")
# Ashby's employmentType values, in the words the other sources use.
_EMPLOYMENT = {
    "Intern": "Internship",
    "FullTime": "Full-time",
    "PartTime": "Part-time",
    "Contract": "Contract",
    "Temporary": "Temporary",
}


def parse_board(data: Any, board: str, company: str) -> Parsed:
    if not isinstance(data, dict) or not isinstance(data.get("jobs"), list):
        return Parsed(warnings=["no 'jobs' list in the response — the Ashby API may have changed"])
    parsed = Parsed(items=len(data["jobs"]))
    skipped = 0
    for job in data["jobs"]:
        if not isinstance(job, dict) or not job.get("id") or not job.get("title"):
            skipped += 1
            continue
        if job.get("isListed") is False:
            continue
        locations = [job.get("location") or ""]
        secondary = [s for s in job.get("secondaryLocations") or [] if isinstance(s, dict)]
        locations += [s.get("location") or "" for s in secondary]
        location = "; ".join(loc.strip() for loc in locations if loc and loc.strip())
        place = place_fields(location)
        address = (job.get("address") or {}).get("postalAddress") or {}
        if not place["country"] and address.get("addressCountry"):
            place["country"] = country_name(address["addressCountry"])
        compensation = (job.get("compensation") or {}).get("compensationTierSummary")
        parsed.postings.append(
            Posting(
                key=f"{NAME}:{job['id']}",
                source=NAME,
                url=job.get("jobUrl") or f"https://jobs.ashbyhq.com/{board}/{job['id']}",
                title=job["title"],
                company=company,
                location=location,
                description=job.get("descriptionPlain") or html_to_text(job.get("descriptionHtml")),
                posted_at=from_iso(job.get("publishedAt")),
                employment_type=_EMPLOYMENT.get(job.get("employmentType") or "", job.get("employmentType")),
                remote=True if job.get("isRemote") or str(job.get("workplaceType")).lower() == "remote" else None,
                salary=compensation if isinstance(compensation, str) else None,
                **place,
            )
        )
    if skipped:
        parsed.warnings.append(f"{skipped} jobs without id or title skipped")
    return parsed


SOURCE: Source = BoardSource(
    name=NAME,
    label="Ashby",
    default_base=DEFAULT_BASE,
    path="/posting-api/job-board/{board}",
    params={"includeCompensation": "true"},
    parse=parse_board,
    link=_LINK_ID,
)

"""Greenhouse job boards: ``boards-api.greenhouse.io/v1/boards/<token>/jobs?content=true``.

`content=true` adds each job's description, HTML-escaped (``&lt;p&gt;``), which is unescaped and
reduced to text here. Jobs name their company (`company_name`) only in responses since about 2023; an
older or trimmed response falls back to the board name made readable, as Lever and Ashby do
("github" -> "Github"), and `options.names` can give the proper name.
"""

from __future__ import annotations

import re
from typing import Any

from scrapers.base import Parsed
from scrapers.board_source import BoardSource
from scrapers.markup import html_to_text
from scrapers.model import Posting
from scrapers.normalize import from_iso
from scrapers.places import place_fields
from scrapers.source import BoardNames, Source

NAME = "greenhouse"
DEFAULT_BASE = "https://boards-api.greenhouse.io"
# A job's link as the board API gives it (`absolute_url`): on the board, or on the employer's own
# careers page carrying `gh_jid`.
_LINK_ID = re.compile(r"(?:greenhouse\.io/[^/?#]+/jobs/|[?&]gh_jid=)(\d+)")


def parse_board(data: Any, board: str, company: str | None = None) -> Parsed:
    """`company` stands in for jobs without `company_name`; by default the board name made readable."""
    company = company or BoardNames().company(board)
    if not isinstance(data, dict) or not isinstance(data.get("jobs"), list):
        return Parsed(warnings=["no 'jobs' list in the response — the Greenhouse API may have changed"])
    parsed = Parsed(items=len(data["jobs"]))
    skipped = 0
    for job in data["jobs"]:
        if not isinstance(job, dict) or not job.get("id") or not job.get("title"):
            skipped += 1
            continue
        location = (job.get("location") or {}).get("name") or ""
        parsed.postings.append(
            Posting(
                key=f"{NAME}:{job['id']}",
                source=NAME,
                url=job.get("absolute_url") or f"https://boards.greenhouse.io/{board}/jobs/{job['id']}",
                title=job["title"],
                company=job.get("company_name") or company,
                location=location,
                description=html_to_text(job.get("content"), escaped=True),
                posted_at=from_iso(job.get("first_published")) or from_iso(job.get("updated_at")),
                remote=True if "remote" in location.lower() else None,
                **place_fields(location),
            )
        )
    if skipped:
        parsed.warnings.append(f"{skipped} jobs without id or title skipped")
    return parsed


SOURCE: Source = BoardSource(
    name=NAME,
    label="Greenhouse",
    default_base=DEFAULT_BASE,
    path="/v1/boards/{board}/jobs",
    params={"content": "true"},
    parse=parse_board,
    link=_LINK_ID,
)

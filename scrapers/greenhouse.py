"""Greenhouse job boards: boards-api.greenhouse.io/v1/boards/<token>/jobs?content=true."""

from __future__ import annotations

import html
from datetime import datetime
from typing import Any

import httpx
from selectolax.lexbor import LexborHTMLParser

from scrapers.config import SourceConfig
from scrapers.model import Posting

NAME = "greenhouse"
DEFAULT_BASE = "https://boards-api.greenhouse.io"


def html_to_text(markup: str) -> str:
    """Greenhouse sends its content HTML-escaped; unescape, then keep the text with line breaks."""
    if not markup:
        return ""
    tree = LexborHTMLParser(html.unescape(markup))
    return tree.root.text(separator="\n") if tree.root else ""


def parse_board(data: dict[str, Any], board: str) -> list[Posting]:
    postings = []
    for job in data.get("jobs") or []:
        if not isinstance(job, dict) or "id" not in job:
            continue
        posted = job.get("first_published") or job.get("updated_at")
        postings.append(
            Posting(
                key=f"{NAME}:{job['id']}",
                source=NAME,
                url=job.get("absolute_url") or "",
                title=job.get("title") or "",
                company=job.get("company_name") or board,
                location=(job.get("location") or {}).get("name") or "",
                description=html_to_text(job.get("content") or ""),
                posted_at=datetime.fromisoformat(posted) if posted else None,
            )
        )
    return postings


async def collect(client: httpx.AsyncClient, cfg: SourceConfig) -> list[Posting]:
    base = (cfg.base_url or DEFAULT_BASE).rstrip("/")
    postings: list[Posting] = []
    for board in cfg.companies:
        response = await client.get(f"{base}/v1/boards/{board}/jobs", params={"content": "true"})
        response.raise_for_status()
        postings.extend(parse_board(response.json(), board))
    return postings

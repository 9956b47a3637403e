"""LinkedIn's guest job search (no login): search cards first, job pages only for the survivors.

Search: ``/jobs-guest/jobs/api/seeMoreJobPostings/search`` returns a fragment of ``<li>`` cards, about
ten a page; ``start`` moves on by the number of cards actually returned and an empty page ends the
search. Details: ``/jobs-guest/jobs/api/jobPosting/<id>`` holds the description and the criteria list.
The filter codes are the ones LinkedIn's own search page puts in its URL (``f_JT=I`` for internships,
``f_E=1..6`` experience, ``f_WT=1..3`` on-site/remote/hybrid, ``f_TPR=r<seconds>`` freshness).
"""

from __future__ import annotations

import asyncio
import re
from datetime import UTC, datetime
from typing import Any

from selectolax.lexbor import LexborHTMLParser, LexborNode

from scrapers.base import Parsed, ScrapeError
from scrapers.config import SearchSpec, SourceConfig
from scrapers.markup import html_to_text
from scrapers.model import Posting
from scrapers.normalize import clean_text
from scrapers.places import place_fields
from scrapers.run import SourceRun, each_search
from scrapers.source import Kind, NoOptions, Source, key_in_link

NAME = "linkedin"
DEFAULT_BASE = "https://www.linkedin.com"
SEARCH_PATH = "/jobs-guest/jobs/api/seeMoreJobPostings/search"
DETAIL_PATH = "/jobs-guest/jobs/api/jobPosting/{id}"

JOB_TYPES = {
    "full-time": "F",
    "part-time": "P",
    "contract": "C",
    "temporary": "T",
    "internship": "I",
    "volunteer": "V",
    "other": "O",
}
EXPERIENCE = {
    "internship": "1",
    "entry": "2",
    "associate": "3",
    "mid-senior": "4",
    "mid": "4",
    "senior": "4",
    "director": "5",
    "executive": "6",
}
WORKPLACE = {"onsite": "1", "on-site": "1", "remote": "2", "hybrid": "3"}

_URN_ID = re.compile(r"jobPosting:(\d+)")
# A job page's path ends in its id, after an optional slug: /jobs/view/ml-intern-at-acme-4273280546.
_VIEW_PATH = r"/jobs/view/(?:[^/?#]*-)?(\d{6,})"
_LINK_ID = re.compile(_VIEW_PATH)
_VIEW_URL = re.compile(r"linkedin\.com" + _VIEW_PATH)
_CRITERIA = {
    "seniority level": "seniority",
    "employment type": "employment_type",
    "job function": "job_function",
    "industries": "industries",
}


def search_params(spec: SearchSpec, start: int = 0) -> tuple[dict[str, Any], list[str]]:
    """The query string of one search page, and any option LinkedIn has no filter for."""
    params: dict[str, Any] = {"keywords": spec.keywords, "f_TPR": f"r{spec.hours * 3600}", "start": start}
    if spec.location:
        params["location"] = spec.location
    unknown: list[str] = []
    for name, values, codes in (
        ("f_JT", spec.job_type, JOB_TYPES),
        ("f_E", spec.experience, EXPERIENCE),
        ("f_WT", spec.remote, WORKPLACE),
    ):
        picked = []
        for value in values:
            code = codes.get(value.strip().lower().replace(" ", "-").replace("_", "-"))
            if code is None:
                unknown.append(f"{value!r} is not a LinkedIn filter value (known: {', '.join(codes)})")
            elif code not in picked:
                picked.append(code)
        if picked:
            params[name] = ",".join(picked)
    return params, unknown


def _text(node: LexborNode | None) -> str:
    return node.text(separator=" ") if node is not None else ""


def _is_empty_page(markup: str) -> bool:
    """LinkedIn ends a search with a page holding nothing but perhaps a doctype."""
    tree = LexborHTMLParser(markup)
    body = tree.body
    return body is None or (not body.text(strip=True) and tree.css_first("li, div") is None)


def parse_search_page(markup: str) -> Parsed:
    """Cards of one search page. A page with content but no cards is a layout change, not 'no jobs'."""
    if not markup.strip() or _is_empty_page(markup):
        return Parsed()
    tree = LexborHTMLParser(markup)
    cards = tree.css("div.base-search-card")
    if not cards:
        # Either the class names changed or LinkedIn served a sign-in wall instead of cards.
        return Parsed(
            warnings=[
                "no job cards (div.base-search-card) on a non-empty page — "
                "LinkedIn's layout may have changed or it served a sign-in page"
            ]
        )
    parsed = Parsed(items=len(cards))
    no_urn = no_id = no_title = no_company = 0
    for card in cards:
        link = card.css_first("a.base-card__full-link") or card.css_first("a[href*='/jobs/view/']")
        href = (link.attributes.get("href") or "") if link is not None else ""
        urn = card.attributes.get("data-entity-urn") or ""
        match = _URN_ID.search(urn)
        if not match:
            no_urn += 1
            match = _LINK_ID.search(href)
            if not match:
                no_id += 1
                continue
        job_id = match.group(1)
        title = _text(card.css_first("h3.base-search-card__title")) or _text(card.css_first("span.sr-only"))
        if not title.strip():
            no_title += 1
            continue
        company = _text(card.css_first("h4.base-search-card__subtitle"))
        if not company.strip():
            no_company += 1
        location = _text(card.css_first("span.job-search-card__location"))
        time_node = card.css_first("time[datetime]")
        salary = _text(card.css_first("span.job-search-card__salary-info")) or None
        parsed.postings.append(
            Posting(
                key=f"{NAME}:{job_id}",
                source=NAME,
                url=href or f"{DEFAULT_BASE}/jobs/view/{job_id}",
                title=title,
                company=company,
                location=location,
                posted_at=_date(time_node.attributes.get("datetime") if time_node is not None else None),
                salary=salary,
                remote=True if "remote" in location.lower() else None,
                **place_fields(location),
            )
        )
    for count, field, what in (
        (no_urn, "data-entity-urn", "id taken from the link instead"),
        (no_id, "data-entity-urn and job link", "cards skipped"),
        (no_title, "h3.base-search-card__title", "cards skipped"),
        (no_company, "h4.base-search-card__subtitle", "company left blank"),
    ):
        if count:
            parsed.warnings.append(f"{count} of {len(cards)} cards without {field} ({what})")
    return parsed


def _date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.strip()).replace(tzinfo=UTC)
    except ValueError:
        return None


def parse_job_page(markup: str) -> tuple[dict[str, str], list[str]]:
    """The description and criteria of a job page, as `Posting` field values, and what was missing."""
    tree = LexborHTMLParser(markup)
    fields: dict[str, str] = {}
    warnings: list[str] = []
    description = tree.css_first("div.show-more-less-html__markup") or tree.css_first("div.description__text")
    if description is not None:
        fields["description"] = html_to_text(description.html)
    else:
        warnings.append("no description (div.show-more-less-html__markup)")
    for item in tree.css("li.description__job-criteria-item"):
        label = _text(item.css_first("h3")).strip().lower()
        value = " ".join(_text(item.css_first("span")).split())
        if label in _CRITERIA and value:
            fields[_CRITERIA[label]] = value
    salary = tree.css_first("div.compensation__salary") or tree.css_first("div.salary")
    if salary is not None and salary.text(strip=True):
        fields["salary"] = " ".join(salary.text(separator=" ").split())
    return fields, warnings


def job_id(posting: Posting) -> str | None:
    prefix = f"{NAME}:"
    return posting.key[len(prefix) :] if posting.key.startswith(prefix) else None


def apply_details(posting: Posting, fields: dict[str, str]) -> None:
    """Fill what the card lacked; `Posting` normalises text only at creation, so clean here too."""
    if fields.get("description"):
        posting.description = clean_text(fields["description"], keep_newlines=True)
    for name in ("seniority", "employment_type", "job_function", "industries", "salary"):
        if fields.get(name) and not getattr(posting, name):
            setattr(posting, name, clean_text(fields[name]))


async def _search(run: SourceRun, base: str, spec: SearchSpec) -> None:
    where = f"search {spec.keywords!r}"
    params, unknown = search_params(spec)
    for problem in unknown:
        run.warn(f"{where}: {problem}")
    start, seen = 0, set[str]()
    for page in range(1, run.cfg.max_pages + 1):
        params, _ = search_params(spec, start)
        response = await run.fetch.get(base + SEARCH_PATH, params=params)
        parsed = parse_search_page(response.text)
        run.add(
            Parsed(postings=[p for p in parsed.postings if p.key not in seen], warnings=parsed.warnings),
            f"{where} page {page}",
        )
        new = {p.key for p in parsed.postings} - seen
        if parsed.items == 0 or (parsed.postings and not new):
            # An empty page ends the search; a page of only repeats means LinkedIn is looping.
            return
        seen |= new
        start += parsed.items


async def fetch_details(run: SourceRun, postings: list[Posting]) -> None:
    """Fill descriptions and criteria from the job pages; a page that fails leaves the card as it was."""
    base = run.base_url(DEFAULT_BASE)

    async def one(posting: Posting) -> None:
        ident = job_id(posting)
        if ident is None:
            return
        try:
            response = await run.fetch.get(base + DETAIL_PATH.format(id=ident))
        except ScrapeError as exc:
            run.warn(f"job {ident}: details not fetched ({exc})")
            return
        fields, warnings = parse_job_page(response.text)
        for warning in warnings:
            run.warn(f"job {ident}: {warning}")
        apply_details(posting, fields)

    await asyncio.gather(*(one(p) for p in postings))


class LinkedIn:
    """LinkedIn's guest job search, run for each [[search]]."""

    name = NAME
    label = "LinkedIn"
    rank = 2
    kind = Kind.SEARCH
    options_model = NoOptions

    def origins(self, cfg: SourceConfig) -> list[str]:
        return [cfg.base_url or DEFAULT_BASE]

    async def collect(self, run: SourceRun, searches: list[SearchSpec]) -> None:
        base = run.base_url(DEFAULT_BASE)
        await each_search(searches, lambda spec: _search(run, base, spec), side_by_side=True)

    def key_from_url(self, url: str) -> str | None:
        return key_in_link(NAME, _VIEW_URL, url)


SOURCE: Source = LinkedIn()

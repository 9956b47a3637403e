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
from collections.abc import Iterable
from datetime import UTC, datetime
from itertools import chain
from typing import Any

from selectolax.lexbor import LexborHTMLParser, LexborNode

from scrapers.base import Parsed, ScrapeError
from scrapers.config import SearchSpec, SourceConfig
from scrapers.markup import html_to_text
from scrapers.model import Posting
from scrapers.normalize import clean_text
from scrapers.places import PlaceFields, place_fields
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
# The criteria labels of a guest job page in the languages LinkedIn serves it in (the page follows the
# visitor's locale or the country site: fr.linkedin.com answers in French). Where each was read: en,
# the Atos and Northwind captures in tests/data; fr, the Asobo capture in tests/data (from
# Aplaii/InternshipApplier); de, es, pt and it, the label tables of public guest-page scrapers (German
# maps in several, a notebook mapping the Portuguese labels to the Spanish ones, a puppeteer scraper
# matching the Italian ones); nl, LinkedIn's Dutch analytics export ("Senioriteitsniveau", "Functie"),
# so the Dutch set is the least certain. A label missing here is named in a warning, never dropped quietly.
_CRITERIA_LABELS = {
    "seniority": (
        "seniority level",
        "niveau hiérarchique",
        "karrierestufe",
        "nivel de antigüedad",
        "nível de experiência",
        "livello di anzianità",
        "senioriteitsniveau",
    ),
    "employment_type": (
        "employment type",
        "type d'emploi",
        "beschäftigungsverhältnis",
        "tipo de empleo",
        "tipo de emprego",
        "tipo di impiego",
        "dienstverband",
    ),
    "job_function": (
        "job function",
        "fonction",
        "tätigkeitsbereich",
        "función laboral",
        "função",
        "funzione lavorativa",
        "functie",
    ),
    "industries": ("industries", "secteurs", "branchen", "sectores", "setores", "settori", "sectoren", "branches"),
}
_CRITERIA = {label: field for field, labels in _CRITERIA_LABELS.items() for label in labels}


def _criteria_label(text: str) -> str:
    """A label as the table above spells it: one line, lower case, a straight apostrophe."""
    return " ".join(text.split()).lower().replace("\u2019", "'")


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
    return node.text(separator=" ", strip=True) if node is not None else ""


_CARD = "div.base-search-card"
# What a card is read from: the first of each in the card, in document order. The job link and the
# link's screen-reader text stand in for a missing full link and title heading, and are looked up in
# the cards that need them.
_FULL_LINK, _TITLE, _COMPANY = "a.base-card__full-link", "h3.base-search-card__title", "h4.base-search-card__subtitle"
_LOCATION, _TIME, _SALARY = "span.job-search-card__location", "time[datetime]", "span.job-search-card__salary-info"
_JOB_LINK, _SR_TITLE = "a[href*='/jobs/view/']", "span.sr-only"
# One selector pass over the whole page finds every card and each part inside a card, in document
# order (looking parts up card by card cost most of the parsing time). Cards never nest on LinkedIn's
# pages, so a part belongs to the card last seen before it; a page where they do is read card by card.
_PAGE_PASS = ", ".join(
    (_CARD, *(f"{_CARD} {part}" for part in (_FULL_LINK, _TITLE, _COMPANY, _LOCATION, _TIME, _SALARY)))
)
_CARD_PASS = ", ".join((_FULL_LINK, _TITLE, _COMPANY, _LOCATION, _TIME, _SALARY))
_NESTED_CARDS = f"{_CARD} {_CARD}"
_LOCATION_CLASS, _SALARY_CLASS = "job-search-card__location", "job-search-card__salary-info"
# The parts told apart by their tag alone: the page pass only finds these tags as these parts.
_TAG_PARTS = {"a": "link", "h3": "title", "h4": "company", "time": "time"}

Parts = dict[str, LexborNode]


def _cards_and_parts(tree: LexborHTMLParser) -> list[tuple[LexborNode, Parts]]:
    if tree.css_first(_NESTED_CARDS) is not None:
        return _grouped(chain.from_iterable((card, *card.css(_CARD_PASS)) for card in tree.css(_CARD)))
    return _grouped(tree.css(_PAGE_PASS))


def _grouped(nodes: Iterable[LexborNode]) -> list[tuple[LexborNode, Parts]]:
    """Cards and their parts from nodes in document order: a card, then its parts, then the next card.

    A card keeps the first node of each part, as a lookup in the card would find it.
    """
    found: list[tuple[LexborNode, Parts]] = []
    parts: Parts = {}
    for node in nodes:
        tag = node.tag
        if tag == "div":
            parts = {}
            found.append((node, parts))
            continue
        name = _TAG_PARTS.get(tag or "")
        if name is not None:
            if name not in parts:
                parts[name] = node
            continue
        classes = (node.attrs.get("class") or "").split()
        if _LOCATION_CLASS in classes and "location" not in parts:
            parts["location"] = node
        if _SALARY_CLASS in classes and "salary" not in parts:
            parts["salary"] = node
    return found


def parse_search_page(markup: str) -> Parsed:
    """Cards of one search page. A page with content but no cards is a layout change, not 'no jobs'."""
    if not markup or markup.isspace():
        return Parsed()
    tree = LexborHTMLParser(markup)
    cards = _cards_and_parts(tree)
    if not cards:
        # LinkedIn ends a search with a page holding nothing but perhaps a doctype.
        body = tree.body
        if body is None or (not body.text(strip=True) and tree.css_first("li, div") is None):
            return Parsed()
        # Either the class names changed or LinkedIn served a sign-in wall instead of cards.
        return Parsed(
            warnings=[
                "no job cards (div.base-search-card) on a non-empty page — "
                "LinkedIn's layout may have changed or it served a sign-in page"
            ]
        )
    parsed = Parsed(items=len(cards))
    no_urn = no_id = no_title = no_company = 0
    # The same place or day on many cards of a page ("Istanbul, Türkiye") is read once.
    places: dict[str, PlaceFields] = {}
    days: dict[str | None, datetime | None] = {}
    for card, parts in cards:
        link = parts.get("link") or card.css_first(_JOB_LINK)
        href = (link.attrs.get("href") or "") if link is not None else ""
        match = _URN_ID.search(card.attrs.get("data-entity-urn") or "")
        if not match:
            no_urn += 1
            match = _LINK_ID.search(href)
            if not match:
                no_id += 1
                continue
        job_id = match.group(1)
        title = _text(parts.get("title")) or _text(card.css_first(_SR_TITLE))
        if not title or title.isspace():
            no_title += 1
            continue
        company = _text(parts.get("company"))
        if not company or company.isspace():
            no_company += 1
        location = _text(parts.get("location"))
        place = places.get(location)
        if place is None:
            place = places[location] = place_fields(location)
        time_node = parts.get("time")
        day = time_node.attrs.get("datetime") if time_node is not None else None
        posted_at = days[day] if day in days else days.setdefault(day, _date(day))
        parsed.postings.append(
            Posting(
                key=f"{NAME}:{job_id}",
                source=NAME,
                url=href or f"{DEFAULT_BASE}/jobs/view/{job_id}",
                title=title,
                company=company,
                location=location,
                posted_at=posted_at,
                salary=_text(parts.get("salary")) or None,
                remote=True if "remote" in location.lower() else None,
                **place,
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
        label = _criteria_label(_text(item.css_first("h3")))
        value = " ".join(_text(item.css_first("span")).split())
        if not value:
            continue
        if label in _CRITERIA:
            fields[_CRITERIA[label]] = value
        else:
            warnings.append(
                f"criteria label {label!r} not known, its value {value!r} left out — "
                "LinkedIn may serve a language or a field jobpicks does not know yet"
            )
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

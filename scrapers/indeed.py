"""Indeed, in the two forms that still work: the mobile app's GraphQL API and the search pages.

- ``mode = "api"``: ``apis.indeed.com/graphql``, the endpoint Indeed's iOS app uses and public
  scrapers (JobSpy) call today. It needs the app's ``indeed-api-key`` header, given as
  ``options.api_key``; results page by ``pageInfo.nextCursor``.
- ``mode = "html"``: the ``/jobs`` search page, which embeds its results as the
  ``mosaic-provider-jobcards`` JSON (older pages and some countries still render
  ``div[data-jk]`` cards instead; both are read). Pages on by ``start`` in steps of ten.

Every posting is keyed by its ``jobkey`` lower-cased, and linked as ``/viewjob?jk=<jobkey>`` on the
country's Indeed site, which `SOURCE.key_from_url` maps back to the same key.
"""

from __future__ import annotations

import json
import math
import re
from datetime import UTC, datetime, timedelta
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from selectolax.lexbor import LexborHTMLParser

from scrapers.base import Parsed
from scrapers.config import SearchSpec, SourceConfig
from scrapers.countries import country_name
from scrapers.jsonbody import json_body
from scrapers.markup import html_to_text
from scrapers.model import Posting
from scrapers.normalize import from_epoch
from scrapers.places import place_fields
from scrapers.run import SourceRun, each_search
from scrapers.source import Kind, Source, key_in_link, read_options

NAME = "indeed"
API_URL = "https://apis.indeed.com/graphql"
PAGE_SIZE = 10
# The job-type attribute keys of Indeed's API filters, as the app sends them (seen in JobSpy).
_API_JOB_TYPES = {"full-time": "CF3CP", "part-time": "75GKK", "contract": "NJXCK", "internship": "VDTG7"}
_HTML_JOB_TYPES = {
    "full-time": "fulltime",
    "part-time": "parttime",
    "contract": "contract",
    "internship": "internship",
    "temporary": "temporary",
}
_MOSAIC = re.compile(r"""providerData\[\s*["']mosaic-provider-jobcards["']\s*\]\s*=\s*""")
_AGO = re.compile(r"(\d+)\+?\s*(day|hour|minute)", re.I)
# A job's link on any country's site: /viewjob?jk=<jobkey>, or a search page showing it (vjk=).
_LINK_JK = re.compile(r"indeed\.[a-z.]+/.*[?&](?:jk|vjk)=([0-9a-f]{8,})", re.IGNORECASE)
_COUNTRY = re.compile(r"^[a-z]+$")


class IndeedOptions(BaseModel):
    """`[sources.indeed] options`, as the example config documents them."""

    model_config = ConfigDict(extra="forbid")

    country: str = Field("us", description="Indeed's site for searches and links: 'us' -> www.indeed.com.")
    mode: Literal["api", "html"] | None = Field(
        None, description="'api' (the mobile app's GraphQL API) or 'html' (search pages); default: 'api' with a key."
    )
    api_key: str | None = Field(None, description="The indeed-api-key header of Indeed's iOS app (mode 'api').")
    radius_miles: int = Field(25, ge=0, description="Miles around a search's location (mode 'api').")
    locale: str = Field("en-US", description="The indeed-locale header (mode 'api').")

    @field_validator("country")
    @classmethod
    def _site_name(cls, value: str) -> str:
        # The code becomes a host name (uk.indeed.com), so it can only be letters.
        code = value.strip().lower() or "us"
        if not _COUNTRY.match(code):
            raise ValueError("a country code such as 'us' or 'uk'")
        return code

    @model_validator(mode="after")
    def _key_for_the_api(self) -> IndeedOptions:
        if self.mode == "api" and not self.api_key:
            raise ValueError("mode 'api' needs the app's key: set options.api_key, or use options.mode = 'html'")
        return self

    @property
    def how(self) -> Literal["api", "html"]:
        return self.mode or ("api" if self.api_key else "html")


def options(cfg: SourceConfig) -> IndeedOptions:
    return read_options(IndeedOptions, NAME, cfg)


def site_url(cfg: SourceConfig) -> str:
    """The country's Indeed site, where job links point whatever base_url the requests go to."""
    code = options(cfg).country
    return "https://www.indeed.com" if code == "us" else f"https://{code}.indeed.com"


def api_url(cfg: SourceConfig) -> str:
    return f"{cfg.base_url.rstrip('/')}/graphql" if cfg.base_url else API_URL


def _posting(site: str, jobkey: str, *, country_hint: str | None = None, **fields: Any) -> Posting:
    """A posting linked on the country's site; `country_hint` (an API's country code) fills a gap."""
    place = place_fields(fields.get("location"))
    if not place["country"] and country_hint:
        place["country"] = country_name(country_hint)
    return Posting(
        key=f"{NAME}:{jobkey.lower()}", source=NAME, url=f"{site}/viewjob?jk={jobkey}", **{**place, **fields}
    )


# --- search pages -------------------------------------------------------------------------------


def _mosaic_results(markup: str) -> list[Any] | None:
    """The results list of the embedded jobcards JSON, or None when the page has none."""
    match = _MOSAIC.search(markup)
    if not match:
        return None
    try:
        data, _ = json.JSONDecoder().raw_decode(markup, match.end())
    except json.JSONDecodeError:
        return None
    results = (((data or {}).get("metaData") or {}).get("mosaicProviderJobCardsModel") or {}).get("results")
    return results if isinstance(results, list) else None


def _ago(text: str, now: datetime) -> datetime | None:
    """'Posted 2 days ago', 'Just posted', 'Today', '30+ days ago' -> a time, as near as the text allows."""
    lowered = text.lower()
    if "just posted" in lowered or "today" in lowered:
        return now
    if m := _AGO.search(lowered):
        unit = {"day": "days", "hour": "hours", "minute": "minutes"}[m.group(2)]
        return now - timedelta(**{unit: int(m.group(1))})
    return None


def parse_search_page(markup: str, site: str, now: datetime | None = None) -> Parsed:
    """Results of a search page, from the embedded JSON or else from the cards."""
    now = now or datetime.now(UTC)
    results = _mosaic_results(markup)
    if results is not None:
        return _parse_mosaic(results, site)
    tree = LexborHTMLParser(markup)
    cards = tree.css("div[data-jk], a[data-jk]")
    if cards:
        return _parse_cards(cards, site, now)
    if tree.body is not None and tree.body.text(strip=True):
        return Parsed(
            warnings=[
                "neither mosaic-provider-jobcards JSON nor div[data-jk] cards on the page — "
                "Indeed's layout changed or it served a bot check"
            ]
        )
    return Parsed()


def _parse_mosaic(results: list[Any], site: str) -> Parsed:
    parsed = Parsed(items=len(results))
    no_key = 0
    for job in results:
        if not isinstance(job, dict) or not job.get("jobkey"):
            no_key += 1
            continue
        pub = job.get("pubDate")
        location = job.get("formattedLocation") or ""
        salary = (job.get("salarySnippet") or {}).get("text") or (job.get("extractedSalary") or {}).get("text")
        parsed.postings.append(
            _posting(
                site,
                str(job["jobkey"]),
                title=job.get("title") or job.get("displayTitle") or "",
                company=job.get("company") or job.get("truncatedCompany") or "",
                location=location,
                description=html_to_text(job.get("snippet")),
                posted_at=from_epoch(pub, millis=True),
                salary=salary or None,
                remote=True if job.get("remoteLocation") or "remote" in location.lower() else None,
            )
        )
    if no_key:
        parsed.warnings.append(f"{no_key} of {len(results)} results without jobkey skipped")
    return parsed


def _card_box(card: Any) -> Any:
    """The element holding a card's fields: the card itself, or for today's ``a[data-jk]`` title
    links the result box around them."""
    if card.tag != "a":
        return card
    node = card.parent
    while node is not None:
        classes = node.attributes.get("class") or ""
        if node.tag == "li" or "job_seen_beacon" in classes or "cardOutline" in classes:
            return node
        node = node.parent
    return card


def _parse_cards(cards: list[Any], site: str, now: datetime) -> Parsed:
    parsed = Parsed()
    seen: set[str] = set()
    no_title = 0
    for card in cards:
        jobkey = card.attributes.get("data-jk") or ""
        if jobkey in seen:
            continue
        seen.add(jobkey)
        box = _card_box(card)
        title_node = (
            card
            if card.tag == "a"
            else (card.css_first("h2.jobTitle a") or card.css_first("h2.jobTitle") or card.css_first("h2"))
        )
        title = title_node.text(separator=" ") if title_node is not None else ""
        if not jobkey or not title.strip():
            no_title += 1
            continue

        def text(selector: str, node: Any = box) -> str:
            found = node.css_first(selector)
            return found.text(separator=" ") if found is not None else ""

        location = text("[data-testid='text-location']") or text("div.companyLocation")
        stamp = text("[data-testid='myTimeStamp']") or text("span.date")
        parsed.postings.append(
            _posting(
                site,
                jobkey,
                title=title,
                company=text("[data-testid='company-name']") or text("span.companyName"),
                location=location,
                description=text("[data-testid='belowJobSnippet']") or text("div.job-snippet"),
                posted_at=_ago(stamp, now),
                salary=text("div[class*='salary']") or None,
                remote=True if "remote" in location.lower() else None,
            )
        )
    parsed.items = len(seen)
    if no_title:
        parsed.warnings.append(f"{no_title} of {len(seen)} cards without data-jk or h2.jobTitle skipped")
    return parsed


def search_params(spec: SearchSpec, start: int) -> dict[str, Any]:
    params: dict[str, Any] = {
        "q": spec.keywords,
        "fromage": max(1, math.ceil(spec.hours / 24)),
        "start": start,
        "sort": "date",
    }
    if spec.location:
        params["l"] = spec.location
    for job_type in spec.job_type:
        if code := _HTML_JOB_TYPES.get(job_type.lower()):
            params["jt"] = code
            break
    return params


# --- mobile API -------------------------------------------------------------------------------

_API_FIELDS = """
    pageInfo { nextCursor }
    results { job {
      key title datePublished
      description { html }
      location { countryCode admin1Code city formatted { long } }
      compensation { baseSalary { unitOfWork range { ... on Range { min max } } } currencyCode }
      attributes { label }
      employer { name }
    } }
"""


def api_query(spec: SearchSpec, cursor: str | None, cfg: SourceConfig) -> str:
    """The GraphQL document of one page. Strings go through json.dumps: GraphQL string literals
    share JSON's escapes (GraphQL spec §2.9.4), so a quote in the keywords cannot break the query."""
    args = [f"what: {json.dumps(spec.keywords)}", "limit: 50", "sort: DATE"]
    if spec.location:
        radius = options(cfg).radius_miles
        args.append(f"location: {{where: {json.dumps(spec.location)}, radius: {radius}, radiusUnit: MILES}}")
    if cursor:
        args.append(f"cursor: {json.dumps(cursor)}")
    args.append(f'filters: {{date: {{field: "dateOnIndeed", start: "{spec.hours}h"}}}}')
    return f"query JobSearch {{ jobSearch({', '.join(args)}) {{ {_API_FIELDS} }} }}"


def _salary(comp: Any) -> str | None:
    if not isinstance(comp, dict):
        return None
    base = comp.get("baseSalary") or {}
    rng = base.get("range") or {}
    low, high = rng.get("min"), rng.get("max")
    if low is None and high is None:
        return None
    amount = "–".join(f"{v:,.0f}" for v in (low, high) if v is not None)
    unit = str(base.get("unitOfWork") or "").lower()
    return f"{comp.get('currencyCode') or ''} {amount}{f' per {unit}' if unit else ''}".strip()


def parse_api_page(data: Any, site: str) -> tuple[Parsed, str | None]:
    """Postings of one API page and the cursor of the next (None at the end)."""
    search = ((data or {}).get("data") or {}).get("jobSearch") if isinstance(data, dict) else None
    if not isinstance(search, dict):
        errors = data.get("errors") if isinstance(data, dict) else None
        why = f": {errors[0].get('message')}" if isinstance(errors, list) and errors else ""
        return Parsed(warnings=[f"no data.jobSearch in the API response{why}"]), None
    results = search.get("results") or []
    parsed = Parsed(items=len(results))
    no_key = 0
    for result in results:
        job = (result or {}).get("job") if isinstance(result, dict) else None
        if not isinstance(job, dict) or not job.get("key"):
            no_key += 1
            continue
        loc = job.get("location") or {}
        location = (loc.get("formatted") or {}).get("long") or ", ".join(
            x for x in (loc.get("city"), loc.get("admin1Code")) if x
        )
        labels = [a.get("label", "") for a in job.get("attributes") or [] if isinstance(a, dict)]
        employment = next(
            (lb for lb in labels if lb.lower() in {"internship", "full-time", "part-time", "contract", "temporary"}),
            None,
        )
        published = job.get("datePublished")
        parsed.postings.append(
            _posting(
                site,
                str(job["key"]),
                title=job.get("title") or "",
                company=(job.get("employer") or {}).get("name") or "",
                location=location,
                description=html_to_text((job.get("description") or {}).get("html")),
                posted_at=from_epoch(published, millis=True),
                salary=_salary(job.get("compensation")),
                employment_type=employment,
                remote=True if "remote" in " ".join([*labels, location]).lower() else None,
                country_hint=loc.get("countryCode") or None,
            )
        )
    if no_key:
        parsed.warnings.append(f"{no_key} of {len(results)} results without a job key skipped")
    cursor = (search.get("pageInfo") or {}).get("nextCursor")
    return parsed, cursor if isinstance(cursor, str) and cursor else None


# --- collecting ---------------------------------------------------------------------------------


async def _html_search(run: SourceRun, spec: SearchSpec) -> None:
    base = run.base_url(site_url(run.cfg))
    site = site_url(run.cfg)
    seen: set[str] = set()
    for page in range(run.cfg.max_pages):
        response = await run.fetch.get(f"{base}/jobs", params=search_params(spec, page * PAGE_SIZE))
        parsed = parse_search_page(response.text, site)
        fresh = [p for p in parsed.postings if p.key not in seen]
        run.add(Parsed(postings=fresh, warnings=parsed.warnings), f"search {spec.keywords!r} page {page + 1}")
        # Indeed repeats its last page past the end rather than returning an empty one.
        if not fresh or parsed.items < PAGE_SIZE:
            return
        seen |= {p.key for p in fresh}


async def _api_search(run: SourceRun, spec: SearchSpec) -> None:
    cfg = run.cfg
    wanted = options(cfg)
    headers = {
        "indeed-api-key": wanted.api_key or "",
        "indeed-co": wanted.country.upper(),
        "indeed-locale": wanted.locale,
        "content-type": "application/json",
        "accept": "application/json",
    }
    cursor: str | None = None
    site = site_url(cfg)
    for page in range(1, cfg.max_pages + 1):
        response = await run.fetch.request(
            "POST", api_url(cfg), headers=headers, json={"query": api_query(spec, cursor, cfg)}
        )
        parsed, cursor = parse_api_page(json_body(response, "the jobSearch API"), site)
        run.add(parsed, f"search {spec.keywords!r} page {page}")
        if not cursor or not parsed.postings:
            return


class Indeed:
    """Indeed's search pages or its app's API, run for each [[search]] one after another."""

    name = NAME
    label = "Indeed"
    rank = 3
    kind = Kind.SEARCH
    options_model = IndeedOptions

    def origins(self, cfg: SourceConfig) -> list[str]:
        return [api_url(cfg) if options(cfg).how == "api" else (cfg.base_url or site_url(cfg))]

    async def collect(self, run: SourceRun, searches: list[SearchSpec]) -> None:
        search = _api_search if options(run.cfg).how == "api" else _html_search
        await each_search(searches, lambda spec: search(run, spec), side_by_side=False)

    def key_from_url(self, url: str) -> str | None:
        return key_in_link(NAME, _LINK_JK, url)


SOURCE: Source = Indeed()

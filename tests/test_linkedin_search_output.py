"""LinkedIn search pages read exactly as the parser before issue 12 read them: every Posting field and
every warning, on every saved page and on the ways a card can go wrong.

`tests/data/linkedin/search_pages_parsed.json` holds what that parser made of each page below; the
one-pass parser that replaced it must give the same. Place fields come from the place code, which
changes on its own, so they are checked against it rather than against the file.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date

import pytest

from scrapers.linkedin import parse_search_page
from scrapers.places import place_fields
from tests.fake_sites import DATA, saved
from tests.linkedin_pages import Job, search_page

EXPECTED = DATA / "linkedin" / "search_pages_parsed.json"
PLACE_FIELDS = ("city", "region", "country")


def _tr() -> str:
    return saved("linkedin/search_tr_2026-09.html")


def _without(page: str, needle: str, count: int = 1) -> str:
    """The page with the first `count` occurrences of `needle` (a class or attribute) taken out."""
    assert needle in page, needle
    return page.replace(needle, "", count)


def _generated() -> str:
    jobs = [
        Job(4500000000 + i, f"Machine Learning Intern {i} & Co <b>", f"Company {i % 4}", "Remote", date(2026, 11, 20))
        for i in range(10)
    ]
    return search_page(jobs)


SEARCH_PAGES: dict[str, Callable[[], str]] = {
    "tr_2026-09": _tr,
    "jobdekho": lambda: saved("linkedin/search_jobdekho.html"),
    "il_2022": lambda: saved("linkedin/search_il_2022.html"),
    "fr_2026-09": lambda: saved("linkedin/search_fr_2026-09.html"),
    "quirks": lambda: saved("linkedin/search_quirks.html"),
    "changed_layout": lambda: saved("linkedin/search_changed_layout.html"),
    "generated": _generated,
    "empty": lambda: "",
    "doctype_only": lambda: "<!DOCTYPE html>\n\n  ",
    "sign_in_wall": lambda: "<html><body><h1>Sign in to see more jobs</h1><div>Join now</div></body></html>",
    "whitespace_body": lambda: "<html><body>   </body></html>",
    # A card whose title heading is gone: its title comes from the link's screen-reader text.
    "no_title_heading": lambda: _without(_tr(), 'class="base-search-card__title', 2),
    # Cards whose company heading is gone, and one with neither title heading nor screen-reader text.
    "no_company": lambda: _without(_tr(), 'class="base-search-card__subtitle', 3),
    "no_title_at_all": lambda: _without(_without(_tr(), 'class="base-search-card__title'), 'class="sr-only"'),
    # Cards without the entity urn, one of them also without a job link.
    "no_urn": lambda: _without(_without(_tr(), "data-entity-urn=", 2), 'href="https://tr.linkedin.com/jobs/view'),
    "no_date": lambda: _without(_tr(), "datetime=", 4),
    # A card inside a card: each reads the first of each part in its own subtree, the outer one
    # included the inner one's.
    "nested_cards": lambda: (
        '<li><div class="base-search-card" data-entity-urn="urn:li:jobPosting:4400000099">'
        '<h3 class="base-search-card__title">Outer Intern</h3>'
        + saved("linkedin/search_jobdekho.html").split("<li>")[1]
        + '<h4 class="base-search-card__subtitle">Outer Co</h4>'
        '<span class="job-search-card__location">Paris, France</span></div></li>'
    ),
}


def _as_json(page: str) -> dict:
    parsed = parse_search_page(page)
    postings = [p.to_dict() for p in parsed.postings]
    for posting in postings:
        for name in PLACE_FIELDS:
            del posting[name]
    return {"items": parsed.items, "warnings": parsed.warnings, "postings": postings}


@pytest.mark.parametrize("name", sorted(SEARCH_PAGES))
def test_every_saved_search_page_reads_as_it_always_has(name: str) -> None:
    expected = json.loads(EXPECTED.read_text(encoding="utf-8"))[name]
    assert _as_json(SEARCH_PAGES[name]()) == expected
    for posting in parse_search_page(SEARCH_PAGES[name]()).postings:
        assert {n: getattr(posting, n) for n in PLACE_FIELDS} == place_fields(posting.location)


def test_the_reference_covers_every_page() -> None:
    assert sorted(json.loads(EXPECTED.read_text(encoding="utf-8"))) == sorted(SEARCH_PAGES)


def write_reference() -> None:
    """Record the current parser's output; run once, by hand, before the parser it describes is replaced."""
    EXPECTED.write_text(
        json.dumps({name: _as_json(page()) for name, page in SEARCH_PAGES.items()}, ensure_ascii=False, indent=1)
        + "\n",
        encoding="utf-8",
    )

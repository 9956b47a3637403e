"""One job, one posting: copies merge, near misses stay apart."""

from __future__ import annotations

import json
import random
import re
from datetime import UTC, datetime

import pytest

from scrapers.dedupe import link_identity, locations_compatible, merge_duplicates, same_job, titles_match
from scrapers.employers import aggregator_of, company_key
from scrapers.greenhouse import parse_board
from scrapers.linkedin import parse_search_page
from scrapers.model import Posting
from tests.fake_sites import saved


def job(key: str, title: str, company: str, location: str = "", **fields) -> Posting:
    source = key.split(":")[0]
    url = fields.pop("url", f"https://example.test/{key.replace(':', '/')}")
    return Posting(key=key, source=source, url=url, title=title, company=company, location=location, **fields)


def test_the_same_key_found_twice_counts_once() -> None:
    cards = parse_search_page(saved("linkedin/search_jobdekho.html")).postings
    again = parse_search_page(saved("linkedin/search_jobdekho.html")).postings
    merged = merge_duplicates(cards + again)
    assert [p.key for p in merged] == [p.key for p in cards]


def test_the_employers_board_and_its_linkedin_copy_become_one_posting_preferring_the_board() -> None:
    board = parse_board(json.loads(saved("greenhouse/board_acmeai.json")), "acmeai").postings[0]
    linkedin = parse_search_page(saved("linkedin/search_quirks.html")).postings[0]
    linkedin.title = "Machine Learning Engineer Intern"
    linkedin.salary = "$45/hr - $55/hr"
    merged = merge_duplicates([linkedin, board])
    assert len(merged) == 1
    one = merged[0]
    assert one.key == board.key and one.source == "greenhouse"
    assert one.aliases == [linkedin.key] and one.all_keys == [board.key, linkedin.key]
    assert one.links == [board.url, linkedin.url]
    assert one.salary == "$45/hr - $55/hr", "what only the LinkedIn copy knew is kept"
    assert "PyTorch" in one.description
    assert one.via is None


def test_wording_differences_still_merge() -> None:
    a = job("lever:1", "ML Engineer Intern (Summer 2026)", "Palantir", "Palo Alto, CA")
    b = job(
        "linkedin:1",
        "Machine Learning Engineer Intern - Summer 2026",
        "Palantir Technologies Inc.",
        "Palo Alto, California, United States",
    )
    c = job("indeed:1", "Sr. Software Engineer", "Palantir", "Palo Alto, CA")
    d = job("linkedin:2", "Senior Software Engineer", "Palantir Technologies", "Palo Alto, CA")
    assert len(merge_duplicates([a, b, c, d])) == 2


def test_near_misses_stay_apart() -> None:
    postings = [
        job("greenhouse:1", "Software Engineer Intern, Payments", "Stripe", "San Francisco, CA"),
        job("greenhouse:2", "Software Engineer Intern, Billing", "Stripe", "San Francisco, CA"),
        job("linkedin:3", "Software Engineer Intern, Payments", "Stripe", "Seattle, WA"),
        job("linkedin:4", "Software Engineer II", "Stripe", "San Francisco, CA"),
        job("linkedin:5", "Software Engineer III", "Stripe", "San Francisco, CA"),
        job(
            "linkedin:6",
            "Software Engineer Intern, Payments",
            "Stripe",
            "San Francisco, CA",
            url="https://www.linkedin.com/jobs/view/6",
        ),
        job("ashby:7", "Software Engineer Intern, Payments", "Ramp", "San Francisco, CA"),
        job("lever:8", "Software Engineer Intern, Payments", "Stripe", "London, United Kingdom"),
    ]
    merged = merge_duplicates(postings)
    keys = [p.all_keys for p in merged]
    # Only the LinkedIn copy of the San Francisco Payments role joins its board posting.
    assert ["greenhouse:1", "linkedin:6"] in keys
    assert len(merged) == len(postings) - 1


def test_an_aggregator_repost_joins_the_employer_it_names_and_remembers_the_aggregator() -> None:
    employer = job(
        "greenhouse:9", "Data Science Intern", "Globex", "Chicago, IL", posted_at=datetime(2026, 11, 18, tzinfo=UTC)
    )
    lensa = job(
        "linkedin:9",
        "Data Science Intern",
        "Lensa",
        "Chicago, IL",
        description="Lensa is the leading career site for job seekers. Our client, Globex, is "
        "hiring a Data Science Intern in Chicago.",
        posted_at=datetime(2026, 11, 20, tzinfo=UTC),
    )
    dice = job(
        "linkedin:10",
        "Data Science Intern",
        "Jobs via Dice",
        "Chicago, IL",
        description="Dice is the leading career destination for tech experts. Globex is seeking ...",
    )
    unrelated = job(
        "linkedin:11",
        "Data Science Intern",
        "myGwork - LGBTQ+ Business Community",
        "Chicago, IL",
        description="Initech is looking for a Data Science Intern.",
    )
    merged = merge_duplicates([lensa, employer, dice, unrelated])
    assert len(merged) == 2
    main = next(p for p in merged if p.key == "greenhouse:9")
    assert set(main.aliases) == {"linkedin:9", "linkedin:10"}
    assert main.via == "Lensa, Jobs via Dice"
    assert main.posted_at == datetime(2026, 11, 18, tzinfo=UTC), "the repost does not make it look newer"
    other = next(p for p in merged if p.key == "linkedin:11")
    assert other.via == "myGwork" and other.aliases == []


def test_the_simplify_entry_and_the_lever_page_share_a_link() -> None:
    lever = job(
        "lever:abc",
        "Forward Deployed Engineer, Internship",
        "Palantir",
        "New York, NY",
        url="https://jobs.lever.co/palantir/abc",
    )
    simplify = job(
        "simplify:s1",
        "Forward Deployed Software Engineer – Internship - US Government",
        "Palantir",
        "Honolulu, HI",
        url="https://jobs.lever.co/palantir/abc/apply",
        sponsorship="Other",
    )
    (merged,) = merge_duplicates([simplify, lever])
    assert merged.key == "lever:abc" and merged.aliases == ["simplify:s1"] and merged.sponsorship == "Other"


def _groups_by_comparing_every_pair(postings: list[Posting]) -> list[set[str]]:
    """The jobs as the definition gives them: same key, same link, or same_job for every two postings
    whose employers start with one word; an aggregator's repost joins the first employer's posting
    its text names that fits. Each job as the set of its keys, in the order first seen."""
    parent = list(range(len(postings)))

    def find(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    def join(i: int, j: int) -> None:
        ri, rj = find(i), find(j)
        parent[max(ri, rj)] = min(ri, rj)

    first: dict[str, int] = {}
    for i, p in enumerate(postings):
        for key in [p.key, *(link_identity(link) for link in p.links)]:
            if key in first:
                join(first[key], i)
            first.setdefault(key, i)
    by_word: dict[str, list[int]] = {}
    for i, p in enumerate(postings):
        key = company_key(p.company)
        if key and not aggregator_of(p.company):
            by_word.setdefault(key.split()[0], []).append(i)
    for members in by_word.values():
        for x, i in enumerate(members):
            for j in members[x + 1 :]:
                if same_job(postings[i], postings[j]):
                    join(i, j)
    for i, repost in enumerate(postings):
        if not aggregator_of(repost.company):
            continue
        text = " " + " ".join(re.findall(r"[a-z0-9+#]+", f"{repost.title} {repost.description}".lower())) + " "
        joined = False
        for word, members in by_word.items():
            if joined or f" {word} " not in text:
                continue
            for j in members:
                employer = postings[j]
                if (
                    f" {company_key(employer.company)} " in text
                    and titles_match(repost, employer)
                    and locations_compatible(repost, employer)
                ):
                    join(i, j)
                    joined = True
                    break
    jobs: dict[int, set[str]] = {}
    for i, p in enumerate(postings):
        jobs.setdefault(find(i), set()).add(p.key)
    return [jobs[root] for root in sorted(jobs)]


def _random_day(seed: int, size: int) -> list[Posting]:
    rng = random.Random(seed)
    companies = ["Stripe", "Stripe Inc.", "Stripe Payments", "Palantir", "Palantir Technologies", "Ramp", "Lensa"]
    companies += ["Jobs via Dice", "Globex", "Globex Corporation", "Initech"]
    titles = [
        "Software Engineer Intern, Payments",
        "Software Engineer Intern - Payments",
        "SWE Intern, Payments",
        "Software Engineer Intern, Billing",
        "Software Engineer II",
        "Software Engineer III",
        "Sr. Data Scientist",
        "Senior Data Scientist",
        "ML Engineer Intern (Summer 2026)",
        "Machine Learning Engineer Intern - Summer 2026",
        "Data Science Intern",
        "Data Science Intern, Remote",
        "Software Enginer Intern, Payments",
        "Senior Data Scientists",
    ]
    places = [
        "San Francisco, CA",
        "San Francisco Bay Area",
        "San Jose, CA",
        "New York, NY",
        "New York City Metropolitan Area",
        "Seattle, WA",
        "London, United Kingdom",
        "Remote",
        "United States",
        "Canada",
        "San Francisco, CA; New York, NY",
        "",
        "Austin, TX",
        "Boston, MA",
        "Paris, France",
        "Berlin, Germany",
        "Toronto, ON, Canada",
        "New York",
        "Remote (US)",
        "Sa, Brazil",
        "S, Brazil",
        "N, NY",
    ]
    postings = []
    for _ in range(size):
        company = rng.choice(companies)
        description = ""
        if company in ("Lensa", "Jobs via Dice"):
            description = f"Our client, {rng.choice(companies[:6] + companies[8:])}, is hiring."
        source = rng.choice(["greenhouse", "lever", "linkedin", "indeed"])
        key = f"{source}:{rng.randrange(size * 20)}"
        url = f"https://jobs.example.test/{rng.randrange(size * 20)}" + rng.choice(["", "/apply", "?utm_source=x"])
        postings.append(
            Posting(
                key=key,
                source=source,
                url=url,
                title=rng.choice(titles),
                company=company,
                location=rng.choice(places),
                description=description,
            )
        )
    return postings


@pytest.mark.parametrize("seed", range(12))
def test_dedupe_finds_exactly_the_jobs_comparing_every_pair_finds(seed: int) -> None:
    # Crowded on purpose: few employers, titles and places, many near misses, aggregator reposts.
    expected = _groups_by_comparing_every_pair(_random_day(seed, 150))
    merged = merge_duplicates(_random_day(seed, 150))
    assert [set(p.all_keys) for p in merged] == expected

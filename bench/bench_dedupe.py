"""Dedupe time for a day's postings spread evenly over employers, against the same number with one
employer holding 12% of them (a big employer's board plus its LinkedIn and Indeed copies), at 1,000
and 10,000 postings, measured side by side in one run.

Postings are made from a fixed seed: one employer for every ten postings (100 for 1,000), titles from
24 roles with teams and levels, 40 places (cities, states, countries, remote), and one in ten a copy of
another under a second source with the title reworded ("Sr." for "Senior", "ML" for "Machine
Learning"), so there are merges to find.

    .venv/bin/python bench/bench_dedupe.py
"""

from __future__ import annotations

import math
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from scrapers.dedupe import merge_duplicates  # noqa: E402
from scrapers.model import Posting  # noqa: E402

BIG_SHARE = 0.12
ROLES = [
    "Software Engineer",
    "Senior Software Engineer",
    "Machine Learning Engineer",
    "Data Scientist",
    "Data Engineer",
    "Product Manager",
    "Site Reliability Engineer",
    "Frontend Engineer",
    "Backend Engineer",
    "Security Engineer",
    "Research Scientist",
    "Technical Program Manager",
    "Solutions Architect",
    "Account Executive",
    "Sales Engineer",
    "Customer Success Manager",
    "Recruiter",
    "Financial Analyst",
    "Designer",
    "Hardware Engineer",
    "Firmware Engineer",
    "QA Engineer",
    "Mobile Engineer",
    "Engineering Manager",
]
TEAMS = ["", ", Payments", ", Search", ", Ads", ", Infrastructure", ", Growth", ", Platform", " Intern"]
LEVELS = ["", " II", " III"]
PLACES = [
    *("San Francisco, CA", "New York, NY", "Seattle, WA", "Austin, TX", "Boston, MA", "Chicago, IL"),
    *("Los Angeles, CA", "San Jose, CA", "Mountain View, CA", "Palo Alto, CA", "Denver, CO", "Atlanta, GA"),
    *("Washington, DC", "Portland, OR", "Pittsburgh, PA", "Toronto, ON, Canada", "Vancouver, BC, Canada"),
    *("London, United Kingdom", "Dublin, Ireland", "Berlin, Germany", "Paris, France", "Amsterdam, Netherlands"),
    *("Zurich, Switzerland", "Bengaluru, Karnataka, India", "Hyderabad, Telangana, India", "Singapore"),
    *("Tokyo, Japan", "Sydney, NSW, Australia", "Tel Aviv, Israel", "Remote", "Remote (US)", "United States"),
    *("California, United States", "Texas, United States", "New York City Metropolitan Area"),
    *("San Francisco Bay Area", "Greater Seattle Area", "Munich, Germany", "Madrid, Spain", "Warsaw, Poland"),
]
SOURCES = ["greenhouse", "lever", "ashby", "linkedin", "indeed"]
REWORDINGS = [("Senior", "Sr."), ("Machine Learning", "ML"), ("Software Engineer", "SWE"), (",", " -")]


def employers(rng: random.Random, count: int) -> list[str]:
    """Made-up employer names with distinct first words, as real names mostly have."""
    syllables = ["ka", "ro", "mi", "ta", "ve", "lo", "zu", "ni", "sa", "do", "pe", "gri", "bel", "cor", "fin"]
    names: set[str] = set()
    while len(names) < count:
        names.add("".join(rng.choice(syllables) for _ in range(3)).capitalize())
    suffixes = ["", " Inc.", " Technologies", " Labs", " Systems"]
    return [name + rng.choice(suffixes) for name in sorted(names)]


def day_of_postings(size: int, *, skewed: bool, seed: int = 12) -> list[Posting]:
    rng = random.Random(seed)
    companies = employers(rng, size // 10)
    others = len(companies) - 1
    postings: list[Posting] = []
    for i in range(size):
        if postings and rng.random() < 0.1:
            # A copy of an earlier posting under another source, reworded.
            original = rng.choice(postings)
            old, new = rng.choice(REWORDINGS)
            title, company, place = original.title.replace(old, new), original.company, original.location
        else:
            title = rng.choice(ROLES) + rng.choice(TEAMS) + rng.choice(LEVELS)
            big = skewed and rng.random() < BIG_SHARE
            company = companies[0] if big else companies[1 + i % others] if skewed else companies[i % len(companies)]
            place = rng.choice(PLACES)
        source = rng.choice(SOURCES)
        postings.append(
            Posting(
                key=f"{source}:{i}",
                source=source,
                url=f"https://jobs.example.test/{source}/{i}",
                title=title,
                company=company,
                location=place,
            )
        )
    return postings


def timed(size: int, *, skewed: bool) -> tuple[float, int]:
    postings = day_of_postings(size, skewed=skewed)
    start = time.perf_counter()
    merged = merge_duplicates(postings)
    return time.perf_counter() - start, len(merged)


def main() -> None:
    print(f"Dedupe, one employer holding {BIG_SHARE:.0%} of the postings against postings spread evenly:")
    seconds: dict[tuple[int, bool], float] = {}
    for size in (1_000, 10_000):
        for skewed in (False, True):
            took, jobs = timed(size, skewed=skewed)
            seconds[size, skewed] = took
            shape = f"one employer {BIG_SHARE:.0%}" if skewed else "spread evenly"
            print(f"  {size:>6,} postings, {shape:<17}: {took:7.3f} s ({jobs:,} jobs after merging)")
    for skewed in (False, True):
        growth = math.log(seconds[10_000, skewed] / seconds[1_000, skewed]) / math.log(10)
        print(f"  growth exponent 1,000 -> 10,000, {'skewed' if skewed else 'even'}: {growth:.2f}")
    print(f"  skewed / evenly spread at 10,000: {seconds[10_000, True] / seconds[10_000, False]:.2f}x")


if __name__ == "__main__":
    main()

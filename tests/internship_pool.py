"""A pool of internship postings as LinkedIn lists them, made from the employers, titles and places of the
labelled set (scoring/labelled.json) and the saved pages: for tests and benches that need hundreds of
postings, with new ones arriving every day.

Every posting is made from a seeded random choice, so a pool is the same in every run:
`pool = InternshipPool(seed=1); pool.add_day(date, 240)` then `pool.jobs` (served with
`tests.linkedin_pages.linkedin_routes(lambda: pool.jobs)`).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date

from tests.linkedin_pages import Job

# Employers of the labelled set; the first ones post the most, as the big ones do on LinkedIn.
EMPLOYERS = [
    "TikTok",
    "ByteDance",
    "Meta",
    "Stripe",
    "Databricks",
    "Intuit",
    "Pinterest",
    "Airbnb",
    "Spotify",
    "Anthropic",
    "Ramp",
    "Plaid",
    "Palantir",
    "Zillow",
    "Notion",
    "Figma",
    "Datadog",
    "NVIDIA",
    "Two Sigma",
    "Jane Street",
    "Grubhub",
    "Anduril",
    "Rippling",
    "Gruve",
]
# The share of postings each employer gets: falling off like a real day's search results.
_EMPLOYER_WEIGHTS = [1 / (1 + i / 4) for i in range(len(EMPLOYERS))]

# Titles of the labelled set by the kind of role they name (scoring.kinds), with a team after them.
TITLES = {
    "ml": [
        "Machine Learning Engineer Intern",
        "Machine Learning Intern",
        "AI Research Intern",
        "Machine Learning Engineering Intern",
    ],
    "backend": [
        "Backend Engineer Intern",
        "Software Engineer Intern, Backend",
        "Software Engineering Internship | Backend",
    ],
    "infrastructure": [
        "Software Engineer Intern, ML Infrastructure",
        "Site Reliability Engineer Intern",
        "Infrastructure Engineer Intern (Compute Infrastructure)",
    ],
    "data": ["Data Scientist Intern", "Data Engineer Intern"],
    "software": ["Software Engineer Intern", "Software Engineering Intern"],
    "frontend": ["Frontend Engineer Intern (React)", "Full Stack Engineer Intern"],
    "mobile": ["Software Engineer Internship | Android", "Mobile Engineer Intern"],
}
_KIND_WEIGHTS = {"ml": 30, "backend": 15, "infrastructure": 15, "data": 10, "software": 15, "frontend": 8, "mobile": 7}
TEAMS = [
    "Recommendation",
    "Ads Ranking",
    "Search",
    "Computer Vision",
    "Payments",
    "Trust and Safety",
    "Growth",
    "Maps",
    "Developer Platform",
    "Monetization",
    "Speech",
    "Personalization",
]
PLACES = [
    "Seattle, WA",
    "Mountain View, CA",
    "San Jose, CA",
    "New York, NY",
    "San Francisco, CA",
    "Menlo Park, CA",
    "Chicago, IL",
    "Remote - United States",
    "Houston, TX",
    "Cambridge, MA",
    "Santa Clara, CA",
]
# What the description of each kind of role asks for, in the labelled set's words.
WORK = {
    "ml": "train and ship production models in PyTorch and Python, and run online A/B experiments",
    "backend": "design backend services in Java and Spring Boot with SQL stores",
    "infrastructure": "build scheduling, autoscaling and reliability features on Kubernetes, Docker and AWS",
    "data": "build SQL and Python pipelines and analyse experiments",
    "software": "write production code in Python and Java across the stack",
    "frontend": "build React and TypeScript interfaces",
    "mobile": "ship Android features in Kotlin",
}


@dataclass
class InternshipPool:
    """Every posting listed so far, oldest first; `add_day` lists a day's new ones."""

    seed: int = 1
    jobs: list[Job] = field(default_factory=list)
    kinds: dict[int, str] = field(default_factory=dict)  # job id -> the kind of role it was made as

    def add_day(self, day: date, count: int) -> list[Job]:
        rng = random.Random(f"{self.seed}:{day.isoformat()}")
        new = []
        for _ in range(count):
            kind = rng.choices(list(_KIND_WEIGHTS), weights=list(_KIND_WEIGHTS.values()))[0]
            company = rng.choices(EMPLOYERS, weights=_EMPLOYER_WEIGHTS)[0]
            team = rng.choice(TEAMS)
            job_id = 4700000000 + len(self.jobs) + len(new)
            new.append(
                Job(
                    job_id,
                    f"{rng.choice(TITLES[kind])} - {team}",
                    company,
                    rng.choice(PLACES),
                    posted=day,
                    description=(
                        f"The {team} team at {company} is hiring a summer 2026 intern. You will {WORK[kind]}.\n\n"
                        "Qualifications: pursuing a BS or MS in computer science or a related field."
                    ),
                )
            )
            self.kinds[job_id] = kind
        self.jobs += new
        return new

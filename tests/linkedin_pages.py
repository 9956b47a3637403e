"""LinkedIn guest pages made from a list of jobs, in the markup of the real captures in tests/data/linkedin.

Tests and benches that need a large pool (a hundred Bay Area internships, a week of new postings)
describe the jobs and serve them through `FakeSite`: `search_page` renders the `seeMoreJobPostings`
fragment as `search_jobdekho.html` shows it (one `<li>` card per job), `job_page` the `jobPosting`
page as `job_view_jobdekho.html` shows it (top card, description markup, criteria list).

    with FakeSite(linkedin_routes(jobs)) as site:
        ...  # [sources.linkedin] base_url = site.url
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from html import escape

from scrapers import linkedin
from tests.fake_sites import Reply, Seen

PAGE_SIZE = 10  # cards on one guest search page, as LinkedIn serves them


@dataclass(frozen=True)
class Job:
    id: int  # LinkedIn's job id: 6+ digits
    title: str
    company: str
    location: str
    posted: date = field(default_factory=date.today)
    description: str = ""  # plain text; paragraphs separated by blank lines
    seniority: str = "Internship"
    employment_type: str = "Internship"

    @property
    def slug(self) -> str:
        words = re.sub(r"[^a-z0-9]+", "-", f"{self.title} at {self.company}".lower()).strip("-")
        return f"{words}-{self.id}"


def search_card(job: Job, position: int) -> str:
    link = f"https://www.linkedin.com/jobs/view/{job.slug}?position={position}&amp;pageNum=0&amp;trackingId=dA%3D%3D"
    return f"""
      <li>
      <div class="base-card relative w-full hover:no-underline focus:no-underline
        base-card--link
         base-search-card base-search-card--link job-search-card" data-entity-urn="urn:li:jobPosting:{job.id}"
         data-impression-id="jobs-search-result-{position}" data-tracking-id="dA==" data-row="{position}">
        <a class="base-card__full-link absolute top-0 right-0 bottom-0 left-0 p-0 z-[2]" href="{link}"
           data-tracking-control-name="public_jobs_jserp-result_search-card">
          <span class="sr-only">
        {escape(job.title)}
          </span>
        </a>
        <div class="base-search-card__info">
          <h3 class="base-search-card__title">
        {escape(job.title)}
          </h3>
            <h4 class="base-search-card__subtitle">
          <a class="hidden-nested-link" href="https://www.linkedin.com/company/{job.slug}?trk=public_jobs">
            {escape(job.company)}
          </a>
            </h4>
<!---->
            <div class="base-search-card__metadata">
          <span class="job-search-card__location">
            {escape(job.location)}
          </span>
          <time class="job-search-card__listdate" datetime="{job.posted.isoformat()}">
            recently
          </time>
            </div>
        </div>
      </div>
      </li>"""


def search_page(jobs: Sequence[Job], start: int = 0) -> str:
    """The guest search fragment with `jobs` as its cards; an empty list gives the end-of-search page."""
    if not jobs:
        return ""
    cards = "".join(search_card(job, start + i + 1) for i, job in enumerate(jobs))
    return f"<!DOCTYPE html>\n{cards}\n"


def job_page(job: Job) -> str:
    """The guest `jobPosting` page of one job: description and criteria, as LinkedIn lays them out."""
    paragraphs = "".join(f"<p>{escape(p.strip())}</p>" for p in job.description.split("\n\n") if p.strip())
    criteria = "".join(
        f"""
        <li class="description__job-criteria-item">
          <h3 class="description__job-criteria-subheader">
            {label}
          </h3>
          <span class="description__job-criteria-text description__job-criteria-text--criteria">
            {escape(value)}
          </span>
        </li>"""
        for label, value in (("Seniority level", job.seniority), ("Employment type", job.employment_type))
        if value
    )
    return f"""
    <section class="top-card-layout container-lined overflow-hidden">
      <h2 class="top-card-layout__title topcard__title">{escape(job.title)}</h2>
      <a class="topcard__org-name-link topcard__flavor--black-link" href="https://www.linkedin.com/company/x">
        {escape(job.company)}
      </a>
      <span class="topcard__flavor topcard__flavor--bullet">{escape(job.location)}</span>
    </section>
    <section class="core-section-container my-3 description">
      <div class="description__text description__text--rich">
    <section class="show-more-less-html" data-max-lines="5">
        <div class="show-more-less-html__markup show-more-less-html__markup--clamp-after-5 relative overflow-hidden">
          {paragraphs}
        </div>
    </section>
      </div>
      <ul class="description__job-criteria-list">{criteria}
      </ul>
    </section>
    <code id="decoratedJobPostingId" style="display: none"><!--"{job.id}"--></code>
"""


def search_pages(jobs: Callable[[], Sequence[Job]]) -> Callable[[Seen], Reply]:
    """A search route paging through `jobs()` by `start`, ten cards a page, then an empty page.

    `jobs` is called on every request, so a test or bench can change the pool between runs (new
    postings arriving each day) without restarting the site.
    """

    def reply(seen: Seen) -> Reply:
        start = int(seen.query.get("start", "0"))
        pool = list(jobs())
        return Reply(search_page(pool[start : start + PAGE_SIZE], start))

    return reply


def job_pages(jobs: Callable[[], Sequence[Job]]) -> Callable[[Seen], Reply]:
    """A route for `/jobs-guest/jobs/api/jobPosting/<id>` answering from the pool; 404 for an unknown id."""

    def reply(seen: Seen) -> Reply:
        wanted = seen.path.rsplit("/", 1)[-1]
        for job in jobs():
            if str(job.id) == wanted:
                return Reply(job_page(job))
        return Reply("", status=404)

    return reply


def linkedin_routes(jobs: Sequence[Job] | Callable[[], Sequence[Job]]) -> dict:
    """Routes for `FakeSite`: the guest search and every job page of the pool."""
    pool = jobs if callable(jobs) else (lambda: jobs)
    return {linkedin.SEARCH_PATH: search_pages(pool), linkedin.DETAIL_PATH.rsplit("/", 1)[0] + "/*": job_pages(pool)}

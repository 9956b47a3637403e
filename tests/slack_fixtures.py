"""What the Slack tests post: picks from the users' past digest, hostile ones, an app context."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from bot.config import AppConfig, DigestConfig, Settings
from bot.context import AppContext
from bot.digest import Digest, RunStats
from bot.pipeline import RunOutcome
from bot.slack.delivery import SlackDelivery, slack_client
from bot.store import Store
from scoring.model import ScoredPosting
from scoring.profile import Profile
from scrapers.base import SourceReport
from scrapers.model import Posting
from tests.fake_slack import FakeSlack

SECRET = "test-signing-secret"

NOW = datetime(2026, 11, 21, 16, 0, tzinfo=UTC)
DAY = date(2026, 11, 21)

# From /work/shared/examples/daily-picks-2025-12-28.md: the format users already read.
PAST_PICKS = [
    (
        "4273280546",
        "Machine Learning Engineer Intern - Global E-Commerce Content Recommendation - 2026 Summer (BS/MS)",
        "TikTok",
        "Seattle, WA",
        98,
        "Excellent AI and recommender systems role; aligns with experience on large-scale recommendation "
        "systems and ML; internship suitable for current education level.",
        "Internship working on production recommendation models to improve e-commerce content "
        "recommendation at TikTok; involves machine learning research and engineering.",
    ),
    (
        "4331339383",
        "Summer 2026 AI Science Intern",
        "Intuit",
        "Mountain View, CA",
        95,
        "Strong match with AI/ML research focus; graduate level internship; location in California.",
        "AI Science Intern at Intuit will work on foundational AI problems.",
    ),
    (
        "4287418353",
        "Software Engineer Intern (Applied Machine Learning-Enterprise) - 2026 Summer (BS/MS)",
        "ByteDance",
        "San Jose, CA",
        93,
        "Strong backend and large-scale ML infrastructure role.",
        "Internship combining system engineering and machine learning.",
    ),
]


def scored(
    job_id: str,
    title: str,
    company: str,
    location: str,
    score: int,
    reason: str = "",
    summary: str = "",
    *,
    via: str | None = None,
    age_days: float = 1.5,
    scorer: str = "llm",
) -> ScoredPosting:
    posting = Posting(
        key=f"linkedin:{job_id}",
        source="linkedin",
        url=f"https://www.linkedin.com/jobs/view/{job_id}",
        title=title,
        company=company,
        location=location,
        posted_at=NOW - timedelta(days=age_days),
        via=via,
    )
    return ScoredPosting(posting=posting, score=score, reason=reason, summary=summary, scorer=scorer)


def past_picks() -> list[ScoredPosting]:
    return [scored(*row) for row in PAST_PICKS]


def many_picks(n: int) -> list[ScoredPosting]:
    return [
        scored(
            str(4400000000 + i),
            f"ML Engineer Intern {i}",
            f"Company {i}",
            "Remote",
            99 - i,
            f"Reason {i}",
            f"Summary {i}",
        )
        for i in range(n)
    ]


def stats(new: int = 42) -> RunStats:
    return RunStats(
        sources=[
            SourceReport("linkedin", found=30),
            SourceReport("greenhouse", found=12),
            SourceReport("indeed", found=0, error="429 Too Many Requests"),
        ],
        collected=50,
        new=new,
        scored=40,
    )


def digest(
    picks: list[ScoredPosting], *, destination: str = "#job-picks", kind: str = "daily", run: RunStats | None = None
) -> Digest:
    return Digest(destination=destination, day=DAY, picks=picks, stats=run or stats(), kind=kind)


def make_context(fake: FakeSlack, store: Store) -> AppContext:
    settings = Settings(
        _env_file=None, slack_bot_token=fake.bot_token, slack_signing_secret=SECRET, slack_api_url=fake.api_url
    )
    profile = Profile(name="alex", roles=["machine learning engineer intern"], skills=["pytorch"])
    config = AppConfig(profile=profile, digest=DigestConfig(destination="#job-picks"))
    return AppContext(settings, config, store)


def no_refresh() -> RunOutcome:
    raise AssertionError("refresh must not run in this test")


def post_digest(ctx: AppContext) -> list[str]:
    """Today's digest posted to the fake Slack; the ts of each pick message, in rank order."""
    delivery = SlackDelivery(slack_client(ctx.settings), ctx.store, ctx.profile_id, pace_seconds=0)
    delivered = delivery(digest(past_picks()))
    return list(delivered.pick_messages.values())

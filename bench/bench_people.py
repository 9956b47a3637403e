"""One workspace morning for 10, 100 and 1,000 people: what grows with people and what does not.

Everything is real but the far ends: a fake LinkedIn serving a seeded pool of internship postings, a
fake Slack Web API, a fake OpenAI-compatible server answering after a fixed latency, all on 127.0.0.1,
and the real Redis. The people are `[[person]]` tables drawn from five profiles (a club's members want
a handful of kinds of role), each with a name of their own, all due at the same minute. The morning
runs as `jobpicks serve` runs it: the scheduler starts every digest due as a job, `[digest] workers`
at a time in this one process.

Slack's pace is left out of the measured run (each channel's one message a second and the workspace's
`[digest] slack_per_minute`): with it, a morning lasts however long Slack allows, whatever the work
costs. The second table says how long Slack needs for the messages counted.

    python bench/bench_people.py                 # 10, 100 and 1,000 people
    python bench/bench_people.py --people 10,100 --llm-latency 0.5 --size 5
"""

from __future__ import annotations

import argparse
import contextlib
import io
import sys
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import redis

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.config import AppConfig, DigestConfig, Settings
from bot.context import AppContext
from bot.morning import InProcess, due_audiences
from bot.schedule import WorkspaceScheduler
from bot.slack.delivery import SlackDelivery, slack_client
from bot.store import Store
from scrapers import linkedin
from tests.conftest import REDIS_URL
from tests.fake_openai import FakeOpenAI
from tests.fake_sites import FakeSite
from tests.fake_slack import FakeSlack
from tests.internship_pool import InternshipPool
from tests.linkedin_pages import linkedin_routes

TEMPLATES = [
    {"roles": ["software engineer intern"], "skills": ["python", "go"]},
    {"roles": ["machine learning intern"], "skills": ["pytorch", "python"]},
    {"roles": ["data scientist intern"], "skills": ["sql", "statistics"]},
    {"roles": ["product manager intern"], "skills": ["roadmaps"]},
    {"roles": ["backend engineer intern"], "skills": ["java", "distributed systems"]},
]
WINDOW_MINUTES = 60


def person_table(i: int) -> dict:
    return {
        "slack_user": f"U{i:08d}",
        "name": f"Member {i}",
        "seniority": ["internship"],
        "time": "08:00",
        "timezone": "UTC",
        **TEMPLATES[i % len(TEMPLATES)],
    }


@contextlib.contextmanager
def prefix_cleaned(client: redis.Redis) -> Iterator[str]:
    prefix = f"jobpicks-bench-people-{uuid.uuid4().hex[:8]}"
    try:
        yield prefix
    finally:
        for key in client.scan_iter(f"{prefix}:*", count=1000):
            client.delete(key)


def redis_bytes(client: redis.Redis, prefix: str) -> tuple[int, int]:
    """Bytes under `prefix`: in all, and in the keys the whole workspace shares (collection, details)."""
    total = shared = 0
    for key in client.scan_iter(f"{prefix}:*", count=1000):
        size = int(client.memory_usage(key) or 0)
        total += size
        if key.split(":")[1] in ("collection", "details", "scores"):
            shared += size
    return total, shared


def morning(people: int, *, size: int, latency: float, pool: InternshipPool) -> dict[str, float]:
    client = redis.Redis.from_url(REDIS_URL, decode_responses=True)
    with (
        prefix_cleaned(client) as prefix,
        FakeSite(linkedin_routes(lambda: pool.jobs)) as site,
        FakeSlack() as slack,
        FakeOpenAI(latency=latency) as llm,
    ):
        config = AppConfig.model_validate(
            {
                "profile": {"name": "club"},
                "search": [{"keywords": "intern", "hours": 168}],
                "sources": {"linkedin": {"base_url": site.url, "delay": 0, "max_pages": 40}},
                "digest": {"destination": "", "size": size, "min_score": 0, "time": "08:00"},
                "person": [person_table(i) for i in range(people)],
            }
        )
        settings = Settings(
            _env_file=None,
            slack_bot_token=slack.bot_token,
            slack_api_url=slack.api_url,
            openai_api_key="bench",
            openai_base_url=llm.base_url,
        )
        now = datetime.now(UTC).replace(hour=9, minute=0, second=0, microsecond=0)
        ctx = AppContext(settings, config, Store(client, prefix), clock=lambda: now)

        def unpaced(c: AppContext) -> SlackDelivery:
            return SlackDelivery(slack_client(c.settings), c.store, c.profile_id, pace_seconds=0, per_minute=0)

        jobs = InProcess(ctx, unpaced, workers=config.digest.workers)
        scheduler = WorkspaceScheduler(due=lambda at: due_audiences(ctx, at), dispatch=jobs.dispatch, clock=ctx.clock)
        started = time.perf_counter()
        with contextlib.redirect_stderr(io.StringIO()):
            dispatched = scheduler.tick()
            jobs.wait()
        wall = time.perf_counter() - started
        delivered = sum(jobs.result(d)[1] for d in dispatched)
        total, shared = redis_bytes(client, prefix)
        searches = len(site.hits(linkedin.SEARCH_PATH))
        posts = len(slack.calls_of("chat.postMessage"))
        client.close()
        return {
            "people": people,
            "delivered": delivered,
            "wall": wall,
            "searches": searches,
            "pages": len(site.requests) - searches,
            "llm": len(llm.requests),
            "slack": len(slack.calls),
            "posts": posts,
            "redis_total": total,
            "redis_shared": shared,
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--people", default="10,100,1000")
    parser.add_argument("--llm-latency", type=float, default=0.5)
    parser.add_argument("--size", type=int, default=5, help="picks per digest (the product's default is 20)")
    args = parser.parse_args()
    pool = InternshipPool(seed=1)
    pool.add_day(datetime.now(UTC).date(), 300)
    sizes = [int(n) for n in args.people.split(",")]
    rows = [morning(n, size=args.size, latency=args.llm_latency, pool=pool) for n in sizes]

    print(
        f"One morning, {len(pool.jobs)} postings, digests of {args.size} picks, LLM latency {args.llm_latency:.2f} s, "
        f"{DigestConfig().workers} digests at once in one process; Slack's pace left out (see below)\n"
    )
    print(
        f"{'people':>7} {'done':>5} {'wall s':>7} {'LinkedIn search':>15} {'job pages':>9} {'LLM req':>7} "
        f"{'LLM/person':>10} {'Slack/person':>12} {'Redis KB/person':>15} {'people/hour':>11}"
    )
    for r in rows:
        n = r["people"]
        per_person_kb = (r["redis_total"] - r["redis_shared"]) / n / 1024
        print(
            f"{n:>7} {r['delivered']:>5.0f} {r['wall']:>7.1f} {r['searches']:>15.0f} {r['pages']:>9.0f} "
            f"{r['llm']:>7.0f} {r['llm'] / n:>10.2f} {r['slack'] / n:>12.1f} {per_person_kb:>15.1f} "
            f"{n / r['wall'] * 3600:>11.0f}"
        )
    per_minute = DigestConfig().slack_per_minute
    last = rows[-1]
    posts_per_person = last["posts"] / last["people"]
    full = 20 + 1  # the product's default digest: an overview and 20 picks
    print(
        f"\nShared by everyone (collection, job pages, LLM scores): {last['redis_shared'] / 1024:.0f} KB at "
        f"{last['people']} people."
    )
    print(
        f"LinkedIn requests: {rows[0]['searches'] + rows[0]['pages']:.0f} at {rows[0]['people']} people, "
        f"{last['searches'] + last['pages']:.0f} at {last['people']}: they do not grow with people."
    )
    work_per_hour = last["people"] / last["wall"] * 3600
    slack_per_hour = per_minute * WINDOW_MINUTES / full
    print(
        f"In a {WINDOW_MINUTES}-minute morning one process does the work of ~{work_per_hour:,.0f} people; Slack's "
        f"workspace pace ({per_minute}/min) carries {posts_per_person:.1f} messages a person here and {full} at "
        f"size 20, i.e. ~{slack_per_hour:,.0f} people an hour at the default size, for the whole workspace "
        f"however many workers. The bound is min({work_per_hour:,.0f}, {slack_per_hour:,.0f}) = "
        f"{min(work_per_hour, slack_per_hour):,.0f} people."
    )


if __name__ == "__main__":
    main()

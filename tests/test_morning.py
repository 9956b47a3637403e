"""The workspace's morning: every digest due is a job of its own, and all of them share one collection.

A club's members each get a DM that follows their own profile, at their own time; the sites are asked
once for everybody, a job page once however many people's candidates it is among, the LLM once for
people whose profiles say the same, and Slack's workspace pace holds across every process.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime

import redis

from bot.collection import searches_key
from bot.config import Settings
from bot.context import AppContext
from bot.morning import InProcess, due_audiences
from bot.schedule import WorkspaceScheduler
from bot.slack.delivery import SlackDelivery, slack_client
from bot.store import Store
from scrapers import linkedin
from tests.conftest import REDIS_URL
from tests.fake_openai import FakeOpenAI
from tests.linkedin_pages import Job
from tests.workspace import Workspace

TODAY = date.today()
JOBS = (
    [Job(4700000000 + i, f"Software Engineer Intern {i}", f"Soft Co {i}", "Seattle, WA", TODAY) for i in range(5)]
    + [Job(4700000100 + i, f"Data Scientist Intern {i}", f"Data Co {i}", "Seattle, WA", TODAY) for i in range(5)]
    + [Job(4700000200 + i, f"Product Designer Intern {i}", f"Design Co {i}", "Seattle, WA", TODAY) for i in range(5)]
)


def person(user: str, roles: str, skills: str, *, name: str = "", time: str = "", zone: str = "") -> str:
    extra = (f'name = "{name}"\n' if name else "") + (f'time = "{time}"\n' if time else "")
    extra += f'timezone = "{zone}"\n' if zone else ""
    return f"""
[[person]]
slack_user = "{user}"
roles = ["{roles}"]
skills = ["{skills}"]
seniority = ["internship"]
{extra}"""


CLUB = person("U0ALEX", "data scientist intern", "statistics") + person("U0BEA", "product designer intern", "figma")


def unpaced(ctx: AppContext) -> SlackDelivery:
    """Slack delivery without the one-second pace per channel: the tests are about who gets what."""
    return SlackDelivery(slack_client(ctx.settings), ctx.store, ctx.profile_id, pace_seconds=0)


def morning(ws: Workspace) -> InProcess:
    """Every digest due now, as the serving process starts them, run to the end."""
    jobs = InProcess(ws.ctx, unpaced, workers=4)
    scheduler = WorkspaceScheduler(due=lambda now: due_audiences(ws.ctx, now), dispatch=jobs.dispatch, clock=ws.clock)
    assert scheduler.tick(), "something was due"
    assert jobs.wait(60)
    return jobs


def searches(ws: Workspace) -> int:
    return len(ws.site.hits(linkedin.SEARCH_PATH))


def job_pages(ws: Workspace) -> Counter[str]:
    return Counter(r.path for r in ws.site.requests if r.path != linkedin.SEARCH_PATH)


def dm_titles(ws: Workspace, user: str) -> list[str]:
    return [m.text for m in ws.slack.pick_messages("D" + user[1:])]


def test_one_morning_collects_once_and_each_member_gets_a_dm_that_follows_their_own_profile(store: Store) -> None:
    with Workspace(store, JOBS, extra=CLUB) as alone:
        alone.ctx.config.person.clear()  # the same workspace with the channel digest only: the control
        morning(alone)
        searched_for_one = searches(alone)

    with Workspace(store.__class__(store.r, store.prefix + "-club"), JOBS, extra=CLUB) as ws:
        jobs = morning(ws)
        assert [jobs.result(d)[0] for d in ("#job-picks", "U0ALEX", "U0BEA")] == ["3 picks delivered"] * 3

        assert searches(ws) == searched_for_one, "three digests asked the site what one digest asks"
        assert max(job_pages(ws).values()) == 1, "each job page was read once, whoever's candidate it was"
        alex, bea = dm_titles(ws, "U0ALEX"), dm_titles(ws, "U0BEA")
        assert len(alex) == 3 and all("Data Scientist" in t for t in alex), alex
        assert len(bea) == 3 and all("Product Designer" in t for t in bea), bea
        channel = [m.text for m in ws.slack.pick_messages()]
        assert len(channel) == 3 and all("Software Engineer" in t for t in channel), channel

        # A second look the same morning: every digest is done, nothing is started or posted again.
        posted = len(ws.slack.calls_of("chat.postMessage"))
        assert due_audiences(ws.ctx, ws.clock()) == []
        assert len(ws.slack.calls_of("chat.postMessage")) == posted


def test_tomorrow_the_sites_are_asked_again(store: Store) -> None:
    with Workspace(store, JOBS[:10], extra=CLUB) as ws:
        morning(ws)
        first = searches(ws)
        ws.next_day([Job(4700000300, "Data Scientist Intern New", "New Co", "Seattle, WA", TODAY)])
        morning(ws)
        assert searches(ws) > first, "a new morning's collection, not yesterday's"
        assert dm_titles(ws, "U0ALEX")[-1].find("Data Scientist Intern New") >= 0


def test_people_whose_profiles_say_the_same_pay_for_the_llm_once(store: Store) -> None:
    twins = person("U0ALEX", "data scientist intern", "statistics", name="Alex")
    twins += person("U0CAM", "data scientist intern", "statistics", name="Cam")
    with FakeOpenAI(latency=0.2) as llm, Workspace(store, JOBS, extra=twins) as ws:
        ws.ctx.settings = Settings(
            _env_file=None,
            slack_bot_token=ws.slack.bot_token,
            slack_api_url=ws.slack.api_url,
            openai_api_key="test",
            openai_base_url=llm.base_url,
        )
        ws.ctx.config.digest.destination = ""  # no channel digest: only the two members
        ws.ctx.config.scoring.prefilter = 5
        jobs = morning(ws)  # both at once: the second waits for the first's scores
        assert jobs.result("U0ALEX")[1] and jobs.result("U0CAM")[1]
        assert len(llm.requests) >= 1
        alex, cam = store.runs.status("U0ALEX"), store.runs.status("U0CAM")
        assert alex is not None and cam is not None
        assert sorted([alex.stats.usage.requests, cam.stats.usage.requests])[0] == 0, "one of them paid for both"
        assert alex.stats.usage.requests + cam.stats.usage.requests == len(llm.requests)
        assert dm_titles(ws, "U0ALEX") == dm_titles(ws, "U0CAM"), "the same profile, the same picks"
        assert all("Alex" not in s and "Cam" not in s for s in llm.systems()), "nobody's name reaches the LLM"


def test_each_digest_starts_at_its_members_own_morning(store: Store) -> None:
    zones = person("U0PARIS", "data scientist intern", "sql", time="08:00", zone="Europe/Paris")
    zones += person("U0NYC", "product designer intern", "figma", time="08:00", zone="America/New_York")
    with Workspace(store, JOBS, extra=zones) as ws:
        ws.ctx.config.digest.time, ws.ctx.config.digest.timezone = "08:00", "UTC"
        day = ws.clock().date()
        started: list[str] = []

        def record(audience) -> bool:  # type: ignore[no-untyped-def]
            started.append(audience.destination)
            return True

        scheduler = WorkspaceScheduler(
            due=lambda now: due_audiences(ws.ctx, now), dispatch=record, clock=ws.clock, retry_seconds=4 * 3600
        )
        ws.clock.now = datetime(day.year, day.month, day.day, 7, 30, tzinfo=UTC)  # 08:30 in Paris
        assert scheduler.tick() == ["U0PARIS"]
        assert scheduler.tick() == [], "started once; tried again only after retry_seconds"
        ws.clock.now = ws.clock.now.replace(hour=8, minute=5)  # 08:05 UTC, 03:05 in New York
        assert scheduler.tick() == ["#job-picks"]
        ws.clock.now = ws.clock.now.replace(hour=13, minute=1)  # 08:01 in New York
        assert sorted(scheduler.tick()) == ["#job-picks", "U0NYC", "U0PARIS"], "not posted yet: due again"
        assert started.count("U0PARIS") == 2


def test_slack_pace_is_counted_across_processes() -> None:
    # Two clients of their own, as two worker processes have: one count between them.
    first, second = (redis.Redis.from_url(REDIS_URL, decode_responses=True) for _ in range(2))
    prefix = "jobpicks-test-pace-" + datetime.now(UTC).strftime("%H%M%S%f")
    a, b = Store(first, prefix), Store(second, prefix)
    try:
        at = 1_900_000_000.25
        assert a.pace.take(120, now=lambda: at) == 0  # 120 a minute: two a second
        assert b.pace.take(120, now=lambda: at) == 0
        wait = a.pace.take(120, now=lambda: at + 0.5)
        assert 0.2 < wait <= 0.25 + 1e-6, "the third in one second waits for the next"
        assert b.pace.take(120, now=lambda: at + 1) == 0, "a new second, a new share"
        assert a.pace.take(0, now=lambda: at) == 0, "0 means no workspace limit"
    finally:
        for key in first.scan_iter(f"{prefix}:*"):
            first.delete(key)
        first.close()
        second.close()


def test_a_collector_killed_mid_collection_holds_the_others_up_only_until_its_lock_lapses(store: Store) -> None:
    with Workspace(store, JOBS, extra=CLUB) as ws:
        # A process took the collecting lock and was killed (SIGKILL): nothing renews it, nothing was kept.
        store.r.set(store.collections.key.collecting(searches_key(ws.ctx)), "a-dead-process", px=1500)
        jobs = morning(ws)
        assert [jobs.result(d)[0] for d in ("#job-picks", "U0ALEX", "U0BEA")] == ["3 picks delivered"] * 3
        assert store.collections.fresh(searches_key(ws.ctx), ws.clock(), 4) is not None, "kept for the rest"

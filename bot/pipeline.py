"""One run: collect, drop what was shown, score, choose, deliver, remember.

The only module that calls scrapers, scoring and the bot's delivery together. Deciding happens in
pure functions elsewhere; this module orders the I/O and makes sure that what is remembered matches
what was delivered: nothing is marked seen unless it reached the person, and everything that reached
the person is, whatever happens next.

A delivery goes through the store's outbox (bot.handover): the planned digest is written before its
first message, each message is recorded the moment Slack accepts it, and the day's record is committed
once all of it is in. A run that finds an interrupted delivery finishes it first (same thread, the
remaining picks in order), before its own digest.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.collection import gather, read_details
from bot.config import Settings
from bot.context import AppContext
from bot.digest import Deliver, Delivered, Digest, RunStats
from bot.errors import RunInterrupted, SourcesFailed
from bot.handover import Resumed, finish_interrupted, hand_over, save_status, stop_reason
from bot.learning import learning
from bot.picks import choose_picks
from bot.profile_edits import effective_profile
from bot.progress import Progress
from bot.stopping import StopRequest
from scoring.prefilter import drop_unshowable
from scoring.profile import Profile
from scoring.scorer import LLMSettings, ScoringResult, cache_version, score_postings, select_candidates
from scrapers.base import SourceReport
from scrapers.model import Posting

# Scoring more candidates than `[scoring] prefilter` only when the first do not fill the digest: each
# further round costs as many LLM calls as the first.
MAX_SCORING_ROUNDS = 3


@dataclass(slots=True)
class RunOutcome:
    digest: Digest | None
    delivered: Delivered | None = None
    skipped: str | None = None  # why nothing ran, for the person who asked
    busy: bool = False  # skipped because another run holds the lock (try again), not because it is done
    resumed: Resumed | None = None


def llm_settings(s: Settings) -> LLMSettings | None:
    """The LLM to use, or None for the local scorer when neither a key nor a server is configured."""
    if not s.llm_configured:
        return None
    return LLMSettings(model=s.openai_model, api_key=s.openai_api_key, base_url=s.openai_base_url)


def today(ctx: AppContext) -> datetime:
    """Now in the digest's time zone: a digest belongs to the reader's day, not the server's."""
    return ctx.clock().astimezone(ZoneInfo(ctx.timezone))


async def run_pipeline(
    ctx: AppContext,
    deliver: Deliver | None,
    *,
    kind: str = "daily",
    progress: Progress | None = None,
    stop: StopRequest | None = None,
    shared: bool = False,
) -> RunOutcome:
    """Run once for the configured destination; never two at once for one destination.

    The caller chooses where the digest goes (Slack, the terminal); `deliver` None is a dry run: the
    digest is built and returned, and nothing is delivered or remembered, scores included. `stop`
    (SIGTERM, Ctrl-C) ends the run at the next safe point: at once while it collects and scores,
    after the message in flight while it posts. `shared`: one of the morning's digests, reading the
    morning's collection (bot.collection) instead of asking the sites again.
    """
    progress = progress or Progress(live=False)
    with ctx.store.runs.lock(ctx.destination, kind) as lease:
        if lease is None:
            return RunOutcome(None, skipped=f"a run for {ctx.destination} is already under way", busy=True)
        resumed = (
            None if deliver is None else finish_interrupted(ctx, deliver, progress, stop, lease, today(ctx).date())
        )
        day = today(ctx).date().isoformat()
        # Checked under the lock: a cron `jobpicks run` and the serving process's schedule may race.
        if kind == "daily" and deliver is not None and ctx.store.digests.daily_done(ctx.destination, day):
            if resumed is not None and resumed.digest.kind == "daily" and resumed.digest.day.isoformat() == day:
                return RunOutcome(None, resumed=resumed)  # this morning's digest, finished just now
            return RunOutcome(
                None,
                skipped=f"today's digest ({day}) was already posted to {ctx.destination}; "
                "use /jobpicks refresh (or `jobpicks run --refresh`) for more",
                resumed=resumed,
            )
        digest = await _built(ctx, kind, progress, deliver is not None, stop, shared)
        if deliver is None:
            return RunOutcome(digest)
        if all_sources_failed(digest.stats):
            error = _sources_failed(digest)
            save_status(ctx, digest, error=str(error))
            raise error
        reason = stop_reason(stop, lease)()
        if reason is not None:
            raise _stopped_before_posting(reason, kind)
        progress.step("Delivering…")
        delivered = hand_over(ctx, digest, deliver, progress, stop, lease)
        return RunOutcome(digest, delivered, resumed=resumed)


async def _built(
    ctx: AppContext, kind: str, progress: Progress, cache_scores: bool, stop: StopRequest | None, shared: bool
) -> Digest:
    """`build_digest`, cut short when a stop is requested: nothing was posted, so nothing is lost."""
    build = asyncio.ensure_future(
        build_digest(ctx, kind=kind, progress=progress, cache_scores=cache_scores, shared=shared)
    )
    if stop is None:
        return await build
    asked = asyncio.ensure_future(stop.until_requested())
    await asyncio.wait({build, asked}, return_when=asyncio.FIRST_COMPLETED)
    asked.cancel()
    if not build.done():
        build.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await build
        raise _stopped_before_posting(stop.reason or "asked to stop", kind)
    return build.result()


def _stopped_before_posting(reason: str, kind: str) -> RunInterrupted:
    then = (
        "today's digest stays open: the next run (or the morning schedule) posts it"
        if kind == "daily"
        else "ask for the refresh again"
    )
    return RunInterrupted(f"stopped ({reason}) before posting anything", then)


def all_sources_failed(stats: RunStats) -> bool:
    """True when there were sources and none of them answered: "nothing new" would be a guess."""
    return bool(stats.sources) and all(s.error for s in stats.sources)


def _sources_failed(digest: Digest) -> SourcesFailed:
    # Each source's cause without its own advice ("… — check the network…"): the advice is given once.
    failures = "; ".join(f"{s.source}: {(s.error or '').split(' — ')[0]}" for s in digest.stats.sources)
    then = (
        "today's digest stays open and the next run (or the morning schedule) tries again"
        if digest.kind == "daily"
        else "try the refresh again later"
    )
    return SourcesFailed(
        f"every source failed ({failures}), so nothing was posted",
        f"check the network and the sources with `jobpicks doctor`; {then}",
    )


async def build_digest(
    ctx: AppContext, *, kind: str, progress: Progress, cache_scores: bool = True, shared: bool = False
) -> Digest:
    """Everything up to delivery; reads the store but writes only the score cache."""
    cfg, store, dest = ctx.config, ctx.store, ctx.destination
    # Edits made in Slack override the file. Profile.version hashes every field, so an edited profile
    # has a new score-cache key: postings scored before the edit are scored again, never reused.
    profile = effective_profile(ctx.file_profile, store.profiles.saved(ctx.profile_id))
    stats = RunStats()
    started = time.monotonic()

    def source_done(report: SourceReport) -> None:
        if report.error:
            progress.done(f"{report.source}: {report.error}", ok=False, source=report.source)
        else:
            progress.done(
                f"{report.source}: {report.found} postings",
                source=report.source,
                found=report.found,
                warnings=len(report.warnings),
            )

    collection = await gather(ctx, progress, source_done, shared=shared)
    stats.sources = collection.reports
    stats.errors.extend(collection.errors)

    postings = collection.postings
    stats.collected = len(postings)
    new = drop_seen(postings, store.seen.keys(dest, [k for p in postings for k in p.all_keys]))
    stats.new = len(new)
    kept, dropped = drop_unshowable(new, profile, min_score=cfg.digest.min_score)
    stats.filtered_out = sum(dropped.values())
    if dropped:
        why = ", ".join(f"{count} {rule}" for rule, count in sorted(dropped.items(), key=lambda x: -x[1]))
        progress.done(f"{stats.filtered_out} set aside by your profile ({why})", filtered=dropped)

    result = await _score_until_full(
        ctx, kept, profile, progress, collection.reports, cache_scores=cache_scores, shared=shared
    )
    stats.scored = len(result.scored)
    stats.usage = result.usage
    stats.errors.extend(result.errors)
    for error in result.errors:
        progress.done(f"scoring: {error}", ok=False)

    d = cfg.digest
    picks = choose_picks(result.scored, size=d.size, per_company=d.per_company, min_score=d.min_score)
    progress.done(
        f"{stats.collected} found, {stats.new} new, {stats.filtered_out} filtered, {stats.scored} scored, "
        f"{len(picks)} picks ({stats.usage.requests} LLM requests, "
        f"{stats.usage.prompt_tokens + stats.usage.completion_tokens} tokens) in {time.monotonic() - started:.1f}s",
        collected=stats.collected,
        new=stats.new,
        picks=len(picks),
    )
    return Digest(destination=dest, day=today(ctx).date(), picks=picks, stats=stats, kind=kind)


async def _score_until_full(
    ctx: AppContext,
    kept: list[Posting],
    profile: Profile,
    progress: Progress,
    reports: list[SourceReport],
    *,
    cache_scores: bool,
    shared: bool = False,
) -> ScoringResult:
    """Score the best candidates (`[scoring] prefilter` of them, by local score moved by the votes);
    when they leave the digest short of its size, the next best, up to MAX_SCORING_ROUNDS times.

    The local ranking is a guess at what the scorer will say: the LLM may find the first candidates
    poorer than it did, and votes that sink one kind of role bring others up that may not fit.
    """
    cfg, d = ctx.config, ctx.config.digest
    learned = learning(ctx)
    now = ctx.clock().timestamp()
    half_life = cfg.scoring.vote_half_life_days
    batch = cfg.scoring.prefilter
    ranked = select_candidates(
        kept, profile, learned.votes, batch * MAX_SCORING_ROUNDS, half_life_days=half_life, now=now
    )
    total = ScoringResult(scored=[])
    for start in range(0, len(ranked), batch):
        candidates = ranked[start : start + batch]
        # Only the best of each round get their job page read: one request each (`[scoring] details`).
        to_read = candidates[: cfg.scoring.details]
        progress.step(
            f"Fetching details for the best {len(to_read)} of {len(candidates)} {'more ' if start else ''}candidates…"
        )
        await read_details(ctx, to_read, reports, shared=shared)
        progress.step(f"Scoring {len(candidates)} postings…")
        llm = llm_settings(ctx.settings)
        # Another digest with the same profile and votes scoring now: wait for its scores, then reuse them.
        sharing = (
            ctx.store.scores.scoring(cache_version(profile), learned.feedback_version)
            if llm is not None and cache_scores
            else contextlib.nullcontext()
        )
        with sharing:
            result = await score_postings(
                candidates,
                profile,
                cfg.scoring,
                votes=learned.votes,
                feedback_version=learned.feedback_version,
                llm=llm,
                cache=ctx.store.scores if cache_scores else None,
                now=now,
            )
        total.scored += result.scored
        total.usage.add(result.usage)
        total.errors += result.errors
        if len(choose_picks(total.scored, size=d.size, per_company=d.per_company, min_score=d.min_score)) >= d.size:
            break
    return total


def drop_seen(postings: list[Posting], seen: set[str]) -> list[Posting]:
    """Postings none of whose keys were shown before."""
    return [p for p in postings if not any(k in seen for k in p.all_keys)]

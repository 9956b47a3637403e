"""One run: collect, drop what was shown, score, choose, deliver, remember.

The only module that calls scrapers, scoring and the bot's delivery together. Deciding happens in
pure functions elsewhere; this module orders the I/O and makes sure that what is remembered matches
what was delivered: nothing is marked seen unless it reached the person.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.archive import ArchiveError, archive_digest
from bot.config import Settings
from bot.context import AppContext
from bot.digest import Deliver, Delivered, Digest, RunStats
from bot.errors import DeliveryError
from bot.learning import learning
from bot.picks import choose_picks
from bot.profile_edits import effective_profile
from bot.progress import Progress
from bot.store.records import DigestRecord, RunStatus, ShownEntry
from scoring.model import ScoredPosting
from scoring.prefilter import drop_unshowable
from scoring.profile import Profile
from scoring.scorer import LLMSettings, ScoringResult, score_postings, select_candidates
from scrapers.base import SourceReport
from scrapers.collect import collect, fetch_details
from scrapers.dedupe import merge_duplicates
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


def llm_settings(s: Settings) -> LLMSettings | None:
    """The LLM to use, or None for the local scorer when neither a key nor a server is configured."""
    if not s.llm_configured:
        return None
    return LLMSettings(model=s.openai_model, api_key=s.openai_api_key, base_url=s.openai_base_url)


def today(ctx: AppContext) -> datetime:
    """Now in the digest's time zone: a digest belongs to the reader's day, not the server's."""
    return ctx.clock().astimezone(ZoneInfo(ctx.config.digest.timezone))


async def run_pipeline(
    ctx: AppContext, deliver: Deliver | None, *, kind: str = "daily", progress: Progress | None = None
) -> RunOutcome:
    """Run once for the configured destination; never two at once for one destination.

    The caller chooses where the digest goes (Slack, the terminal); `deliver` None is a dry run: the
    digest is built and returned, and nothing is delivered or remembered, scores included.
    """
    progress = progress or Progress(live=False)
    with ctx.store.runs.lock(ctx.destination) as held:
        if not held:
            return RunOutcome(None, skipped=f"a run for {ctx.destination} is already under way", busy=True)
        day = today(ctx).date().isoformat()
        # Checked under the lock: a cron `jobpicks run` and the serving process's schedule may race.
        if kind == "daily" and deliver is not None and ctx.store.digests.daily_done(ctx.destination, day):
            return RunOutcome(
                None,
                skipped=f"today's digest ({day}) was already posted to {ctx.destination}; "
                "use /jobpicks refresh (or `jobpicks run --refresh`) for more",
            )
        digest = await build_digest(ctx, kind=kind, progress=progress, cache_scores=deliver is not None)
        if deliver is None:
            return RunOutcome(digest)
        progress.step("Delivering…")
        delivered = _deliver(ctx, digest, deliver, progress)
        return RunOutcome(digest, delivered)


async def build_digest(ctx: AppContext, *, kind: str, progress: Progress, cache_scores: bool = True) -> Digest:
    """Everything up to delivery; reads the store but writes only the score cache."""
    cfg, store, dest = ctx.config, ctx.store, ctx.destination
    # Edits made in Slack override the file. Profile.version hashes every field, so an edited profile
    # has a new score-cache key: postings scored before the edit are scored again, never reused.
    profile = effective_profile(cfg.profile, store.profiles.saved(ctx.profile_id))
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

    progress.step(f"Collecting from {', '.join(cfg.enabled_sources) or 'no sources'}…")
    collection = await collect(cfg.search, cfg.sources, on_progress=source_done)
    stats.sources = collection.reports
    stats.errors.extend(collection.errors)

    postings = merge_duplicates(collection.postings)
    stats.collected = len(postings)
    new = drop_seen(postings, store.seen.keys(dest, [k for p in postings for k in p.all_keys]))
    stats.new = len(new)
    kept, dropped = drop_unshowable(new, profile, min_score=cfg.digest.min_score)
    stats.filtered_out = sum(dropped.values())
    if dropped:
        why = ", ".join(f"{count} {rule}" for rule, count in sorted(dropped.items(), key=lambda x: -x[1]))
        progress.done(f"{stats.filtered_out} set aside by your profile ({why})", filtered=dropped)

    result = await _score_until_full(ctx, kept, profile, progress, collection.reports, cache_scores=cache_scores)
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
        await fetch_details(to_read, cfg.sources, reports)
        progress.step(f"Scoring {len(candidates)} postings…")
        result = await score_postings(
            candidates,
            profile,
            cfg.scoring,
            votes=learned.votes,
            feedback_version=learned.feedback_version,
            llm=llm_settings(ctx.settings),
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


def _deliver(ctx: AppContext, digest: Digest, deliver: Deliver, progress: Progress) -> Delivered:
    """Deliver, then remember exactly what reached the person, even when delivery stopped halfway."""
    try:
        delivered = deliver(digest)
    except DeliveryError as exc:
        if exc.delivered is not None:
            _keep(ctx, digest, exc.delivered, progress)
        save_status(ctx, digest, error=str(exc))
        raise
    _keep(ctx, digest, delivered, progress)
    save_status(ctx, digest)
    return delivered


def _keep(ctx: AppContext, digest: Digest, delivered: Delivered, progress: Progress) -> None:
    reached = remember(ctx, digest, delivered)
    if not reached:
        return
    try:
        path = archive_digest(replace(digest, picks=reached), ctx.archive_dir)
        progress.done(f"archived in {path}", archive=str(path))
    except ArchiveError as exc:
        # The picks reached the person and are remembered; a missing archive file is worth a warning only.
        progress.done(f"archive: {exc}", ok=False)
        digest.stats.errors.append(f"archive: {exc}")


def remember(ctx: AppContext, digest: Digest, delivered: Delivered) -> list[ScoredPosting]:
    """Mark delivered picks seen and record the digest, in one store transaction; returns what reached."""
    reached = [p for p in digest.picks if delivered.complete or p.posting.key in delivered.pick_messages]
    record = DigestRecord(
        date=digest.day,
        kind=digest.kind,
        daily=digest.kind == "daily",
        channel=delivered.channel,
        messages=delivered.messages,
        picks=reached,
        stats=digest.stats,
        delivered_at=ctx.clock(),
    )
    ctx.store.digests.commit(
        ctx.destination,
        record,
        seen=[k for p in reached for k in p.posting.all_keys],
        shown={p.posting.key: ShownEntry.of(p, digest.day) for p in reached},
        ttl_days=ctx.config.digest.seen_ttl_days,
    )
    return reached


def save_status(ctx: AppContext, digest: Digest, *, error: str | None = None) -> None:
    ctx.store.runs.save_status(
        ctx.destination,
        RunStatus(
            finished_at=ctx.clock(),
            date=digest.day,
            kind=digest.kind,
            picks=len(digest.picks),
            delivery_error=error,
            stats=digest.stats,
        ),
    )

"""Score a day's postings: cache first, then the LLM for the best candidates, local for the rest.

Every posting comes back scored, best first, with the hard rules applied:
- postings a rule drops (avoided company or keyword) are never sent anywhere and come last;
- the local scorer ranks the rest, and only the `prefilter` best go on to the LLM;
- of those, postings already scored for this profile and feedback version come from the cache and
  cost nothing; the others are scored by the LLM, and the LLM's results are cached;
- postings the LLM could not score (after retries) get their local score, marked "local-fallback";
- then the reader's votes move every score, whoever gave it (`scoring.taste`), never past a hard
  rule: a dropped posting stays dropped, a capped one stays at or under its cap. The same shift orders
  the prefilter, so postings like the ones the reader 👍 are the ones the LLM sees.
LLM trouble never raises: each cause is one line in `ScoringResult.errors`.

The score cache stays keyed by the feedback version as well as the profile: the LLM's prompt carries
the votes (`feedback_block`), so a cached score is the answer to one set of votes. The taste model is
applied on every read, cached or not.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Protocol

from scoring.batches import LLMRun, score_with_llm
from scoring.config import ScoringConfig
from scoring.features import posting_features
from scoring.feedback import Vote, feedback_block
from scoring.fit import judge
from scoring.llm import LLMClient, LLMSettings
from scoring.local import LocalScorer
from scoring.model import ScoredPosting, Usage
from scoring.profile import Profile
from scoring.prompt import PROMPT_VERSION, system_prompt
from scoring.reply import ItemScore
from scoring.rules import apply_verdict
from scoring.taste import Shift, TasteModel, common_features
from scrapers.model import Posting

__all__ = ["LLMSettings", "ScoreCache", "ScoringResult", "Usage", "score_postings", "select_candidates"]


class ScoreCache(Protocol):
    def cached_scores(self, profile_version: str, feedback_version: str, keys: list[str]) -> dict[str, dict]: ...

    def cache_scores(self, profile_version: str, feedback_version: str, scores: dict[str, dict]) -> None: ...


@dataclass(slots=True)
class ScoringResult:
    scored: list[ScoredPosting]
    usage: Usage = field(default_factory=Usage)
    errors: list[str] = field(default_factory=list)


# Raised when scores cached by earlier code cannot be trusted. 2: before replies were validated, a
# reply repeating an id could cache a bogus score for 30 days.
CACHE_GENERATION = 2


def cache_version(profile: Profile) -> str:
    """The profile part of the cache key; a new prompt version makes old LLM scores stale too."""
    return f"{profile.version}.{PROMPT_VERSION}.g{CACHE_GENERATION}"


@dataclass(slots=True)
class _Prepared:
    """Every posting scored locally and shifted by the votes, in prefilter order (dropped ones left out)."""

    local: dict[str, ScoredPosting]
    points: dict[str, float]  # the local score before the clip to 0-100 (at its cap when capped)
    shifts: dict[str, Shift]
    ranked: list[Posting]


def _prepare(
    postings: list[Posting], profile: Profile, votes: list[Vote], half_life_days: float, now: float
) -> _Prepared:
    local = LocalScorer.build(profile)
    taste = TasteModel.fit(votes, half_life_days=half_life_days, now=now)
    scores: dict[str, ScoredPosting] = {}
    points: dict[str, float] = {}
    for p in postings:
        scored, unclipped = local.rate(p)
        scored.features = posting_features(p, profile.skills)
        scores[p.key] = scored
        # A capped posting stands where its cap put it: what it scored above the cap no longer counts.
        points[p.key] = float(scored.score) if scored.capped else unclipped
    live = [p for p in postings if not scores[p.key].dropped]
    common = common_features([scores[p.key].features for p in live])
    shifts = {p.key: taste.shift(scores[p.key].features, ignore=common) for p in live}
    ranked = sorted(live, key=lambda p: (-(points[p.key] + shifts[p.key].points), p.key))
    return _Prepared(scores, points, shifts, ranked)


def select_candidates(
    postings: list[Posting],
    profile: Profile,
    votes: list[Vote],
    limit: int,
    *,
    half_life_days: float | None = None,
    now: float | None = None,
) -> list[Posting]:
    """The `limit` best postings by local score moved by the votes, dropped ones excluded: the LLM prefilter.

    `now` (unix time, default the real time) is when the votes are weighed: how much each has faded.
    """
    half_life = ScoringConfig().vote_half_life_days if half_life_days is None else half_life_days
    prepared = _prepare(postings, profile, votes, half_life, time.time() if now is None else now)
    return prepared.ranked[:limit]


def _with_taste(scored: ScoredPosting, shift: Shift, profile: Profile, base: float) -> ScoredPosting:
    """The score moved by the votes, never past a hard rule; records the points it really moved.

    The votes move `base`, the score before its clip to 0-100: a posting far above 100 that the reader
    👎 comes down from where it was, not from 100, and moves as far as the votes say against the rest.
    """
    if scored.dropped or not shift.points:
        return scored
    moved = max(0, min(100, round(base + shift.points)))
    cap = judge(scored.posting, profile).cap
    if cap is not None:
        moved = min(moved, cap)
    scored.taste_points = moved - scored.score
    scored.taste_why = shift.why if scored.taste_points else ""
    scored.score = moved
    return scored


def _from_llm(posting: Posting, item: ItemScore, profile: Profile) -> ScoredPosting:
    scored = ScoredPosting(posting=posting, score=item.score, reason=item.reason, summary=item.summary, scorer="llm")
    return apply_verdict(scored, judge(posting, profile))


def _cached_item(value: dict) -> ItemScore | None:
    """A cached result, checked like a fresh one; None (scored again) when it does not pass."""
    try:
        return ItemScore(value["score"], str(value["reason"]), str(value.get("summary", "")))
    except (KeyError, TypeError, ValueError):
        return None


async def _run_llm(
    candidates: list[Posting],
    profile: Profile,
    cfg: ScoringConfig,
    votes: list[Vote],
    now: float,
    llm: LLMSettings,
    usage: Usage,
) -> LLMRun:
    feedback = feedback_block(
        votes,
        examples=cfg.feedback_examples,
        half_life_days=cfg.vote_half_life_days,
        min_votes=cfg.min_votes_for_summary,
        now=now,
    )
    system = system_prompt(profile, feedback)
    if not llm.api_key and not llm.base_url:
        cause = "no OPENAI_API_KEY is set — set it, or OPENAI_BASE_URL for a local server that needs no key"
        return LLMRun(failed=dict.fromkeys((p.key for p in candidates), cause))
    import openai  # only here, with an LLM configured: see scoring.llm

    try:
        client = LLMClient(llm, cfg)
    except openai.OpenAIError as exc:
        cause = f"cannot set up the LLM client for {llm.where} ({exc}) — check the OPENAI_* settings"
        return LLMRun(failed=dict.fromkeys((p.key for p in candidates), cause))
    try:
        return await score_with_llm(candidates, system, client, cfg)
    finally:
        usage.requests += client.requests
        usage.prompt_tokens += client.prompt_tokens
        usage.completion_tokens += client.completion_tokens
        await client.aclose()


def _error_lines(failed: dict[str, str], total: int) -> list[str]:
    lines = []
    for cause, count in Counter(failed.values()).most_common():
        lines.append(f"LLM scoring failed for {count} of {total} postings, scored locally instead: {cause}")
    return lines


async def score_postings(
    postings: list[Posting],
    profile: Profile,
    cfg: ScoringConfig,
    *,
    votes: list[Vote] | None = None,
    feedback_version: str = "0",
    llm: LLMSettings | None = None,
    cache: ScoreCache | None = None,
    now: float | None = None,
) -> ScoringResult:
    """Scores for every posting, best first; `now` (unix time, default the real time) weighs the votes."""
    votes = votes or []
    now = time.time() if now is None else now
    usage = Usage()
    errors: list[str] = []
    unique: dict[str, Posting] = {}
    for p in postings:
        unique.setdefault(p.key, p)
    postings = list(unique.values())

    prepared = _prepare(postings, profile, votes, cfg.vote_half_life_days, now)
    local_scores = prepared.local
    live = {p.key: p for p in prepared.ranked}
    ranked = prepared.ranked

    final: dict[str, ScoredPosting] = {}
    judged: set[str] = set()  # scored by the LLM today, from the cache, or meant to be (fallback)

    version = cache_version(profile)
    if cache is not None and live:
        for key, value in cache.cached_scores(version, feedback_version, list(live)).items():
            item = _cached_item(value)
            if item is not None and key in live:
                final[key] = _from_llm(live[key], item, profile)
                judged.add(key)
                usage.cached += 1

    if llm is not None:
        candidates = [p for p in ranked[: cfg.prefilter] if p.key not in final]
        judged.update(p.key for p in candidates)
        if candidates:
            run = await _run_llm(candidates, profile, cfg, votes, now, llm, usage)
            for p in candidates:
                if item := run.scores.get(p.key):
                    final[p.key] = _from_llm(p, item, profile)
                    usage.llm_scored += 1
                else:
                    final[p.key] = local_scores[p.key]
                    final[p.key].scorer = "local-fallback"
                    usage.fallback += 1
            errors += _error_lines(run.failed, len(candidates))
            if cache is not None and run.scores:
                # The LLM's own judgment is cached; the hard rules are applied again on every read.
                cache.cache_scores(version, feedback_version, {k: asdict(v) for k, v in run.scores.items()})

    # Where each posting stands before the clip to 0-100, votes included: the order among equal scores.
    standing: dict[str, float] = {}
    for p in postings:
        if p.key not in final:
            final[p.key] = local_scores[p.key]
            usage.local_scored += 1
        one = final[p.key]
        one.features = local_scores[p.key].features
        base = prepared.points[p.key] if one is local_scores[p.key] else float(one.score)
        shift = prepared.shifts.get(p.key, Shift())
        standing[p.key] = base + shift.points
        final[p.key] = _with_taste(one, shift, profile, base)

    def order(p: Posting) -> tuple:
        s = final[p.key]
        tier = 2 if s.dropped else (0 if llm is None or p.key in judged else 1)
        return (tier, -s.score, -standing[p.key], -prepared.points[p.key], p.key)

    scored = [final[p.key] for p in sorted(postings, key=order)]
    return ScoringResult(scored=scored, usage=usage, errors=errors)

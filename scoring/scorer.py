"""Score a day's postings: cache first, then the LLM for the best candidates, local for the rest.

Every posting comes back scored, best first, with the hard rules applied:
- postings a rule drops (avoided company or keyword) are never sent anywhere and come last;
- the local scorer ranks the rest, and only the `prefilter` best go on to the LLM;
- of those, postings already scored for this profile and feedback version come from the cache and
  cost nothing; the others are scored by the LLM, and the LLM's results are cached;
- postings the LLM could not score (after retries) get their local score, marked "local-fallback".
LLM trouble never raises: each cause is one line in `ScoringResult.errors`.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Protocol

import openai

from scoring.batches import LLMRun, score_with_llm
from scoring.config import ScoringConfig
from scoring.feedback import Vote, feedback_block
from scoring.llm import LLMClient, LLMSettings
from scoring.local import LocalScorer
from scoring.model import ScoredPosting, Usage
from scoring.profile import Profile
from scoring.prompt import PROMPT_VERSION, system_prompt
from scoring.reply import ItemScore
from scoring.rules import apply_verdict, judge
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


def cache_version(profile: Profile) -> str:
    """The profile part of the cache key; a new prompt version makes old LLM scores stale too."""
    return f"{profile.version}.{PROMPT_VERSION}"


def _local_scorer(profile: Profile, votes: list[Vote], cfg: ScoringConfig | None, now: float) -> LocalScorer:
    half_life = cfg.vote_half_life_days if cfg else ScoringConfig().vote_half_life_days
    return LocalScorer.build(profile, votes, half_life_days=half_life, now=now)


def select_candidates(postings: list[Posting], profile: Profile, votes: list[Vote], limit: int) -> list[Posting]:
    """The `limit` best postings by local score, dropped ones excluded: the LLM prefilter."""
    local = _local_scorer(profile, votes, None, time.time())
    scored = [local.score(p) for p in postings]
    kept = sorted((s for s in scored if not s.dropped), key=lambda s: (-s.score, s.posting.key))
    return [s.posting for s in kept[:limit]]


def _from_llm(posting: Posting, item: ItemScore, profile: Profile) -> ScoredPosting:
    scored = ScoredPosting(posting=posting, score=item.score, reason=item.reason, summary=item.summary, scorer="llm")
    return apply_verdict(scored, judge(posting, profile))


def _cached_item(value: dict) -> ItemScore | None:
    try:
        item = ItemScore(int(value["score"]), str(value["reason"]), str(value.get("summary", "")))
    except (KeyError, TypeError, ValueError):
        return None
    return item if 0 <= item.score <= 100 else None


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
) -> ScoringResult:
    """Scores for every posting, best first."""
    votes = votes or []
    now = time.time()
    usage = Usage()
    errors: list[str] = []
    unique: dict[str, Posting] = {}
    for p in postings:
        unique.setdefault(p.key, p)
    postings = list(unique.values())

    local = _local_scorer(profile, votes, cfg, now)
    local_scores = {p.key: local.score(p) for p in postings}
    live = {p.key: p for p in postings if not local_scores[p.key].dropped}
    ranked = sorted(live.values(), key=lambda p: (-local_scores[p.key].score, p.key))

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

    for p in postings:
        if p.key not in final:
            final[p.key] = local_scores[p.key]
            usage.local_scored += 1

    def order(p: Posting) -> tuple:
        s = final[p.key]
        tier = 2 if s.dropped else (0 if llm is None or p.key in judged else 1)
        return (tier, -s.score, -local_scores[p.key].score, p.key)

    scored = [final[p.key] for p in sorted(postings, key=order)]
    return ScoringResult(scored=scored, usage=usage, errors=errors)

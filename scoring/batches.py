"""Scoring postings through the LLM in batches: concurrency, retries, and mapping replies by id.

Each posting gets an id for the run ("j1", "j2", ...). A batch is sent; the reply's results are matched
to postings by id, never by position; ids the reply left out, repeated, or answered with a score
that is not a whole number from 0 to 100 are asked for again on their own (and named in the cause if
they never get a usable answer), and ids it made up are ignored. Only usable answers are kept, so
nothing else can reach the score cache. Transport failures (429, 5xx, timeouts) are retried with backoff that
honours Retry-After. What is still unscored after the retries is returned as failed, with the cause,
for the caller to score locally.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

from scoring.config import ScoringConfig
from scoring.llm import LLMCallError, LLMClient, retry_delay
from scoring.prompt import user_prompt
from scoring.reply import ItemScore, ReplyError, parse_reply
from scrapers.model import Posting


@dataclass(slots=True)
class LLMRun:
    scores: dict[str, ItemScore] = field(default_factory=dict)  # posting key -> the LLM's result
    failed: dict[str, str] = field(default_factory=dict)  # posting key -> why it has no LLM score
    retries: int = 0
    unknown_ids: int = 0


def plan_batches(ids: list[str], size: int) -> list[list[str]]:
    return [ids[i : i + size] for i in range(0, len(ids), size)]


async def score_with_llm(postings: list[Posting], system: str, client: LLMClient, cfg: ScoringConfig) -> LLMRun:
    by_id = {f"j{i + 1}": p for i, p in enumerate(postings)}
    run = LLMRun()
    gate = asyncio.Semaphore(cfg.concurrency)

    async def one_batch(ids: list[str]) -> None:
        pending = list(ids)
        attempt = 0
        cause = ""
        while pending:
            user = user_prompt([(pid, by_id[pid]) for pid in pending], cfg.description_chars)
            error: LLMCallError | None = None
            # Only the request holds a slot: a batch waiting out its backoff must not block the others.
            async with gate:
                # Checked after the wait for a slot: another batch may have hit a fatal error meanwhile.
                if client.fatal is not None:
                    cause = str(client.fatal)
                    break
                try:
                    completion = await client.complete(system, user)
                except LLMCallError as exc:
                    error = exc
            if error is not None:
                cause = str(error)
                if error.fatal:
                    client.fatal = client.fatal or error
                    break
                delay = retry_delay(attempt, error.retry_after, cfg) if error.retryable else None
                if delay is None or attempt >= cfg.retries:
                    if error.retry_after is not None and error.retry_after > cfg.max_backoff:
                        cause = (
                            f"{error.message}; asked to wait {error.retry_after:g}s, longer than "
                            f"[scoring] max_backoff — raise max_backoff or retry later"
                        )
                    break
                attempt += 1
                run.retries += 1
                await asyncio.sleep(delay)
                continue
            try:
                parsed = parse_reply(completion.content, pending)
            except ReplyError as exc:
                cause = f"{client.settings.where} sent an unusable reply ({exc}) — try another model"
            else:
                for pid, item in parsed.results.items():
                    run.scores[by_id[pid].key] = item
                run.unknown_ids += len(parsed.unknown)
                if not parsed.missing:
                    return
                # A bad answer is the model's doing; answers left out usually mean too many at once.
                hint = "try another model" if parsed.rejected else "lower [scoring] batch_size"
                cause = f"{client.settings.where} {parsed.problem()} — {hint}"
                pending = parsed.missing
            if attempt >= cfg.retries:
                break
            attempt += 1
            run.retries += 1

        for pid in pending:
            run.failed[by_id[pid].key] = cause

    await asyncio.gather(*(one_batch(ids) for ids in plan_batches(list(by_id), cfg.batch_size)))
    return run

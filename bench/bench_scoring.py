"""Scoring cost and speed against a local fake LLM with a fixed latency, measured side by side in one run.

Prints, for N postings:
- LLM requests and prompt/completion tokens per scored posting, batched vs one posting per request;
- wall time of scoring them all as a ratio to the ideal ceil(N / batch / concurrency) x latency
  (1.00 would be perfect: no time lost to anything but the server's own latency);
- requests on a second run over the same postings (the cache: should be 0);
- LLM scorings for a 1,000-posting day, with the local prefilter.

Talks only to the fake server it starts on 127.0.0.1; bounded by --latency and N.
Run: .venv/bin/python bench/bench_scoring.py [--n 200] [--batch 8] [--concurrency 4] [--latency 0.2]
"""

from __future__ import annotations

import argparse
import asyncio
import math
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from scoring.config import ScoringConfig
from scoring.evaluate import DEFAULT_DATA, load_labelled
from scoring.fit import judge
from scoring.scorer import LLMSettings, ScoringResult, score_postings
from scrapers.model import Posting
from tests.fake_openai import FakeOpenAI


class MemoryCache:
    """The score cache in a dict (the real one is Redis, exercised by the tests)."""

    def __init__(self) -> None:
        self.data: dict[tuple[str, str, str], dict] = {}

    def cached_scores(self, profile_version: str, feedback_version: str, keys: list[str]) -> dict[str, dict]:
        found = {k: self.data.get((profile_version, feedback_version, k)) for k in keys}
        return {k: v for k, v in found.items() if v is not None}

    def cache_scores(self, profile_version: str, feedback_version: str, scores: dict[str, dict]) -> None:
        for key, value in scores.items():
            self.data[(profile_version, feedback_version, key)] = value


def day_of_postings(n: int) -> list[Posting]:
    """N postings cycled from the labelled set, each with its own key.

    Postings the hard rules drop are left out: they never reach the LLM, and the ideal time
    ceil(N / batch / concurrency) x latency assumes all N do.
    """
    labelled = load_labelled(DEFAULT_DATA)
    base = [p for p in labelled.postings if not judge(p, labelled.profile).drop]
    out = []
    for i in range(n):
        p = base[i % len(base)]
        data = p.to_dict() | {"key": f"bench:{i}", "url": f"https://example.com/bench/{i}", "links": []}
        out.append(Posting.from_dict(data))
    return out


async def timed(
    postings: list[Posting], cfg: ScoringConfig, llm: LLMSettings, cache: MemoryCache | None = None
) -> tuple[ScoringResult, float]:
    profile = load_labelled(DEFAULT_DATA).profile
    start = time.perf_counter()
    result = await score_postings(postings, profile, cfg, llm=llm, cache=cache)
    return result, time.perf_counter() - start


def per_posting(result: ScoringResult) -> str:
    u = result.usage
    n = max(1, u.llm_scored)
    return (
        f"{u.requests / n:.3f} requests, {u.prompt_tokens / n:.0f} prompt + "
        f"{u.completion_tokens / n:.0f} completion tokens per scored posting"
    )


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=200)
    parser.add_argument("--batch", type=int, default=8)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--latency", type=float, default=0.2)
    args = parser.parse_args()
    n, batch, conc, latency = args.n, args.batch, args.concurrency, args.latency
    postings = day_of_postings(n)

    with FakeOpenAI(latency=latency) as fake:
        llm = LLMSettings(model="fake", api_key="bench", base_url=fake.base_url)
        cfg = ScoringConfig(batch_size=batch, concurrency=conc, prefilter=n)
        cache = MemoryCache()
        batched, wall = await timed(postings, cfg, llm, cache)
        ideal = math.ceil(n / batch / conc) * latency
        again, _ = await timed(postings, cfg, llm, cache)

        # One posting per request, on a tenth of the postings (enough for per-posting figures).
        single_n = max(conc, n // 10)
        single, _ = await timed(postings[:single_n], cfg.model_copy(update={"batch_size": 1}), llm)

        fake.latency = 0.0
        big_day = day_of_postings(1000)
        prefiltered, _ = await timed(big_day, ScoringConfig(batch_size=batch, concurrency=conc), llm)

    print(f"scoring {n} postings, batch {batch}, concurrency {conc}, fake latency {latency:g}s")
    print(f"  batched:      {per_posting(batched)}")
    print(f"  one per call: {per_posting(single)}")
    ratio = (batched.usage.prompt_tokens / max(1, batched.usage.llm_scored)) / (
        single.usage.prompt_tokens / max(1, single.usage.llm_scored)
    )
    print(f"  prompt tokens per posting, batched / one per call: {ratio:.2f}")
    print(
        f"  wall time {wall:.2f}s vs ideal ceil({n}/{batch}/{conc}) x {latency:g}s = {ideal:.2f}s: "
        f"ratio {wall / ideal:.2f}"
    )
    print(f"  second run over the same postings: {again.usage.requests} LLM requests, {again.usage.cached} from cache")
    u = prefiltered.usage
    print(
        f"  a 1,000-posting day with prefilter {ScoringConfig().prefilter}: {u.llm_scored} LLM scorings "
        f"({u.llm_scored / 1000:.2f} per posting) in {u.requests} requests, "
        f"{u.local_scored} scored locally"
    )
    errors = batched.errors + again.errors + single.errors + prefiltered.errors
    for line in errors:
        print(f"  error: {line}")


if __name__ == "__main__":
    asyncio.run(main())

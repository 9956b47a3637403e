"""How well do the scorers rank? Rank correlation and top-K overlap against a labelled set.

The labelled set (tests/data/labelled.json) holds postings with the score a careful reader would give
them for one profile. A scorer users can trust orders them the same way (Spearman's rho near 1) and
puts the same postings in its top 20, and its scores spread across the bands instead of bunching.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
from dataclasses import dataclass
from pathlib import Path

from scoring.config import ScoringConfig
from scoring.model import ScoredPosting
from scoring.profile import Profile
from scoring.scorer import LLMSettings, ScoringResult, score_postings
from scrapers.model import Posting

DEFAULT_DATA = Path(__file__).resolve().parents[1] / "tests" / "data" / "labelled.json"
BANDS = ("apply", "strong", "look", "long-shot", "wrong", "never")


@dataclass(slots=True)
class Labelled:
    profile: Profile
    postings: list[Posting]
    labels: dict[str, int]  # posting key -> the careful reader's score
    bands: dict[str, str]


@dataclass(slots=True)
class Report:
    name: str
    rho: float
    overlap: int
    k: int
    band_means: dict[str, float]
    distinct_top: int  # distinct scores among the scorer's own top k

    def lines(self) -> list[str]:
        means = ", ".join(f"{b} {m:.0f}" for b, m in self.band_means.items())
        return [
            f"{self.name}: rank correlation (Spearman) {self.rho:.2f}, "
            f"top-{self.k} overlap {self.overlap}/{self.k} ({100 * self.overlap / self.k:.0f}%)",
            f"  mean score by band: {means}",
            f"  distinct scores in its top {self.k}: {self.distinct_top}",
        ]


def load_labelled(path: Path) -> Labelled:
    data = json.loads(path.read_text(encoding="utf-8"))
    profile = Profile.model_validate(data["profile"])
    postings, labels, bands = [], {}, {}
    for item in data["postings"]:
        key = f"eval:{item['id']}"
        fields = {k: v for k, v in item.items() if k not in ("id", "band", "score")}
        postings.append(Posting(key=key, source="eval", url=f"https://example.com/{item['id']}", **fields))
        labels[key] = int(item["score"])
        bands[key] = item["band"]
    return Labelled(profile, postings, labels, bands)


def _ranks(values: list[float]) -> list[float]:
    """Ranks from 1, ties sharing their average rank (as Spearman's rho needs)."""
    order = sorted(range(len(values)), key=lambda i: values[i])
    ranks = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for m in range(i, j + 1):
            ranks[order[m]] = (i + j) / 2 + 1
        i = j + 1
    return ranks


def spearman(xs: list[float], ys: list[float]) -> float:
    """Spearman's rank correlation: Pearson's r of the ranks."""
    if len(xs) != len(ys) or len(xs) < 2:
        raise ValueError("spearman needs two equally long lists of at least two values")
    rx, ry = _ranks(xs), _ranks(ys)
    mx, my = statistics.fmean(rx), statistics.fmean(ry)
    cov = sum((a - mx) * (b - my) for a, b in zip(rx, ry, strict=True))
    sx = sum((a - mx) ** 2 for a in rx) ** 0.5
    sy = sum((b - my) ** 2 for b in ry) ** 0.5
    return cov / (sx * sy) if sx and sy else 0.0


def judge_scores(name: str, scored: list[ScoredPosting], labelled: Labelled, k: int = 20) -> Report:
    """Compare a scorer's output (best first) with the labels."""
    keys = [s.posting.key for s in scored]
    predicted = {s.posting.key: s.score for s in scored}
    truth_top = sorted(labelled.labels, key=lambda key: (-labelled.labels[key], key))[:k]
    k = min(k, len(keys))
    by_band: dict[str, list[int]] = {}
    for key, band in labelled.bands.items():
        by_band.setdefault(band, []).append(predicted[key])
    return Report(
        name=name,
        rho=spearman([predicted[key] for key in labelled.labels], list(labelled.labels.values())),
        overlap=len(set(keys[:k]) & set(truth_top)),
        k=k,
        band_means={b: statistics.fmean(by_band[b]) for b in BANDS if b in by_band},
        distinct_top=len({predicted[key] for key in keys[:k]}),
    )


async def _run(labelled: Labelled, cfg: ScoringConfig, llm: LLMSettings | None) -> ScoringResult:
    return await score_postings(labelled.postings, labelled.profile, cfg, llm=llm)


def main(argv: list[str] | None = None, *, llm: LLMSettings | None = None) -> int:
    """The evaluation command: prints the figures for the local scorer, and for the LLM when given."""
    parser = argparse.ArgumentParser(prog="jobpicks eval", description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="labelled set (JSON)")
    parser.add_argument("--top", type=int, default=20, help="K of the top-K overlap")
    parser.add_argument("--show", action="store_true", help="list every posting with both scores")
    args = parser.parse_args(argv)
    try:
        labelled = load_labelled(args.data)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        print(f"cannot read the labelled set {args.data} ({exc}) — pass --data with a labelled JSON file")
        return 2

    print(f"{len(labelled.postings)} labelled postings for profile {labelled.profile.name!r}")
    runs: list[tuple[str, LLMSettings | None]] = [("local", None)]
    if llm is not None:
        runs.append((f"llm ({llm.model})", llm))
    status = 0
    for name, settings in runs:
        # Every posting goes to the LLM: the evaluation measures the LLM, not the prefilter.
        cfg = ScoringConfig(prefilter=len(labelled.postings))
        result = asyncio.run(_run(labelled, cfg, settings))
        report = judge_scores(name, result.scored, labelled, args.top)
        print("\n".join(report.lines()))
        if settings is not None:
            u = result.usage
            print(
                f"  {u.requests} LLM requests, {u.prompt_tokens} prompt + {u.completion_tokens} completion "
                f"tokens; {u.llm_scored} scored by the LLM, {u.fallback} fell back to local"
            )
        for error in result.errors:
            print(f"  error: {error}")
            status = 1
        if args.show:
            for s in result.scored:
                label = labelled.labels[s.posting.key]
                print(f"  {s.score:>3} (label {label:>3}) {s.posting.title[:70]} — {s.posting.company}")
    return status

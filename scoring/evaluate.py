"""How well do the scorers rank? Rank correlation and top-K overlap against a labelled set.

The labelled set (scoring/labelled.json, shipped with the package so `jobpicks eval` works from an
installed wheel) holds postings with the score a careful reader would give them for one profile, and
the same person's profile written other ways ("wordings"). A scorer users can trust orders the
postings the same way (Spearman's rho near 1) and puts the same postings in its top 20, whichever way
the person wrote their profile, and its scores spread across the bands instead of bunching.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from scoring.bands import BANDS as SCORE_BANDS
from scoring.config import ScoringConfig
from scoring.model import ScoredPosting
from scoring.profile import Profile
from scrapers.model import Posting

if TYPE_CHECKING:
    from scoring.scorer import LLMSettings, ScoringResult

DEFAULT_DATA = Path(__file__).with_name("labelled.json")
# The labelled set tags each posting with a band's key (scoring.bands), best band first.
BANDS = tuple(band.key for band in SCORE_BANDS)
AS_WRITTEN = "as written"
# What "ranks like a careful reader" means for every wording (issue 9): rho and the top-K share.
MIN_RHO = 0.85
MIN_OVERLAP_SHARE = 0.8


@dataclass(slots=True)
class Labelled:
    profile: Profile
    postings: list[Posting]
    labels: dict[str, int]  # posting key -> the careful reader's score
    bands: dict[str, str]
    wordings: dict[str, Profile] = field(default_factory=dict)  # the same person, written other ways

    def profiles(self) -> list[tuple[str, Profile]]:
        """The profile as written first, then each wording."""
        return [(AS_WRITTEN, self.profile), *self.wordings.items()]


@dataclass(slots=True)
class Report:
    name: str
    rho: float
    overlap: int
    k: int
    band_means: dict[str, float]
    distinct_top: int  # distinct scores among the scorer's own top k

    def meets_bar(self) -> bool:
        return self.rho >= MIN_RHO and self.overlap >= MIN_OVERLAP_SHARE * self.k

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
    # A wording replaces what a person writes in their own words; levels, places and limits stay.
    wordings = {name: Profile.model_validate({**data["profile"], **w}) for name, w in data.get("wordings", {}).items()}
    return Labelled(profile, postings, labels, bands, wordings)


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


async def _run(postings: list[Posting], profile: Profile, cfg: ScoringConfig, llm: LLMSettings | None) -> ScoringResult:
    # Imported here: the scorer brings the openai client, which `jobpicks --help` should not wait for.
    from scoring.scorer import score_postings

    return await score_postings(postings, profile, cfg, llm=llm)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of `jobpicks eval` (declared here, read by `run`)."""
    parser.add_argument(
        "--data", type=Path, default=DEFAULT_DATA, help="labelled set (JSON); default: the one shipped with jobpicks"
    )
    parser.add_argument("--top", type=int, default=20, help="K of the top-K overlap (default: 20)")
    parser.add_argument("--show", action="store_true", help="list every posting with its score and label")
    parser.add_argument(
        "--wording",
        action="append",
        metavar="NAME",
        help=f"score only this wording of the profile ('{AS_WRITTEN}' or one of the set's; repeatable). "
        "Default: every wording with the local scorer, the profile as written with the LLM",
    )


def main(argv: list[str] | None = None, *, llm: LLMSettings | None = None) -> int:
    """The evaluation command on its own: parses `argv`, then `run`."""
    parser = argparse.ArgumentParser(prog="jobpicks eval", description=__doc__.splitlines()[0])
    add_arguments(parser)
    return run(parser.parse_args(argv), llm=llm)


def run(args: argparse.Namespace, *, llm: LLMSettings | None = None) -> int:
    """Prints the figures for the local scorer on every wording, and for the LLM when given."""
    try:
        labelled = load_labelled(args.data)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        print(f"cannot read the labelled set {args.data} ({exc}) — pass --data with a labelled JSON file")
        return 2
    profiles = dict(labelled.profiles())
    unknown = [w for w in args.wording or [] if w not in profiles]
    if unknown:
        print(f"no wording {unknown[0]!r} in {args.data} — choose from: {', '.join(profiles)}")
        return 2

    print(f"{len(labelled.postings)} labelled postings for profile {labelled.profile.name!r}")
    runs: list[tuple[str, str, LLMSettings | None]] = []
    for wording in args.wording or list(profiles):
        runs.append(("local", wording, None))
    if llm is not None:
        for wording in args.wording or [AS_WRITTEN]:
            runs.append((f"llm ({llm.model})", wording, llm))
    status = 0
    reports: list[Report] = []
    for scorer, wording, settings in runs:
        # Every posting goes to the LLM: the evaluation measures the LLM, not the prefilter.
        cfg = ScoringConfig(prefilter=len(labelled.postings))
        result = asyncio.run(_run(labelled.postings, profiles[wording], cfg, settings))
        name = scorer if wording == AS_WRITTEN else f"{scorer}, {wording} wording"
        report = judge_scores(name, result.scored, labelled, args.top)
        reports.append(report)
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
    passing = [r.name for r in reports if r.meets_bar()]
    print(
        f"{len(passing)} of {len(reports)} runs rank like the careful reader "
        f"(rank correlation ≥ {MIN_RHO}, top-{args.top} overlap ≥ {MIN_OVERLAP_SHARE:.0%})"
    )
    return status

"""Votes on picks, as the scorers see them: recent examples, decayed weights, learned preferences.

A vote is the person saying "more like this" or "less like this". Both scorers use the same view of
the votes: the LLM gets a short block of recent examples and, once there are enough votes, a summary
of what they have in common; the local scorer shifts toward liked titles and away from disliked ones.
Old votes fade (half-life) so last spring's taste does not outvote this week's.
"""

from __future__ import annotations

import math
import time
from collections import defaultdict
from dataclasses import dataclass

from scoring.terms import GENERIC, content_words

# A vote fainter than this (two half-lives) no longer appears as an example in the prompt.
MIN_EXAMPLE_WEIGHT = 0.25
# A word or company needs about two fresh votes' worth of weight to become a learned preference.
MIN_PREFERENCE_WEIGHT = 1.5
_PREFERENCE_TERMS = 6


@dataclass(slots=True)
class Vote:
    """One person's 👍 (+1) or 👎 (-1) on one posting, with what was shown when they voted."""

    posting_key: str
    user: str
    value: int
    title: str = ""
    company: str = ""
    reason: str = ""
    digest: str = ""
    at: float = 0.0


@dataclass(slots=True)
class WeightedVote:
    """The net opinion on one posting (all voters together), weighted by how recent it is."""

    posting_key: str
    value: int  # +1 liked, -1 disliked
    weight: float  # 1.0 for a vote cast now, halving every half-life
    title: str
    company: str
    reason: str
    at: float


@dataclass(slots=True)
class Learned:
    votes: int
    liked_terms: list[str]
    disliked_terms: list[str]
    liked_companies: list[str]
    disliked_companies: list[str]

    def summary(self) -> str:
        parts = []
        if self.liked_terms:
            parts.append("prefers " + ", ".join(self.liked_terms))
        if self.disliked_terms:
            parts.append("less interested in " + ", ".join(self.disliked_terms))
        if self.liked_companies:
            parts.append("liked picks from " + ", ".join(self.liked_companies))
        if self.disliked_companies:
            parts.append("disliked picks from " + ", ".join(self.disliked_companies))
        return "; ".join(parts)


def weigh_votes(votes: list[Vote], *, half_life_days: float = 30.0, now: float | None = None) -> list[WeightedVote]:
    """One entry per posting voted on, newest first; postings whose votes cancel out are left out."""
    now = time.time() if now is None else now
    by_posting: dict[str, list[Vote]] = defaultdict(list)
    for vote in votes:
        by_posting[vote.posting_key].append(vote)
    weighted = []
    for key, group in by_posting.items():
        net = sum(v.value for v in group)
        if net == 0:
            continue
        newest = max(group, key=lambda v: v.at)
        age_days = max(0.0, (now - newest.at) / 86400) if newest.at else 0.0
        weighted.append(
            WeightedVote(
                posting_key=key,
                value=1 if net > 0 else -1,
                weight=0.5 ** (age_days / half_life_days),
                title=newest.title,
                company=newest.company,
                reason=newest.reason,
                at=newest.at,
            )
        )
    weighted.sort(key=lambda w: w.at, reverse=True)
    return weighted


def _title_terms(title: str) -> set[str]:
    return {w for w in content_words(title) if w not in GENERIC and len(w) > 1}


def learn(weighted: list[WeightedVote], *, min_votes: int = 5) -> Learned | None:
    """Words and companies the votes agree on; None until there are `min_votes` votes."""
    if len(weighted) < min_votes:
        return None
    terms: dict[str, float] = defaultdict(float)
    companies: dict[str, float] = defaultdict(float)
    shown_company: dict[str, str] = {}
    for w in weighted:
        for term in _title_terms(w.title):
            terms[term] += w.value * w.weight
        if w.company:
            companies[w.company.lower()] += w.value * w.weight
            shown_company.setdefault(w.company.lower(), w.company)

    def top(scores: dict[str, float], sign: int) -> list[str]:
        strong = [(s * sign, k) for k, s in scores.items() if s * sign >= MIN_PREFERENCE_WEIGHT]
        return [k for _, k in sorted(strong, key=lambda x: (-x[0], x[1]))[:_PREFERENCE_TERMS]]

    return Learned(
        votes=len(weighted),
        liked_terms=top(terms, 1),
        disliked_terms=top(terms, -1),
        liked_companies=[shown_company[c] for c in top(companies, 1)],
        disliked_companies=[shown_company[c] for c in top(companies, -1)],
    )


def _one_line(text: str, limit: int) -> str:
    # Vote text comes from postings: keep it on one line and without anything that looks like markup.
    text = " ".join(text.replace("<", "‹").replace(">", "›").split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _example(w: WeightedVote) -> str:
    line = f"- {_one_line(w.title, 120)} — {_one_line(w.company, 60)}"
    if w.reason:
        line += f" (shown because: {_one_line(w.reason, 100)})"
    return line


def feedback_block(
    votes: list[Vote],
    *,
    examples: int = 8,
    half_life_days: float = 30.0,
    min_votes: int = 5,
    now: float | None = None,
) -> str:
    """The prompt's feedback section: recent liked and disliked picks, then what they add up to.

    Empty when there are no votes, so a profile without feedback keeps a shorter, stable prompt.
    """
    weighted = weigh_votes(votes, half_life_days=half_life_days, now=now)
    if not weighted:
        return ""
    recent = [w for w in weighted if w.weight >= MIN_EXAMPLE_WEIGHT]
    liked = [w for w in recent if w.value > 0][:examples]
    disliked = [w for w in recent if w.value < 0][:examples]
    lines = ["Feedback from this person on earlier picks (newest first):"]
    if liked:
        lines += ["Liked (👍):", *(_example(w) for w in liked)]
    if disliked:
        lines += ["Disliked (👎):", *(_example(w) for w in disliked)]
    learned = learn(weighted, min_votes=min_votes)
    if learned and learned.summary():
        lines.append(f"Learned from {learned.votes} votes: {learned.summary()}.")
    if len(lines) == 1:
        return ""
    lines.append(
        "Use this feedback to break ties and adjust within a band; the profile and rubric still decide the band."
    )
    return "\n".join(lines)


def describe_learned(
    votes: list[Vote], *, half_life_days: float = 30.0, min_votes: int = 5, now: float | None = None
) -> str:
    """What the scorer has learned from the votes, for `jobpicks feedback`."""
    weighted = weigh_votes(votes, half_life_days=half_life_days, now=now)
    if not weighted:
        return "No votes yet: react 👍 or 👎 to picks and tomorrow's scores will use them."
    liked = [w for w in weighted if w.value > 0]
    disliked = [w for w in weighted if w.value < 0]
    lines = [f"{len(weighted)} postings voted on: {len(liked)} 👍, {len(disliked)} 👎."]
    learned = learn(weighted, min_votes=min_votes)
    if learned is None:
        lines.append(
            f"A learned-preference summary starts at {min_votes} votes; until then the scorer "
            "sees the votes as examples."
        )
    elif learned.summary():
        lines.append(f"Learned: {learned.summary()}.")
    else:
        lines.append("Learned: the votes do not agree on any word or company yet.")
    for label, group in (("Recent 👍", liked), ("Recent 👎", disliked)):
        if group:
            lines.append(f"{label}:")
            for w in group[:5]:
                fading = "" if w.weight >= MIN_EXAMPLE_WEIGHT else " (old, no longer shown to the LLM)"
                lines.append(f"  {_one_line(w.title, 90)} — {_one_line(w.company, 40)}{fading}")
    return "\n".join(lines)


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if not a or not b:
        return 0.0
    dot = sum(v * b.get(k, 0.0) for k, v in a.items())
    norm = math.sqrt(sum(v * v for v in a.values())) * math.sqrt(sum(v * v for v in b.values()))
    return dot / norm if norm else 0.0


def title_vector(title: str, company: str) -> dict[str, float]:
    """What a vote or posting is about, as the local scorer compares them: title words and company."""
    vec = dict.fromkeys(_title_terms(title), 1.0)
    if company.strip():
        vec[f"company:{company.strip().lower()}"] = 1.0
    return vec


@dataclass(slots=True)
class Taste:
    """Rocchio-style centroids of liked and disliked postings, for the local scorer."""

    liked: dict[str, float]
    disliked: dict[str, float]

    @classmethod
    def from_votes(cls, votes: list[Vote], *, half_life_days: float = 30.0, now: float | None = None) -> Taste:
        liked: dict[str, float] = defaultdict(float)
        disliked: dict[str, float] = defaultdict(float)
        for w in weigh_votes(votes, half_life_days=half_life_days, now=now):
            target = liked if w.value > 0 else disliked
            for term, value in title_vector(w.title, w.company).items():
                target[term] += value * w.weight
        return cls(dict(liked), dict(disliked))

    def shift(self, title: str, company: str) -> float:
        """In [-1, 1]: how much more the posting resembles liked picks than disliked ones."""
        vec = title_vector(title, company)
        return cosine(vec, self.liked) - cosine(vec, self.disliked)

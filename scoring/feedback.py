"""Votes on picks, as the scorers see them: recent examples, decayed weights, learned preferences.

A vote is the person saying "more like this" or "less like this". Both scorers use the same view of
the votes: the LLM gets a short block of recent examples and, once there are enough votes, a summary
of what they have in common; the taste model (`scoring.taste`) learns feature weights from them and
moves every scorer's scores. Old votes fade (half-life) so last spring's taste does not outvote this
week's.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from scoring.taste import TasteModel
from scoring.terms import GENERIC, content_words
from scoring.votes import MIN_EXAMPLE_WEIGHT, Vote, WeightedVote, weigh_votes

__all__ = ["Vote", "WeightedVote", "describe_learned", "feedback_block", "learn", "strongest_weights", "weigh_votes"]

# A word or company needs about two fresh votes' worth of weight to become a learned preference.
MIN_PREFERENCE_WEIGHT = 1.5
_PREFERENCE_TERMS = 6


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


def strongest_weights(
    votes: list[Vote], *, half_life_days: float = 30.0, now: float | None = None, limit: int = 8
) -> list[str]:
    """The taste model's strongest weights in plain words, one line each ("  ↓ 19  TikTok (employer):
    3 👎"), strongest first; none when the votes teach nothing yet."""
    taste = TasteModel.fit(votes, half_life_days=half_life_days, now=now)
    strongest = taste.strongest(limit=limit)
    if not strongest:
        return []
    width = max(len(str(abs(points))) for _, points in strongest)
    return [
        f"  {'↑' if points > 0 else '↓'} {abs(points):>{width}}  {_one_line(taste.lesson(feature), 100)}"
        for feature, points in strongest
    ]


def describe_learned(
    votes: list[Vote],
    *,
    half_life_days: float = 30.0,
    min_votes: int = 5,
    now: float | None = None,
    strongest_limit: int = 8,
) -> str:
    """What the scorers have learned from the votes, for `jobpicks feedback`: the strongest weights
    of the taste model in plain words, the summary the LLM is given, and the recent votes."""
    weighted = weigh_votes(votes, half_life_days=half_life_days, now=now)
    if not weighted:
        return "No votes yet: react 👍 or 👎 to picks and tomorrow's scores will use them."
    liked = [w for w in weighted if w.value > 0]
    disliked = [w for w in weighted if w.value < 0]
    lines = [f"{len(weighted)} postings voted on: {len(liked)} 👍, {len(disliked)} 👎."]
    strongest = strongest_weights(votes, half_life_days=half_life_days, now=now, limit=strongest_limit)
    if strongest:
        lines.append("What moves scores (points each moves a posting on its own, strongest first):")
        lines += strongest
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

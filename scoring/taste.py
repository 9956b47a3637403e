"""The reader's taste, learned in code from their votes, and the points it moves each posting.

Whatever scored a posting (the LLM, the cache, the local scorer), the votes move its score afterwards,
so a 👎 has the same effect whatever a model does with its prompt.

The model is a small Bayesian estimate per feature (employer, kind of role, title word, skill, level,
place, source; see `scoring.features`), not a logistic regression: it needs no numeric library, it
is exact for votes that are all 👍 or all 👎 (a regression without a second class has nothing to fit),
and every weight reads as "you 👎 4 TikTok picks". For each feature two questions:

- does the reader care about it at all? A vote is on a whole posting with some thirty features, so one
  vote says little about any one of them; five consistent votes on postings sharing a feature say a
  lot. This is the posterior chance of "cares" (the chance of a 👍 on such postings is anything,
  uniformly) against "does not" (it is the reader's usual chance of a 👍, whatever the pick), from the
  Bayes factor of the two, starting from a prior chance per part of the posting: employers, kinds of
  role and title words (the topic: "recommendation", "ads ranking") are what readers react to most,
  places and sources least.
- which way, and how strongly? How far the posterior mean of p, the chance of a 👍 on such postings,
  lies from the usual chance, as a share of the way to always (or never) 👍. A reader who 👍 nearly every
  pick says "fine" with a 👍, not "more of this": what all their 👍 share is not a preference, what they
  👎 stands out. The usual chance starts at one half, USUAL_PRIOR votes' worth, so a few votes that all
  agree still say something about what they were cast on; with one half it is (likes − dislikes) /
  (votes + 2).

Their product is the feature's weight, in (−1, 1). Measured on one employer's feature alone (`jobpicks
feedback` lists the same points): one vote nudges, 5 to 7 points; three to five consistent votes move
its postings 13 to 21 points when they are the reader's only votes, 18 to 29 amid a day's votes on
other picks (mostly 👍); a kind of role 9 to 15 and 13 to 22; a title word 6 to 11 and 9 to 15. What
else the votes share adds to that. A digest shows at most `per_company` picks of one employer before
filling, so one day's votes must already count; bench/bench_feedback.py measures the result.

A posting's shift takes, per part, its most liked and its most disliked feature (so many correlated
title words count as one piece of evidence), weighs the parts, and maps the total onto ±MAX_POINTS with
tanh, so it stays bounded however many votes agree.
Old votes count less (a half-life), an undone vote is gone from the store and so from the model.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field

from scoring.features import fallback_features, family_name, feature_name, group_of
from scoring.votes import MIN_EXAMPLE_WEIGHT, Vote, WeightedVote, weigh_votes
from scrapers.employers import company_key, family_of

# The most the votes move a score, either way.
MAX_POINTS = 40
# How many votes' worth of "one half" the reader's usual share of 👍 starts from: a day and a half of a
# 20-pick digest voted on in full moves it halfway to what they do; a reader who votes now and then
# keeps it near one half for weeks, so their few votes are taken as being about what they were cast on.
USUAL_PRIOR = 30.0


@dataclass(frozen=True, slots=True)
class Part:
    prior: float  # the chance, before any vote, that a reader cares about a feature of this part
    weight: float  # how much this part of a posting moves its score once they do


PARTS = {
    "employer": Part(0.2, 2.2),
    "kind": Part(0.2, 1.5),
    "title": Part(0.2, 1.0),
    "skill": Part(0.03, 0.5),
    "place": Part(0.03, 0.5),
    "level": Part(0.02, 0.4),
    "source": Part(0.02, 0.3),
    "other": Part(0.02, 0.3),
}


@dataclass(slots=True)
class Evidence:
    """The votes on postings that had one feature: weighted by age, and counted as a person would."""

    liked: float = 0.0
    disliked: float = 0.0
    ups: int = 0
    downs: int = 0


@dataclass(frozen=True, slots=True)
class Shift:
    """What the votes do to one posting: points (already bounded) and a short why."""

    points: int = 0
    why: str = ""


def usual_liking(weighted: list[WeightedVote]) -> float:
    """The chance the reader 👍 a pick whatever it is: their share of 👍, pulled towards one half by
    USUAL_PRIOR votes' worth, so a few votes that all agree say something about what they were on."""
    liked = sum(w.weight for w in weighted if w.value > 0)
    total = sum(w.weight for w in weighted)
    return (liked + USUAL_PRIOR / 2) / (total + USUAL_PRIOR)


def feature_weight(liked: float, disliked: float, prior: float, usual: float = 0.5) -> float:
    """In (−1, 1): the chance the reader cares about a feature times how much more (or less) they like
    postings with it than they like picks in general (`usual`: the chance of a 👍 whatever the pick)."""
    n = liked + disliked
    if n <= 0:
        return 0.0
    # Bayes factor of "p is anything" (Beta(1, 1)) against "p is the usual", for these (weighted) votes.
    log_factor = (
        math.lgamma(liked + 1)
        + math.lgamma(disliked + 1)
        - math.lgamma(n + 2)
        - liked * math.log(usual)
        - disliked * math.log(1 - usual)
    )
    odds = prior / (1 - prior) * math.exp(min(log_factor, 50.0))
    cares = odds / (1 + odds)
    # The posterior mean of p, as a share of the way from the usual to always (or never) 👍.
    mean = (liked + 1) / (n + 2)
    return cares * (mean - usual) / (1 - usual if mean > usual else usual)


@dataclass(slots=True)
class TasteModel:
    """Feature weights learned from one destination's votes."""

    weights: dict[str, float] = field(default_factory=dict)
    evidence: dict[str, Evidence] = field(default_factory=dict)
    # employer feature -> the company as shown; family feature -> the companies voted on ("TikTok")
    employers: dict[str, str] = field(default_factory=dict)
    votes: int = 0

    @classmethod
    def fit(cls, votes: list[Vote], *, half_life_days: float = 30.0, now: float | None = None) -> TasteModel:
        evidence: dict[str, Evidence] = defaultdict(Evidence)
        shown: dict[str, dict[str, None]] = defaultdict(dict)  # employer or family feature -> companies voted on
        weighted = weigh_votes(votes, half_life_days=half_life_days, now=now)
        for w in weighted:
            features = w.features or fallback_features(w.title, w.company)
            for feature in features:
                e = evidence[feature]
                if w.value > 0:
                    e.liked += w.weight
                    e.ups += w.weight >= MIN_EXAMPLE_WEIGHT
                else:
                    e.disliked += w.weight
                    e.downs += w.weight >= MIN_EXAMPLE_WEIGHT
                if feature.startswith(("employer:", "family:")) and w.company:
                    shown[feature].setdefault(w.company)
        usual = usual_liking(weighted)
        weights = {f: feature_weight(e.liked, e.disliked, PARTS[group_of(f)].prior, usual) for f, e in evidence.items()}
        # An employer shows as first voted on; a family as every brand of it voted on: "you 👎 3 TikTok picks".
        employers = {
            f: next(iter(names)) if f.startswith("employer:") else "/".join(names) for f, names in shown.items()
        }
        return cls({f: x for f, x in weights.items() if x}, dict(evidence), employers, len(weighted))

    def shift(self, features: list[str], *, ignore: frozenset[str] = frozenset()) -> Shift:
        """How many points the votes move a posting with these features, and why.

        `ignore`: features to leave out, such as those nearly every posting of the day has (see
        `common_features`).
        """
        features = [f for f in features if f not in ignore]
        if not self.weights or not features:
            return Shift()
        # Per part, its most liked and its most disliked feature: a title's ten words, or a city and its
        # country, are one piece of evidence about the posting, not ten.
        liked: dict[str, float] = defaultdict(float)
        disliked: dict[str, float] = defaultdict(float)
        for feature in features:
            x = self.weights.get(feature, 0.0)
            part = group_of(feature)
            liked[part] = max(liked[part], x)
            disliked[part] = min(disliked[part], x)
        total = sum(PARTS[part].weight * (liked[part] + disliked[part]) for part in {*liked, *disliked})
        points = round(MAX_POINTS * math.tanh(total))
        if points == 0:
            return Shift()
        # The why names the one feature that moved the posting most in the direction it moved.
        sign = 1 if points > 0 else -1
        best = max(
            (f for f in features if self.weights.get(f, 0.0) * sign > 0),
            key=lambda f: (PARTS[group_of(f)].weight * abs(self.weights[f]), f),
        )
        return Shift(points, self.why(best))

    def why(self, feature: str) -> str:
        """'you 👎 4 TikTok picks', 'like the backend roles you 👎': what a feature's votes were."""
        liked = self.weights[feature] > 0
        thumb = "👍" if liked else "👎"
        e = self.evidence[feature]
        count = max(1, e.ups if liked else e.downs)
        name = feature_name(feature, self.employers)
        part = group_of(feature)
        if part == "employer":
            return f"you {thumb} {count} {name} pick{'s' if count != 1 else ''}"
        if part in ("kind", "title"):
            return f"like the {name} roles you {thumb}"
        if part == "skill":
            return f"asks for {name}, like picks you {thumb}"
        if part == "place":
            return f"{'remote' if feature == 'remote' else 'in ' + name}, like picks you {thumb}"
        if part == "level":
            return f"{name} level, like picks you {thumb}"
        return f"from {name}, like picks you {thumb}"

    def strongest(self, limit: int = 8) -> list[tuple[str, int]]:
        """The features that move scores most, with the points each alone moves a posting; strongest first.

        One company under several names is one line: its brand's when every vote was on that brand
        ("TikTok (employer)"), else the family's ("ByteDance and its brands"), which says it for all.
        """
        points = {f: feature_points(f, w) for f, w in self.weights.items()}
        ranked = sorted(
            ((f, x) for f, x in points.items() if x and not self._said_by_another(f, x, points)),
            key=lambda item: (-abs(item[1]), item[0]),
        )
        return ranked[:limit]

    def _said_by_another(self, feature: str, points: int, every: dict[str, int]) -> bool:
        prefix, _, value = feature.partition(":")
        if prefix == "family":
            return "/" not in self.employers.get(feature, "")
        family = family_of(value) if prefix == "employer" else None
        if family is None:
            return False
        key = f"family:{company_key(family)}"
        moved = every.get(key, 0)
        return "/" in self.employers.get(key, "") and moved * points > 0 and abs(moved) >= abs(points)

    def lesson(self, feature: str) -> str:
        """One learned weight in plain words: 'TikTok (employer): 4 👎', 'backend roles: 3 👍, 1 👎'."""
        e = self.evidence[feature]
        counts = ", ".join(x for x in (f"{e.ups} 👍" if e.ups else "", f"{e.downs} 👎" if e.downs else "") if x)
        name = feature_name(feature, self.employers)
        what = {
            "employer": _employer_words(feature, name),
            "kind": f"{name} roles",
            "title": f"“{name}” in the title",
            "skill": f"asks for {name}",
            "place": "remote" if feature == "remote" else f"in {name}",
            "level": f"{name} level",
        }.get(group_of(feature), f"from {name}")
        return f"{what}: {counts or 'old votes only'}"


def _employer_words(feature: str, name: str) -> str:
    """'TikTok (employer)'; for a family, 'TikTok and the rest of ByteDance' or 'ByteDance and its brands'."""
    family = family_name(feature)
    if not family:
        return f"{name} (employer)"
    return f"{family} and its brands" if family in name.split("/") else f"{name} and the rest of {family}"


def feature_points(feature: str, weight: float) -> int:
    """The points one feature's weight alone moves a posting."""
    return round(MAX_POINTS * math.tanh(PARTS[group_of(feature)].weight * weight))


def common_features(feature_lists: list[list[str]], *, share: float = 0.8, minimum: int = 10) -> frozenset[str]:
    """Features at least `share` of the day's postings have, once there are `minimum` postings.

    A feature (nearly) every posting has cannot reorder the day; counting it would only lift or sink
    the whole day past the digest's minimum score. Votes that are all 👍 (or all 👎) on internships in
    the United States teach "likes internships in the United States" as much as anything else, and on a
    day of internships in the United States that must not count.
    """
    if len(feature_lists) < minimum:
        return frozenset()
    counts: dict[str, int] = defaultdict(int)
    for features in feature_lists:
        for feature in set(features):
            counts[feature] += 1
    return frozenset(f for f, n in counts.items() if n >= share * len(feature_lists))

"""A deterministic scorer from the profile and the votes alone: no LLM, no network.

It ranks every posting of the day (so it doubles as the prefilter that decides which postings are
worth an LLM call) and scores on its own when no LLM is configured or the LLM fails. Points come from
what a careful reader checks first: is the title one of the target roles, do the skills appear, is the
level and the place right, does it look like postings the person liked.
"""

from __future__ import annotations

from dataclasses import dataclass

from scoring.description import first_sentences, neutralise
from scoring.feedback import Taste, Vote
from scoring.fit import judge
from scoring.location_fit import location_fit
from scoring.model import ScoredPosting
from scoring.profile import Profile
from scoring.rules import apply_verdict
from scoring.seniority import level_gap
from scoring.terms import GENERIC, STOPWORDS, Text, content_words, phrase_tokens, tokens
from scrapers.model import Posting

# Points per part; they add up to 100 for a posting that fits in every way.
ROLE_POINTS = 40
SKILL_POINTS = 25
INTEREST_POINTS = 8
LEVEL_POINTS = 10
PLACE_POINTS = 10
# Votes move a score by at most this much either way.
VOTE_POINTS = 12
# Raw points bunch between ~20 (an internship in an acceptable place, nothing else) and ~85 (fits in
# every way); stretched around those so local scores read on the same bands as the LLM's rubric.
_LOW_POINTS, _LOW_SCORE = 20, 15
_STRETCH = 1.25

_GENERIC_WEIGHT = 0.1


@dataclass(slots=True)
class LocalScorer:
    """The profile and votes prepared once, for scoring many postings."""

    profile: Profile
    taste: Taste | None
    interests: set[str]

    @classmethod
    def build(
        cls,
        profile: Profile,
        votes: list[Vote] | None = None,
        *,
        half_life_days: float = 30.0,
        now: float | None = None,
    ) -> LocalScorer:
        taste = Taste.from_votes(votes, half_life_days=half_life_days, now=now) if votes else None
        # Words of the free-text summary that say what the person wants beyond the listed roles/skills.
        listed = {w for phrase in [*profile.roles, *profile.skills] for w in tokens(phrase)}
        interests = content_words(profile.summary) - listed - GENERIC - STOPWORDS
        return cls(profile, taste, {w for w in interests if len(w) > 2 and not w.isdigit()})

    def role_match(self, title: str) -> tuple[float, str]:
        """Best share (0-1) of a target role's words found in the title, generic words counting less."""
        title_words = set(tokens(title))
        best, best_role = 0.0, ""
        for role in self.profile.roles:
            words = [w for w in dict.fromkeys(phrase_tokens(role)) if w not in STOPWORDS]
            if not words:
                continue
            weights = {w: _GENERIC_WEIGHT if w in GENERIC else 1.0 for w in words}
            share = sum(weights[w] for w in words if w in title_words) / sum(weights.values())
            if share > best:
                best, best_role = share, role
        return best, best_role

    def score(self, posting: Posting) -> ScoredPosting:
        profile = self.profile
        description, _ = neutralise(posting.description)
        title = Text(posting.title)
        body = Text(f"{posting.title}\n{description}")
        reasons: list[str] = []  # what the job is that the person wants
        context: list[str] = []  # level, place, votes

        role_share, role = self.role_match(posting.title)
        # Squared so a half-matching title ("Research Intern" for "AI research intern") earns a quarter.
        points = ROLE_POINTS * role_share**2
        if role_share >= 0.6:
            reasons.append(f"matches {role}")

        skills = body.phrases_found(profile.skills)
        in_title = title.phrases_found(skills)
        if profile.skills:
            # Skills named in the text of an unrelated job (a barista posting listing "PyTorch") count
            # for less: the title decides what the job is.
            relevance = max(role_share, 0.5 if in_title else 0.0)
            # Each further skill adds less: the fifth matters less than the first.
            coverage = 1 - 0.75 ** (len(skills) + 0.75 * len(in_title))
            points += SKILL_POINTS * coverage * (0.4 + 0.6 * relevance)
            if skills:
                reasons.append("skills: " + ", ".join(skills[:4]))

        title_interests = self.interests & title.words
        points += min(INTEREST_POINTS, 4 * len(title_interests) + 0.5 * len(self.interests & body.words))
        if title_interests and role_share < 0.6:
            reasons.append("about " + ", ".join(sorted(title_interests)[:3]))

        gap = level_gap(posting, profile)
        points += {None: LEVEL_POINTS / 2, 0: LEVEL_POINTS}.get(gap, 0)
        if gap == 0 and profile.seniority:
            context.append(f"{profile.seniority[0]} level")

        fit = location_fit(posting, profile)
        if fit.kind == "preferred":
            points += PLACE_POINTS - 2 * min(fit.rank, 3)
            context.append(posting.location or fit.label)
        elif fit.kind in ("acceptable", "remote"):
            points += PLACE_POINTS * 0.6
            context.append(posting.location or fit.label)
        elif fit.kind == "unknown":
            points += PLACE_POINTS * 0.4

        if self.taste is not None:
            shift = self.taste.shift(posting.title, posting.company)
            points += VOTE_POINTS * max(-1.0, min(1.0, 1.5 * shift))
            if shift >= 0.2:
                context.append("like postings you 👍")
            elif shift <= -0.2:
                context.append("like postings you 👎")

        if reasons:
            reason = "; ".join(reasons + context)
        else:
            reason = "little overlap with your roles and skills"
            reason += f" ({'; '.join(context)})" if context else ""
        scored = ScoredPosting(
            posting=posting,
            score=max(0, min(100, round(_LOW_SCORE + (points - _LOW_POINTS) * _STRETCH))),
            reason=reason[:1].upper() + reason[1:] + ".",
            summary=first_sentences(description) or _fallback_summary(posting),
            scorer="local",
        )
        return apply_verdict(scored, judge(posting, profile))


def _fallback_summary(posting: Posting) -> str:
    where = f" in {posting.location}" if posting.location else ""
    return f"{posting.title} at {posting.company}{where}."

"""A deterministic scorer from the profile alone: no LLM, no network.

It ranks every posting of the day (so it doubles as the prefilter that decides which postings are
worth an LLM call) and scores on its own when no LLM is configured or the LLM fails. Points come from
what a careful reader checks first: is the title one of the target roles, do the skills appear, is the
level and the place right. The votes move its scores afterwards, as they move the LLM's
(`scoring.taste`, applied in `scoring.scorer`), so they are never counted twice.
"""

from __future__ import annotations

from dataclasses import dataclass

from scoring.description import first_sentences, neutralise
from scoring.fit import judge
from scoring.kinds import GENERAL, kind_label, role_kinds
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
# Share of ROLE_POINTS for a title in a wanted field whatever its wording, and what its skills add.
FIELD_FIT = 0.45
FIELD_SKILL_FIT = 0.45
# Raw points bunch between ~20 (an internship in an acceptable place, nothing else) and ~85 (fits in
# every way); stretched around those so local scores read on the same bands as the LLM's rubric.
_LOW_POINTS, _LOW_SCORE = 20, 15
_STRETCH = 1.25

_GENERIC_WEIGHT = 0.1


@dataclass(slots=True)
class LocalScorer:
    """The profile prepared once, for scoring many postings."""

    profile: Profile
    interests: set[str]
    fields: dict[str, str]  # kind of role (scoring.kinds) -> the first target role of that kind

    @classmethod
    def build(cls, profile: Profile) -> LocalScorer:
        # Words of the free-text summary: what the person wants beyond the listed roles and skills, and
        # which of those they stress ("built recommendation and ML infrastructure" under six roles).
        interests = content_words(profile.summary) - GENERIC - STOPWORDS
        fields: dict[str, str] = {}
        for role in profile.roles:
            for kind in role_kinds(role):
                fields.setdefault(kind, role)
            # "Backend software engineer" also says plain software roles are welcome.
            if Text(role).has_phrase("software"):
                fields.setdefault(GENERAL.name, role)
        return cls(profile, {w for w in interests if len(w) > 1 and not w.isdigit()}, fields)

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
        return self.rate(posting)[0]

    def rate(self, posting: Posting) -> tuple[ScoredPosting, float]:
        """The scored posting, and its score before it was clipped to 0-100.

        Postings that fit in every way all score 100; the unclipped score still tells them apart, and
        the votes move it (`scoring.scorer`), so a 👎 moves a posting down from where it really was.
        """
        profile = self.profile
        description, _ = neutralise(posting.description)
        title = Text(posting.title)
        body = Text(f"{posting.title}\n{description}")
        reasons: list[str] = []  # what the job is that the person wants
        context: list[str] = []  # level, place

        role_share, role = self.role_match(posting.title)
        skills = body.phrases_found(profile.skills)
        in_title = title.phrases_found(skills)
        # Each further skill adds less: the fifth matters less than the first.
        coverage = 1 - 0.75 ** (len(skills) + 0.75 * len(in_title)) if profile.skills else 0.0
        # Squared so a half-matching title ("Research Intern" for "AI research intern") earns a quarter.
        title_fit = role_share**2
        # A title in the field of a target role however either is worded ("Software Engineer Intern (AI
        # Model Optimization)" for "applied AI") is carried by its skills: most of a full match when they
        # are all there, never quite all of it.
        kinds = role_kinds(title)
        if GENERAL.name not in kinds and title.has_phrase("software"):
            kinds.append(GENERAL.name)
        shared = [k for k in kinds if k in self.fields]
        if shared:
            # A title also in a field nobody asked for ("Data Analyst" for "data scientist") gets less.
            field_fit = (FIELD_FIT + FIELD_SKILL_FIT * coverage) * (1 + len(shared) / len(kinds)) / 2
            title_fit = max(title_fit, field_fit)
        points = ROLE_POINTS * title_fit
        if role_share >= 0.6:
            reasons.append(f"matches {role}")
        elif shared:
            reasons.append(f"{kind_label(shared[0])} role like {self.fields[shared[0]]}")

        if profile.skills:
            # Skills named in the text of an unrelated job (a barista posting listing "PyTorch") count
            # for less: the title decides what the job is.
            relevance = max(role_share, title_fit**0.5, 0.5 if in_title else 0.0)
            points += SKILL_POINTS * coverage * (0.4 + 0.6 * relevance)
            if skills:
                reasons.append("skills: " + ", ".join(skills[:4]))

        title_interests = self.interests & title.words
        points += min(INTEREST_POINTS, 4 * len(title_interests) + 0.5 * len(self.interests & body.words))
        if title_interests and role_share < 0.6 and not shared:
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

        if reasons:
            reason = "; ".join(reasons + context)
        else:
            reason = "little overlap with your roles and skills"
            reason += f" ({'; '.join(context)})" if context else ""
        unclipped = _LOW_SCORE + (points - _LOW_POINTS) * _STRETCH
        scored = ScoredPosting(
            posting=posting,
            score=max(0, min(100, round(unclipped))),
            reason=reason[:1].upper() + reason[1:] + ".",
            summary=first_sentences(description) or _fallback_summary(posting),
            scorer="local",
        )
        return apply_verdict(scored, judge(posting, profile)), unclipped


def _fallback_summary(posting: Posting) -> str:
    where = f" in {posting.location}" if posting.location else ""
    return f"{posting.title} at {posting.company}{where}."

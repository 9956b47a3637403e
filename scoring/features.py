"""What a posting is, as the taste model sees it: the things a reader reacts to when voting.

A feature is a short string, "group:value" ("employer:tiktok", "kind:backend", "word:recommendation",
"skill:kotlin", "city:seattle"). A brand of a larger company also has the company's ("family:bytedance"
beside "employer:tiktok"): a 👎 on TikTok picks moves ByteDance's postings too.

Votes keep the features of the posting they were cast on, so what a vote taught stays the same when
the posting is long gone; votes from before features were kept fall back to what they hold (title and
company).
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import pairwise

from scoring.kinds import kind_label, role_kinds
from scoring.seniority import posting_levels
from scoring.skills import skill_name, skills_found
from scoring.terms import GENERIC, STOPWORDS, Text, tokens
from scrapers.employers import FAMILIES, aggregator_of, company_key, family_of
from scrapers.model import Posting
from scrapers.places import split_location

# Which part of a posting each prefix describes; the taste model weighs the parts differently.
GROUP_OF = {
    "employer": "employer",
    "family": "employer",
    "kind": "kind",
    "word": "title",
    "phrase": "title",
    "skill": "skill",
    "level": "level",
    "city": "place",
    "region": "place",
    "country": "place",
    "remote": "place",
    "source": "source",
    "via": "source",
}
# One rung per level of `scoring.seniority.posting_levels`.
LEVEL_NAMES = {0: "internship", 1: "entry", 2: "mid", 3: "senior", 4: "manager"}
# Level and place words in a title are features of their own kind; as title words they would count twice.
_NOT_TITLE_WORDS = frozenset({"newgrad", "entry", "midsenior", "graduate", "nyc", "remote", "hybrid", "onsite"})


def group_of(feature: str) -> str:
    return GROUP_OF.get(feature.split(":", 1)[0], "other")


def _title_words(title: str) -> list[str]:
    """Title words that say what the job is: no stop words, level words, numbers or single letters."""
    return [
        w
        if w not in STOPWORDS and w not in GENERIC and w not in _NOT_TITLE_WORDS and len(w) > 1 and not w.isdigit()
        else ""
        for w in tokens(title)
    ]


def title_features(title: str) -> list[str]:
    """Words and two-word phrases of a title ("ml infrastructure"), through `scoring.terms`."""
    words = _title_words(title)
    found = [f"word:{w}" for w in words if w]
    found += [f"phrase:{a} {b}" for a, b in pairwise(words) if a and b and a != b]
    return list(dict.fromkeys(found))


def _place_features(posting: Posting) -> list[str]:
    place = split_location(posting.location)
    city, region, country = posting.city or place.city, posting.region or place.region, posting.country or place.country
    found = [
        f"{name}:{value.strip().lower()}"
        for name, value in (("city", city), ("region", region), ("country", country))
        if value
    ]
    if posting.remote or place.remote:
        found.append("remote")
    return found


def posting_features(posting: Posting, profile_skills: Iterable[str] = ()) -> list[str]:
    """Everything about `posting` a vote on it could be about."""
    found: list[str] = []
    aggregator = aggregator_of(posting.company)
    # An aggregator's repost names the aggregator as the company: the real employer is unknown there.
    employer = "" if aggregator else company_key(posting.company)
    if employer:
        found.append(f"employer:{employer}")
        family = family_of(posting.company)
        if family:
            found.append(f"family:{company_key(family)}")
    title = Text(posting.title)
    found += [f"kind:{k}" for k in role_kinds(title)]
    found += title_features(posting.title)
    body = Text(f"{posting.title}\n{posting.description}")
    found += [f"skill:{key}" for key in skills_found(body, profile_skills)]
    found += [f"level:{LEVEL_NAMES[level]}" for level in sorted(posting_levels(posting)) if level in LEVEL_NAMES]
    found += _place_features(posting)
    if posting.source:
        found.append(f"source:{posting.source}")
    via = posting.via or aggregator
    if via:
        found.append(f"via:{company_key(via) or via.lower()}")
    return list(dict.fromkeys(found))


def fallback_features(title: str, company: str) -> list[str]:
    """The features a vote without any still holds: employer, kind, title words, level from the title."""
    if not title and not company:
        return []
    return posting_features(Posting(key="", source="", url="", title=title, company=company))


def family_name(feature: str) -> str:
    """The company a family feature stands for ("family:bytedance" -> "ByteDance"); "" for any other."""
    prefix, _, value = feature.partition(":")
    if prefix != "family":
        return ""
    return next((name for name in FAMILIES.values() if company_key(name) == value), value.title())


def feature_name(feature: str, employers: dict[str, str] | None = None) -> str:
    """A feature in plain words: 'TikTok', 'backend', 'recommendation', 'Seattle', 'remote'."""
    prefix, _, value = feature.partition(":")
    if prefix == "employer":
        return (employers or {}).get(feature) or value.title()
    if prefix == "family":
        return (employers or {}).get(feature) or family_name(feature)
    if prefix == "kind":
        return kind_label(value)
    if prefix in ("city", "country"):
        return value.title()
    if prefix == "region":
        return value.upper() if len(value) <= 3 else value.title()
    if prefix == "skill":
        return skill_name(value)
    if prefix in ("source", "via"):
        return value.title()
    return value or prefix

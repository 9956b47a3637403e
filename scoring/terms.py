"""Words and phrases of job text, normalised so a profile and a posting can be compared.

Postings say the same thing many ways ("ML", "machine learning"; "SWE", "software engineer";
"recommender systems", "recommendation system"). Both sides go through the same normalisation, so a
profile skill matches a posting whichever spelling either uses.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

_TOKEN = re.compile(r"[a-z0-9][a-z0-9+#]*(?:\.[a-z0-9]+)*")

# Multi-word spellings replaced before splitting into words (inner groups must not capture).
_PHRASE_LIST = [
    (r"\bmachine[- ]learning\b", "ml"),
    (r"\bartificial intelligence\b", "ai"),
    (r"\bdeep[- ]learning\b", "dl"),
    (r"\blarge language models?\b", "llm"),
    (r"\bnatural language processing\b", "nlp"),
    (r"\bcomputer vision\b", "cv"),
    # "Data science" is the data scientist's field; "science" alone is a stop word ("computer science").
    (r"\bdata science\b", "data scientist"),
    (r"\bsoftware development engineer\b", "software engineer"),
    (r"\bsoftware developer\b", "software engineer"),
    (r"\bback[- ]end\b", "backend"),
    (r"\bfront[- ]end\b", "frontend"),
    (r"\bfull[- ]stack\b", "fullstack"),
    (r"\bco[- ]op\b", "intern"),
    # Reliability and operations work is infrastructure work, whatever the team calls it ("sre" below).
    (r"\bsite[- ]reliability\b", "sre"),
    (r"\bdev ?ops\b", "devops infrastructure"),
    (r"\bnew[- ]grad(?:uate)?\b", "newgrad"),
    (r"\bentry[- ]level\b", "entry"),
    (r"\bmid[- ]senior\b", "midsenior"),
    (r"\bspring[- ]boot\b", "spring boot"),
    (r"\bamazon web services\b", "aws"),
    (r"\bgoogle cloud(?: platform)?\b", "gcp"),
]
# One pass over the text for all of them: descriptions are long and there are many postings.
_PHRASES = re.compile("|".join(f"({p})" for p, _ in _PHRASE_LIST))
_PHRASE_REPLACEMENTS = [r for _, r in _PHRASE_LIST]

# Single-word spellings of the same idea.
_WORD_MAP = {
    "swe": "software engineer",
    "sde": "software engineer",
    "engineering": "engineer",
    "developer": "engineer",
    "internship": "intern",
    "interns": "intern",
    "recommender": "recommendation",
    "recsys": "recommendation system",
    "infra": "infrastructure",
    "sre": "sre infrastructure",
    "k8s": "kubernetes",
    "sr": "senior",
    "sr.": "senior",
    "jr": "junior",
    "jr.": "junior",
    "genai": "generative ai",
    "golang": "go",
    "postgres": "postgresql",
}

_STOPWORDS_TEXT = """
    a an and are as at be by for from has have i in is it its of on or our that the this to was
    we will with you your my me who what want wants about into over using use work working team
    role job position 2024 2025 2026 2027 2028 summer fall spring winter bs ms phd start year years
    opportunity opportunities join help new more other also all any can including etc such well
    experience built building build two three large scale graduating student computer science degree
    university master bachelor seeking looking currently strong"""
STOPWORDS = frozenset(_STOPWORDS_TEXT.split())

# Words every job title has; they say little about the field, so role matching weighs them lightly.
GENERIC = frozenset({"engineer", "intern", "senior", "junior", "lead", "staff", "associate", "i", "ii"})


def _stem(word: str) -> str:
    # Plural -> singular, enough for "systems"/"models"/"llms"; short words ("aws", "gis") are left.
    if len(word) >= 4 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def tokens(text: str) -> list[str]:
    """Normalised words of `text`, in order (stop words kept, so phrases still line up)."""
    text = text.lower()
    text = _PHRASES.sub(lambda m: _PHRASE_REPLACEMENTS[(m.lastindex or 1) - 1], text)
    out: list[str] = []
    for raw in _TOKEN.findall(text):
        stem = _stem(raw)
        mapped = _WORD_MAP.get(raw) or _WORD_MAP.get(stem, stem)
        out.extend(_stem(w) for w in mapped.split())
    return out


@lru_cache(maxsize=4096)
def phrase_tokens(phrase: str) -> tuple[str, ...]:
    """`tokens` of a short phrase (a role, a skill), remembered: profiles repeat them for every posting."""
    return tuple(tokens(phrase))


def content_words(text: str) -> set[str]:
    """The words of `text` that carry meaning: no stop words, no numbers."""
    return {w for w in tokens(text) if w not in STOPWORDS and not w.isdigit()}


class Text:
    """A text prepared once for many phrase lookups."""

    __slots__ = ("joined", "words")

    def __init__(self, text: str) -> None:
        toks = tokens(text)
        self.words = set(toks)
        self.joined = f" {' '.join(toks)} "

    def has_phrase(self, phrase: str) -> bool:
        """True when every word of `phrase` appears here, in order and adjacent."""
        toks = phrase_tokens(phrase)
        return bool(toks) and f" {' '.join(toks)} " in self.joined

    def phrases_found(self, phrases: Iterable[str]) -> list[str]:
        return [p for p in phrases if self.has_phrase(p)]

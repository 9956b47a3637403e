"""Skills a posting asks for: the profile's own, plus a built-in vocabulary of common ones.

The profile's skills say what the person has; the built-in list catches what they may react to without
having listed it ("every Kotlin posting gets a 👎"). Words that are also everyday English ("go", "r",
"c") are left out of the built-in list: they would be found in every description; a profile may still
name them.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from scoring.terms import Text, phrase_tokens

VOCABULARY = (
    "python",
    "java",
    "c++",
    "c#",
    "golang",
    "rust",
    "scala",
    "kotlin",
    "swift",
    "javascript",
    "typescript",
    "ruby",
    "php",
    "sql",
    "nosql",
    "react",
    "node.js",
    "django",
    "flask",
    "spring boot",
    "graphql",
    "postgresql",
    "mysql",
    "mongodb",
    "redis",
    "elasticsearch",
    "spark",
    "kafka",
    "hadoop",
    "airflow",
    "kubernetes",
    "docker",
    "terraform",
    "aws",
    "gcp",
    "azure",
    "linux",
    "pytorch",
    "tensorflow",
    "jax",
    "scikit-learn",
    "pandas",
    "cuda",
    "machine learning",
    "deep learning",
    "llm",
    "nlp",
    "computer vision",
    "reinforcement learning",
    "recommendation systems",
    "distributed systems",
    "verilog",
    "matlab",
    "tableau",
    "excel",
)


def skill_key(skill: str) -> str:
    """One key for every spelling of a skill: 'Machine-Learning' and 'ML' are both 'ml'."""
    return " ".join(phrase_tokens(skill))


def skills_found(text: Text, profile_skills: Iterable[str] = ()) -> dict[str, str]:
    """Skills named in `text`: key -> the spelling to show (the profile's, else the vocabulary's)."""
    found: dict[str, str] = {}
    for skill in (*profile_skills, *VOCABULARY):
        key = skill_key(skill)
        if key and key not in found and text.has_phrase(skill):
            found[key] = skill
    return found


@cache
def _vocabulary_names() -> dict[str, str]:
    return {skill_key(s): s for s in reversed(VOCABULARY)}


def skill_name(key: str) -> str:
    """How to show a skill key: 'ml' -> 'machine learning'; a profile's own skill shows as its key."""
    return _vocabulary_names().get(key, key)

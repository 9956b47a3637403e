"""The kind of role a title names (ML/AI, backend, mobile…): what a reader often reacts to as a whole.

A reader who 👎 an Android internship and a React one is saying "not app work", whatever the two
titles' words have in common; the taste model learns that from the kind, and says it in these words.
Titles go through `scoring.terms` first, so "Machine Learning", "ML" and "machine-learning" are one.
"""

from __future__ import annotations

from dataclasses import dataclass

from scoring.terms import Text


@dataclass(frozen=True, slots=True)
class Kind:
    name: str  # the feature's key, stable across versions: votes keep it
    label: str  # how a person reads it: "you 👎 the {label} roles"
    phrases: tuple[str, ...]  # any of these in the title (both normalised by `scoring.terms`)


KINDS = (
    Kind(
        "ml",
        "ML/AI",
        (
            "ml",
            "ai",
            "dl",
            "llm",
            "nlp",
            "cv",
            "mlops",
            "generative",
            "recommendation",
            "ranking",
            "personalization",
            "perception",
            "inference",
            "applied scientist",
        ),
    ),
    Kind("data", "data", ("data",)),
    Kind("analytics", "analytics/BI", ("analytics", "analyst", "business intelligence", "tableau")),
    Kind("backend", "backend", ("backend", "api", "server", "distributed systems", "microservices")),
    Kind(
        "infrastructure",
        "infrastructure/SRE/devops",
        ("infrastructure", "sre", "devops", "reliability", "cloud", "platform", "kubernetes", "compute", "storage"),
    ),
    Kind("frontend", "frontend", ("frontend", "react", "ui", "web", "javascript", "typescript")),
    Kind("fullstack", "full-stack", ("fullstack",)),
    Kind("mobile", "mobile", ("mobile", "android", "ios")),
    Kind("research", "research", ("research", "researcher", "research scientist", "applied scientist")),
    Kind("security", "security", ("security", "cybersecurity", "appsec", "infosec", "cryptography")),
    Kind(
        "hardware",
        "hardware/embedded",
        ("hardware", "fpga", "asic", "embedded", "firmware", "electrical", "silicon", "chip", "robotics", "mechanical"),
    ),
    Kind("product", "product/design", ("product manager", "product management", "designer", "design", "ux")),
    Kind("quant", "quant/trading", ("quantitative", "quant", "trading", "trader")),
    Kind("it", "IT support", ("it support", "help desk", "helpdesk", "technical support", "desktop support")),
    Kind(
        "business",
        "business (sales, marketing, finance)",
        ("marketing", "sales", "accounting", "finance", "recruiting", "recruiter", "business development"),
    ),
)
# A software title that names none of the kinds above: the plain "Software Engineer Intern".
GENERAL = Kind("software", "general software", ("software",))
_BY_NAME = {k.name: k for k in (*KINDS, GENERAL)}


def role_kinds(title: str | Text) -> list[str]:
    """The names of the kinds a title names, in table order; a title may name several."""
    text = title if isinstance(title, Text) else Text(title)
    found = [k.name for k in KINDS if any(text.has_phrase(p) for p in k.phrases)]
    if not found and any(text.has_phrase(p) for p in GENERAL.phrases):
        found.append(GENERAL.name)
    return found


def kind_label(name: str) -> str:
    kind = _BY_NAME.get(name)
    return kind.label if kind else name

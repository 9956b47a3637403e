"""Employers: one company name normalisation, one same-employer test and the one list of aggregators.

Dedupe uses them to tell copies of a job apart, the Slack pick says which aggregator reposted a job,
and the profile's avoided companies are matched with the same test, so "Globex" avoids "Globex Inc."
everywhere alike.
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz

# Companies that only repost other employers' jobs (LinkedIn shows them as the card's company), by
# the start of their normalised name, with the name to show. Scrapers set `Posting.via` when they
# can tell; this list catches the rest.
AGGREGATORS = {
    "lensa": "Lensa",
    "jobs via dice": "Jobs via Dice",
    "dice": "Dice",
    "mygwork": "myGwork",
    "jobright": "Jobright.ai",
    "talentify": "Talentify.io",
    "jobot": "Jobot",
    "jooble": "Jooble",
    "adzuna": "Adzuna",
    "ziprecruiter": "ZipRecruiter",
    "jobs via efinancialcareers": "eFinancialCareers",
    "haystack": "Haystack",
    "clickjobs": "ClickJobs.io",
    "joinrs": "Joinrs",
    "hiring cafe": "Hiring Cafe",
}

# Two normalised names this alike are one employer; chosen on dedupe's near-miss tests.
COMPANY_MATCH = 95

_SUFFIXES = re.compile(
    r"\b(?:inc|llc|l\.l\.c|ltd|limited|corp|corporation|co|company|gmbh|plc|sa|ag|bv|pbc|the)\b\.?", re.I
)
_WORD = re.compile(r"[a-z0-9+#]+")


def company_key(company: str) -> str:
    """'Palantir Technologies Inc.' -> 'palantir technologies'."""
    return " ".join(_WORD.findall(_SUFFIXES.sub(" ", company.lower())))


def same_employer(a: str, b: str) -> bool:
    """One employer under two spellings: 'Globex' and 'Globex Inc.', 'Palantir' and 'Palantir
    Technologies'. Every word of the shorter name in the longer one counts as the same employer."""
    return same_employer_key(company_key(a), company_key(b))


def same_employer_key(ka: str, kb: str) -> bool:
    """`same_employer` for names already normalised by `company_key`."""
    if not ka or not kb:
        return False
    return ka == kb or fuzz.token_set_ratio(ka, kb) >= COMPANY_MATCH


def aggregator_of(company: str) -> str | None:
    """The aggregator's name when a posting's 'company' is one ('Jobs via Dice', 'Lensa Inc.')."""
    name = company_key(company) or company.strip().lower()
    for prefix, label in AGGREGATORS.items():
        if name == prefix or name.startswith(prefix + " "):
            return label
    return None


# Companies whose jobs job sites list under several names, by normalised name (`company_key`), with
# the company they belong to: a reader who 👎 TikTok picks means ByteDance's as well. Kept to groups
# that recruit as one; sources: bytedance.com ("products: TikTok, Lark, CapCut"), about.meta.com
# ("Facebook, Instagram, WhatsApp"), aws.amazon.com ("an Amazon company").
FAMILIES = {
    "bytedance": "ByteDance",
    "tiktok": "ByteDance",
    "lark": "ByteDance",
    "capcut": "ByteDance",
    "meta": "Meta",
    "facebook": "Meta",
    "instagram": "Meta",
    "whatsapp": "Meta",
    "amazon": "Amazon",
    "amazon web services": "Amazon",
    "amazon web services aws": "Amazon",
    "aws": "Amazon",
}


def family_of(company: str) -> str | None:
    """The company a brand or subsidiary belongs to ('TikTok' -> 'ByteDance'), itself included; None
    for a company in no family."""
    return FAMILIES.get(company_key(company))

"""Merge the same job seen twice in one run (placeholder: by key only; fuzzy merging comes with issue 3)."""

from __future__ import annotations

from scrapers.model import Posting


def merge_duplicates(postings: list[Posting]) -> list[Posting]:
    merged: dict[str, Posting] = {}
    for posting in postings:
        merged.setdefault(posting.key, posting)
    return list(merged.values())

"""Where a run's postings come from: collected for it, or the morning's shared collection.

A morning for a workspace delivers many digests, one per person and the channel's, from the same
`[[search]]` tables. The first digest to ask collects and keeps the result in Redis; every other
digest due within `[digest] collection_hours` reads it, whichever process it runs in, and a job page
one of them read is kept for the others. `/jobpicks refresh` and a single `jobpicks run` collect
afresh: someone asking for new picks means now.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import fields

from bot.context import AppContext
from bot.progress import Progress
from scrapers.base import Collection, SourceReport
from scrapers.collect import collect, fetch_details
from scrapers.dedupe import merge_duplicates
from scrapers.model import Posting


def searches_key(ctx: AppContext) -> str:
    """Names one collection: the searches and the sources' settings that decide what is found."""
    cfg = ctx.config
    blob = json.dumps(
        {
            "search": [s.model_dump() for s in cfg.search],
            "sources": {name: c.model_dump() for name, c in sorted(cfg.sources.items())},
        },
        sort_keys=True,
        default=str,
    )
    return hashlib.sha256(blob.encode()).hexdigest()[:16]


async def gather(
    ctx: AppContext, progress: Progress, on_source: Callable[[SourceReport], None], *, shared: bool
) -> Collection:
    """The run's postings, merged across sources. `shared`: the morning's collection, made once."""
    if not shared:
        return await _collected(ctx, progress, on_source)
    store, key, hours = ctx.store.collections, searches_key(ctx), ctx.config.digest.collection_hours
    kept = store.fresh(key, ctx.clock(), hours)
    if kept is None:
        # One process collects; the others wait for it here rather than ask the sites again.
        with store.collecting(key):
            kept = store.fresh(key, ctx.clock(), hours)
            if kept is None:
                at = ctx.clock()
                collection = await _collected(ctx, progress, on_source)
                # A collection where every source failed is not kept: the next digest tries the sites.
                if any(not r.error for r in collection.reports):
                    store.keep(key, collection, at, hours)
                return collection
    collection, at = kept
    progress.done(
        f"{len(collection.postings)} postings from this morning's collection ({at:%H:%M} UTC)",
        shared=True,
        postings=len(collection.postings),
    )
    return collection


async def _collected(ctx: AppContext, progress: Progress, on_source: Callable[[SourceReport], None]) -> Collection:
    cfg = ctx.config
    progress.step(f"Collecting from {', '.join(cfg.enabled_sources) or 'no sources'}…")
    collection = await collect(cfg.search, cfg.sources, on_progress=on_source)
    return Collection(postings=merge_duplicates(collection.postings), reports=collection.reports)


async def read_details(ctx: AppContext, postings: list[Posting], reports: list[SourceReport], *, shared: bool) -> None:
    """Read the job pages of `postings` that need one; with `shared`, each page once a morning."""
    if not shared:
        await fetch_details(postings, ctx.config.sources, reports)
        return
    store, key = ctx.store.collections, searches_key(ctx)
    # Under the collection's lock: digests running at once would otherwise each read the same pages.
    with store.collecting(key):
        read = store.read_details(key, [p.key for p in postings])
        for posting in postings:
            if posting.key in read:
                _take(posting, read[posting.key])
        missing = [p for p in postings if p.key not in read]
        before = {p.key: p.to_dict() for p in missing}
        await fetch_details(missing, ctx.config.sources, reports)
        # A page that failed leaves its posting as it was: not kept, so the next digest tries it again.
        store.keep_details(key, [p for p in missing if p.to_dict() != before[p.key]])


def _take(posting: Posting, read: Posting) -> None:
    for f in fields(Posting):
        setattr(posting, f.name, getattr(read, f.name))

"""Every source jobpicks knows, in one order: the order of the config's known names and of the runs.

A new source is one module exporting `SOURCE` (see `scrapers.source.Source`) and one line here; the
config, collection, dedupe, the Slack digest, `jobpicks doctor` and the history's links all read it
from this list.
"""

from __future__ import annotations

from scrapers import ashby, greenhouse, indeed, lever, linkedin, simplify
from scrapers.config import SourceConfig
from scrapers.normalize import canonical_url
from scrapers.source import Source

SOURCES: tuple[Source, ...] = (
    linkedin.SOURCE,
    indeed.SOURCE,
    greenhouse.SOURCE,
    lever.SOURCE,
    ashby.SOURCE,
    simplify.SOURCE,
)
_BY_NAME = {source.name: source for source in SOURCES}
NAMES = tuple(_BY_NAME)
# A posting kept from a source no longer listed (an older version's) ranks after every known one.
_UNKNOWN_RANK = max(source.rank for source in SOURCES) + 1


def find(name: str) -> Source | None:
    return _BY_NAME.get(name)


def label(name: str) -> str:
    """How people see a source: "LinkedIn" for "linkedin"."""
    source = _BY_NAME.get(name)
    return source.label if source is not None else name.title()


def rank(name: str) -> int:
    """Which copy of a job dedupe keeps, lower first (see `Source.rank`)."""
    source = _BY_NAME.get(name)
    return source.rank if source is not None else _UNKNOWN_RANK


def unknown(name: str) -> str:
    """One line for a source name nobody knows, with the names that would work."""
    return f"unknown source {name!r}; known: {', '.join(NAMES)}"


def source_home(name: str, cfg: SourceConfig) -> str:
    """The address `jobpicks doctor` probes for a source: the first host it would talk to."""
    return _BY_NAME[name].origins(cfg)[0]


def posting_key_from_url(url: str) -> str:
    """The stable key of a posting known only by its link (imported history, user input).

    A link of a source's own maps to the key its scraper gives the posting, so a job imported from an
    old digest is recognised when the scraper finds it again; any other link is keyed by its
    canonical form.
    """
    for source in SOURCES:
        if (key := source.key_from_url(url)) is not None:
            return key
    return f"url:{canonical_url(url)}"

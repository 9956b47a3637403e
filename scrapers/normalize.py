"""Text and URL normalisation shared by every source.

Job sites hand us mojibake ("Intern â€“ Kubernetes"), runs of whitespace and URLs full of tracking
parameters; normalising once on the way in lets dedupe, display and the seen-store compare like with like.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import ftfy

_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
# Every space and line break Unicode knows, for text that must stay on one line (titles, names).
_ANY_SPACE = re.compile(r"[\s\u200b]+")
_BLANK_LINES = re.compile(r"\n\s*\n\s*(\n\s*)+")

# Query parameters that only say how the user got to a page, never which job it is.
# LinkedIn adds refId/trackingId/position/pageNum to every card link; utm_* come from campaigns.
_TRACKING_PARAMS = {
    "refid",
    "trackingid",
    "position",
    "pagenum",
    "trk",
    "trkinfo",
    "lipi",
    "midtoken",
    "midsig",
    "eid",
    "otptoken",
    "ebp",
    "recommendedflavor",
    "from",
    "vjs",
    "tk",
    "gclid",
    "fbclid",
    "src",
    "source",
    "ref",
    "referrer",
    "gh_src",
    "lever-source",
    "lever-origin",
    "ashby_jid_source",
}
_TRACKING_PREFIXES = ("utm_", "mc_")


# Anything outside printable ASCII, or an '&' that may start an HTML entity: only then can ftfy change
# the text, so plain text skips it (ftfy is most of the cost of parsing a page).
_NEEDS_FTFY = re.compile(r"[^\t\n\r\x20-\x25\x27-\x7e]")


def _fix(text: str) -> str:
    # Keep curly quotes: "â€™" must become "’", as the digests people already have show it. ftfy's
    # default would straighten it to "'", which is no repair and would change an archive's text on
    # every round trip through it.
    return ftfy.fix_text(text, uncurl_quotes=False) if _NEEDS_FTFY.search(text) else text


def clean_text(value: str | None, *, keep_newlines: bool = False) -> str:
    """Repair mojibake and collapse whitespace; newlines survive only where asked (descriptions).

    The one text repair of jobpicks: postings on the way in and the markdown digests read and written
    (`bot.digest_markdown`) go through it, so a title reads the same in both.
    """
    if not value:
        return ""
    if keep_newlines:
        text = _fix(str(value))
        lines = [_SPACES.sub(" ", line).strip() for line in text.replace("\r", "\n").split("\n")]
        return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()
    # Collapsing first hands ftfy one short line instead of a card's worth of indentation; collapsing
    # again takes the line breaks ftfy makes of U+2028 and the like. No strip before ftfy: a stray
    # C1 byte at an end ("\x85") is mojibake for "…", not space.
    text = _SPACES.sub(" ", str(value).replace("\r", " ").replace("\n", " "))
    return _ANY_SPACE.sub(" ", _fix(text)).strip()


def canonical_url(url: str | None) -> str:
    """The URL without tracking parameters or fragment, host lower-cased; '' stays ''."""
    if not url:
        return ""
    url = url.strip()
    parts = urlsplit(url)
    if not parts.scheme or not parts.netloc:
        return url
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if k.lower() not in _TRACKING_PARAMS and not k.lower().startswith(_TRACKING_PREFIXES)
    ]
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path, urlencode(query), ""))


def from_epoch(value: object, *, millis: bool = False) -> datetime | None:
    """A UTC time from an API's epoch number (Lever and Indeed send milliseconds); None for anything else."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    try:
        return datetime.fromtimestamp(value / 1000 if millis else value, UTC)
    except (OverflowError, OSError, ValueError):
        return None


def from_iso(value: object) -> datetime | None:
    """A time from an API's ISO 8601 string (Greenhouse, Ashby); None for anything else."""
    try:
        return datetime.fromisoformat(value) if isinstance(value, str) and value else None
    except ValueError:
        return None

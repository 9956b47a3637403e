"""Text and URL normalisation shared by every source.

Job sites hand us mojibake ("Intern â€“ Kubernetes"), runs of whitespace and URLs full of tracking
parameters; normalising once on the way in lets dedupe, display and the seen-store compare like with like.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, datetime
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import ftfy
from ftfy.badness import MOJIBAKE_CATEGORIES, is_bad
from ftfy.chardata import CONTROL_CHARS, HTML_ENTITY_RE, LIGATURES, WIDTH_MAP

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


def _mojibake_chars() -> re.Pattern[str]:
    """Characters without which ftfy's badness pattern cannot match, so its encoding repair does nothing.

    Every branch of that pattern needs at least one character from these categories (proved branch by
    branch in tests/test_normalize.py). Lower-case accented letters, Greek, Cyrillic and common
    punctuation are in none of them, so "Mühendisi", "Türkiye", "Jeux vidéo" and "Москва" need no check.
    """
    categories = "".join(
        MOJIBAKE_CATEGORIES[name]
        for name in (
            "c1",
            "bad",
            "law",
            "currency",
            "start_punctuation",
            "end_punctuation",
            "numeric",
            "upper_accented",
            "box",
        )
    )
    # Characters the pattern names outside those categories, each the only way into a branch:
    # "[Œœ][^A-Za-z]", "[ØÙ]…[ØÙ]…", "вЂ", and the degree sign inside "[ВГРС][…°µ][ВГРС]".
    return re.compile(f"[{categories}{re.escape('œÙЂ°')}]")


def _fixer_chars() -> re.Pattern[str]:
    """Characters one of ftfy's character fixers would change: C1 controls (in the pattern above), control
    characters, ligatures, full-width forms, line breaks, surrogates and terminal escapes."""
    listed = "".join(re.escape(chr(c)) for c in sorted({*CONTROL_CHARS, *LIGATURES, *WIDTH_MAP}))
    return re.compile(f"[{listed}\r\u2028\u2029\x85\x1b\ud800-\udfff]")


_MOJIBAKE_CHARS = _mojibake_chars()
_FIXER_CHARS = _fixer_chars()
# A line with none of these, already NFC, collapses to the same text whichever way it is cleaned.
_SHORTCUT_BLOCKERS = re.compile(f"{_MOJIBAKE_CHARS.pattern}|{_FIXER_CHARS.pattern}|\u200b")


# The longest stretch ftfy's badness pattern can match; it has no look-around and no anchor but '^'
# (both checked in tests/test_normalize.py), so a match lies within this many characters of any
# character of it.
_BADNESS_WIDTH = 7


def _looks_like_mojibake(text: str) -> bool:
    """ftfy's own `is_bad`, asked only about the few characters around each character mojibake needs.

    Every match holds such a character, so it lies inside one of these windows; a window cut from the
    middle may let '^' match where the whole text would not, which only sends the text to ftfy.
    """
    spots = [m.start() for m in _MOJIBAKE_CHARS.finditer(text)]
    if len(spots) > 2:
        return is_bad(text)
    reach = _BADNESS_WIDTH - 1
    return any(is_bad(text[max(0, i - reach) : i + reach + 1]) for i in spots)


def _untouched_by_ftfy(text: str) -> bool:
    """True when ftfy would give `text` back as it is, found without running it (most of the cost of
    reading a page): no character for its fixers, no HTML entity, already NFC, and no mojibake by its
    own measure, which is only taken when a character that mojibake needs is there at all."""
    return (
        not _FIXER_CHARS.search(text)
        and not ("&" in text and HTML_ENTITY_RE.search(text))
        and unicodedata.is_normalized("NFC", text)
        and not _looks_like_mojibake(text)
    )


def _fix(text: str) -> str:
    # Keep curly quotes: "â€™" must become "’", as the digests people already have show it. ftfy's
    # default would straighten it to "'", which is no repair and would change an archive's text on
    # every round trip through it.
    return text if _untouched_by_ftfy(text) else ftfy.fix_text(text, uncurl_quotes=False)


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
    value = str(value)
    if value.isascii() and value.isprintable() and "&" not in value:
        # Most text on a page: ftfy changes nothing of printable ASCII without an entity (in ASCII only
        # control characters block the shortcut below, and printable text has none), so only the spaces
        # collapse; text already collapsed is returned as it is.
        if "  " in value or value[:1] == " " or value[-1:] == " ":
            return " ".join(value.split())
        return value
    if (
        not _SHORTCUT_BLOCKERS.search(value)
        # An entity holds no space, so collapsing spaces neither makes nor breaks one.
        and not ("&" in value and HTML_ENTITY_RE.search(value))
        and unicodedata.is_normalized("NFC", value)
    ):
        # Nothing for ftfy to repair, however the spaces fall, and every space is one split() knows: the
        # collapsing below comes to the same, in a tenth of the time. (Where mojibake is possible, ftfy's
        # own check must see the text collapsed as ftfy would get it, so that case goes the long way.)
        return " ".join(value.split())
    # Collapsing first hands ftfy one short line instead of a card's worth of indentation; collapsing
    # again takes the line breaks ftfy makes of U+2028 and the like. No strip before ftfy: a stray
    # C1 byte at an end ("\x85") is mojibake for "…", not space.
    text = _SPACES.sub(" ", value.replace("\r", " ").replace("\n", " "))
    return _ANY_SPACE.sub(" ", _fix(text)).strip()


def canonical_url(url: str | None) -> str:
    """The URL without tracking parameters or fragment, host lower-cased; '' stays ''."""
    if not url:
        return ""
    url = url.strip()
    parts = urlsplit(url)
    if not parts.scheme or not parts.netloc:
        return url
    if _only_tracking(parts.query):
        # Job sites' own links (a LinkedIn card's position, refId, trackingId) carry nothing else:
        # the link is its path, without decoding and re-encoding parameters only to drop them. (With a
        # host, urlsplit's path is empty or starts with '/': urlunsplit would join them just so.)
        return f"{parts.scheme.lower()}://{parts.netloc.lower()}{parts.path}"
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _is_tracking(k)]
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path, urlencode(query), ""))


def _is_tracking(key: str) -> bool:
    key = key.lower()
    return key in _TRACKING_PARAMS or key.startswith(_TRACKING_PREFIXES)


def _only_tracking(query: str) -> bool:
    """True when every parameter of `query` is a tracking one (or there are none).

    Read key by key as written: a key that would need decoding ('%', '+') or is not ASCII answers False,
    and the caller reads the query with parse_qsl instead, so the answer is the same either way.
    """
    if not query.isascii():
        return False
    for part in query.split("&"):
        if part:
            key = part.partition("=")[0]
            if "%" in key or "+" in key or not _is_tracking(key):
                return False
    return True


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

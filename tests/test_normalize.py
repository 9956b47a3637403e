"""Text repair: the shortcut that skips ftfy for clean text never changes what ftfy would give."""

from __future__ import annotations

import random
import re
import unicodedata
from re import _constants as sre_constants  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import ftfy
from ftfy.badness import BADNESS_RE, MOJIBAKE_CATEGORIES

from scrapers.normalize import (
    _BADNESS_WIDTH,
    _FIXER_CHARS,
    _MOJIBAKE_CHARS,
    _TRACKING_PARAMS,
    _TRACKING_PREFIXES,
    canonical_url,
    clean_text,
)
from tests.fake_sites import DATA


def _chars(item: tuple) -> set[str] | None:
    """The characters one position of a parsed pattern can match, or None when it is not a plain set."""
    op, arg = item
    if op is sre_constants.LITERAL:
        return {chr(arg)}
    if op is not sre_constants.IN:
        return None
    chars: set[str] = set()
    for sub_op, sub_arg in arg:
        if sub_op is sre_constants.LITERAL:
            chars.add(chr(sub_arg))
        elif sub_op is sre_constants.RANGE:
            chars.update(chr(c) for c in range(sub_arg[0], sub_arg[1] + 1))
        else:  # a negation or a category (\s, \w): far too many characters to need
            return None
    return chars


def test_every_mojibake_pattern_ftfy_knows_needs_a_character_the_shortcut_watches() -> None:
    # ftfy repairs encodings only where its badness pattern matches. If every branch of that pattern
    # has a position only characters in _MOJIBAKE_CHARS can fill, text without them cannot match.
    [(op, (_, branches))] = list(sre_parse.parse(BADNESS_RE.pattern, BADNESS_RE.flags))
    assert op is sre_constants.BRANCH and len(branches) > 30
    for branch in branches:
        positions = [chars for item in branch for chars in [_chars(item)] if chars is not None]
        assert any(all(_MOJIBAKE_CHARS.search(c) for c in chars) for chars in positions), branch


def test_a_mojibake_match_is_never_longer_than_the_window_the_shortcut_checks() -> None:
    parsed = sre_parse.parse(BADNESS_RE.pattern, BADNESS_RE.flags)
    assert parsed.getwidth()[1] <= _BADNESS_WIDTH

    def codes(items: list) -> list:
        """Every (opcode, anchor) in a parsed pattern, nested ones included."""
        found = []
        for op, arg in items:
            found.append((op, arg if op is sre_constants.AT else None))
            if op is sre_constants.BRANCH:
                for branch in arg[1]:
                    found += codes(list(branch))
            elif op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT):
                found += codes(list(arg[2]))
            elif op is sre_constants.SUBPATTERN:
                found += codes(list(arg[-1]))
        return found

    used = codes(list(parsed))
    assert not any(op in (sre_constants.ASSERT, sre_constants.ASSERT_NOT) for op, _ in used)
    assert {arg for op, arg in used if op is sre_constants.AT} <= {sre_constants.AT_BEGINNING}


def _clean_samples() -> list[str]:
    alphabet = [
        *"abcxyzABCXYZ019 .,-'()/&",
        *(c for c in map(chr, range(0xA0, 0x2FFF)) if unicodedata.category(c)[0] in "LPNZS"),
    ]
    rng = random.Random(12)
    texts = [
        "Mekanik Tasarım Mühendisi (USV/AUV)",
        "Istanbul, Türkiye",
        "Jeux vidéo",
        "Москва, Россия",
        "Stage – Android Engineer",
        "Intern – Kubernetes Platform",
        "Intern â€“ Kubernetes Platform",
        "CafÃ© Ã  la carte",
        "Zürich Â· Remote",
        "ﬁnance ＬＯＵＤ\u2028line",
        "e\u0301cole",
        "R&amp;D engineer",
        "Tom’s “quoted” job",
        "Çalık Enerji",
        "META Mühendislik Ltd. Şti.",
        "MOD&Engineering",
        "a  Â x",
        "  Ã la",
        "Œ\u3000x",
    ]
    texts += ["".join(rng.choices(alphabet, k=rng.randint(1, 8))) for _ in range(20000)]
    for path in (DATA / "linkedin").glob("*.html"):
        texts += re.split(r"<[^>]*>", path.read_text(encoding="utf-8"))
    return texts


def _clean_by_running_ftfy(value: str) -> str:
    """clean_text as it was before the shortcut: ftfy on every line that is not plain ASCII."""
    text = re.sub(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+", " ", value.replace("\r", " ").replace("\n", " "))
    if re.search(r"[^\t\n\r\x20-\x25\x27-\x7e]", text):
        text = ftfy.fix_text(text, uncurl_quotes=False)
    return re.sub(r"[\s\u200b]+", " ", text).strip()


def _description_by_running_ftfy(value: str) -> str:
    text = ftfy.fix_text(value, uncurl_quotes=False) if re.search(r"[^\t\n\r\x20-\x25\x27-\x7e]", value) else value
    lines = [
        re.sub(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+", " ", line).strip()
        for line in text.replace("\r", "\n").split("\n")
    ]
    return re.sub(r"\n\s*\n\s*(\n\s*)+", "\n\n", "\n".join(lines)).strip()


def test_the_shortcut_gives_exactly_what_running_ftfy_gives() -> None:
    samples = _clean_samples()
    for text in samples:
        assert clean_text(text) == _clean_by_running_ftfy(text), text
    rng = random.Random(3)
    for _ in range(3000):
        text = "\n".join(rng.choices(samples, k=4))
        assert clean_text(text, keep_newlines=True) == _description_by_running_ftfy(text), text


def test_mojibake_is_still_repaired() -> None:
    assert clean_text("Intern â€“ Kubernetes") == "Intern – Kubernetes"
    assert clean_text("Mekanik TasarÄ±m MÃ¼hendisi") == "Mekanik Tasarım Mühendisi"
    assert clean_text("R&amp;D") == "R&D"


def test_clean_accented_text_needs_no_mojibake_check() -> None:
    # Lower-case accents, Greek and Cyrillic are in no category of ftfy's mojibake pattern.
    for text in ("Mühendisi", "Türkiye", "Jeux vidéo", "Москва", "Αθήνα", "Stage – Android"):
        assert not _MOJIBAKE_CHARS.search(text) and not _FIXER_CHARS.search(text), text
    assert set(MOJIBAKE_CATEGORIES) >= {"upper_accented", "lower_accented", "currency"}


def test_a_linkedin_card_link_loses_every_tracking_parameter_and_keeps_the_rest() -> None:
    link = (
        "https://TR.linkedin.com/jobs/view/mekanik-at-d7-4468926411?position=1&pageNum=0"
        "&refId=ggUg51yh4Gtc1XlIdkNr%2Fw%3D%3D&trackingId=9r3CqcFV%2ByLcMudaDwtwGA%3D%3D"
    )
    assert canonical_url(link) == "https://tr.linkedin.com/jobs/view/mekanik-at-d7-4468926411"
    assert canonical_url("https://x.io/jobs/1?gh_jid=5&utm_source=li#apply") == "https://x.io/jobs/1?gh_jid=5"
    assert canonical_url("https://x.io/a?ref%69d=1") == "https://x.io/a", "keys are compared decoded"
    assert canonical_url("https://x.io/a?position=1&team=ml") == "https://x.io/a?team=ml"


def _canonical_by_decoding_everything(url: str) -> str:
    """canonical_url as it was before the shortcut: every parameter decoded, the kept ones encoded again."""
    parts = urlsplit(url.strip())
    if not parts.scheme or not parts.netloc:
        return url.strip()
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if k.lower() not in _TRACKING_PARAMS and not k.lower().startswith(_TRACKING_PREFIXES)
    ]
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path, urlencode(query), ""))


def test_the_link_shortcut_gives_what_decoding_every_parameter_gives() -> None:
    rng = random.Random(7)
    keys = [
        *("position", "refId", "trackingId", "pageNum", "utm_source", "UTM_Campaign", "mc_cid", "utm_%41"),
        *("gh_jid", "team", "", "ref%69d", "a+b", "Trk", "srcx", "posİtion", "\u212ak", "source"),
    ]
    values = ["", "1", "x%2Fy", "a b", "="]
    for _ in range(20000):
        pairs = [
            f"{rng.choice(keys)}={rng.choice(values)}" if rng.random() < 0.8 else rng.choice(keys)
            for _ in range(rng.randint(0, 4))
        ]
        url = f"https://Www.LinkedIn.com/jobs/view/x-4468926411?{'&'.join(pairs)}#frag"
        assert canonical_url(url) == _canonical_by_decoding_everything(url), url


def test_a_parameter_that_only_looks_like_glued_tracking_names_is_kept() -> None:
    """`trackingIdgh_srcUTM_X` is one parameter, not three tracking ones written without '&': a link
    that needs it must keep it, as reading the query with parse_qsl says."""
    url = "https://boards.example.com/jobs/42?trackingIdgh_srcUTM_X=1&utm_source=x"
    assert canonical_url(url) == "https://boards.example.com/jobs/42?trackingIdgh_srcUTM_X=1"

"""Job descriptions arrive as HTML (sometimes HTML-escaped HTML); scoring and Slack want text."""

from __future__ import annotations

import html
import re

from selectolax.lexbor import LexborHTMLParser

# Block-level ends become line breaks and list items get a bullet, so a description keeps its shape
# without inline tags (<b>, <a>) splitting sentences apart.
_BREAKS = re.compile(r"<br\s*/?>|</(?:p|div|h[1-6]|ul|ol|li|tr|section|article|header)\s*>", re.I)
_ITEMS = re.compile(r"<li(?:\s[^>]*)?>", re.I)


def html_to_text(markup: str | None, *, escaped: bool = False) -> str:
    """The readable text of an HTML fragment; `escaped` for APIs that send `&lt;p&gt;` (Greenhouse)."""
    if not markup:
        return ""
    if escaped:
        markup = html.unescape(markup)
    markup = _ITEMS.sub("\n• ", _BREAKS.sub(lambda m: m.group(0) + "\n", markup))
    body = LexborHTMLParser(markup).body
    return body.text(separator="", strip=False) if body is not None else ""

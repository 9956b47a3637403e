"""Slack's size limits, and text made safe to show within them.

Figures are from Slack's Block Kit reference (docs.slack.dev/reference/block-kit): blocks per message
(blocks), section text (blocks/section-block), header text (blocks/header-block), button value
(block-elements/button-element), context elements (blocks/context-block). Escaping follows
docs.slack.dev/messaging/formatting-message-text ("Escaping text"): only `&`, `<` and `>` are
control characters in mrkdwn.
"""

from __future__ import annotations

import re

MAX_BLOCKS = 50
SECTION_TEXT = 3000
TEXT_OBJECT = 3000
HEADER_TEXT = 150
BUTTON_VALUE = 2000
CONTEXT_ELEMENTS = 10
# chat.postMessage truncates `text` after 40,000 characters; a notification needs far less.
FALLBACK_TEXT = 3000

ELLIPSIS = "…"
_PARTIAL_ENTITY = re.compile(r"&[a-z]{0,3}$")


def escape(text: str) -> str:
    """Posting text as mrkdwn that cannot mention anyone or form a link: `<!channel>` needs a `<`."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def cut(text: str, limit: int) -> str:
    """`text` in at most `limit` characters, cut at a word boundary with an ellipsis when too long.

    Works on already-escaped text: an entity such as `&amp;` is never split in half.
    """
    if limit <= 0:
        return ""
    if len(text) <= limit:
        return text
    if limit == 1:
        return ELLIPSIS
    head = text[: limit - 1]
    head = _PARTIAL_ENTITY.sub("", head)
    # Back up to a space only when one is near; a long unbroken word is cut where it is.
    space = head.rfind(" ")
    if space >= max(1, len(head) - 40):
        head = head[:space]
    return head.rstrip(" \n,;:-–—·|") + ELLIPSIS


def fit(text: str, limit: int) -> str:
    """Posting text escaped and cut to `limit`: what goes into any mrkdwn field we show."""
    return cut(escape(text), limit)


def plain(text: str, limit: int) -> str:
    """Text for a plain_text object (header, button): no mrkdwn, so only cut."""
    return cut(text, limit) or " "


def link(url: str, label: str, label_limit: int = 300) -> str:
    """A mrkdwn link to `url` showing `label` (escaped, cut); the label alone when the URL is unusable.

    `|` would end the URL part and `>` the link, so both are percent-encoded in the URL; a `|` in the
    label is harmless once the URL part has ended.
    """
    shown = fit(label, label_limit) or escape(url[:label_limit])
    if not url.startswith(("http://", "https://")) or len(url) > 2000:
        return shown
    safe = url.replace("&", "&amp;").replace("<", "%3C").replace(">", "%3E").replace("|", "%7C")
    return f"<{safe}|{shown}>"

"""The digest as Block Kit messages: an overview in the channel, then one message per pick in its thread.

One message per pick is what lets a 👍 reaction name exactly one posting, keeps every message far below
Slack's 50-block limit whatever the digest size, and lets a vote update its pick in place. The overview
lists the ranked picks in a few lines so the channel alone shows the day at a glance.

Everything here is pure: Digest in, message dicts out. Posting text is escaped and cut to Slack's limits
(`bot.slack.limits`), so no posting can mention `@channel` or make Slack refuse a message.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from bot.digest import OVERVIEW, Digest, pick_message_id
from bot.slack import limits
from bot.slack.limits import escape, fit, link
from bot.store.records import PickView
from scoring.bands import band_of
from scoring.model import ScoredPosting
from scrapers import registry
from scrapers.employers import aggregator_of

VOTE_UP, VOTE_DOWN, VOTE_UNDO = "vote_up", "vote_down", "vote_undo"
VOTE_BLOCK = "votes"
INDEX_LINES_PER_SECTION = 10
_USER_ID = re.compile(r"^[UW][A-Z0-9]{2,}$")


@dataclass(slots=True)
class OutgoingMessage:
    """One message to post: `posting_key` set for a pick message, `in_thread` for thread replies.

    `id` names it the same way on every attempt at the digest (bot.digest.OVERVIEW, pick_message_id).
    """

    text: str
    blocks: list[dict]
    posting_key: str | None = None
    in_thread: bool = False
    view: PickView | None = field(default=None, repr=False)
    id: str = OVERVIEW

    def payload(self) -> dict[str, Any]:
        return {"text": self.text, "blocks": self.blocks}


# -- the public builders ------------------------------------------------------------------------


def digest_messages(digest: Digest, now: datetime | None = None) -> list[dict]:
    """Every message of the digest, in rank order, each ``{"text": fallback, "blocks": [...]}``."""
    return [m.payload() for m in digest_plan(digest, now)]


def digest_plan(digest: Digest, now: datetime | None = None) -> list[OutgoingMessage]:
    """The overview message(s), then one thread reply per pick; a single message for an empty day."""
    now = now or datetime.now(UTC)
    title = digest_title(digest)
    if digest.is_empty:
        return [_nothing_new(digest, title)]
    views = [pick_view(s, rank, digest.id, now) for rank, s in enumerate(digest.picks, start=1)]
    overview = _overview(digest, title, views)
    picks = [
        OutgoingMessage(
            pick_text(v), pick_blocks(v, {}), posting_key=v.key, in_thread=True, view=v, id=pick_message_id(v.key)
        )
        for v in views
    ]
    return [*overview, *picks]


def digest_title(digest: Digest) -> str:
    when = f"{digest.day:%a} {digest.day.day} {digest.day:%b}"
    name = "Daily job picks" if digest.kind == "daily" else "More job picks"
    return limits.plain(f"{name} · {when}", limits.HEADER_TEXT)


def pick_view(scored: ScoredPosting, rank: int, digest_id: str, now: datetime) -> PickView:
    p = scored.posting
    sources = list(dict.fromkeys(k.split(":", 1)[0] for k in p.all_keys if ":" in k)) or [p.source]
    if p.source not in sources:
        sources.insert(0, p.source)
    return PickView(
        key=p.key,
        rank=rank,
        title=p.title or "(untitled)",
        url=p.url,
        company=p.company,
        location=p.location,
        score=scored.score,
        reason=scored.reason,
        summary=scored.summary,
        sources=sources,
        via=p.via or aggregator_of(p.company),
        age=age_text(p.age_days(now)),
        scorer=scored.scorer,
        capped=scored.capped,
        digest=digest_id,
        moved=scored.taste_line,
        features=list(scored.features),
    )


def pick_text(view: PickView) -> str:
    """The notification line of a pick message."""
    line = f"#{view.rank} · {view.score}/100 · {view.title} at {view.company or 'unknown company'}"
    return limits.fit(line, limits.FALLBACK_TEXT)


def pick_blocks(view: PickView, votes: dict[str, int]) -> list[dict]:
    """A pick: title link, company and location, score band, reason, summary; source and age;
    👍/👎 buttons with their counts; and, once anyone voted, who voted which way."""
    heading = f"*{view.rank}. {link(view.url, view.title, 250)}*"
    where = " · ".join(x for x in (f"*{fit(view.company, 150)}*" if view.company else "", fit(view.location, 150)) if x)
    score = f"{score_band(view.score)} *{view.score}*/100"
    if view.reason:
        score += f" — {fit(view.reason, 800)}"
    lines = [heading, where, score]
    if view.summary:
        lines += ["", fit(view.summary, 1500)]
    # Budgets above add up to well under SECTION_TEXT; the cut is a guard, never expected to bite.
    text = limits.cut("\n".join(x for x in lines if x is not None), limits.SECTION_TEXT)
    blocks: list[dict] = [
        {"type": "section", "block_id": "pick", "text": {"type": "mrkdwn", "text": text}},
        {"type": "context", "block_id": "about", "elements": _about(view)},
        {"type": "actions", "block_id": VOTE_BLOCK, "elements": _vote_buttons(view, votes)},
    ]
    voters = _voters_line(votes)
    if voters:
        blocks.append({"type": "context", "block_id": "voters", "elements": [{"type": "mrkdwn", "text": voters}]})
    return blocks


def index_line(score: int, url: str, title: str, company: str) -> str:
    """A pick in one line of a digest's index: band, score, linked title, company."""
    return f"{score_band(score)} *{score}*  {link(url, title, 120)}" + (f" — {fit(company, 60)}" if company else "")


def nothing_new_text(digest: Digest) -> str:
    opener = "Nothing new today" if digest.kind == "daily" else "No new picks since the last digest"
    return f"{opener}: {digest.why_empty()}."


# -- pieces ---------------------------------------------------------------------------------------


def score_band(score: int) -> str:
    """A colour a person reads before the number, from the scorer's own bands."""
    return band_of(score).emoji


def age_text(days: float | None) -> str:
    if days is None:
        return ""
    whole = int(days)
    if whole == 0:
        return "posted today"
    if whole == 1:
        return "posted yesterday"
    return f"posted {whole} days ago"


def _about(view: PickView) -> list[dict]:
    parts = [" + ".join(registry.label(s) for s in view.sources)]
    if view.age:
        parts.append(view.age)
    if view.via:
        parts.append(f"reposted via {view.via}, not the employer's own listing")
    if view.scorer.startswith("local"):
        parts.append("estimated without the LLM")
    if view.capped:
        parts.append(f"capped: {view.capped}")
    if view.moved:
        parts.append(view.moved)
    return [{"type": "mrkdwn", "text": fit(" · ".join(parts), limits.TEXT_OBJECT)}]


def _vote_buttons(view: PickView, votes: dict[str, int]) -> list[dict]:
    ups = sum(1 for v in votes.values() if v > 0)
    downs = sum(1 for v in votes.values() if v < 0)
    # The key rides along so the click names its posting even without the store's message map.
    value = view.key[: limits.BUTTON_VALUE]
    up = {
        "type": "button",
        "action_id": VOTE_UP,
        "value": value,
        "text": {"type": "plain_text", "emoji": True, "text": f"👍 {ups}" if ups else "👍"},
    }
    down = {
        "type": "button",
        "action_id": VOTE_DOWN,
        "value": value,
        "text": {"type": "plain_text", "emoji": True, "text": f"👎 {downs}" if downs else "👎"},
    }
    if ups > downs:
        up["style"] = "primary"
    elif downs > ups:
        down["style"] = "danger"
    buttons = [up, down]
    if votes:
        buttons.append(
            {
                "type": "button",
                "action_id": VOTE_UNDO,
                "value": value,
                "text": {"type": "plain_text", "text": "Undo my vote"},
            }
        )
    return buttons


def _voters_line(votes: dict[str, int]) -> str:
    """Who voted which way, as Slack mentions; ids that are not Slack user ids are never shown raw."""
    ups = [f"<@{u}>" for u, v in sorted(votes.items()) if v > 0 and _USER_ID.match(u)]
    downs = [f"<@{u}>" for u, v in sorted(votes.items()) if v < 0 and _USER_ID.match(u)]
    parts = []
    if ups:
        parts.append("👍 " + ", ".join(ups[:20]) + (f" +{len(ups) - 20}" if len(ups) > 20 else ""))
    if downs:
        parts.append("👎 " + ", ".join(downs[:20]) + (f" +{len(downs) - 20}" if len(downs) > 20 else ""))
    return "  ·  ".join(parts)


def _context_line(digest: Digest) -> list[dict[str, str]]:
    """How many new postings, from which sources, how many scored; failures in their own element."""
    stats = digest.stats
    found = [s for s in stats.sources if s.found]
    where = ", ".join(f"{registry.label(s.source)} {s.found}" for s in found) or "no source"
    summary = f"*{stats.new}* new of {stats.collected} postings found ({where}) · *{stats.scored}* scored"
    elements = [{"type": "mrkdwn", "text": limits.cut(summary, limits.TEXT_OBJECT)}]
    failed = [f"{registry.label(s.source)} failed: {s.error}" for s in stats.sources if s.error]
    if failed:
        elements.append({"type": "mrkdwn", "text": "⚠️ " + fit("; ".join(failed), limits.TEXT_OBJECT - 3)})
    return elements[: limits.CONTEXT_ELEMENTS]


def _overview(digest: Digest, title: str, views: list[PickView]) -> list[OutgoingMessage]:
    lines = [index_line(v.score, v.url, v.title, v.company) for v in views]
    sections = [
        {
            "type": "section",
            "block_id": f"index{i}",
            "text": {
                "type": "mrkdwn",
                "text": limits.cut("\n".join(lines[i : i + INDEX_LINES_PER_SECTION]), limits.SECTION_TEXT),
            },
        }
        for i in range(0, len(lines), INDEX_LINES_PER_SECTION)
    ]
    count = f"{len(views)} pick" + ("" if len(views) == 1 else "s")
    footer = {
        "type": "context",
        "block_id": "thread_hint",
        "elements": [
            {
                "type": "mrkdwn",
                "text": f"{count} in rank order in the thread: open it to read "
                "each one and vote 👍 / 👎 (a reaction works too).",
            }
        ],
    }
    head: list[dict] = [
        {"type": "header", "block_id": "title", "text": {"type": "plain_text", "text": title}},
        {"type": "context", "block_id": "run", "elements": _context_line(digest)},
    ]
    top = views[0]
    text = limits.fit(f"{title}: {count}; top: {top.title} at {top.company} ({top.score})", limits.FALLBACK_TEXT)
    chunks = split_blocks([*head, *sections, footer])
    return [
        OutgoingMessage(
            text if i == 0 else f"{title} (continued)", chunk, id=OVERVIEW if i == 0 else f"{OVERVIEW}-{i + 1}"
        )
        for i, chunk in enumerate(chunks)
    ]


def _nothing_new(digest: Digest, title: str) -> OutgoingMessage:
    line = nothing_new_text(digest)
    body = escape(line)
    blocks = [
        {"type": "header", "block_id": "title", "text": {"type": "plain_text", "text": title}},
        {
            "type": "section",
            "block_id": "empty",
            "text": {"type": "mrkdwn", "text": limits.cut(body, limits.SECTION_TEXT)},
        },
    ]
    return OutgoingMessage(limits.cut(f"{title}: {body}", limits.FALLBACK_TEXT), blocks)


def split_blocks(blocks: list[dict], limit: int = limits.MAX_BLOCKS) -> list[list[dict]]:
    """Blocks in messages of at most `limit`, order kept (Slack refuses more with invalid_blocks)."""
    return [blocks[i : i + limit] for i in range(0, len(blocks), limit)] or [[]]

"""The users' markdown digest format: render a Digest in it, and read it back.

    # Daily Job Picks - 2025-12-28

    ## [Machine Learning Engineer Intern](https://www.linkedin.com/jobs/view/4273280546)
    **Company:** TikTok | **Location:** Seattle, WA | **Score:** 98/100

    **Reason:** ...

    **Summary:** ...

    ---

People bring months of these from the tool they used before; reading them lets an import mark those
postings seen. Our own archive is written in the same format so it can be read back the same way.
Reading is strict about structure (a file that is not a digest must not quietly import nothing, or
half of itself) and forgiving about content: mojibake, an empty location, wrapped reason lines.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date as Date

from bot.digest import Digest
from scoring.model import ScoredPosting
from scrapers.normalize import clean_text
from scrapers.registry import posting_key_from_url

TITLE = "# Daily Job Picks - {day}"
FORMAT_HINT = "expected the '# Daily Job Picks - YYYY-MM-DD' digest format"

_TITLE = re.compile(r"^#\s+Daily Job Picks\s*[-–—]\s*(?P<day>\S+)\s*$", re.IGNORECASE)
# Greedy title: a job title may hold brackets ("Intern [Remote]"); the link is the last "](...)".
_HEADING = re.compile(r"^##\s+\[(?P<title>.*)\]\((?P<url>\S+)\)\s*$")
_META = re.compile(
    r"^\*\*Company:\*\*\s*(?P<company>.*?)\s*\|\s*\*\*Location:\*\*\s*(?P<location>.*?)\s*\|"
    r"\s*\*\*Score:\*\*\s*(?P<score>\d{1,3})\s*/\s*100\s*$"
)
_LABELLED = re.compile(r"^\*\*(?P<label>Reason|Summary):\*\*\s*(?P<text>.*)$")
_RULE = re.compile(r"^(-{3,}|\*{3,}|_{3,})$")
_META_HINT = "'**Company:** … | **Location:** … | **Score:** N/100'"

Problem = Callable[[int, str], None]


@dataclass(slots=True)
class MarkdownPick:
    """One pick as the format holds it; `line` is where its heading is, for messages."""

    day: Date
    title: str
    url: str
    company: str
    location: str
    score: int
    reason: str = ""
    summary: str = ""
    line: int = 0

    @property
    def key(self) -> str:
        """The key a scraper gives this posting, so an imported pick is recognised when found again."""
        return posting_key_from_url(self.url)


@dataclass(slots=True)
class FormatError:
    source: str
    line: int
    problem: str

    def __str__(self) -> str:
        return f"{self.source}, line {self.line}: {self.problem}"


@dataclass(slots=True)
class ParsedDigest:
    source: str
    picks: list[MarkdownPick] = field(default_factory=list)
    errors: list[FormatError] = field(default_factory=list)
    days: list[Date] = field(default_factory=list)


# -- writing -------------------------------------------------------------------------------------------


def render_markdown(digest: Digest) -> str:
    """The whole digest in the users' format, picks in the digest's order."""
    return render_title(digest.day) + render_picks(digest.picks)


def render_title(day: Date) -> str:
    return TITLE.format(day=day.isoformat()) + "\n\n"


def render_picks(picks: list[ScoredPosting]) -> str:
    return "".join(_render_pick(p) for p in picks)


def _render_pick(pick: ScoredPosting) -> str:
    p = pick.posting
    # A space would end the link in markdown; every field must stay on its one line.
    url = (p.url or p.key).replace(" ", "%20")
    return (
        f"## [{clean_text(p.title)}]({url})\n"
        f"**Company:** {clean_text(p.company)} | **Location:** {clean_text(p.location)} "
        f"| **Score:** {pick.score}/100\n\n"
        f"{_labelled('Reason', pick.reason)}\n\n"
        f"{_labelled('Summary', pick.summary)}\n\n"
        "---\n\n"
    )


def _labelled(label: str, text: str) -> str:
    text = clean_text(text)
    return f"**{label}:** {text}" if text else f"**{label}:**"


# -- reading -------------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Draft:
    """A pick being read: fields fill in as their lines go by."""

    day: Date
    title: str
    url: str
    line: int
    meta: dict[str, str] | None = None
    texts: dict[str, list[str]] = field(default_factory=dict)
    last: str | None = None  # "reason" or "summary" while their lines may continue
    broken: bool = False  # a problem was reported: the pick is not read, and not reported twice


def starts_like_digest(text: str) -> bool:
    """True when the first line that is not blank is a digest's title: what makes a file worth reading."""
    for raw in text.splitlines():
        if raw.strip():
            return _TITLE.match(raw.strip()) is not None
    return False


def parse_markdown(text: str, source: str) -> ParsedDigest:
    """The picks in `text`, and every problem found, each naming `source` and the line."""
    parsed = ParsedDigest(source=source)

    def problem(line: int, message: str) -> None:
        parsed.errors.append(FormatError(source, line, message))

    day: Date | None = None
    draft: _Draft | None = None
    # After a broken heading, its body lines would each be another error; one per pick is enough.
    skipping = False
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line:
            continue
        if title := _TITLE.match(line):
            _finish(draft, parsed, problem)
            draft, skipping = None, False
            try:
                day = Date.fromisoformat(title["day"])
            except ValueError:
                problem(number, f"the title's date {title['day']!r} is not a date like 2025-12-28")
                return parsed
            parsed.days.append(day)
            continue
        if day is None:
            problem(number, f"{FORMAT_HINT} (a first line like '# Daily Job Picks - 2025-12-28')")
            return parsed
        if line.startswith("## "):
            _finish(draft, parsed, problem)
            draft, skipping = None, False
            if heading := _HEADING.match(line):
                draft = _Draft(day=day, title=clean_text(heading["title"]), url=heading["url"], line=number)
            else:
                problem(number, "a pick heading must be '## [job title](link)'")
                skipping = True
            continue
        if _RULE.match(line):
            _finish(draft, parsed, problem)
            draft, skipping = None, False
            continue
        if skipping:
            continue
        if draft is None:
            problem(number, "text outside a pick: each pick starts with '## [job title](link)'")
            skipping = True
            continue
        _read_body_line(draft, line, number, problem)
    _finish(draft, parsed, problem)
    if day is None:
        problem(1, f"{FORMAT_HINT}; the file has no such title")
    return parsed


def _read_body_line(draft: _Draft, line: str, number: int, problem: Problem) -> None:
    if meta := _META.match(line):
        if draft.meta is not None:
            draft.broken = True
            problem(number, "a second '**Company:**' line in one pick (a '---' line missing above?)")
        elif int(meta["score"]) > 100:
            draft.broken = True
            problem(number, f"score {meta['score']}/100 is above 100")
        draft.meta = meta.groupdict()
        draft.last = None
    elif labelled := _LABELLED.match(line):
        draft.last = labelled["label"].lower()
        draft.texts[draft.last] = [labelled["text"]]
    elif draft.last is not None and not line.startswith("**"):
        # The old tool sometimes wrapped a long reason or summary onto the following lines.
        draft.texts[draft.last].append(line)
    else:
        draft.broken = True
        if draft.meta is None or line.startswith("**Company:**"):
            problem(number, f"expected {_META_HINT} under the pick's heading")
        else:
            problem(number, "expected '**Reason:** …', '**Summary:** …' or '---' in a pick")


def _finish(draft: _Draft | None, parsed: ParsedDigest, problem: Problem) -> None:
    if draft is None or draft.broken:
        return
    if draft.meta is None:
        problem(draft.line, f"this pick has no {_META_HINT} line")
        return
    parsed.picks.append(
        MarkdownPick(
            day=draft.day,
            title=draft.title,
            url=draft.url,
            company=clean_text(draft.meta["company"]),
            location=clean_text(draft.meta["location"]),
            score=int(draft.meta["score"]),
            reason=clean_text(" ".join(draft.texts.get("reason", []))),
            summary=clean_text(" ".join(draft.texts.get("summary", []))),
            line=draft.line,
        )
    )

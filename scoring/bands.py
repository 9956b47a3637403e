"""The score bands: one table for the LLM's rubric, Slack's coloured dots and the terminal's colours.

The LLM is asked to score by these bands (`scoring.prompt`), so the colour a person sees next to a
score means what the scorer meant by it: 🟢 apply today, 🟡 strong or worth a look, 🟠 a long shot,
⚪ not for this person. The dots are the ones in the README's example digest.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Band:
    low: int  # the lowest score in the band; it runs up to the next band's `low` - 1
    key: str  # a short name, as the labelled evaluation set tags its postings ("apply", "long-shot")
    name: str
    meaning: str  # what the band asks of a posting, as the LLM's rubric says it
    emoji: str  # shown before the score in Slack
    style: str  # the score's colour on the terminal (a rich style)


# Best first; the last band starts at 0, so every score 0-100 has one.
BANDS: tuple[Band, ...] = (
    Band(
        90,
        "apply",
        "apply today",
        "the role, the level, the main skills and the place all fit; rare, at most a few a day.",
        "🟢",
        "bold green",
    ),
    Band(
        80,
        "strong",
        "strong match",
        "apply this week; one gap (an adjacent specialty, a less preferred place).",
        "🟡",
        "yellow",
    ),
    Band(
        70,
        "look",
        "worth a look",
        "right field, but several gaps or a role next to what the person wants.",
        "🟡",
        "yellow",
    ),
    Band(
        50,
        "long-shot",
        "long shot",
        "related work, mostly off-target (other specialty, little skill overlap).",
        "🟠",
        "dark_orange",
    ),
    Band(20, "wrong", "wrong field or level", "not what this person is looking for.", "⚪", "dim"),
    Band(
        0,
        "never",
        "not for this person at all",
        "unrelated field, ineligible (e.g. citizenship required while the person needs visa sponsorship).",
        "⚪",
        "dim",
    ),
)


def band_of(score: int) -> Band:
    """The band a 0-100 score falls in (a score outside the range goes to the nearest band)."""
    return next((band for band in BANDS if score >= band.low), BANDS[-1])


def rubric() -> str:
    """The bands as the LLM's rubric: one line per band, best first, with its range."""
    lines = ["Score bands (use the whole range and single points, e.g. 93, 86, 74, 58):"]
    high = 100
    for band in BANDS:
        lines.append(f"- {band.low}-{high} {band.name}: {band.meaning}")
        high = band.low - 1
    return "\n".join(lines)

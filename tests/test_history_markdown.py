"""The users' markdown digest format: what we write is their format exactly, and reads back the same."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from bot.digest import Digest
from bot.digest_markdown import parse_markdown, render_markdown
from scoring.model import ScoredPosting
from scrapers.model import Posting

HISTORY = Path(__file__).parent / "data" / "history"
EXAMPLE = HISTORY / "daily-picks-2025-12-28.md"


def scored(
    key: str, url: str, title: str, company: str, location: str, score: int, reason: str, summary: str = ""
) -> ScoredPosting:
    posting = Posting(
        key=key,
        source=key.split(":")[0],
        url=url,
        title=title,
        company=company,
        location=location,
        description="Long description that the format does not carry.",
    )
    return ScoredPosting(posting, score, reason, summary)


def test_the_example_digest_reads_as_twenty_picks_with_scores_and_reasons() -> None:
    parsed = parse_markdown(EXAMPLE.read_text(encoding="utf-8"), str(EXAMPLE))
    assert parsed.errors == []
    assert parsed.days == [date(2025, 12, 28)]
    assert len(parsed.picks) == 20
    first = parsed.picks[0]
    assert first.key == "linkedin:4273280546"
    assert (first.company, first.location, first.score) == ("TikTok", "Seattle, WA", 98)
    assert first.reason.startswith("Excellent AI and recommender systems role;")
    assert first.summary.endswith("machine learning research and engineering.")
    assert [p.score for p in parsed.picks][-2:] == [30, 20]
    # The example's one mojibake title comes out as the dash it was meant to be.
    gruve = next(p for p in parsed.picks if p.company == "Gruve")
    assert gruve.title == "Software Engineer Intern – Kubernetes & Inferencing Infrastructure"


def test_writing_the_example_back_gives_the_same_file_with_its_mojibake_repaired() -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    parsed = parse_markdown(text, str(EXAMPLE))
    digest = Digest(
        "C1",
        parsed.days[0],
        [scored(p.key, p.url, p.title, p.company, p.location, p.score, p.reason, p.summary) for p in parsed.picks],
    )
    assert render_markdown(digest) == text.replace("â€“", "–")


def test_a_digest_of_ours_reads_back_with_the_same_picks_scores_and_reasons() -> None:
    picks = [
        scored(
            "linkedin:4390001122",
            "https://www.linkedin.com/jobs/view/4390001122",
            "ML Intern [Remote]",
            "Acme AI",
            "Remote",
            91,
            "PyTorch | ranking models",
            "Train ranking\nmodels.",
        ),
        scored(
            "indeed:5f2b8c1d9e0a7b36",
            "https://www.indeed.com/viewjob?jk=5f2b8c1d9e0a7b36",
            "Data Engineer Intern â€“ Streaming",
            "Confluent",
            "",
            78,
            "Kafka; no location given",
        ),
        scored(
            "greenhouse:7012345",
            "https://boards.greenhouse.io/stripe/jobs/7012345",
            "Backend Intern",
            "Stripe",
            "San Francisco, CA",
            0,
            "",
        ),
    ]
    text = render_markdown(Digest("C1", date(2026, 11, 21), picks))
    assert text.startswith("# Daily Job Picks - 2026-11-21\n\n## [ML Intern [Remote]]")
    parsed = parse_markdown(text, "ours.md")
    assert parsed.errors == []
    assert [(p.key, p.title, p.company, p.location, p.score, p.reason, p.summary) for p in parsed.picks] == [
        (
            "linkedin:4390001122",
            "ML Intern [Remote]",
            "Acme AI",
            "Remote",
            91,
            "PyTorch | ranking models",
            "Train ranking models.",
        ),
        (
            "indeed:5f2b8c1d9e0a7b36",
            "Data Engineer Intern – Streaming",
            "Confluent",
            "",
            78,
            "Kafka; no location given",
            "",
        ),
        ("greenhouse:7012345", "Backend Intern", "Stripe", "San Francisco, CA", 0, "", ""),
    ]


def test_an_empty_digest_is_just_its_title_and_reads_back_empty() -> None:
    text = render_markdown(Digest("C1", date(2026, 11, 21), []))
    assert text == "# Daily Job Picks - 2026-11-21\n\n"
    parsed = parse_markdown(text, "empty.md")
    assert (parsed.picks, parsed.errors, parsed.days) == ([], [], [date(2026, 11, 21)])


def test_the_old_tools_quirks_are_read() -> None:
    path = HISTORY / "quirks" / "daily-picks-2025-12-29.md"
    parsed = parse_markdown(path.read_text(encoding="utf-8"), str(path))
    assert parsed.errors == []
    assert [p.key for p in parsed.picks] == [
        "linkedin:4273280546",
        "indeed:5f2b8c1d9e0a7b36",
        "linkedin:4390001122",
        "greenhouse:7012345",
        "linkedin:4390001122",
        "indeed:5f2b8c1d9e0a7b36",
    ]
    streaming = parsed.picks[1]
    assert streaming.title == "Data Engineer Intern – Streaming Platform"
    assert streaming.company == "Confluent’s Data Team"
    assert streaming.location == ""
    assert parsed.picks[2].reason == (
        "PyTorch model training and evaluation; remote is acceptable; "
        "the old tool wrapped this reason onto a second line."
    )


@pytest.mark.parametrize(
    ("text", "line", "says"),
    [
        ("Things to read\n\n- DDIA\n", 1, "'# Daily Job Picks - YYYY-MM-DD'"),
        ("\n\n# Daily Job Picks - 2025-13-45\n", 3, "not a date"),
        (
            "# Daily Job Picks - 2025-12-28\n\n## Intern at Acme\n"
            "**Company:** A | **Location:** B | **Score:** 9/100\n",
            3,
            "'## [job title](link)'",
        ),
        (
            "# Daily Job Picks - 2025-12-28\n\n## [Intern](https://x.io/1)\n**Company:** Acme - 88/100\n",
            4,
            "**Score:** N/100",
        ),
        (
            "# Daily Job Picks - 2025-12-28\n\n## [Intern](https://x.io/1)\n"
            "**Company:** A | **Location:** B | **Score:** 140/100\n",
            4,
            "above 100",
        ),
        (
            "# Daily Job Picks - 2025-12-28\n\n## [Intern](https://x.io/1)\n\n**Reason:** good\n\n---\n",
            3,
            "no '**Company:**",
        ),
        (
            "# Daily Job Picks - 2025-12-28\n\n## [Intern](https://x.io/1)\n"
            "**Company:** A | **Location:** B | **Score:** 80/100\n**Salary:** $40/h\n",
            5,
            "'**Reason:** …'",
        ),
        ("# Daily Job Picks - 2025-12-28\n\nFound 3 jobs today\n", 3, "text outside a pick"),
    ],
)
def test_a_file_not_in_the_format_is_an_error_naming_the_file_and_line(text: str, line: int, says: str) -> None:
    parsed = parse_markdown(text, "notes/today.md")
    assert parsed.picks == []
    first = parsed.errors[0]
    assert (first.source, first.line) == ("notes/today.md", line)
    assert says in str(first) and str(first).startswith(f"notes/today.md, line {line}: ")


def test_one_broken_pick_is_reported_and_the_good_ones_are_still_read() -> None:
    path = HISTORY / "broken" / "daily-picks-2025-12-31.md"
    parsed = parse_markdown(path.read_text(encoding="utf-8"), str(path))
    assert [p.key for p in parsed.picks] == ["linkedin:4399990001"]
    assert [(e.line, e.problem.split(" ")[0]) for e in parsed.errors] == [(11, "expected")]


def test_a_title_reads_the_same_in_the_posting_and_in_the_archive_read_back() -> None:
    # What sites send: a Unicode line separator, mojibake, a stray Windows-1252 ellipsis, curly quotes.
    raw = ["Intern\u2028Platform", "Data Intern â€“ Streaming", "Research Intern\x85", "Designer’s\u00a0Intern"]
    picks = [
        scored(f"greenhouse:{i}", f"https://boards.greenhouse.io/acme/jobs/{i}", title, "Acme", "", 80, "ok")
        for i, title in enumerate(raw, start=1)
    ]
    shown = [p.posting.title for p in picks]
    assert shown == ["Intern Platform", "Data Intern – Streaming", "Research Intern…", "Designer’s Intern"]
    parsed = parse_markdown(render_markdown(Digest("C1", date(2026, 11, 21), picks)), "ours.md")
    assert parsed.errors == []
    assert [p.title for p in parsed.picks] == shown

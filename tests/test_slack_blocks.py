"""What the digest looks like in Slack, and that Slack accepts it whatever the postings contain."""

from __future__ import annotations

from bot.slack import limits
from bot.slack.blocks import digest_messages, pick_blocks, pick_view
from tests.fake_slack import block_errors, mentions, render_blocks
from tests.slack_fixtures import NOW, digest, many_picks, past_picks, scored, stats


def test_the_overview_shows_the_date_the_run_and_the_ranked_picks() -> None:
    messages = digest_messages(digest(past_picks()), NOW)
    overview = render_blocks(messages[0]["blocks"])
    assert overview.splitlines()[0] == "Daily job picks · Sat 21 Nov"
    assert "42 new of 50 postings found (LinkedIn 30, Greenhouse 12) · 40 scored" in overview.replace("*", "")
    assert "Indeed failed: 429 Too Many Requests" in overview
    ranked = [line for line in overview.splitlines() if "98" in line or "95" in line or "93" in line]
    assert [line.split("  ", 1)[1][:20] for line in ranked] == [
        "Machine Learning Eng",
        "Summer 2026 AI Scien",
        "Software Engineer In",
    ]
    assert "Daily job picks · Sat 21 Nov: 3 picks; top:" in messages[0]["text"]


def test_each_pick_shows_everything_a_person_decides_on() -> None:
    messages = digest_messages(digest(past_picks()), NOW)
    first = messages[1]
    shown = render_blocks(first["blocks"])
    assert "1. Machine Learning Engineer Intern - Global E-Commerce" in shown
    assert "<https://www.linkedin.com/jobs/view/4273280546|" in first["blocks"][0]["text"]["text"]
    assert "TikTok · Seattle, WA" in shown.replace("*", "")
    assert "🟢 98/100 — Excellent AI and recommender systems role" in shown.replace("*", "")
    assert "Internship working on production recommendation models" in shown
    assert "LinkedIn · posted yesterday" in shown
    assert [b["text"]["text"] for b in first["blocks"][2]["elements"]] == ["👍", "👎"]
    assert first["text"].startswith("#1 · 98/100 · Machine Learning Engineer Intern")


def test_a_reposted_job_says_which_aggregator_reposted_it() -> None:
    lensa = scored("4400000099", "Data Scientist Intern", "Lensa", "New York, NY", 70)
    dice = scored("4400000098", "Backend Intern", "Acme", "Austin, TX", 65, via="Jobs via Dice")
    messages = digest_messages(digest([lensa, dice]), NOW)
    assert "reposted via Lensa" in render_blocks(messages[1]["blocks"])
    assert "reposted via Jobs via Dice" in render_blocks(messages[2]["blocks"])


def test_twenty_picks_never_put_more_than_fifty_blocks_in_a_message() -> None:
    messages = digest_messages(digest(many_picks(100)), NOW)
    assert len(messages) == 101
    for message in messages:
        assert block_errors(message["blocks"]) == []
    titles = [m["text"].split(" · ")[2] for m in messages[1:]]
    assert titles == [f"ML Engineer Intern {i} at Company {i}" for i in range(100)], "rank order"


def test_hostile_postings_cannot_mention_the_channel_or_break_the_message() -> None:
    evil = "<!channel> Apply now & win <https://evil.example|prize> " + "x" * 5000
    pick = scored(
        "4400000001", evil, "<!here> Corp & Sons" + "y" * 400, "<@U123>" * 100, 77, evil, evil, via="<!everyone>"
    )
    pick.posting.title = evil + " 🚀" * 200  # past normalisation, as a merged posting could be
    messages = digest_messages(digest([pick], run=stats()), NOW)
    for message in messages:
        assert block_errors(message["blocks"]) == []
        raw = str(message["blocks"]) + message["text"]
        assert mentions(raw) == []
        assert "<@U123>" not in raw
        assert len(message["text"]) <= limits.FALLBACK_TEXT
    shown = render_blocks(messages[1]["blocks"])
    assert "Apply now & win <https://evil.example|prize>" in shown, "escaped text reads as written"
    assert "…" in shown, "long text is cut, visibly"


def test_cutting_never_splits_an_escaped_character() -> None:
    text = limits.fit("R&D " * 1000, 100)
    assert len(text) <= 100 and text.endswith("…")
    assert text.count("&") == text.count("&amp;")


def test_a_day_with_nothing_new_is_one_short_message_saying_why() -> None:
    run = stats(new=0)
    messages = digest_messages(digest([], run=run), NOW)
    assert len(messages) == 1
    shown = render_blocks(messages[0]["blocks"])
    assert "Nothing new today: all 50 postings found were shown before; indeed failed: 429" in shown
    assert messages[0]["text"].startswith("Daily job picks · Sat 21 Nov: Nothing new today")


def test_a_vote_shows_counts_who_voted_and_a_way_to_undo() -> None:
    view = pick_view(past_picks()[0], 1, "#job-picks:2026-11-21", NOW)
    blocks = pick_blocks(view, {"U0ALEX": 1, "U0SAM": 1, "U0KIM": -1})
    buttons = blocks[2]["elements"]
    assert [b["text"]["text"] for b in buttons] == ["👍 2", "👎 1", "Undo my vote"]
    assert buttons[0]["style"] == "primary"
    assert render_blocks(blocks[3:]) == "👍 @U0ALEX, @U0SAM  ·  👎 @U0KIM"
    assert block_errors(blocks) == []

"""Which scored postings make the day's digest."""

from __future__ import annotations

from bot.picks import choose_picks
from scoring.model import ScoredPosting
from scrapers.model import Posting


def scored(key: str, company: str, score: int, *, dropped: bool = False) -> ScoredPosting:
    posting = Posting(
        key=key, source="greenhouse", url=f"https://example.com/{key}", title=f"Job {key}", company=company
    )
    return ScoredPosting(posting=posting, score=score, reason="r", dropped=dropped)


def test_the_best_come_first_with_at_most_n_per_company_and_none_below_the_minimum() -> None:
    items = [
        scored("a1", "Acme", 95),
        scored("a2", "ACME", 90),
        scored("a3", "acme", 85),
        scored("b1", "Beta", 80),
        scored("c1", "Gamma", 39),
    ]
    # With enough others to fill the digest, the cap holds: a3 (85) waits behind b1 (80).
    picks = choose_picks(items, size=3, per_company=2, min_score=40)
    assert [p.posting.key for p in picks] == ["a1", "a2", "b1"]


def test_a_dropped_posting_is_never_shown_whatever_its_score() -> None:
    items = [scored("x", "Blocked Corp", 99, dropped=True), scored("y", "Fine", 50)]
    assert [p.posting.key for p in choose_picks(items, size=5, per_company=3, min_score=0)] == ["y"]


def test_the_digest_size_is_a_ceiling() -> None:
    items = [scored(str(i), f"Company {i}", 90 - i) for i in range(30)]
    assert len(choose_picks(items, size=20, per_company=3, min_score=0)) == 20


def test_three_employers_holding_most_good_postings_still_give_a_full_digest() -> None:
    big = [
        scored(f"{c}{i}", name, 95 - i)
        for c, name in (("t", "TikTok"), ("b", "ByteDance"), ("s", "Stripe"))
        for i in range(10)
    ]
    others = [scored(f"o{i}", f"Small {i}", 60 - i) for i in range(5)]
    picks = choose_picks(big + others, size=20, per_company=3, min_score=40)
    assert len(picks) == 20
    keys = [p.posting.key for p in picks]
    # The cap still decides who comes first: every other employer's posting makes the digest, then the
    # best remaining postings of the three fill it, and the picks stay in score order.
    assert all(f"o{i}" in keys for i in range(5))
    assert [p.score for p in picks] == sorted((p.score for p in picks), reverse=True)
    assert sum(1 for p in picks if p.posting.company == "TikTok") > 3


def test_filling_the_digest_never_goes_below_the_minimum_score() -> None:
    items = [scored(f"a{i}", "Acme", 90 - i) for i in range(6)] + [scored("low", "Beta", 30)]
    picks = choose_picks(items, size=10, per_company=2, min_score=40)
    assert [p.posting.key for p in picks] == [f"a{i}" for i in range(6)]


def test_votes_never_take_a_fitting_posting_out_of_a_digest_nor_bring_in_one_that_does_not_fit() -> None:
    disliked = scored("tiktok", "TikTok", 31)
    disliked.taste_points = -19  # fits the profile at 50; the reader 👎 TikTok picks
    lifted = scored("meh", "Meh", 45)
    lifted.taste_points = 10  # fits at 35, under the minimum: no vote makes it worth a morning
    good = scored("good", "Good", 80)
    picks = choose_picks([disliked, lifted, good], size=5, per_company=3, min_score=40)
    assert [p.posting.key for p in picks] == ["good", "tiktok"], "the disliked one comes last, still shown"

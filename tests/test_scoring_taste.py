"""Votes that visibly change tomorrow: the taste model as a reader meets it, day after day.

Each story posts a day's digest from a pool of postings, votes on its picks the way Slack records them
(the vote keeps the pick's features, in the real store), and looks at the next day's digest beside a
control day without votes. Both scorers: the local one, and the LLM through the real `openai` client
against the fake server, which ignores the feedback block of its prompt, so whatever moves there is
the code-side model's doing.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from bot.picks import choose_picks
from bot.store import Store
from scoring.config import ScoringConfig
from scoring.evaluate import DEFAULT_DATA, load_labelled
from scoring.features import posting_features
from scoring.feedback import Vote
from scoring.model import ScoredPosting
from scoring.profile import Profile
from scoring.scorer import LLMSettings, score_postings
from scoring.taste import MAX_POINTS, TasteModel
from scrapers.model import Posting
from tests.fake_openai import FakeOpenAI

PROFILE = Profile(
    name="alex",
    roles=["machine learning engineer intern", "software engineer intern"],
    skills=["python", "pytorch", "kubernetes", "sql"],
    seniority=["internship"],
    locations=["Seattle, WA"],
    acceptable_locations=["United States"],
    avoid_companies=["Evil Corp"],
)
TEAMS = ["Ads Ranking", "Search", "Recommendations", "Trust and Safety", "Ads Delivery", "Feeds", "Growth", "Payments"]
SIZE = 5
DAY = 86400.0


def job(key: str, title: str, company: str, location: str = "Seattle, WA", description: str = "") -> Posting:
    return Posting(
        key=f"linkedin:{key}",
        source="linkedin",
        url=f"https://example.com/{key}",
        title=title,
        company=company,
        location=location,
        description=description or "Train models in Python and PyTorch; SQL pipelines on Kubernetes.",
    )


def pool() -> list[Posting]:
    """Globex holds the eight best postings; twelve other employers have good ones a little lower."""
    globex = [job(f"g{i}", f"Machine Learning Engineer Intern, {team}", "Globex") for i, team in enumerate(TEAMS)]
    others = [
        job(f"o{i}", f"Machine Learning Intern, {TEAMS[i % len(TEAMS)]}", f"Other {i}", "Austin, TX") for i in range(12)
    ]
    return globex + others


async def digest(
    postings: list[Posting], votes: list[Vote], cfg: ScoringConfig | None = None, llm: LLMSettings | None = None
) -> list[ScoredPosting]:
    result = await score_postings(postings, PROFILE, cfg or ScoringConfig(), votes=votes, llm=llm)
    return choose_picks(result.scored, size=SIZE, per_company=SIZE, min_score=40)


def vote_on(store: Store, picks: list[ScoredPosting], value: int, *, days_ago: float = 0) -> None:
    """The reader's clicks, recorded as Slack records them: the pick's title, company and features."""
    for pick in picks:
        vote = Vote(
            posting_key=pick.posting.key,
            user="U0ALEX",
            value=value,
            title=pick.posting.title,
            company=pick.posting.company,
            reason=pick.reason,
            at=time.time() - days_ago * DAY,
            features=list(pick.features),
        )
        assert store.votes.record("alex", vote)


def unseen(picks: list[ScoredPosting], postings: list[Posting] | None = None) -> list[Posting]:
    shown = {p.posting.key for p in picks}
    return [p for p in postings or pool() if p.key not in shown]


def employers(picks: list[ScoredPosting]) -> list[str]:
    return [p.posting.company for p in picks]


@pytest.fixture
async def day_one(store: Store) -> list[ScoredPosting]:
    picks = await digest(pool(), store.votes.all("alex"))
    assert employers(picks) == ["Globex"] * SIZE, "Globex holds the whole first digest"
    return picks


async def test_four_dislikes_of_one_employer_push_it_below_the_digest(
    store: Store, day_one: list[ScoredPosting]
) -> None:
    vote_on(store, day_one[:4], -1)
    control = await digest(unseen(day_one), [])
    voted = await digest(unseen(day_one), store.votes.all("alex"))
    assert employers(control).count("Globex") == 3, "without votes Globex would lead again"
    assert "Globex" not in employers(voted)
    assert len(voted) == SIZE, "the digest still fills"
    result = await score_postings(unseen(day_one), PROFILE, ScoringConfig(), votes=store.votes.all("alex"))
    globex = next(s for s in result.scored if s.posting.company == "Globex")
    assert globex.taste_points <= -15
    assert globex.taste_line == f"↓ {-globex.taste_points} — you 👎 4 Globex picks"


async def test_disliked_postings_still_come_when_nothing_better_exists(
    store: Store, day_one: list[ScoredPosting]
) -> None:
    vote_on(store, day_one[:4], -1)
    poor = [job(f"p{i}", f"Pastry Chef {i}", f"Bakery {i}", description="Bake bread.") for i in range(6)]
    globex_left = [p for p in unseen(day_one) if p.company == "Globex"]
    voted = await digest(globex_left + poor, store.votes.all("alex"))
    assert employers(voted) == ["Globex"] * 3


async def test_one_vote_only_nudges(store: Store, day_one: list[ScoredPosting]) -> None:
    vote_on(store, day_one[:1], -1)
    voted = await digest(unseen(day_one), store.votes.all("alex"))
    assert employers(voted).count("Globex") == 3, "one 👎 does not empty the digest of an employer"
    moved = [p.taste_points for p in voted if p.posting.company == "Globex"]
    assert all(-8 <= points < 0 for points in moved)
    assert voted[0].taste_line.endswith("— you 👎 1 Globex pick")


async def test_an_undone_vote_changes_nothing(store: Store, day_one: list[ScoredPosting]) -> None:
    vote_on(store, day_one[:4], -1)
    for pick in day_one[:4]:
        assert store.votes.remove("alex", pick.posting.key, "U0ALEX")
    control = await digest(unseen(day_one), [])
    voted = await digest(unseen(day_one), store.votes.all("alex"))
    assert [(p.posting.key, p.score) for p in voted] == [(p.posting.key, p.score) for p in control]
    assert all(not p.taste_line for p in voted)


async def test_undoing_one_of_four_votes_counts_three(store: Store, day_one: list[ScoredPosting]) -> None:
    vote_on(store, day_one[:4], -1)
    store.votes.remove("alex", day_one[0].posting.key, "U0ALEX")
    result = await score_postings(unseen(day_one), PROFILE, ScoringConfig(), votes=store.votes.all("alex"))
    globex = next(s for s in result.scored if s.posting.company == "Globex")
    assert globex.taste_line.endswith("— you 👎 3 Globex picks")


async def test_votes_that_are_all_thumbs_up_lift_what_was_liked(store: Store) -> None:
    ml = [job(f"m{i}", f"Machine Learning Engineer Intern, {team}", f"ML Co {i}") for i, team in enumerate(TEAMS)]
    teams = ["Billing", "Storage", "Identity", "Checkout", "Accounts", "Ledger", "Messaging", "Gateway"]
    backend = [
        job(f"b{i}", f"Software Engineer Intern, Backend {team}", f"Backend Co {i}", description="Java services, SQL.")
        for i, team in enumerate(teams)
    ]
    first = await digest(ml + backend, [])
    assert all("ML Co" in c for c in employers(first)), "the profile favours ML roles"
    liked = (await score_postings(backend[:4], PROFILE, ScoringConfig())).scored
    vote_on(store, liked, 1)

    voted = await digest(ml + backend[4:], store.votes.all("alex"))
    assert all("Backend Co" in c for c in employers(voted[:4])), "the kind of role liked four times comes first"
    assert voted[0].taste_line.startswith("↑ ") and voted[0].taste_line.endswith("like the backend roles you 👍")
    result = await score_postings(ml + backend[4:], PROFILE, ScoringConfig(), votes=store.votes.all("alex"))
    untouched = [s.taste_points for s in result.scored if "ML Co" in s.posting.company]
    assert untouched == [0] * len(ml), "what the votes were not about stays put"


async def test_old_votes_fade(store: Store, day_one: list[ScoredPosting]) -> None:
    vote_on(store, day_one[:4], -1, days_ago=150)
    faded = await digest(unseen(day_one), store.votes.all("alex"))
    assert employers(faded).count("Globex") == 3, "five half-lives later the votes are nearly forgotten"
    kept = await digest(unseen(day_one), store.votes.all("alex"), ScoringConfig(vote_half_life_days=3650))
    assert "Globex" not in employers(kept), "a ten-year half-life keeps them"


async def test_votes_from_before_features_were_kept_still_count(store: Store, day_one: list[ScoredPosting]) -> None:
    for pick in day_one[:4]:
        store.votes.record(
            "alex",
            Vote(posting_key=pick.posting.key, user="U0ALEX", value=-1, title=pick.posting.title, company="Globex"),
        )
    voted = await digest(unseen(day_one), store.votes.all("alex"))
    assert "Globex" not in employers(voted)


async def test_votes_never_lift_a_posting_past_a_hard_rule(store: Store) -> None:
    toronto = job("t1", "Machine Learning Engineer Intern, Ranking", "Initech", "Toronto, ON, Canada")
    avoided = job("e1", "Machine Learning Engineer Intern, Ranking", "Evil Corp")
    liked = [
        Vote(posting_key=f"old:{i}", user="U0ALEX", value=1, title=p.title, company=p.company, at=time.time())
        for i, p in enumerate([toronto, avoided] * 4)
    ]
    result = await score_postings([toronto, avoided], PROFILE, ScoringConfig(), votes=liked)
    by_company = {s.posting.company: s for s in result.scored}
    assert by_company["Initech"].score <= 35 and by_company["Initech"].capped
    assert by_company["Evil Corp"].dropped and by_company["Evil Corp"].score == 0
    assert by_company["Evil Corp"].taste_points == 0
    assert choose_picks(result.scored, size=5, per_company=5, min_score=0) == [by_company["Initech"]]


async def test_however_many_votes_agree_the_move_is_bounded(store: Store) -> None:
    many = [
        Vote(
            posting_key=f"old:{i}",
            user="U0ALEX",
            value=-1,
            title=f"Machine Learning Engineer Intern {i}",
            company="Globex",
        )
        for i in range(60)
    ]
    result = await score_postings(pool(), PROFILE, ScoringConfig(), votes=many)
    moved = [s.taste_points for s in result.scored if s.posting.company == "Globex"]
    assert min(moved) >= -MAX_POINTS and all(s.score >= 0 for s in result.scored)


def test_the_move_and_its_reason_survive_being_stored() -> None:
    scored = ScoredPosting(
        posting=job("g1", "ML Intern", "Globex"),
        score=61,
        reason="Matches machine learning engineer intern.",
        features=["employer:globex", "kind:ml"],
        taste_points=-14,
        taste_why="you 👎 4 Globex picks",
    )
    again = ScoredPosting.from_dict(scored.to_dict())
    assert again == scored and again.taste_line == "↓ 14 — you 👎 4 Globex picks"
    old = scored.to_dict()
    for field in ("features", "taste_points", "taste_why"):
        del old[field]
    assert ScoredPosting.from_dict(old).taste_line == "", "records from before the taste model still load"


# -- the LLM scorer -----------------------------------------------------------------------------------


@pytest.fixture
def llm() -> Iterator[LLMSettings]:
    with FakeOpenAI() as fake:
        yield LLMSettings(model="fake-model", api_key="test-key", base_url=fake.base_url)


def llm_pool() -> list[Posting]:
    """The fake LLM scores by profile words found: Globex's postings name more of them."""
    rich = "Python, PyTorch, SQL and Kubernetes for a machine learning engineer intern."
    globex = [
        job(f"g{i}", f"Machine Learning Engineer Intern, {t}", "Globex", description=rich) for i, t in enumerate(TEAMS)
    ]
    others = [job(f"o{i}", f"Machine Learning Intern, {TEAMS[i % 8]}", f"Other {i}", "Austin, TX") for i in range(12)]
    return globex + others


async def test_the_llm_scorer_obeys_the_votes_even_when_the_model_ignores_them(store: Store, llm: LLMSettings) -> None:
    cfg = ScoringConfig(batch_size=10, concurrency=2)
    first = await digest(llm_pool(), [], cfg, llm)
    assert employers(first) == ["Globex"] * SIZE and {p.scorer for p in first} == {"llm"}
    vote_on(store, first[:4], -1)

    control = await digest(unseen(first, llm_pool()), [], cfg, llm)
    voted = await digest(unseen(first, llm_pool()), store.votes.all("alex"), cfg, llm)
    assert employers(control).count("Globex") == 3
    assert "Globex" not in employers(voted) and len(voted) == SIZE
    assert {p.scorer for p in voted} == {"llm"}


# -- what the votes are measured against ---------------------------------------------------------------


def thumbs(postings: list[Posting], value: int) -> list[Vote]:
    """Votes as Slack keeps them: on picks shown earlier (their own keys), with each pick's features."""
    return [
        Vote(
            posting_key=f"old:{p.key}",
            user="U0ALEX",
            value=value,
            title=p.title,
            company=p.company,
            at=time.time(),
            features=posting_features(p, PROFILE.skills),
        )
        for p in postings
    ]


async def test_a_thumbs_down_on_tiktok_picks_moves_bytedance_postings_too() -> None:
    tiktok = [job(f"t{i}", f"Machine Learning Engineer Intern, {team}", "TikTok") for i, team in enumerate(TEAMS[:4])]
    bytedance = job("b1", "Machine Learning Engineer Intern, Search", "ByteDance")
    other = job("o1", "Machine Learning Engineer Intern, Search", "Initech")
    votes = thumbs(tiktok, -1)
    result = await score_postings([bytedance, other], PROFILE, ScoringConfig(), votes=votes)
    moved = {s.posting.company: s for s in result.scored}
    assert moved["ByteDance"].taste_points <= -10, "one company under two names"
    assert moved["ByteDance"].taste_line.endswith("— you 👎 4 TikTok picks")
    assert moved["Initech"].taste_points > moved["ByteDance"].taste_points + 8
    # `jobpicks feedback` says it once, in the words of the votes: on TikTok, then on both.
    taste = TasteModel.fit(votes)
    lessons = [taste.lesson(feature) for feature, _ in taste.strongest(3)]
    assert lessons[0] == "TikTok (employer): 4 👎" and not any("ByteDance" in lesson for lesson in lessons)
    taste = TasteModel.fit(votes + thumbs([bytedance], -1))
    lessons = [taste.lesson(feature) for feature, _ in taste.strongest(3)]
    assert lessons[0] == "ByteDance and its brands: 5 👎" and not any("(employer)" in lesson for lesson in lessons)


async def test_what_a_reader_likes_nearly_always_is_not_lifted_for_it_but_what_they_dislike_goes_down() -> None:
    # The reader 👍 every pick but TikTok's: the thumbs up say "fine", not "more machine learning".
    liked = [job(f"l{i}", f"Machine Learning Engineer Intern, {team}", f"Co {i}") for i, team in enumerate(TEAMS)]
    disliked = [job(f"t{i}", f"Machine Learning Engineer Intern, {t}", "TikTok") for i, t in enumerate(TEAMS[:3])]
    votes = thumbs(liked, 1) + thumbs(disliked, -1)
    fresh = [
        job("n1", "Machine Learning Engineer Intern, Maps", "Initech"),
        job("n2", "Machine Learning Intern", "TikTok"),
    ]
    result = await score_postings(fresh, PROFILE, ScoringConfig(), votes=votes)
    moved = {s.posting.company: s.taste_points for s in result.scored}
    assert moved["TikTok"] <= -10
    assert moved["Initech"] <= 6, "a kind of role liked as often as everything else is not a preference"


async def test_among_postings_that_all_score_100_the_one_like_the_reader_s_thumbs_up_comes_first() -> None:
    profile = load_labelled(DEFAULT_DATA).profile
    everything = (
        "Build recommendation systems and ML infrastructure in Python and PyTorch on Kubernetes, Docker and AWS; "
        "Java, Spring Boot, SQL, distributed systems and LLMs."
    )
    infra = [job(f"a{i}", "Infrastructure Engineer Intern", f"Infra Co {i}", description=everything) for i in range(6)]
    # Not in one of the preferred places: it stands a little below the others, all at 100 all the same.
    title = "Machine Learning Engineer Intern - Recommendation Systems"
    recsys = job("z1", title, "Recs Co", "Austin, TX", description=everything)
    before = await score_postings([*infra, recsys], profile, ScoringConfig())
    assert {s.score for s in before.scored} == {100}, "all fit in every way"
    assert before.scored[-1].posting.key == recsys.key

    earlier = [
        job(f"r{i}", "Machine Learning Engineer Intern - Recommendation Systems", f"Old Co {i}", description=everything)
        for i in range(4)
    ]
    votes = [
        Vote(
            f"old:{p.key}",
            "U0ALEX",
            1,
            p.title,
            p.company,
            at=time.time(),
            features=posting_features(p, profile.skills),
        )
        for p in earlier
    ]
    after = await score_postings([*infra, recsys], profile, ScoringConfig(), votes=votes)
    assert after.scored[0].posting.key == recsys.key, "the votes move it above its equals, not into a tie at 100"
    assert choose_picks(after.scored, size=3, per_company=3, min_score=40)[0].posting.key == recsys.key

"""Do votes change tomorrow's picks? Simulated readers vote on every pick for five days, beside a control.

Each reader has a hidden taste: they dislike one employer and one kind of role, and like one topic.
Every morning jobpicks runs for them (their own `[digest] destination`, one profile for all: the
labelled set's) against a fake LinkedIn serving a pool of internships that grows every day (240 the
first day, 40 new each day after), and they vote on every pick through the Slack app's signed HTTP
endpoint: 👎 on what they dislike, 👍 on their topic, and on the rest 👍 three times in four (a seeded
coin): a reader mostly content with picks chosen for their profile. `--neutral-up 1` is issue 9's
reader (👍 on everything else); `--neutral-up 0.5` votes on the rest at random, the hardest reader, whose
random votes teach preferences they do not have. A control destination with the same profile gets the
same postings and never votes.

Per scorer (the local one; the fake LLM server, which ignores the feedback block of its prompt, so
whatever moves is the code-side taste model's doing) and per day it prints, for the readers together:
the share of picks they dislike and the share they like, control beside voted, the fall of the
disliked share against the control, and how many picks each digest had (it should fill to `size`).
Then: whether the control's picks, beside readers voting in the same Redis under the same profile,
are those of a control alone in a Redis of its own (votes on one destination change nothing for
another).

Everything runs on 127.0.0.1 (Redis at REDIS_URL or 127.0.0.1:6379, under a prefix of its own,
removed afterwards); about a minute. Run: .venv/bin/python bench/bench_feedback.py [--seed 1]
[--neutral-up 0.75] [--days 5] [--size 20] [--scorer local|llm|both]
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import redis

from bot.store import Store
from scoring.evaluate import DEFAULT_DATA, load_labelled
from tests.reader_days import Destination, Pick, ReaderDays


@dataclass(frozen=True)
class Reader:
    """A simulated reader and their hidden taste, judged on the title and company as they read them."""

    name: str
    user: str
    dislikes_employer: str
    dislikes_kind: tuple[str, ...]  # any of these words in the title: "backend"
    likes_topic: str  # in the title: "Recommendation"

    def dislikes(self, pick: Pick) -> bool:
        title = pick.title.lower()
        return pick.company == self.dislikes_employer or any(word in title for word in self.dislikes_kind)

    def likes(self, pick: Pick) -> bool:
        return not self.dislikes(pick) and self.likes_topic.lower() in pick.title.lower()

    def vote(self, pick: Pick, coin: random.Random, neutral_up: float) -> int:
        if self.dislikes(pick):
            return -1
        if self.likes(pick):
            return 1
        return 1 if coin.random() < neutral_up else -1


INFRASTRUCTURE = ("infrastructure", "reliability")
READERS = [
    Reader("ana", "U0ANA", "TikTok", ("backend",), "Recommendation"),
    Reader("ben", "U0BEN", "Stripe", INFRASTRUCTURE, "Computer Vision"),
    Reader("cho", "U0CHO", "NVIDIA", ("backend",), "Ads Ranking"),
    Reader("dev", "U0DEV", "Meta", INFRASTRUCTURE, "Personalization"),
    Reader("eli", "U0ELI", "Databricks", ("backend",), "Trust and Safety"),
    Reader("fay", "U0FAY", "Plaid", INFRASTRUCTURE, "Search"),
]


@dataclass
class Day:
    control: list[Pick]
    voted: dict[str, list[Pick]] = field(default_factory=dict)  # reader -> picks


def share(picks: list[Pick], test: Callable[[Pick], bool]) -> float:
    return sum(1 for p in picks if test(p)) / len(picks) if picks else 0.0


@contextmanager
def fresh_store(client: redis.Redis) -> Iterator[Store]:
    prefix = f"jobpicks-bench-{uuid.uuid4().hex[:8]}"
    try:
        yield Store(client, prefix)
    finally:
        keys = list(client.scan_iter(f"{prefix}:*", count=1000))
        if keys:
            client.delete(*keys)


def live(client: redis.Redis, args: argparse.Namespace, llm: bool) -> tuple[list[Day], list[list[Pick]]]:
    """Every day of every reader and the control; and, apart, the days of a control alone."""
    profile = load_labelled(DEFAULT_DATA).profile
    common = {
        "llm": llm,
        "days": args.days,
        "first_day_postings": args.first,
        "new_per_day": args.new,
        "size": args.size,
        "per_company": args.per_company,
        "seed": args.seed,
    }
    with fresh_store(client) as store, ReaderDays(store, profile, **common) as world:
        control = world.destination("#control")
        readers: dict[str, Destination] = {r.name: world.destination(f"#{r.name}-picks") for r in READERS}
        coins = {r.name: random.Random(f"{args.seed}:{r.name}") for r in READERS}
        days: list[Day] = []
        for n in range(args.days):
            if n:
                world.next_day()
            day = Day(control.run())
            for reader in READERS:
                picks = readers[reader.name].run()
                day.voted[reader.name] = picks
                for pick in picks:
                    value = reader.vote(pick, coins[reader.name], args.neutral_up)
                    readers[reader.name].vote(pick, value, user=reader.user)
            days.append(day)
    # The same days for a control with a Redis of its own: nobody else's votes anywhere near it.
    with fresh_store(client) as apart, ReaderDays(apart, profile, **common) as world:
        lone = world.destination("#control")
        alone_days = []
        for n in range(args.days):
            if n:
                world.next_day()
            alone_days.append(lone.run())
    return days, alone_days


def report(name: str, days: list[Day], alone: list[list[Pick]], size: int) -> None:
    print(f"\n{name}: share of picks the readers dislike / like (mean of {len(READERS)} readers), control vs voted")
    print(
        f"{'day':>3}  {'disliked: control':>17} {'voted':>6} {'fall':>6}   {'liked: control':>14} {'voted':>6}   picks"
    )
    for n, day in enumerate(days, 1):
        dc = sum(share(day.control, r.dislikes) for r in READERS) / len(READERS)
        dv = sum(share(day.voted[r.name], r.dislikes) for r in READERS) / len(READERS)
        lc = sum(share(day.control, r.likes) for r in READERS) / len(READERS)
        lv = sum(share(day.voted[r.name], r.likes) for r in READERS) / len(READERS)
        fall = f"{(1 - dv / dc):>6.0%}" if dc else "     -"
        short = [f"{name} {len(picks)}" for name, picks in day.voted.items() if len(picks) < size]
        if len(day.control) < size:
            short.append(f"control {len(day.control)}")
        filled = f"all {size}" if not short else "short: " + ", ".join(short)
        print(f"{n:>3}  {dc:>17.0%} {dv:>6.0%} {fall}   {lc:>14.0%} {lv:>6.0%}   {filled}")
    per_reader = []
    for r in READERS:
        dc = share(days[1].control, r.dislikes) if len(days) > 1 else 0
        dv = share(days[1].voted[r.name], r.dislikes) if len(days) > 1 else 0
        per_reader.append(f"{r.name} (👎 {r.dislikes_employer}, {'/'.join(r.dislikes_kind)}): {dc:.0%} -> {dv:.0%}")
    print("day 2 by reader: " + "; ".join(per_reader))
    same = all(
        [(p.key, p.score) for p in day.control] == [(p.key, p.score) for p in lone]
        for day, lone in zip(days, alone, strict=True)
    )
    print(
        "votes on one destination change nothing for another: the control beside the voting readers "
        f"{'got exactly' if same else 'did NOT get'} the picks and scores of a control alone, every day"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--days", type=int, default=5)
    parser.add_argument("--first", type=int, default=240, help="postings listed on the first day")
    parser.add_argument("--new", type=int, default=40, help="new postings each later day")
    parser.add_argument("--size", type=int, default=20)
    parser.add_argument("--per-company", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--scorer", choices=["local", "llm", "both"], default="both")
    parser.add_argument(
        "--neutral-up", type=float, default=0.75, help="chance of a 👍 on a pick the reader neither likes nor dislikes"
    )
    args = parser.parse_args()
    client = redis.Redis.from_url(os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"), decode_responses=True)
    total = args.first + args.new * (args.days - 1)
    print(
        f"{len(READERS)} readers voting on every pick for {args.days} days ({args.neutral_up:.0%} 👍 on picks they "
        f"neither like nor dislike); {total} postings ({args.first} the first day, {args.new} new each day "
        f"after); digest size {args.size}, per_company {args.per_company}; seed {args.seed}"
    )
    for scorer in ("local", "llm"):
        if args.scorer in (scorer, "both"):
            days, alone = live(client, args, llm=scorer == "llm")
            label = "local scorer" if scorer == "local" else "LLM (fake server, ignores the feedback block)"
            report(label, days, alone, args.size)
    return 0


if __name__ == "__main__":
    sys.exit(main())

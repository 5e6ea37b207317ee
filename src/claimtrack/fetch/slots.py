"""The run's request slots, given to the host with the most work left first.

With `per_host` requests at most per host and `concurrency` overall, a run is as long as its
busiest host: the one with the most pages times the highest latency. A first-come queue for
the run's slots makes that host's requests wait behind those of quick hosts (at 64 in flight
over 50 hosts, ~0.4 s a request), so it finishes last and late. Here a waiting request is
ordered by its host's estimated remaining time — pages left times the mean time its requests
took so far — longest first (the longest-processing-time rule), ties first come first served.
"""

from __future__ import annotations

import asyncio
import heapq
from dataclasses import dataclass


@dataclass
class Host:
    """What is known of one host during a run."""

    left: int = 0  # pages not finished yet
    seconds: float = 0.0  # total time of its finished requests
    done: int = 0  # its finished requests

    def remaining(self, default: float) -> float:
        mean = self.seconds / self.done if self.done else default
        return self.left * mean

    def finished(self, seconds: float) -> None:
        self.seconds += seconds
        self.done += 1


class Slots:
    """`size` slots; waiters get them by the largest `priority` first."""

    def __init__(self, size: int) -> None:
        self.free = size
        self.waiting: list[tuple[float, int, asyncio.Future[None]]] = []
        self.count = 0

    async def acquire(self, priority: float) -> None:
        if self.free > 0 and not self.waiting:
            self.free -= 1
            return
        future = asyncio.get_running_loop().create_future()
        self.count += 1
        heapq.heappush(self.waiting, (-priority, self.count, future))
        try:
            await future
        except asyncio.CancelledError:
            if future.done() and not future.cancelled():
                self.release()  # handed over just as it was cancelled: pass it on
            raise

    def release(self) -> None:
        while self.waiting:
            future = heapq.heappop(self.waiting)[2]
            if not future.done():
                future.set_result(None)
                return
        self.free += 1

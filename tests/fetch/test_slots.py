"""The run's request slots: the host with the most work left goes first."""

from __future__ import annotations

import asyncio

from claimtrack.fetch.slots import Host, Slots


def test_waiters_get_slots_by_priority_then_arrival() -> None:
    async def go() -> list[str]:
        slots, order = Slots(1), []
        await slots.acquire(0)  # the only slot is taken

        async def wait(name: str, priority: float) -> None:
            await slots.acquire(priority)
            order.append(name)
            slots.release()

        tasks = [asyncio.create_task(wait(n, p)) for n, p in [("a", 1), ("b", 5), ("c", 1)]]
        await asyncio.sleep(0)
        slots.release()
        await asyncio.gather(*tasks)
        return order

    assert asyncio.run(go()) == ["b", "a", "c"]


def test_a_waiter_cancelled_gives_its_turn_on_and_no_slot_is_lost() -> None:
    async def go() -> tuple[int, bool]:
        slots = Slots(1)
        await slots.acquire(0)
        first = asyncio.create_task(slots.acquire(9))
        second = asyncio.create_task(slots.acquire(1))
        await asyncio.sleep(0)
        slots.release()  # handed to `first`…
        first.cancel()  # …which is cancelled before it runs: the slot passes on
        await asyncio.gather(first, return_exceptions=True)
        await asyncio.wait_for(second, 1)
        slots.release()
        return slots.free, first.cancelled()

    assert asyncio.run(go()) == (1, True)


def test_a_hosts_remaining_time_is_pages_left_times_its_mean() -> None:
    host = Host(left=10)
    assert host.remaining(default=1.0) == 10.0  # nothing finished yet: the guess
    host.finished(0.2)
    host.finished(0.4)
    assert abs(host.remaining(default=1.0) - 3.0) < 1e-9

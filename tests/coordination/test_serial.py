"""PerConversation: one drain per conversation; with leases, one per conversation across replicas."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Callable

import pytest

from coordination.lease import InProcessLeases, Leases, RedisLeases
from coordination.serial import RETRY, URGENT, PerConversation
from tests.coordination.conftest import Backend

pytestmark = pytest.mark.anyio


async def _nothing_due() -> list[int]:
    return []


@pytest.fixture
def replica(backend: Backend) -> Callable[[], Leases]:
    if not backend.redis:
        shared = InProcessLeases()
        return lambda: shared
    return lambda: RedisLeases(backend.client(), prefix=backend.prefix)


class Drains:
    """A drain that records its runs and, while `gate` is closed, blocks."""

    def __init__(self) -> None:
        self.runs: Counter[int] = Counter()
        self.running: set[int] = set()
        self.overlap = False
        self.cancelled = 0
        self.gate = asyncio.Event()
        self.gate.set()

    async def __call__(self, conversation_id: int) -> None:
        self.overlap |= conversation_id in self.running
        self.running.add(conversation_id)
        self.runs[conversation_id] += 1
        try:
            await self.gate.wait()
        except asyncio.CancelledError:
            self.cancelled += 1
            raise
        finally:
            self.running.discard(conversation_id)


async def test_without_leases_a_kick_during_a_drain_runs_it_once_more() -> None:
    drains = Drains()
    tasks = PerConversation("t", drains, _nothing_due, 60.0)  # positional, as the dispatcher calls it
    drains.gate.clear()
    tasks.kick(1)
    await asyncio.sleep(0.01)
    tasks.kick(1)
    tasks.kick(1)
    assert tasks.kicked(1)
    drains.gate.set()
    await tasks.idle()
    assert drains.runs[1] == 2 and not drains.overlap


async def test_the_sweep_kicks_what_is_due() -> None:
    drains = Drains()

    async def due() -> list[int]:
        return [1, 2]

    tasks = PerConversation("t", drains, due, 0.05)
    tasks.start()
    try:
        for _ in range(100):
            if drains.runs[1] and drains.runs[2]:
                break
            await asyncio.sleep(0.01)
    finally:
        await tasks.stop()
    assert drains.runs[1] >= 1 and drains.runs[2] >= 1


async def test_a_conversation_held_by_one_replica_is_skipped_by_another(replica: Callable[[], Leases]) -> None:
    first, second = Drains(), Drains()
    one = PerConversation("dispatcher", first, _nothing_due, 60.0, leases=replica())
    two = PerConversation("dispatcher", second, _nothing_due, 60.0, leases=replica())
    first.gate.clear()
    one.kick(5)
    await asyncio.sleep(0.05)
    two.kick(5)
    two.kick(6)  # another conversation is free
    await two.idle()
    assert second.runs == Counter({6: 1})
    first.gate.set()
    await one.idle()
    two.kick(5)  # released at the end of the first drain
    await two.idle()
    assert second.runs[5] == 1


async def test_the_lease_is_renewed_while_a_drain_outlasts_its_ttl(replica: Callable[[], Leases]) -> None:
    first = Drains()
    leases = replica()
    one = PerConversation("outbox", first, _nothing_due, 60.0, leases=replica(), lease_ttl=0.3)
    first.gate.clear()
    one.kick(1)
    await asyncio.sleep(0.6)
    assert await leases.acquire("outbox:1", 5) is None
    first.gate.set()
    await one.idle()
    assert first.cancelled == 0
    assert await leases.acquire("outbox:1", 5) is not None


async def test_a_failed_drain_releases_its_lease(replica: Callable[[], Leases]) -> None:
    async def failing(conversation_id: int) -> None:
        raise RuntimeError("provider down")

    leases = replica()
    one = PerConversation("outbox", failing, _nothing_due, 60.0, leases=replica())
    one.kick(1)
    await one.idle()
    assert await leases.acquire("outbox:1", 5) is not None


class LosingLeases:
    """Leases whose renewals fail: as if Redis had been unreachable past the ttl."""

    def __init__(self, inner: Leases) -> None:
        self.inner = inner

    async def acquire(self, key: str, ttl: float) -> str | None:
        return await self.inner.acquire(key, ttl)

    async def renew(self, key: str, token: str, ttl: float) -> bool:
        return False

    async def release(self, key: str, token: str) -> None:
        await self.inner.release(key, token)


async def test_a_drain_that_lost_its_lease_is_cancelled(replica: Callable[[], Leases]) -> None:
    drains = Drains()
    one = PerConversation("outbox", drains, _nothing_due, 60.0, leases=LosingLeases(replica()), lease_ttl=0.15)
    drains.gate.clear()
    one.kick(1)
    try:
        for _ in range(500):
            if drains.cancelled:
                break
            await asyncio.sleep(0.01)
        assert drains.cancelled == 1
    finally:
        drains.gate.set()  # if not cancelled, let it end rather than hang the run
        await one.idle()


async def test_a_skipped_drain_tries_again_when_kicked_meanwhile(replica: Callable[[], Leases]) -> None:
    """A kick that arrives while a replica is finding the lease taken is not lost: it re-runs once, then stops."""
    leases = replica()
    token = await leases.acquire("dispatcher:3", 5)
    assert token is not None
    drains = Drains()
    two = PerConversation("dispatcher", drains, _nothing_due, 60.0, leases=replica())
    two.kick(3)
    two.kick(3)
    await asyncio.wait_for(asyncio.shield(two.idle()), 5)
    assert drains.runs[3] == 0
    await leases.release("dispatcher:3", token)
    two.kick(3)
    await two.idle()
    assert drains.runs[3] == 1


# -- bounded work and priority (no replicas needed) -----------------------------------------


async def test_no_more_drains_run_at_once_than_the_bound_and_the_rest_wait() -> None:
    started: list[int] = []
    gate = asyncio.Event()

    async def drain(conversation_id: int) -> None:
        started.append(conversation_id)
        await gate.wait()

    tasks = PerConversation("t", drain, _nothing_due, 60, max_running=2)
    for conversation_id in range(1, 11):
        tasks.kick(conversation_id)
    await asyncio.sleep(0.01)
    assert started == [1, 2] and tasks.running == 2 and tasks.waiting == 8

    gate.set()
    await tasks.idle()
    assert sorted(started) == list(range(1, 11)) and tasks.waiting == 0


async def test_an_urgent_conversation_is_served_before_a_backlog_of_retries() -> None:
    order: list[int] = []
    gate = asyncio.Event()

    async def drain(conversation_id: int) -> None:
        order.append(conversation_id)
        await gate.wait()

    tasks = PerConversation("t", drain, _nothing_due, 60, max_running=1)
    tasks.kick(1)  # takes the only slot
    for conversation_id in range(100, 150):
        tasks.kick(conversation_id, priority=RETRY)
    tasks.kick(7)  # a new message
    tasks.kick(9, priority=URGENT)  # a new customer's first message
    tasks.kick(120, priority=URGENT)  # a waiting retry promoted: its customer wrote again urgently
    await asyncio.sleep(0.01)
    gate.set()
    await tasks.idle()

    assert order[:5] == [1, 9, 120, 7, 100]
    assert len(order) == len(set(order)) == 53  # each conversation drained once


async def test_a_conversation_kicked_while_draining_goes_back_in_line_behind_an_urgent_one() -> None:
    order: list[int] = []
    first_run = asyncio.Event()

    async def drain(conversation_id: int) -> None:
        order.append(conversation_id)
        if len(order) == 1:
            await first_run.wait()

    tasks = PerConversation("t", drain, _nothing_due, 60, max_running=1)
    tasks.kick(1)
    await asyncio.sleep(0.01)
    tasks.kick(1)  # a burst from the same customer while its drain runs
    tasks.kick(2, priority=URGENT)
    first_run.set()
    await tasks.idle()
    await asyncio.sleep(0.01)
    await tasks.idle()

    assert order == [1, 2, 1]


async def test_a_conversation_that_waited_past_stale_after_falls_behind_fresh_ones() -> None:
    order: list[int] = []
    gate = asyncio.Event()

    async def drain(conversation_id: int) -> None:
        order.append(conversation_id)
        await gate.wait()

    tasks = PerConversation("t", drain, _nothing_due, 60, max_running=1, stale_after=0.2)
    tasks.kick(1)  # holds the only slot, like a turn hanging on a paused bot
    for conversation_id in (10, 11, 12):
        tasks.kick(conversation_id, priority=URGENT)  # first messages, queued during the stall
    await asyncio.sleep(0.3)  # they are a backlog now
    tasks.kick(99, priority=URGENT)  # a customer writing after the stall
    gate.set()
    await tasks.idle()

    assert order == [1, 99, 10, 11, 12]  # the newcomer first, the backlog in its own order

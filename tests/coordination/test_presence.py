"""Console presence: an agent is online while any of their consoles is open, on any live replica."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable

import pytest

from coordination.presence import InProcessPresence, Presence, RedisPresence
from tests.coordination.conftest import Backend

pytestmark = pytest.mark.anyio

Replicas = Callable[[int], Awaitable[list[Presence]]]


@pytest.fixture
async def replicas(backend: Backend) -> AsyncIterator[Replicas]:
    """`await replicas(n)`: n replicas' view of presence (started; closed after the test)."""
    started: list[RedisPresence] = []

    async def make(n: int) -> list[Presence]:
        if not backend.redis:
            return [InProcessPresence()] * n
        for _ in range(n):
            presence = RedisPresence(backend.client(), f"replica-{len(started)}", prefix=f"{backend.prefix}presence:")
            await presence.start()
            started.append(presence)
        return list(started[-n:])

    try:
        yield make
    finally:
        for presence in started:
            await presence.close()


async def test_an_agent_is_online_while_any_console_is_open(replicas: Replicas) -> None:
    [presence] = await replicas(1)
    assert await presence.online() == set()
    await presence.arrive(7)
    await presence.arrive(7)  # a second tab
    await presence.arrive(8)
    assert await presence.online() == {7, 8}
    await presence.leave(7)
    assert await presence.online() == {7, 8}
    await presence.leave(7)
    await presence.leave(8)
    assert await presence.online() == set()


async def test_presence_is_counted_across_replicas(replicas: Replicas) -> None:
    first, second = await replicas(2)
    await first.arrive(1)
    await second.arrive(2)
    await second.arrive(1)  # agent 1 on both replicas
    assert await first.online() == await second.online() == {1, 2}
    await first.leave(1)
    assert await second.online() == {1, 2}  # still open on the second replica
    await second.leave(1)
    assert await first.online() == {2}


async def test_a_crashed_replicas_agents_go_offline_after_the_ttl(redis_backend: Backend) -> None:
    prefix = f"{redis_backend.prefix}presence:"
    crashed = RedisPresence(redis_backend.client(), "crashed", prefix=prefix, ttl=0.3)  # never refreshed
    alive = RedisPresence(redis_backend.client(), "alive", prefix=prefix, ttl=0.3)
    await alive.start()
    try:
        await crashed.arrive(1)
        await alive.arrive(2)
        assert await alive.online() == {1, 2}
        await asyncio.sleep(0.6)  # two ttls: the live replica refreshed its own meanwhile
        assert await alive.online() == {2}
    finally:
        await alive.close()


async def test_a_replica_that_closes_withdraws_its_agents_at_once(redis_backend: Backend) -> None:
    prefix = f"{redis_backend.prefix}presence:"
    leaving = RedisPresence(redis_backend.client(), "leaving", prefix=prefix)
    staying = RedisPresence(redis_backend.client(), "staying", prefix=prefix)
    await leaving.start()
    await leaving.arrive(1)
    assert await staying.online() == {1}
    await leaving.close()
    assert await staying.online() == set()


async def test_a_replica_rewrites_its_presence_after_redis_lost_it(redis_backend: Backend) -> None:
    prefix = f"{redis_backend.prefix}presence:"
    presence = RedisPresence(redis_backend.client(), "r", prefix=prefix, ttl=0.3)
    await presence.start()
    try:
        await presence.arrive(4)
        await redis_backend.client().delete(f"{prefix}replica:r")  # say, Redis restarted empty
        assert await presence.online() == set()
        await asyncio.sleep(0.3)  # the refresher runs every ttl/3
        assert await presence.online() == {4}
    finally:
        await presence.close()

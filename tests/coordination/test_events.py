"""The event bus: what one replica publishes reaches the consoles of every replica; slow ones are cut off."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import pytest

from coordination.events import EventBus, InProcessEventBus, RedisEventBus
from tests.coordination.conftest import Backend

pytestmark = pytest.mark.anyio

Replicas = Callable[..., Awaitable[list[EventBus]]]


@pytest.fixture
async def replicas(backend: Backend) -> AsyncIterator[Replicas]:
    """`await replicas(n, max_queued=...)`: n buses on one channel, started; closed after the test."""
    started: list[RedisEventBus] = []

    async def make(n: int, max_queued: int = 1000) -> list[EventBus]:
        if not backend.redis:
            return [InProcessEventBus(max_queued)] * n
        buses = [RedisEventBus(backend.client(), f"{backend.prefix}events", max_queued=max_queued) for _ in range(n)]
        for bus in buses:
            await bus.start()
            started.append(bus)
        return list(buses)

    try:
        yield make
    finally:
        for bus in started:
            await bus.close()


async def _next(queue: asyncio.Queue[dict[str, Any] | None]) -> dict[str, Any] | None:
    return await asyncio.wait_for(queue.get(), 5)


async def test_events_published_by_one_replica_reach_a_subscriber_of_another(replicas: Replicas) -> None:
    publisher, subscriber = await replicas(2)
    # The publisher must publish although no console is connected to it: the other replica's is.
    assert publisher.listening or not isinstance(publisher, RedisEventBus)
    async with subscriber.subscribe() as events:
        assert subscriber.listening
        for n in range(20):
            await publisher.publish({"type": "conversation", "n": n})
        assert [await _next(events) for _ in range(20)] == [{"type": "conversation", "n": n} for n in range(20)]


async def test_every_subscriber_gets_every_event(replicas: Replicas) -> None:
    publisher, subscriber = await replicas(2)
    async with subscriber.subscribe() as one, subscriber.subscribe() as two:
        await publisher.publish({"type": "message", "id": 1})
        assert await _next(one) == await _next(two) == {"type": "message", "id": 1}


async def test_a_slow_subscriber_gets_none_and_never_blocks_the_publisher(replicas: Replicas) -> None:
    publisher, subscriber = await replicas(2, max_queued=3)
    async with subscriber.subscribe() as events:
        await asyncio.wait_for(asyncio.gather(*(publisher.publish({"n": n}) for n in range(10))), 5)
        received = [await _next(events) for _ in range(3)]
        assert received == [{"n": 1}, {"n": 2}, None]  # the oldest made room for "reload"
        await publisher.publish({"n": 10})
        await asyncio.sleep(0.1)
        assert events.empty()  # nothing more after None


async def test_a_broken_link_to_redis_makes_consoles_reload_then_events_flow_again(redis_backend: Backend) -> None:
    name = f"{redis_backend.prefix}client"
    bus = RedisEventBus(redis_backend.client(client_name=name), f"{redis_backend.prefix}events")
    bus.RETRY_AFTER = 0.05
    publisher = redis_backend.client()
    await bus.start()
    try:
        async with bus.subscribe() as before:
            for client in await publisher.client_list(_type="pubsub"):
                if client["name"] == name:
                    await publisher.client_kill_filter(_id=client["id"])
            assert await _next(before) is None
        async with bus.subscribe() as after:
            for _ in range(100):  # resubscribed within a few retries
                await publisher.publish(f"{redis_backend.prefix}events", '{"n": 1}')
                with contextlib.suppress(TimeoutError):
                    assert await asyncio.wait_for(after.get(), 0.05) == {"n": 1}
                    break
            else:
                pytest.fail("no event after the link came back")
    finally:
        await bus.close()

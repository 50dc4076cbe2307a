"""Live-chat membership: a session is connected while any of its tabs is open, on any live replica."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable

import pytest

from coordination.members import InProcessMembers, Members, RedisMembers
from tests.coordination.conftest import Backend

pytestmark = pytest.mark.anyio

Replicas = Callable[[int], Awaitable[list[Members]]]


@pytest.fixture
async def replicas(backend: Backend) -> AsyncIterator[Replicas]:
    """`await replicas(n)`: n replicas' view of the web chat's members (started; closed after the test)."""
    started: list[RedisMembers] = []

    async def make(n: int) -> list[Members]:
        if not backend.redis:
            return [InProcessMembers()] * n
        for _ in range(n):
            members = RedisMembers(backend.client(), "webchat", f"replica-{len(started)}", prefix=backend.prefix)
            await members.start()
            started.append(members)
        return list(started[-n:])

    try:
        yield make
    finally:
        for members in started:
            await members.close()


async def test_a_session_is_connected_while_any_tab_is_open(replicas: Replicas) -> None:
    [members] = await replicas(1)
    assert not await members.connected("session-a")
    await members.join("session-a")
    await members.join("session-a")
    await members.leave("session-a")
    assert await members.connected("session-a")
    assert not await members.connected("session-b")
    await members.leave("session-a")
    assert not await members.connected("session-a")


async def test_members_are_counted_across_replicas(replicas: Replicas) -> None:
    first, second = await replicas(2)
    await first.join("session-a")
    await second.join("session-a")
    assert await second.connected("session-a")
    await second.leave("session-a")
    assert await second.connected("session-a")  # the tab on the first replica is still open
    await first.leave("session-a")
    assert not await first.connected("session-a") and not await second.connected("session-a")


async def test_web_chat_and_socketio_members_are_apart(redis_backend: Backend) -> None:
    client = redis_backend.client()
    webchat = RedisMembers(client, "webchat", "r", prefix=redis_backend.prefix)
    socketio = RedisMembers(client, "socketio", "r", prefix=redis_backend.prefix)
    await webchat.join("same-id")
    assert await webchat.connected("same-id")
    assert not await socketio.connected("same-id")


async def test_a_crashed_replicas_connections_stop_counting_after_the_ttl(redis_backend: Backend) -> None:
    crashed = RedisMembers(redis_backend.client(), "webchat", "crashed", prefix=redis_backend.prefix, ttl=0.3)
    alive = RedisMembers(redis_backend.client(), "webchat", "alive", prefix=redis_backend.prefix, ttl=0.3)
    await alive.start()
    try:
        await crashed.join("session-a")
        await alive.join("session-b")
        assert await alive.connected("session-a")
        await asyncio.sleep(0.6)
        assert not await alive.connected("session-a")
        assert await alive.connected("session-b")
    finally:
        await alive.close()

"""Leases: one holder per key at a time, on both implementations."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import pytest

from coordination.lease import InProcessLeases, Leases, RedisLeases
from tests.coordination.conftest import Backend

pytestmark = pytest.mark.anyio


@pytest.fixture
def replica(backend: Backend) -> Callable[[], Leases]:
    """Each call: the leases as one more replica sees them."""
    if not backend.redis:
        shared = InProcessLeases()
        return lambda: shared
    return lambda: RedisLeases(backend.client(), prefix=backend.prefix)


async def test_two_holders_racing_for_a_lease_exactly_one_wins(replica: Callable[[], Leases]) -> None:
    first, second = replica(), replica()
    for n in range(20):
        tokens = await asyncio.gather(first.acquire(f"conversation:{n}", 5), second.acquire(f"conversation:{n}", 5))
        assert sum(token is not None for token in tokens) == 1, tokens


async def test_leases_on_different_keys_do_not_interfere(replica: Callable[[], Leases]) -> None:
    first, second = replica(), replica()
    assert await first.acquire("dispatcher:1", 5) is not None
    assert await second.acquire("dispatcher:2", 5) is not None
    assert await second.acquire("outbox:1", 5) is not None


async def test_only_the_holder_renews_or_releases(replica: Callable[[], Leases]) -> None:
    holder, other = replica(), replica()
    token = await holder.acquire("k", 5)
    assert token is not None
    assert not await other.renew("k", "not-the-token", 5)
    await other.release("k", "not-the-token")
    assert await other.acquire("k", 5) is None  # still held
    assert await holder.renew("k", token, 5)
    await holder.release("k", token)
    assert await other.acquire("k", 5) is not None


async def test_an_expired_lease_lets_another_take_it(replica: Callable[[], Leases]) -> None:
    crashed, other = replica(), replica()
    old = await crashed.acquire("k", 0.2)
    assert old is not None
    assert await other.acquire("k", 5) is None
    await asyncio.sleep(0.35)
    new = await other.acquire("k", 5)
    assert new is not None
    # The old holder, back from the dead, can neither extend nor free the new holder's lease.
    assert not await crashed.renew("k", old, 5)
    await crashed.release("k", old)
    assert await crashed.acquire("k", 5) is None


async def test_renewing_keeps_a_lease_past_its_first_ttl(replica: Callable[[], Leases]) -> None:
    holder, other = replica(), replica()
    token = await holder.acquire("k", 0.3)
    assert token is not None
    for _ in range(3):
        await asyncio.sleep(0.15)
        assert await holder.renew("k", token, 0.3)
    assert await other.acquire("k", 5) is None  # 0.45 s after taking a 0.3 s lease


async def test_redis_leases_live_under_their_prefix_and_expire(redis_backend: Backend) -> None:
    backend = redis_backend
    leases = RedisLeases(backend.client(), prefix=backend.prefix)
    assert await leases.acquire("dispatcher:7", 10) is not None
    client = backend.client()
    assert 0 < await client.pttl(f"{backend.prefix}dispatcher:7") <= 10_000

"""The login throttle: five attempts per username per window, shared by every replica."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import pytest

from coordination.throttle import LIMIT, WINDOW, InProcessLoginThrottle, LoginThrottle, RedisLoginThrottle
from tests.coordination.conftest import Backend

pytestmark = pytest.mark.anyio

Replicas = Callable[..., list[LoginThrottle]]


@pytest.fixture
def replicas(backend: Backend) -> Replicas:
    """`replicas(n, limit, window)`: n replicas' view of the throttle (defaults: today's limits)."""

    def make(n: int, limit: int = LIMIT, window: float = WINDOW) -> list[LoginThrottle]:
        if not backend.redis:
            return [InProcessLoginThrottle(limit, window)] * n
        return [RedisLoginThrottle(backend.client(), limit, window, prefix=backend.prefix) for _ in range(n)]

    return make


async def test_the_sixth_attempt_within_the_window_is_refused(replicas: Replicas) -> None:
    [throttle] = replicas(1)
    assert [await throttle.attempt("alice") for _ in range(6)] == [True] * 5 + [False]
    assert await throttle.attempt("bob")  # other usernames are not affected


async def test_usernames_are_counted_case_insensitively(replicas: Replicas) -> None:
    [throttle] = replicas(1)
    for name in ("Alice", "ALICE", "alice", "aLiCe", "alicE"):
        assert await throttle.attempt(name)
    assert not await throttle.attempt("alice")


async def test_a_success_wipes_the_count(replicas: Replicas) -> None:
    [throttle] = replicas(1)
    for _ in range(4):
        await throttle.attempt("alice")
    await throttle.succeeded("Alice")
    assert [await throttle.attempt("alice") for _ in range(6)] == [True] * 5 + [False]


async def test_attempts_are_allowed_again_after_the_window(replicas: Replicas) -> None:
    [throttle] = replicas(1, 2, 0.3)
    assert [await throttle.attempt("alice") for _ in range(3)] == [True, True, False]
    await asyncio.sleep(0.4)
    assert await throttle.attempt("alice")


async def test_attempts_on_several_replicas_share_one_count(replicas: Replicas) -> None:
    first, second = replicas(2)
    for _ in range(3):
        assert await first.attempt("alice")
    for _ in range(2):
        assert await second.attempt("alice")
    assert not await first.attempt("alice")
    assert not await second.attempt("alice")
    await second.succeeded("alice")
    assert await first.attempt("alice")


async def test_the_in_process_table_stays_bounded() -> None:
    throttle = InProcessLoginThrottle(max_usernames=100)
    for n in range(1000):
        await throttle.attempt(f"user-{n}")
    assert len(throttle._attempts) == 100


async def test_redis_counts_expire_with_the_window(redis_backend: Backend) -> None:
    throttle = RedisLoginThrottle(redis_backend.client(), prefix=redis_backend.prefix)
    await throttle.attempt("Alice")
    ttl = await redis_backend.client().pttl(f"{redis_backend.prefix}alice")
    assert 290_000 < ttl <= 300_000

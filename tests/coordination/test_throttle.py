"""The login throttle: exponential back-off per username and source, per source and per
username, never a lock; shared by every replica (coordination/throttle.py)."""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Callable

import pytest

from coordination.throttle import ACCOUNT, PAIR, InProcessLoginThrottle, LoginThrottle, RedisLoginThrottle, Rule, Rules
from tests.coordination.conftest import Backend

pytestmark = pytest.mark.anyio

Replicas = Callable[..., list[LoginThrottle]]
HERE, THERE = "203.0.113.7", "198.51.100.9"


@pytest.fixture
def replicas(backend: Backend) -> Replicas:
    """`replicas(n, rules)`: n replicas' view of the throttle (default: the shipped rules)."""

    def make(n: int, rules: Rules | None = None) -> list[LoginThrottle]:
        rules = rules or Rules()
        if not backend.redis:
            return [InProcessLoginThrottle(rules)] * n
        return [RedisLoginThrottle(backend.client(), rules, prefix=backend.prefix) for _ in range(n)]

    return make


async def tries(throttle: LoginThrottle, n: int, username: str = "alice", source: str = HERE) -> list[bool]:
    """Whether each of n attempts was let through."""
    return [await throttle.attempt(username, source) == 0 for _ in range(n)]


def test_each_failure_past_the_free_ones_doubles_the_window_up_to_the_cap() -> None:
    assert [PAIR.delay(n) for n in range(1, 16)] == [0, 0, 0, 0, 1, 2, 4, 8, 16, 32, 64, 128, 256, 300, 300]
    assert ACCOUNT.delay(10_000) == 60  # the window any address can open stays short


async def test_five_failures_from_one_source_open_a_window_for_that_username_there(replicas: Replicas) -> None:
    [throttle] = replicas(1)
    assert await tries(throttle, 5) == [True] * 5
    assert 0 < await throttle.attempt("alice", HERE) <= 1  # the first window: a second
    assert await throttle.attempt("bob", HERE) == 0  # other usernames from here are not affected
    assert await throttle.attempt("alice", THERE) == 0  # nor alice from elsewhere


async def test_usernames_are_counted_case_insensitively(replicas: Replicas) -> None:
    [throttle] = replicas(1)
    for name in ("Alice", "ALICE", "alice", "aLiCe", "alicE"):
        assert await throttle.attempt(name, HERE) == 0
    assert await throttle.attempt("alice", HERE) > 0


async def test_a_success_wipes_the_usernames_count(replicas: Replicas) -> None:
    [throttle] = replicas(1)
    await tries(throttle, 4)
    await throttle.succeeded("Alice", HERE)
    assert await tries(throttle, 6) == [True] * 5 + [False]


async def hammer_through_a_window(throttle: LoginThrottle, username: str) -> bool:
    """Open a 1 s window, keep trying inside it for 0.7 s, then try once at 1.4 s: let through?"""
    start = time.monotonic()
    assert await throttle.attempt(username, HERE) == 0  # opens the window
    while time.monotonic() - start < 0.7:
        await throttle.attempt(username, f"10.9.9.{random.randrange(256)}")
    await asyncio.sleep(start + 1.4 - time.monotonic())
    return await throttle.attempt(username, HERE) == 0


async def test_refused_attempts_do_not_extend_the_window(replicas: Replicas) -> None:
    [throttle] = replicas(1, Rules(pair=Rule(free=1, base=1.0, cap=1.0), account=Rule(free=1, base=1.0, cap=1.0)))
    assert await hammer_through_a_window(throttle, "alice")


async def test_spraying_many_usernames_from_one_source_is_slowed(replicas: Replicas) -> None:
    [throttle] = replicas(1)
    for n in range(20):
        assert await throttle.attempt(f"user-{n}", HERE) == 0
    assert await throttle.attempt("someone-new", HERE) > 0
    assert await throttle.attempt("someone-new", THERE) == 0  # another source is not affected


async def test_one_good_login_does_not_clear_a_sprayers_tally(replicas: Replicas) -> None:
    [throttle] = replicas(1)
    for n in range(19):
        await throttle.attempt(f"user-{n}", HERE)
    assert await throttle.attempt("aysel", HERE) == 0
    await throttle.succeeded("aysel", HERE)  # takes back only its own attempt
    assert await throttle.attempt("user-19", HERE) == 0
    assert await throttle.attempt("user-20", HERE) > 0


async def test_guessing_one_username_from_many_sources_is_slowed(replicas: Replicas) -> None:
    [throttle] = replicas(1)
    for n in range(20):
        assert await throttle.attempt("boss", f"10.0.0.{n}") == 0
    assert 0 < await throttle.attempt("boss", "10.0.1.1") <= 1


async def test_nobody_can_keep_an_account_shut(replicas: Replicas) -> None:
    """The account-wide window is short and refused attempts from anywhere do not extend it."""
    [throttle] = replicas(1, Rules(account=Rule(free=3, base=1.0, cap=1.0)))
    for n in range(2):
        await throttle.attempt("boss", f"10.0.0.{n}")
    assert await hammer_through_a_window(throttle, "boss")  # the owner gets in after the window
    await throttle.succeeded("boss", HERE)
    assert await throttle.attempt("boss", HERE) == 0


async def test_attempts_on_several_replicas_share_one_count(replicas: Replicas) -> None:
    first, second = replicas(2)
    assert await tries(first, 3) + await tries(second, 2) == [True] * 5
    assert await first.attempt("alice", HERE) > 0
    assert await second.attempt("alice", HERE) > 0
    await second.succeeded("alice", HERE)
    assert await first.attempt("alice", HERE) == 0


async def test_a_flood_of_other_usernames_cannot_push_a_penalised_one_out() -> None:
    throttle = InProcessLoginThrottle(max_entries=100)
    await tries(throttle, 5, "boss", HERE)
    for n in range(1000):  # every one from its own address, so none of them is slowed
        assert await throttle.attempt(f"user-{n}", f"10.{n // 250}.{n % 250}.1") == 0
    tables = (throttle.pairs, throttle.sources, throttle.accounts)
    assert all(len(table.entries) == 100 for table in tables)
    assert await throttle.attempt("boss", HERE) > 0


async def test_redis_keys_live_only_while_their_count_matters(redis_backend: Backend) -> None:
    throttle = RedisLoginThrottle(redis_backend.client(), prefix=redis_backend.prefix)
    await throttle.attempt("Alice", HERE)
    client = redis_backend.client()
    keys = await redis_backend.keys()
    assert len(keys) == 3 and f"{redis_backend.prefix}account:alice" in keys
    assert all(890_000 < ttl <= 900_000 for ttl in [await client.pttl(key) for key in keys])

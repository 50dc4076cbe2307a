"""The outbox's token buckets: a burst goes at once, then the per-chat and overall rates hold.

Each case runs in-process and on Redis; on Redis, "replicas" are separate limiters
over separate clients that must share one budget.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

import pytest

from coordination.ratelimit import ChannelLimiter, InProcessRateLimiter, Limits, RateLimiter, RedisRateLimiter
from tests.coordination.conftest import Backend

pytestmark = pytest.mark.anyio

Replicas = Callable[[Limits, int], list[RateLimiter]]


@pytest.fixture
def replicas(backend: Backend) -> Replicas:
    """`replicas(limits, n)`: n limiters of one channel, as n gateway replicas hold them."""

    def make(limits: Limits, n: int = 1) -> list[RateLimiter]:
        if not backend.redis:
            shared = InProcessRateLimiter(limits)
            return [shared] * n
        return [RedisRateLimiter(backend.client(), "telegram", limits, prefix=backend.prefix) for _ in range(n)]

    return make


def test_channel_limiter_is_still_the_in_process_limiter() -> None:
    assert ChannelLimiter is InProcessRateLimiter


async def test_a_chat_gets_its_burst_at_once_then_its_rate(replicas: Replicas) -> None:
    [limiter] = replicas(Limits(rate=1000, chat_rate=10, chat_burst=3), 1)
    waits = [await limiter.acquire("chat-1") for _ in range(5)]
    assert waits[:3] == [0.0, 0.0, 0.0]
    assert 0.08 <= waits[3] <= 0.2 and 0.08 <= waits[4] <= 0.2  # 10 per second: 0.1 s apart


async def test_other_chats_are_not_slowed_by_a_busy_one(replicas: Replicas) -> None:
    [limiter] = replicas(Limits(rate=1000, chat_rate=1, chat_burst=1), 1)
    await limiter.acquire("busy")
    started = time.monotonic()
    assert await limiter.acquire("quiet") == 0.0
    assert time.monotonic() - started < 0.5  # the busy chat's next token is a whole second away


async def test_the_overall_rate_holds_across_chats(replicas: Replicas) -> None:
    [limiter] = replicas(Limits(rate=20, chat_rate=1000, chat_burst=1000), 1)
    started = time.monotonic()
    for n in range(40):  # 20 at once (one second's worth), then 20 more at 20 per second
        await limiter.acquire(f"chat-{n}")
    assert 0.9 <= time.monotonic() - started <= 3.0  # upper bound: not paced far slower than the rate (loaded CI)


async def test_retry_after_holds_one_chat_or_the_whole_channel(replicas: Replicas) -> None:
    [limiter] = replicas(Limits(rate=1000, chat_rate=1000, chat_burst=10), 1)
    limiter.hold("chat-1", 0.3)
    assert await limiter.acquire("chat-2") == 0.0
    assert 0.25 <= await limiter.acquire("chat-1") <= 0.45
    limiter.hold(None, 0.2)
    assert 0.15 <= await limiter.acquire("chat-3") <= 0.35


async def test_a_message_split_in_parts_costs_one_token_per_part(replicas: Replicas) -> None:
    [limiter] = replicas(Limits(rate=1000, chat_rate=10, chat_burst=2), 1)
    assert await limiter.acquire("chat-1", 3) == 0.0  # a full bucket lets it through, into debt
    assert 0.15 <= await limiter.acquire("chat-1") <= 0.3  # one part over, plus this one: 0.2 s


async def test_two_replicas_share_one_chat_budget(replicas: Replicas) -> None:
    first, second = replicas(Limits(rate=1000, chat_rate=10, chat_burst=3), 2)
    for _ in range(3):
        assert await first.acquire("chat-1") == 0.0
    assert 0.08 <= await second.acquire("chat-1") <= 0.2  # the burst was spent on the other replica


async def test_two_replicas_sending_at_once_stay_inside_one_overall_rate(replicas: Replicas) -> None:
    first, second = replicas(Limits(rate=20, chat_rate=1000, chat_burst=1000), 2)

    async def send(limiter: RateLimiter, name: str) -> None:
        for n in range(15):
            await limiter.acquire(f"{name}-{n}")

    started = time.monotonic()
    await asyncio.gather(send(first, "a"), send(second, "b"))  # 30 in all: 20 at once, 10 at 20 per second
    assert 0.4 <= time.monotonic() - started <= 2.0  # upper bound: not paced far slower than the rate (loaded CI)


async def test_a_hold_on_one_replica_stops_the_others(replicas: Replicas) -> None:
    first, second = replicas(Limits(rate=1000, chat_rate=1000, chat_burst=10), 2)
    first.hold("chat-1", 0.4)
    first.hold(None, 0.2)
    await asyncio.sleep(0.05)  # Redis: the hold is written in the background
    assert 0.08 <= await second.acquire("chat-2") <= 0.3
    assert 0.05 <= await second.acquire("chat-1") <= 0.45


async def test_redis_buckets_expire_once_they_would_be_full(redis_backend: Backend) -> None:
    limiter = RedisRateLimiter(
        redis_backend.client(), "whatsapp", Limits(rate=80, chat_rate=1, chat_burst=2), prefix=redis_backend.prefix
    )
    await limiter.acquire("chat-1")
    keys = await redis_backend.keys()
    assert len(keys) == 2  # the channel's bucket and the chat's
    client = redis_backend.client()
    for key in keys:
        assert 0 < await client.pttl(key) <= 3000  # refilled within 1 s (chat) or 1/80 s (channel), plus 1 s

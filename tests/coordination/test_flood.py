"""The buckets that pace each customer's turns: a burst is answered at once, then the rate holds.

Each case runs in-process and on Redis; on Redis, "replicas" are separate limiters over
separate clients that must share one budget per customer.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from coordination.flood import FloodLimiter, FloodLimits, InProcessFloodLimiter, RedisFloodLimiter
from tests.coordination.conftest import Backend

pytestmark = pytest.mark.anyio

Replicas = Callable[[FloodLimits, int], list[FloodLimiter]]


@pytest.fixture
def replicas(backend: Backend) -> Replicas:
    """`replicas(limits, n)`: n limiters, as n gateway replicas hold them."""

    def make(limits: FloodLimits, n: int = 1) -> list[FloodLimiter]:
        if not backend.redis:
            return [InProcessFloodLimiter(limits)] * n
        return [RedisFloodLimiter(backend.client(), limits, prefix=backend.prefix) for _ in range(n)]

    return make


async def test_a_customer_gets_the_burst_at_once_then_is_told_how_long_to_wait(replicas: Replicas) -> None:
    [limiter] = replicas(FloodLimits(rate=2, burst=3), 1)

    waits = [await limiter.take("webchat:s-1") for _ in range(4)]

    assert waits[:3] == [0.0, 0.0, 0.0]
    assert 0.3 <= waits[3] <= 0.5  # two a second: the next in about half a second


async def test_a_refused_message_takes_nothing_so_it_goes_once_the_wait_is_over(replicas: Replicas) -> None:
    [limiter] = replicas(FloodLimits(rate=20, burst=1), 1)
    assert await limiter.take("c") == 0.0
    for _ in range(5):  # asking again and again does not push the customer further back
        assert 0 < await limiter.take("c") <= 0.05


async def test_one_customers_burst_leaves_the_others_their_whole_budget(replicas: Replicas) -> None:
    [limiter] = replicas(FloodLimits(rate=0.1, burst=2), 1)
    for _ in range(10):
        await limiter.take("whatsapp:994500000001")

    assert [await limiter.take("whatsapp:994500000002") for _ in range(2)] == [0.0, 0.0]


async def test_replicas_share_one_budget_per_customer(replicas: Replicas) -> None:
    first, second = replicas(FloodLimits(rate=0.1, burst=2), 2)

    assert await first.take("telegram:42") == 0.0
    assert await second.take("telegram:42") == 0.0
    assert await first.take("telegram:42") > 0 and await second.take("telegram:42") > 0

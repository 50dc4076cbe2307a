"""The outbox's token buckets: a burst goes at once, then the per-chat and overall rates hold."""

from __future__ import annotations

import time

import pytest

from coordination.ratelimit import ChannelLimiter, Limits

pytestmark = pytest.mark.anyio


async def test_a_chat_gets_its_burst_at_once_then_its_rate() -> None:
    limiter = ChannelLimiter(Limits(rate=1000, chat_rate=10, chat_burst=3))
    waits = [await limiter.acquire("chat-1") for _ in range(5)]
    assert waits[:3] == [0.0, 0.0, 0.0]
    assert 0.08 <= waits[3] <= 0.2 and 0.08 <= waits[4] <= 0.2  # 10 per second: 0.1 s apart


async def test_other_chats_are_not_slowed_by_a_busy_one() -> None:
    limiter = ChannelLimiter(Limits(rate=1000, chat_rate=1, chat_burst=1))
    await limiter.acquire("busy")
    started = time.monotonic()
    assert await limiter.acquire("quiet") == 0.0
    assert time.monotonic() - started < 0.05


async def test_the_overall_rate_holds_across_chats() -> None:
    limiter = ChannelLimiter(Limits(rate=20, chat_rate=1000, chat_burst=1000))
    started = time.monotonic()
    for n in range(40):  # 20 at once (one second's worth), then 20 more at 20 per second
        await limiter.acquire(f"chat-{n}")
    assert 0.9 <= time.monotonic() - started <= 1.5


async def test_retry_after_holds_one_chat_or_the_whole_channel() -> None:
    limiter = ChannelLimiter(Limits(rate=1000, chat_rate=1000, chat_burst=10))
    limiter.hold("chat-1", 0.3)
    assert await limiter.acquire("chat-2") == 0.0
    assert 0.25 <= await limiter.acquire("chat-1") <= 0.45
    limiter.hold(None, 0.2)
    assert 0.15 <= await limiter.acquire("chat-3") <= 0.35


async def test_a_message_split_in_parts_costs_one_token_per_part() -> None:
    limiter = ChannelLimiter(Limits(rate=1000, chat_rate=10, chat_burst=2))
    assert await limiter.acquire("chat-1", 3) == 0.0  # a full bucket lets it through, into debt
    assert 0.15 <= await limiter.acquire("chat-1") <= 0.3  # one part over, plus this one: 0.2 s

"""build_coordination: everything in-process without a URL, everything on one Redis client with one."""

from __future__ import annotations

import asyncio
import sys

import pytest

from coordination.events import InProcessEventBus, RedisEventBus
from coordination.factory import build_coordination
from coordination.lease import InProcessLeases, RedisLeases
from coordination.members import InProcessMembers, RedisMembers
from coordination.presence import InProcessPresence, RedisPresence
from coordination.ratelimit import InProcessRateLimiter, Limits, RedisRateLimiter
from coordination.throttle import InProcessLoginThrottle, RedisLoginThrottle

pytestmark = pytest.mark.anyio

LIMITS = Limits(rate=30, chat_rate=1, chat_burst=3)


async def test_without_a_url_everything_is_in_process() -> None:
    coordination = await build_coordination(None)
    assert isinstance(coordination.leases, InProcessLeases)
    assert isinstance(coordination.events, InProcessEventBus)
    assert isinstance(coordination.presence, InProcessPresence)
    assert isinstance(coordination.login_throttle, InProcessLoginThrottle)
    assert isinstance(coordination.webchat_members, InProcessMembers)
    assert coordination.socketio_members is not coordination.webchat_members
    assert isinstance(coordination.rate_limiter("telegram", LIMITS), InProcessRateLimiter)
    ran = asyncio.Event()

    async def job() -> None:
        ran.set()
        await asyncio.Event().wait()

    leader = asyncio.create_task(coordination.leadership.run("telegram", job))
    await asyncio.wait_for(ran.wait(), 5)
    leader.cancel()
    await coordination.close()


async def test_with_a_url_everything_shares_one_redis_client(redis_url: str) -> None:
    replica_id = "test-factory-replica"
    coordination = await build_coordination(redis_url, replica_id=replica_id)
    try:
        assert isinstance(coordination.leases, RedisLeases)
        assert isinstance(coordination.events, RedisEventBus)
        assert isinstance(coordination.presence, RedisPresence)
        assert isinstance(coordination.login_throttle, RedisLoginThrottle)
        assert isinstance(coordination.webchat_members, RedisMembers)
        assert isinstance(coordination.socketio_members, RedisMembers)
        assert isinstance(coordination.rate_limiter("telegram", LIMITS), RedisRateLimiter)
        assert coordination.redis is not None and await coordination.redis.ping()
        # The reader is subscribed (nothing is published: a developer's gateway may be listening).
        [(_, subscribers)] = await coordination.redis.pubsub_numsub("supportbot:events")
        assert subscribers >= 1
        await coordination.presence.arrive(42)
        assert 42 in await coordination.presence.online()
    finally:
        await coordination.close()
    probe = await build_coordination(redis_url)
    try:
        assert 42 not in await probe.presence.online()  # closing withdrew the replica's presence
    finally:
        await probe.close()


async def test_an_unreachable_redis_is_a_clear_error_at_start() -> None:
    with pytest.raises(RuntimeError, match=r"Redis at redis://:\*\*\*@127\.0\.0\.1:1/0 is not usable"):
        await build_coordination("redis://:secret@127.0.0.1:1/0")


async def test_a_url_without_the_redis_package_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "redis.asyncio", None)
    with pytest.raises(RuntimeError, match="redis package is not installed"):
        await build_coordination("redis://127.0.0.1:6379/0")

"""Chooses the in-process or the Redis implementations, once, from SUPPORTBOT_REDIS_URL.

Without a URL the gateway runs as one process and needs nothing else (the embedded
default). With one, every piece of shared state goes through one Redis client, so
that several replicas can serve the same channels.
"""

from __future__ import annotations

import contextlib
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from coordination.events import EventBus, InProcessEventBus, RedisEventBus
from coordination.flood import FloodLimiter, FloodLimits, InProcessFloodLimiter, RedisFloodLimiter
from coordination.leader import Leadership
from coordination.lease import InProcessLeases, Leases, RedisLeases
from coordination.members import InProcessMembers, Members, RedisMembers
from coordination.presence import InProcessPresence, Presence, RedisPresence
from coordination.ratelimit import InProcessRateLimiter, Limits, RateLimiter, RedisRateLimiter
from coordination.throttle import InProcessLoginThrottle, LoginThrottle, RedisLoginThrottle

if TYPE_CHECKING:
    from redis.asyncio import Redis


@dataclass
class Coordination:
    leases: Leases
    events: EventBus
    presence: Presence
    login_throttle: LoginThrottle
    webchat_members: Members
    socketio_members: Members
    leadership: Leadership
    redis: Redis | None = None  # the shared client, None when in-process (health checks may ping it)
    _closers: list[Callable[[], Awaitable[None]]] = field(default_factory=list, repr=False)

    def rate_limiter(self, name: str, limits: Limits) -> RateLimiter:
        """The limiter for channel `name` (each channel has its own provider budget)."""
        if self.redis is None:
            return InProcessRateLimiter(limits)
        return RedisRateLimiter(self.redis, name, limits)

    def flood_limiter(self, limits: FloodLimits) -> FloodLimiter:
        """The buckets that pace each customer's messages to the bot (one budget for all replicas with Redis)."""
        if self.redis is None:
            return InProcessFloodLimiter(limits)
        return RedisFloodLimiter(self.redis, limits)

    async def close(self) -> None:
        """Stop the background readers and refreshers, withdraw this replica's presence, close the client."""
        for close in reversed(self._closers):
            with contextlib.suppress(Exception):
                await close()
        self._closers.clear()


def _in_process() -> Coordination:
    leases = InProcessLeases()
    return Coordination(
        leases=leases,
        events=InProcessEventBus(),
        presence=InProcessPresence(),
        login_throttle=InProcessLoginThrottle(),
        webchat_members=InProcessMembers(),
        socketio_members=InProcessMembers(),
        leadership=Leadership(leases),
    )


def _redacted(url: str) -> str:
    parts = urlsplit(url)
    if parts.password is None:
        return url
    return parts._replace(netloc=parts.netloc.replace(f":{parts.password}@", ":***@")).geturl()


async def build_coordination(redis_url: str | None, *, replica_id: str | None = None) -> Coordination:
    """In-process state when `redis_url` is None; otherwise Redis, checked reachable now rather than at first use."""
    if not redis_url:
        return _in_process()
    try:
        from redis.asyncio import Redis
    except ImportError as error:
        raise RuntimeError(
            "SUPPORTBOT_REDIS_URL is set but the redis package is not installed "
            "(pip install -r requirements/gateway.txt)"
        ) from error
    replica_id = replica_id or secrets.token_hex(8)
    client = Redis.from_url(redis_url, decode_responses=True)
    closers: list[Callable[[], Awaitable[None]]] = [client.aclose]
    try:
        await client.ping()
        events = RedisEventBus(client)
        presence = RedisPresence(client, replica_id)
        webchat = RedisMembers(client, "webchat", replica_id)
        socketio = RedisMembers(client, "socketio", replica_id)
        for part in (events, presence, webchat, socketio):
            await part.start()
            closers.append(part.close)
    except Exception as error:
        for close in reversed(closers):
            with contextlib.suppress(Exception):
                await close()
        raise RuntimeError(f"Redis at {_redacted(redis_url)} is not usable: {error}") from error
    leases = RedisLeases(client)
    return Coordination(
        leases=leases,
        events=events,
        presence=presence,
        login_throttle=RedisLoginThrottle(client),
        webchat_members=webchat,
        socketio_members=socketio,
        leadership=Leadership(leases),
        redis=client,
        _closers=closers,
    )

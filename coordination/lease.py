"""Per-key leases: at most one worker at a time on a conversation (or a singleton job).

A lease expires by itself after `ttl` seconds, so a replica that crashes mid-work
blocks the key only until then; the holder renews while it works. Tokens are random
so that a holder whose lease expired and was taken by another cannot renew or release
the new holder's lease.
"""

from __future__ import annotations

import secrets
import time
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from redis.asyncio import Redis

PREFIX = "supportbot:lease:"


class Leases(Protocol):
    async def acquire(self, key: str, ttl: float) -> str | None:
        """A token when the lease was free (now ours for `ttl` seconds); None while someone holds it."""
        ...

    async def renew(self, key: str, token: str, ttl: float) -> bool:
        """Extend our lease to `ttl` from now; False when it is no longer ours (expired, or taken)."""
        ...

    async def release(self, key: str, token: str) -> None:
        """Give the lease back early so the next worker need not wait for the expiry; no-op if not ours."""
        ...


class InProcessLeases:
    """Leases among the tasks of one process (the embedded default)."""

    PRUNE_AT = 10_000  # expired leases nobody released are dropped past this many keys

    def __init__(self) -> None:
        self._held: dict[str, tuple[str, float]] = {}  # key -> (token, deadline on the monotonic clock)

    def _holder(self, key: str) -> str | None:
        held = self._held.get(key)
        if held is None:
            return None
        if held[1] <= time.monotonic():
            del self._held[key]
            return None
        return held[0]

    async def acquire(self, key: str, ttl: float) -> str | None:
        if self._holder(key) is not None:
            return None
        if len(self._held) >= self.PRUNE_AT:
            for stale in list(self._held):
                self._holder(stale)
        token = secrets.token_hex(16)
        self._held[key] = (token, time.monotonic() + ttl)
        return token

    async def renew(self, key: str, token: str, ttl: float) -> bool:
        if self._holder(key) != token:
            return False
        self._held[key] = (token, time.monotonic() + ttl)
        return True

    async def release(self, key: str, token: str) -> None:
        if self._holder(key) == token:
            del self._held[key]


# Compare-and-set: only the token that took the lease may extend or delete it.
_RENEW = """
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0
"""
_RELEASE = """
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
"""


def _milliseconds(ttl: float) -> int:
    return max(1, round(ttl * 1000))


class RedisLeases:
    """Leases shared by every replica on one Redis: SET NX PX to take, Lua compare-and-set to renew and release."""

    def __init__(self, redis: Redis, *, prefix: str = PREFIX) -> None:
        self._redis = redis
        self._prefix = prefix
        self._renew = redis.register_script(_RENEW)
        self._release = redis.register_script(_RELEASE)

    async def acquire(self, key: str, ttl: float) -> str | None:
        token = secrets.token_hex(16)
        taken = await self._redis.set(self._prefix + key, token, nx=True, px=_milliseconds(ttl))
        return token if taken else None

    async def renew(self, key: str, token: str, ttl: float) -> bool:
        return bool(await self._renew(keys=[self._prefix + key], args=[token, _milliseconds(ttl)]))

    async def release(self, key: str, token: str) -> None:
        await self._release(keys=[self._prefix + key], args=[token])

"""Token buckets per customer: how fast one web chat session or provider sender is answered.

A burst of 200 messages from one web chat session would otherwise become 200 turns of the
bot at its full speed, while other customers wait for the same Rasa. Every message is
still stored (nothing a customer sent is dropped); the bucket only decides when the next
one of that customer goes to the bot: `take` answers 0 when it may go now (and takes a
token), or the seconds until it may.

`InProcessFloodLimiter` keeps the buckets in the process; `RedisFloodLimiter` keeps them
in Redis (one Lua script checks and takes atomically) so that several replicas share
one budget per customer.
"""

from __future__ import annotations

import asyncio
import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from redis.asyncio import Redis

PREFIX = "supportbot:flood:"


@dataclass(frozen=True, slots=True)
class FloodLimits:
    rate: float  # messages per second, once the burst is spent
    burst: int  # messages answered at once before the rate applies


class FloodLimiter(Protocol):
    async def take(self, key: str) -> float:
        """0.0 and a token taken when `key` may go now; else the seconds until it may."""
        ...


class InProcessFloodLimiter:
    """One bucket per key; the least recently used are forgotten (a forgotten bucket is a full one)."""

    def __init__(self, limits: FloodLimits, *, max_keys: int = 100_000) -> None:
        self._limits = limits
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()  # key -> (tokens, updated)
        self._max_keys = max_keys
        self._lock = asyncio.Lock()

    async def take(self, key: str) -> float:
        rate, burst = self._limits.rate, float(max(1, self._limits.burst))
        async with self._lock:
            now = time.monotonic()
            tokens, updated = self._buckets.pop(key, (burst, now))
            tokens = min(burst, tokens + (now - updated) * rate)
            wait = 0.0 if tokens >= 1 else ((1 - tokens) / rate if rate > 0 else 3600.0)
            self._buckets[key] = (tokens - 1 if wait == 0 else tokens, now)
            if len(self._buckets) > self._max_keys:
                self._buckets.popitem(last=False)
            return wait


# KEYS: the bucket. ARGV: rate, burst. A missing bucket is full; a bucket expires once it
# would have refilled. Returns the seconds to wait, as a string (Lua numbers are truncated).
_TAKE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1e6
local rate, burst = tonumber(ARGV[1]), tonumber(ARGV[2])
local b = redis.call('HMGET', KEYS[1], 'tokens', 'updated')
local tokens = tonumber(b[1]) or burst
local updated = tonumber(b[2]) or now
tokens = math.min(burst, tokens + math.max(0, now - updated) * rate)
if tokens < 1 then
  return tostring(rate > 0 and (1 - tokens) / rate or 3600)
end
tokens = tokens - 1
redis.call('HSET', KEYS[1], 'tokens', tokens, 'updated', now)
redis.call('PEXPIRE', KEYS[1], math.ceil((rate > 0 and (burst - tokens) / rate or 3600) * 1000) + 1000)
return '0'
"""


class RedisFloodLimiter:
    """The buckets in Redis: one budget per customer for all replicas."""

    def __init__(self, redis: Redis, limits: FloodLimits, *, prefix: str = PREFIX) -> None:
        self._limits = limits
        self._prefix = prefix
        self._take = redis.register_script(_TAKE)

    async def take(self, key: str) -> float:
        args = [self._limits.rate, max(1, self._limits.burst)]
        return float(await self._take(keys=[f"{self._prefix}{key}"], args=args))

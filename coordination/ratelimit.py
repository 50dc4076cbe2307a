"""Token buckets that keep the outbox inside a provider's sending limits.

Providers limit how fast a bot may send, overall and to one chat (Telegram: about 30
messages a second overall and one a second per chat; WhatsApp: 80 a second per number
and a per-user pair limit). Going over costs a 429 and, on WhatsApp, quality rating,
so the outbox waits for a token before each send instead of finding out.

`InProcessRateLimiter` keeps the buckets in the process (one gateway). With several
replicas each would get the whole budget, so `RedisRateLimiter` keeps them in Redis,
where one Lua script checks and takes from both buckets atomically for all replicas.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from redis.asyncio import Redis

logger = logging.getLogger(__name__)
PREFIX = "supportbot:rate:"


@dataclass
class _Bucket:
    rate: float  # tokens per second
    capacity: float
    tokens: float
    updated: float
    blocked_until: float = 0.0

    def _refill(self, now: float) -> None:
        self.tokens = min(self.capacity, self.tokens + (now - self.updated) * self.rate)
        self.updated = now

    def wait_time(self, now: float, cost: float) -> float:
        """Seconds until `cost` tokens are available (at most a full bucket: more runs into debt)."""
        self._refill(now)
        blocked = max(0.0, self.blocked_until - now)
        missing = max(0.0, min(cost, self.capacity) - self.tokens)
        return max(blocked, missing / self.rate if self.rate > 0 else float("inf"))


@dataclass(frozen=True, slots=True)
class Limits:
    rate: float  # whole channel, messages per second
    chat_rate: float  # one chat, messages per second
    chat_burst: int


class RateLimiter(Protocol):
    async def acquire(self, chat: str, cost: int = 1) -> float:
        """Wait until `cost` messages may go to `chat`; returns the seconds waited."""
        ...

    def hold(self, chat: str | None, seconds: float) -> None:
        """A provider's "retry after": stop `chat` (the whole channel if None) for `seconds`.

        Synchronous because callers call it while handling the provider's error.
        """
        ...


class InProcessRateLimiter:
    """One global bucket per channel plus one bucket per chat (the least recent are forgotten)."""

    def __init__(self, limits: Limits, *, max_chats: int = 100_000) -> None:
        self._limits = limits
        now = time.monotonic()
        burst = max(1.0, limits.rate)  # up to one second's worth at once
        self._global = _Bucket(limits.rate, burst, burst, now)
        self._chats: OrderedDict[str, _Bucket] = OrderedDict()
        self._max_chats = max_chats
        self._lock = asyncio.Lock()

    def _chat(self, chat: str, now: float) -> _Bucket:
        bucket = self._chats.get(chat)
        if bucket is None:
            burst = float(max(1, self._limits.chat_burst))
            bucket = self._chats[chat] = _Bucket(self._limits.chat_rate, burst, burst, now)
            if len(self._chats) > self._max_chats:
                self._chats.popitem(last=False)
        else:
            self._chats.move_to_end(chat)
        return bucket

    async def acquire(self, chat: str, cost: int = 1) -> float:
        """Wait until `cost` messages may go to `chat`; returns the seconds waited.

        A cost above a bucket's size is let through once the bucket is full and leaves
        it in debt, so the messages after it wait for the excess.
        """
        waited = 0.0
        while True:
            async with self._lock:
                now = time.monotonic()
                chat_bucket = self._chat(chat, now)
                delay = max(self._global.wait_time(now, cost), chat_bucket.wait_time(now, cost))
                if delay <= 0:
                    self._global.tokens -= cost
                    chat_bucket.tokens -= cost
                    return waited
            await asyncio.sleep(delay)
            waited += delay

    def hold(self, chat: str | None, seconds: float) -> None:
        """The provider said "retry after": nothing goes to `chat` (or anywhere, if None) until then."""
        now = time.monotonic()
        bucket = self._global if chat is None else self._chat(chat, now)
        bucket.blocked_until = max(bucket.blocked_until, now + seconds)


ChannelLimiter = InProcessRateLimiter  # the name the outbox and the wiring know


# KEYS: channel bucket, chat bucket, channel hold, chat hold.
# ARGV: channel rate, channel burst, chat rate, chat burst, cost.
# Buckets are hashes {tokens, updated} on the server's clock; a missing bucket is full,
# so a bucket expires once it would have refilled. Holds are keys whose TTL is the hold.
# Returns the seconds to wait (as a string: Lua numbers would be truncated to integers).
_TAKE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1e6
local cost = tonumber(ARGV[5])
local wait = math.max(redis.call('PTTL', KEYS[3]), redis.call('PTTL', KEYS[4]), 0) / 1000
local levels = {}
for i = 1, 2 do
  local rate, burst = tonumber(ARGV[2 * i - 1]), tonumber(ARGV[2 * i])
  local b = redis.call('HMGET', KEYS[i], 'tokens', 'updated')
  local tokens = tonumber(b[1]) or burst
  local updated = tonumber(b[2]) or now
  tokens = math.min(burst, tokens + math.max(0, now - updated) * rate)
  levels[i] = tokens
  local missing = math.max(0, math.min(cost, burst) - tokens)
  if missing > 0 then
    wait = math.max(wait, rate > 0 and missing / rate or 3600)
  end
end
if wait > 0 then
  return tostring(wait)
end
for i = 1, 2 do
  local rate, burst = tonumber(ARGV[2 * i - 1]), tonumber(ARGV[2 * i])
  local tokens = levels[i] - cost
  redis.call('HSET', KEYS[i], 'tokens', tokens, 'updated', now)
  local refill = rate > 0 and (burst - tokens) / rate or 3600
  redis.call('PEXPIRE', KEYS[i], math.ceil(refill * 1000) + 1000)
end
return '0'
"""
# Extends a hold, never shortens one.
_HOLD = """
if redis.call('PTTL', KEYS[1]) < tonumber(ARGV[1]) then
  redis.call('SET', KEYS[1], '1', 'PX', ARGV[1])
end
"""


class RedisRateLimiter:
    """The channel's buckets in Redis, one budget for all replicas.

    A hold is also kept locally, so this replica stops at once, while the Redis copy
    (written by a background task, since `hold` cannot wait) stops the others.
    """

    MAX_LOCAL_HOLDS = 10_000

    def __init__(self, redis: Redis, name: str, limits: Limits, *, prefix: str = PREFIX) -> None:
        self._redis = redis
        self._limits = limits
        self._keys = f"{prefix}{{{name}}}:"  # a hash tag: one Redis Cluster slot per channel
        self._take = redis.register_script(_TAKE)
        self._hold = redis.register_script(_HOLD)
        self._held: dict[str | None, float] = {}  # chat (None: all) -> until, on the monotonic clock
        self._writes: set[asyncio.Task[None]] = set()

    def _local_hold(self, chat: str) -> float:
        now = time.monotonic()
        return max(self._held.get(None, now), self._held.get(chat, now)) - now

    async def acquire(self, chat: str, cost: int = 1) -> float:
        limits = self._limits
        args = [limits.rate, max(1.0, limits.rate), limits.chat_rate, max(1, limits.chat_burst), cost]
        keys = [f"{self._keys}all", f"{self._keys}chat:{chat}", f"{self._keys}hold", f"{self._keys}hold:{chat}"]
        waited = 0.0
        while True:
            delay = self._local_hold(chat)
            if delay <= 0:
                delay = float(await self._take(keys=keys, args=args))
                if delay <= 0:
                    return waited
            await asyncio.sleep(delay)
            waited += delay

    def hold(self, chat: str | None, seconds: float) -> None:
        now = time.monotonic()
        if len(self._held) >= self.MAX_LOCAL_HOLDS:
            self._held = {c: until for c, until in self._held.items() if until > now}
        self._held[chat] = max(self._held.get(chat, now), now + seconds)
        key = f"{self._keys}hold" if chat is None else f"{self._keys}hold:{chat}"
        task = asyncio.get_running_loop().create_task(self._write_hold(key, seconds))
        self._writes.add(task)
        task.add_done_callback(self._writes.discard)

    async def _write_hold(self, key: str, seconds: float) -> None:
        try:
            await self._hold(keys=[key], args=[max(1, round(seconds * 1000))])
        except Exception:  # the local hold still stands; the others may meet a 429 themselves
            logger.warning("could not share the hold %s", key, exc_info=True)

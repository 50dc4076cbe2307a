"""Token buckets that keep the outbox inside a provider's sending limits.

Providers limit how fast a bot may send, overall and to one chat (Telegram: about 30
messages a second overall and one a second per chat; WhatsApp: 80 a second per number
and a per-user pair limit). Going over costs a 429 and, on WhatsApp, quality rating,
so the outbox waits for a token before each send instead of finding out.

The buckets live in the process: with several gateway replicas each one gets the
whole budget (README, "Scaling").
"""

from __future__ import annotations

import asyncio
import time
from collections import OrderedDict
from dataclasses import dataclass


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


class ChannelLimiter:
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

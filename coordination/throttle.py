"""The console's failed-login throttle: slows password guessing against one username.

An attempt is counted before the password is checked, so parallel guesses count too;
a success wipes the count. Usernames are compared case-insensitively, like logins.
Shared through Redis, a guesser gains nothing by spreading attempts over replicas.
"""

from __future__ import annotations

import time
from collections import OrderedDict, deque
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from redis.asyncio import Redis

PREFIX = "supportbot:login:"
LIMIT = 5
WINDOW = 300.0  # seconds


class LoginThrottle(Protocol):
    async def attempt(self, username: str) -> bool:
        """Count one attempt; False when the username has had too many lately."""
        ...

    async def succeeded(self, username: str) -> None: ...


class InProcessLoginThrottle:
    """At most `limit` attempts per username in the last `window` seconds, in this process.

    The table is bounded: past `max_usernames`, the least recently tried go first, so a
    flood of made-up usernames costs memory only up to that.
    """

    def __init__(self, limit: int = LIMIT, window: float = WINDOW, max_usernames: int = 10_000) -> None:
        self._limit = limit
        self._window = window
        self._max_usernames = max_usernames
        self._attempts: OrderedDict[str, deque[float]] = OrderedDict()

    async def attempt(self, username: str) -> bool:
        key = username.lower()
        now = time.monotonic()
        attempts = self._attempts.pop(key, None) or deque()
        while attempts and now - attempts[0] > self._window:
            attempts.popleft()
        if len(attempts) >= self._limit:
            self._attempts[key] = attempts
            return False
        attempts.append(now)
        self._attempts[key] = attempts
        while len(self._attempts) > self._max_usernames:
            self._attempts.popitem(last=False)
        return True

    async def succeeded(self, username: str) -> None:
        self._attempts.pop(username.lower(), None)


# A fixed window from the first attempt: refused attempts count but do not extend it.
# The expiry is set in the same script as the count, so a key never lives forever.
_COUNT = """
local n = redis.call('INCR', KEYS[1])
if n == 1 or redis.call('PTTL', KEYS[1]) < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
end
return n
"""


class RedisLoginThrottle:
    """At most `limit` attempts per username per `window`, counted in Redis for all replicas."""

    def __init__(self, redis: Redis, limit: int = LIMIT, window: float = WINDOW, *, prefix: str = PREFIX) -> None:
        self._redis = redis
        self._limit = limit
        self._window_ms = max(1, round(window * 1000))
        self._prefix = prefix
        self._count = redis.register_script(_COUNT)

    async def attempt(self, username: str) -> bool:
        count = await self._count(keys=[self._prefix + username.lower()], args=[self._window_ms])
        return int(count) <= self._limit

    async def succeeded(self, username: str) -> None:
        await self._redis.delete(self._prefix + username.lower())

"""The console's failed-login throttle: exponential back-off, never a lock.

Three counts are kept, because each closes a different hole:

- one username from one source (`PAIR`): a guesser on one address is slowed after 5 failures;
- one source, any usernames (`SOURCE`): spraying one password over many usernames is slowed;
- one username, every source (`ACCOUNT`): guessing spread over many addresses is slowed.

Past a rule's free failures each new failure opens a window (1 s, 2 s, 4 s … up to the
rule's cap) in which every login is refused, a correct password included — otherwise the
window would tell a guesser nothing. Refused attempts are not counted and do not extend a
window, so nobody can keep an account shut: the account-wide window is capped at a minute,
and after it the right password gets in. Counts are forgotten `FORGET` seconds after the
last window ends.

An attempt is counted as a failure before the (slow) password check, so parallel guesses
count too; a success then wipes the username's counts and takes back its one failure from
the source's count (not the whole count: one good login must not clear a sprayer's tally).
Usernames are compared case-insensitively, like logins. Shared through Redis, a guesser
gains nothing by spreading attempts over replicas.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from redis.asyncio import Redis

PREFIX = "supportbot:login:"
FORGET = 900.0  # seconds after a window's end until its count starts again from zero


@dataclass(frozen=True, slots=True)
class Rule:
    free: int  # failures before the first window
    base: float  # the first window, seconds; each further failure doubles it
    cap: float  # the longest window, seconds

    def delay(self, failures: int) -> float:
        """The window the `failures`-th failure opens (0: none yet)."""
        if failures < self.free:
            return 0.0
        return min(self.cap, self.base * 2.0 ** min(failures - self.free, 64))


PAIR = Rule(free=5, base=1.0, cap=300.0)
SOURCE = Rule(free=20, base=1.0, cap=300.0)
ACCOUNT = Rule(free=20, base=1.0, cap=60.0)  # short: this one any address can drive


@dataclass(frozen=True, slots=True)
class Rules:
    pair: Rule = PAIR
    source: Rule = SOURCE
    account: Rule = ACCOUNT
    forget: float = FORGET


class LoginThrottle(Protocol):
    async def attempt(self, username: str, source: str) -> float:
        """Count one attempt as a failure; 0.0 to go ahead, else the seconds until a login may be tried."""
        ...

    async def succeeded(self, username: str, source: str) -> None:
        """The attempt's password was right: forget the username's failures."""
        ...


def _pair(username: str, source: str) -> str:
    # The source's length first: neither part can forge the boundary (IPv6 and usernames may hold ':').
    return f"pair:{len(source)}:{source}:{username.lower()}"


@dataclass(slots=True)
class _Count:
    failures: int = 0
    until: float = 0.0  # monotonic end of the window
    expires: float = 0.0  # monotonic time the count is forgotten


class _Table:
    """Counts for one rule, at most `max_entries`; the penalised are the last to go.

    When full, the least recently failed entry that is not in a window goes first.
    Pushing out a penalised entry takes `max_entries` penalised entries, `max_entries` ×
    `free` failures that the other rules slow down: a flood of made-up usernames costs
    memory only up to the bound and cannot free a victim.
    """

    def __init__(self, rule: Rule, forget: float, max_entries: int) -> None:
        self.rule = rule
        self._forget = forget
        self._max = max_entries
        self.entries: OrderedDict[str, _Count] = OrderedDict()

    def wait(self, key: str, now: float) -> float:
        count = self.entries.get(key)
        return 0.0 if count is None else max(0.0, count.until - now)

    def fail(self, key: str, now: float) -> None:
        count = self.entries.pop(key, None)
        if count is None or count.expires <= now:
            count = _Count()
        count.failures += 1
        delay = self.rule.delay(count.failures)
        count.until = now + delay
        count.expires = now + delay + self._forget
        self.entries[key] = count
        while len(self.entries) > self._max:
            self._evict(now)

    def forget(self, key: str) -> None:
        self.entries.pop(key, None)

    def undo(self, key: str, now: float) -> None:
        """Take back one failure (it was a success); a window it opened closes again."""
        count = self.entries.get(key)
        if count is not None and count.failures > 0:
            count.failures -= 1
            if count.failures < self.rule.free:
                count.until = now

    def _evict(self, now: float) -> None:
        # Penalised entries met on the way go to the back, so the next scan does not meet them again.
        for _ in range(len(self.entries)):
            key, count = next(iter(self.entries.items()))
            if count.until <= now:
                del self.entries[key]
                return
            self.entries.move_to_end(key)
        self.entries.popitem(last=False)  # every entry penalised: the bound wins


class InProcessLoginThrottle:
    """The three counts in this process (one replica), each table bounded to `max_entries`."""

    def __init__(self, rules: Rules = Rules(), max_entries: int = 10_000) -> None:
        self.pairs = _Table(rules.pair, rules.forget, max_entries)
        self.sources = _Table(rules.source, rules.forget, max_entries)
        self.accounts = _Table(rules.account, rules.forget, max_entries)

    async def attempt(self, username: str, source: str) -> float:
        now = time.monotonic()
        keys = ((self.pairs, _pair(username, source)), (self.sources, source), (self.accounts, username.lower()))
        wait = max(table.wait(key, now) for table, key in keys)
        if wait > 0:
            return wait
        for table, key in keys:
            table.fail(key, now)
        return 0.0

    async def succeeded(self, username: str, source: str) -> None:
        self.pairs.forget(_pair(username, source))
        self.accounts.forget(username.lower())
        self.sources.undo(source, time.monotonic())


# KEYS: pair, source, account. ARGV: forget ms, then free, base ms, cap ms for each key.
# Redis's clock, so that replicas' clocks need not agree; a key expires when its count is forgotten.
_ATTEMPT = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local wait = 0
for i = 1, 3 do
  local till = tonumber(redis.call('HGET', KEYS[i], 'till') or '0')
  if till - now > wait then wait = till - now end
end
if wait > 0 then return wait end
for i = 1, 3 do
  local n = redis.call('HINCRBY', KEYS[i], 'n', 1)
  local free, base, cap = tonumber(ARGV[i * 3 - 1]), tonumber(ARGV[i * 3]), tonumber(ARGV[i * 3 + 1])
  local delay = 0
  if n >= free then delay = math.min(cap, base * 2 ^ math.min(n - free, 64)) end
  delay = math.floor(delay)
  redis.call('HSET', KEYS[i], 'till', string.format('%d', now + delay))
  redis.call('PEXPIRE', KEYS[i], tonumber(ARGV[1]) + delay)
end
return 0
"""

# KEYS: pair, source, account. ARGV: the source rule's free failures.
_SUCCEEDED = """
redis.call('DEL', KEYS[1], KEYS[3])
if tonumber(redis.call('HGET', KEYS[2], 'n') or '0') > 0 then
  if redis.call('HINCRBY', KEYS[2], 'n', -1) < tonumber(ARGV[1]) then redis.call('HSET', KEYS[2], 'till', '0') end
end
return 0
"""


def _ms(seconds: float) -> int:
    return max(1, round(seconds * 1000))


class RedisLoginThrottle:
    """The three counts in Redis for all replicas; each key lives only while its count matters."""

    def __init__(self, redis: Redis, rules: Rules = Rules(), *, prefix: str = PREFIX) -> None:
        self._prefix = prefix
        self._source_free = rules.source.free
        self._args = [_ms(rules.forget)]
        for rule in (rules.pair, rules.source, rules.account):
            self._args += [rule.free, _ms(rule.base), _ms(rule.cap)]
        self._attempt = redis.register_script(_ATTEMPT)
        self._succeeded = redis.register_script(_SUCCEEDED)

    def _keys(self, username: str, source: str) -> list[str]:
        p = self._prefix
        return [p + _pair(username, source), f"{p}source:{source}", f"{p}account:{username.lower()}"]

    async def attempt(self, username: str, source: str) -> float:
        wait_ms = await self._attempt(keys=self._keys(username, source), args=self._args)
        return int(wait_ms) / 1000

    async def succeeded(self, username: str, source: str) -> None:
        await self._succeeded(keys=self._keys(username, source), args=[self._source_free])

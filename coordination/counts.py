"""Counts of open connections per key, summed over live replicas (for presence and members).

Each replica keeps its own counts in memory (the truth) and mirrors them into a Redis
hash of its own with a TTL that it refreshes while it runs: when a replica crashes,
its connections stop counting after the TTL instead of staying "online" forever. The
replicas' ids are listed in a sorted set, so readers look at a handful of hashes
instead of scanning the keyspace. The client must decode responses (decode_responses=True).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections import Counter
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from redis.asyncio import Redis

logger = logging.getLogger(__name__)


class ReplicaCounts:
    FORGET_AFTER = 3600.0  # seconds after its last refresh a replica's id leaves the list

    def __init__(self, redis: Redis, prefix: str, replica_id: str, *, ttl: float = 30.0) -> None:
        self._redis = redis
        self._replicas = f"{prefix}replicas"
        self._prefix = f"{prefix}replica:"
        self._mine = self._prefix + replica_id
        self._replica_id = replica_id
        self._ttl_ms = max(1, round(ttl * 1000))
        self._ttl = ttl
        self._counts: Counter[str] = Counter()
        self._lock = asyncio.Lock()  # one write at a time, so they reach Redis in the order made
        self._refresher: asyncio.Task[None] | None = None

    async def add(self, field: str, delta: int) -> None:
        async with self._lock:
            self._counts[field] += delta
            count = self._counts[field]
            if count <= 0:
                del self._counts[field]
            try:
                async with self._redis.pipeline(transaction=True) as pipe:
                    if count > 0:
                        pipe.hset(self._mine, field, count)
                    else:
                        pipe.hdel(self._mine, field)
                    pipe.pexpire(self._mine, self._ttl_ms)
                    pipe.zadd(self._replicas, {self._replica_id: time.time()})
                    await pipe.execute()
            except Exception:  # the refresher writes the whole table again
                logger.warning("could not record %s in Redis", self._mine, exc_info=True)

    async def _tables(self) -> list[str]:
        return [self._prefix + r for r in await self._redis.zrange(self._replicas, 0, -1)]

    async def count(self, field: str) -> int:
        """Connections to `field` on every live replica."""
        keys = await self._tables()
        async with self._redis.pipeline(transaction=False) as pipe:
            for key in keys:
                pipe.hget(key, field)
            return sum(int(n or 0) for n in await pipe.execute())

    async def totals(self) -> Counter[str]:
        keys = await self._tables()
        async with self._redis.pipeline(transaction=False) as pipe:
            for key in keys:
                pipe.hgetall(key)
            tables = await pipe.execute()
        totals: Counter[str] = Counter()
        for table in tables:
            totals.update({str(field): int(n) for field, n in table.items()})
        return +totals

    async def refresh(self) -> None:
        """Write this replica's table again with a fresh TTL (repairs writes lost to a Redis blip)."""
        async with self._lock, self._redis.pipeline(transaction=True) as pipe:
            pipe.delete(self._mine)
            if self._counts:
                pipe.hset(self._mine, mapping=dict(self._counts))
                pipe.pexpire(self._mine, self._ttl_ms)
            now = time.time()
            pipe.zadd(self._replicas, {self._replica_id: now})
            pipe.zremrangebyscore(self._replicas, "-inf", now - max(self.FORGET_AFTER, 10 * self._ttl))
            await pipe.execute()

    async def _refresh_forever(self) -> None:
        while True:
            await asyncio.sleep(self._ttl / 3)
            try:
                await self.refresh()
            except Exception:
                logger.warning("could not refresh %s", self._mine, exc_info=True)

    async def start(self) -> None:
        self._refresher = asyncio.create_task(self._refresh_forever(), name=f"refresh-{self._mine}")

    async def close(self) -> None:
        """Stop refreshing and withdraw this replica's counts now (a clean shutdown need not wait for the TTL)."""
        if self._refresher is not None:
            self._refresher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._refresher
            self._refresher = None
        self._counts.clear()
        with contextlib.suppress(Exception):
            async with self._redis.pipeline(transaction=True) as pipe:
                pipe.delete(self._mine)
                pipe.zrem(self._replicas, self._replica_id)
                await pipe.execute()

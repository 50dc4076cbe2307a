"""Which live-chat sessions (web chat, socket.io) have a browser connected.

The outbox asks before sending a live reply: with nobody connected the reply stays
queued until the customer comes back. A session may be open in several tabs, on
several replicas, so connections are counted.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Protocol

from coordination.counts import ReplicaCounts

if TYPE_CHECKING:
    from redis.asyncio import Redis

PREFIX = "supportbot:members:"


class Members(Protocol):
    async def join(self, key: str) -> None: ...

    async def leave(self, key: str) -> None: ...

    async def connected(self, key: str) -> bool: ...


class InProcessMembers:
    """The connections to this process."""

    def __init__(self) -> None:
        self._open: Counter[str] = Counter()

    async def join(self, key: str) -> None:
        self._open[key] += 1

    async def leave(self, key: str) -> None:
        self._open[key] -= 1
        if self._open[key] <= 0:
            del self._open[key]

    async def connected(self, key: str) -> bool:
        return self._open[key] > 0


class RedisMembers:
    """Connections to any live replica, one table per kind (`name`: "webchat", "socketio").

    A crashed replica's connections stop counting after `ttl`.
    """

    def __init__(self, redis: Redis, name: str, replica_id: str, *, prefix: str = PREFIX, ttl: float = 30.0) -> None:
        self._counts = ReplicaCounts(redis, f"{prefix}{name}:", replica_id, ttl=ttl)

    async def join(self, key: str) -> None:
        await self._counts.add(key, 1)

    async def leave(self, key: str) -> None:
        await self._counts.add(key, -1)

    async def connected(self, key: str) -> bool:
        return await self._counts.count(key) > 0

    async def start(self) -> None:
        """Keep this replica's counts alive in Redis while it runs."""
        await self._counts.start()

    async def close(self) -> None:
        await self._counts.close()

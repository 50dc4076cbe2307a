"""Which agents have a console open: shown next to each agent when transferring a conversation.

An agent may have several consoles open (tabs, devices, replicas), so presence counts
connections and an agent is online while the count is above zero.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Protocol

from coordination.counts import ReplicaCounts

if TYPE_CHECKING:
    from redis.asyncio import Redis

PREFIX = "supportbot:presence:"


class Presence(Protocol):
    async def arrive(self, agent_id: int) -> None: ...

    async def leave(self, agent_id: int) -> None: ...

    async def online(self) -> set[int]: ...


class InProcessPresence:
    """The consoles connected to this process."""

    def __init__(self) -> None:
        self._open: Counter[int] = Counter()

    async def arrive(self, agent_id: int) -> None:
        self._open[agent_id] += 1

    async def leave(self, agent_id: int) -> None:
        self._open[agent_id] -= 1
        if self._open[agent_id] <= 0:
            del self._open[agent_id]

    async def online(self) -> set[int]:
        return set(self._open)


class RedisPresence:
    """The consoles connected to any live replica; a crashed replica's agents go offline after `ttl`."""

    def __init__(self, redis: Redis, replica_id: str, *, prefix: str = PREFIX, ttl: float = 30.0) -> None:
        self._counts = ReplicaCounts(redis, prefix, replica_id, ttl=ttl)

    async def arrive(self, agent_id: int) -> None:
        await self._counts.add(str(agent_id), 1)

    async def leave(self, agent_id: int) -> None:
        await self._counts.add(str(agent_id), -1)

    async def online(self) -> set[int]:
        return {int(agent_id) for agent_id in await self._counts.totals()}

    async def start(self) -> None:
        """Keep this replica's counts alive in Redis while it runs."""
        await self._counts.start()

    async def close(self) -> None:
        await self._counts.close()

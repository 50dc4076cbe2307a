"""One task per conversation at a time: how the dispatcher and the outbox keep order.

`kick(conversation_id)` starts the conversation's drain unless one is running; a kick
during a run is remembered, and the drain runs again when it ends, so no message that
arrived meanwhile waits for the next sweep. A periodic sweep kicks whatever is due
(retries after back-off, work left by a crash).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable

logger = logging.getLogger(__name__)


class PerConversation:
    def __init__(
        self,
        name: str,
        drain: Callable[[int], Awaitable[None]],
        due: Callable[[], Awaitable[list[int]]],
        sweep_interval: float,
    ) -> None:
        self._name = name
        self._drain = drain
        self._due = due
        self._sweep_interval = sweep_interval
        self._running: dict[int, asyncio.Task[None]] = {}
        self._again: set[int] = set()
        self._sweeper: asyncio.Task[None] | None = None

    def kick(self, conversation_id: int) -> None:
        if conversation_id in self._running:
            self._again.add(conversation_id)  # new work arrived while draining
            return
        self._running[conversation_id] = asyncio.create_task(
            self._run(conversation_id), name=f"{self._name}-{conversation_id}"
        )

    def take_kick(self, conversation_id: int) -> bool:
        """Whether the conversation was kicked since the last call (a drain loop asks before each round)."""
        kicked = conversation_id in self._again
        self._again.discard(conversation_id)
        return kicked

    def kicked(self, conversation_id: int) -> bool:
        return conversation_id in self._again

    async def _run(self, conversation_id: int) -> None:
        try:
            await self._drain(conversation_id)
        except Exception:
            logger.exception("%s of conversation %s failed; the sweep retries", self._name, conversation_id)
        finally:
            del self._running[conversation_id]
            if self.take_kick(conversation_id):
                self.kick(conversation_id)

    async def _sweep(self) -> None:
        while True:
            try:
                for conversation_id in await self._due():
                    self.kick(conversation_id)
            except Exception:
                logger.exception("%s sweep failed", self._name)
            await asyncio.sleep(self._sweep_interval)

    def start(self) -> None:
        self._sweeper = asyncio.create_task(self._sweep(), name=f"{self._name}-sweeper")

    async def stop(self) -> None:
        tasks = [t for t in [self._sweeper, *self._running.values()] if t is not None]
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task

    async def idle(self) -> None:
        """Wait until no conversation is being drained (tests, shutdown)."""
        while self._running:
            await asyncio.gather(*self._running.values(), return_exceptions=True)

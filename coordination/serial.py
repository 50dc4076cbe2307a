"""One task per conversation at a time: how the dispatcher and the outbox keep order.

`kick(conversation_id)` starts the conversation's drain unless one is running; a kick
during a run is remembered, and the drain runs again when it ends, so no message that
arrived meanwhile waits for the next sweep. A periodic sweep kicks whatever is due
(retries after back-off, work left by a crash).

At most `max_running` drains run at once (sized to what the bot or the providers can
take); the other kicked conversations wait here, as ids, in order of priority, then of
arrival: `URGENT` (a new customer's first message, a conversation with a person),
`NORMAL` (a new message), `RETRY` (the sweep's due work). Under a backlog of thousands of
retries, a new customer is therefore the next to be served, not the last; and since one
conversation holds at most one drain, a burst from one customer cannot take more than
one of the slots. With `stale_after`, a conversation that has waited longer than that
counts as backlog (its customer has been told of the delay) and falls behind the fresh
ones: after an outage, whoever writes now is answered now, and the backlog drains behind.

With `leases` (shared by several replicas), a drain first takes the lease
`"{name}:{conversation_id}"`: a conversation is worked on by one replica at a time, and
a replica that finds it taken skips the drain, trusting the holder or the next sweep.
The lease is renewed while the drain runs; if it is lost anyway (say Redis was
unreachable for longer than the ttl), the drain is cancelled, as if the replica had
crashed, because another replica may already be working on the conversation.
"""

from __future__ import annotations

import asyncio
import contextlib
import heapq
import itertools
import logging
import time
from collections.abc import Awaitable, Callable, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from coordination.lease import Leases

logger = logging.getLogger(__name__)

URGENT = 0
NORMAL = 1
RETRY = 2


class PerConversation:
    def __init__(
        self,
        name: str,
        drain: Callable[[int], Awaitable[None]],
        due: Callable[[], Awaitable[Sequence[int | tuple[int, int]]]],
        sweep_interval: float,
        *,
        leases: Leases | None = None,
        lease_ttl: float = 30.0,
        max_running: int | None = None,
        stale_after: float | None = None,
    ) -> None:
        self._name = name
        self._drain = drain
        self._due = due
        self._sweep_interval = sweep_interval
        self._running: dict[int, asyncio.Task[None]] = {}
        self._again: set[int] = set()
        self._sweeper: asyncio.Task[None] | None = None
        self._leases = leases
        self._lease_ttl = lease_ttl
        self._max_running = max_running
        self._waiting: dict[int, int] = {}  # conversation id -> its best priority
        self._queue: list[tuple[int, int, int]] = []  # (priority, arrival, id); stale entries skipped
        self._arrivals = itertools.count()
        self._sweep_early = asyncio.Event()
        self._stale_after = stale_after
        self._queued_at: dict[int, float] = {}  # conversation id -> when it last joined the queue

    def kick(self, conversation_id: int, priority: int = NORMAL) -> None:
        if conversation_id in self._running:
            self._again.add(conversation_id)  # new work arrived while draining
            return
        if self._max_running is not None and len(self._running) >= self._max_running:
            self._wait(conversation_id, priority)
            return
        self._start(conversation_id)

    def _wait(self, conversation_id: int, priority: int) -> None:
        best = self._waiting.get(conversation_id)
        if best is not None and best <= priority:
            return  # already waiting, as early or earlier
        self._waiting[conversation_id] = priority
        heapq.heappush(self._queue, (priority, next(self._arrivals), conversation_id))
        self._queued_at[conversation_id] = time.monotonic()

    def _demote_stale(self) -> None:
        """Entries that waited longer than `stale_after` are a backlog now: behind fresh ones.

        The head of the queue is the oldest entry of the best priority, so checking heads
        is enough: each stale one moves behind the fresh, keeping its place among the stale.
        """
        if self._stale_after is None:
            return
        now = time.monotonic()
        while self._queue:
            priority, arrival, conversation_id = self._queue[0]
            if self._waiting.get(conversation_id) != priority:
                heapq.heappop(self._queue)  # superseded: promoted meanwhile, or started
                continue
            if priority >= RETRY or now - self._queued_at.get(conversation_id, now) <= self._stale_after:
                return
            heapq.heapreplace(self._queue, (RETRY, arrival, conversation_id))
            self._waiting[conversation_id] = RETRY

    def _start(self, conversation_id: int) -> None:
        self._waiting.pop(conversation_id, None)
        self._queued_at.pop(conversation_id, None)
        self._running[conversation_id] = asyncio.create_task(
            self._run(conversation_id), name=f"{self._name}-{conversation_id}"
        )

    def _start_waiting(self) -> None:
        """Fill the free slots from the waiting conversations, best priority first."""
        self._demote_stale()
        while self._queue and (self._max_running is None or len(self._running) < self._max_running):
            priority, _, conversation_id = heapq.heappop(self._queue)
            if self._waiting.get(conversation_id) != priority:
                continue  # a stale entry: promoted meanwhile, or started
            if conversation_id in self._running:
                self._waiting.pop(conversation_id, None)
                self._again.add(conversation_id)
                continue
            self._start(conversation_id)

    @property
    def running(self) -> int:
        return len(self._running)

    @property
    def waiting(self) -> int:
        return len(self._waiting)

    def take_kick(self, conversation_id: int) -> bool:
        """Whether the conversation was kicked since the last call (a drain loop asks before each round)."""
        kicked = conversation_id in self._again
        self._again.discard(conversation_id)
        return kicked

    def kicked(self, conversation_id: int) -> bool:
        return conversation_id in self._again

    async def _run(self, conversation_id: int) -> None:
        try:
            if self._leases is None:
                await self._drain(conversation_id)
            else:
                await self._leased_drain(self._leases, conversation_id)
        except Exception:
            logger.exception("%s of conversation %s failed; the sweep retries", self._name, conversation_id)
        finally:
            del self._running[conversation_id]
            if self.take_kick(conversation_id):
                # Back in line rather than straight on: an urgent conversation waiting for
                # the slot goes first.
                if self._max_running is None:
                    self.kick(conversation_id)
                else:
                    self._wait(conversation_id, NORMAL)
            self._start_waiting()

    async def _leased_drain(self, leases: Leases, conversation_id: int) -> None:
        key = f"{self._name}:{conversation_id}"
        token = await leases.acquire(key, self._lease_ttl)
        if token is None:
            logger.debug("%s of conversation %s skipped: another replica holds it", self._name, conversation_id)
            return
        drain = asyncio.create_task(self._drain(conversation_id), name=f"{self._name}-{conversation_id}-drain")
        keeper = asyncio.create_task(self._keep(leases, key, token), name=f"{self._name}-{conversation_id}-lease")
        try:
            await asyncio.wait([drain, keeper], return_when=asyncio.FIRST_COMPLETED)
            if not drain.done():
                logger.warning("%s of conversation %s lost its lease; drain cancelled", self._name, conversation_id)
        finally:
            for task in (drain, keeper):
                task.cancel()
            await asyncio.gather(drain, keeper, return_exceptions=True)
            try:
                await leases.release(key, token)
            except Exception:  # it expires by itself
                logger.warning("could not release lease %s", key, exc_info=True)
        if not drain.cancelled():
            drain.result()  # the drain's own failure, for _run to log

    async def _keep(self, leases: Leases, key: str, token: str) -> None:
        """Renew every ttl/3 (two chances before expiry); return when the lease is gone."""
        while True:
            await asyncio.sleep(self._lease_ttl / 3)
            try:
                if not await leases.renew(key, token, self._lease_ttl):
                    return
            except Exception:
                logger.warning("could not renew lease %s", key, exc_info=True)
                return  # cannot tell whether it is still ours: assume not

    async def _sweep(self) -> None:
        while True:
            try:
                for found in await self._due():
                    # A conversation id (a retry), or (id, priority) when the caller knows better.
                    conversation_id, priority = found if isinstance(found, tuple) else (found, RETRY)
                    self.kick(conversation_id, priority)
            except Exception:
                logger.exception("%s sweep failed", self._name)
            self._sweep_early.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._sweep_early.wait(), self._sweep_interval)

    def sweep_now(self) -> None:
        """Sweep at once rather than at the next interval (say, the bot is back)."""
        self._sweep_early.set()

    def start(self) -> None:
        self._sweeper = asyncio.create_task(self._sweep(), name=f"{self._name}-sweeper")

    async def stop(self) -> None:
        self._queue.clear()
        self._waiting.clear()
        self._queued_at.clear()
        tasks = [t for t in [self._sweeper, *self._running.values()] if t is not None]
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task

    async def idle(self) -> None:
        """Wait until no conversation is being drained or waits for a slot (tests, shutdown)."""
        while self._running:
            await asyncio.gather(*self._running.values(), return_exceptions=True)

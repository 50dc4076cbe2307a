"""The event bus behind the agent console's live updates.

Publishers (the console feed) never wait for a slow reader: a subscriber whose queue is
full gets None ("you missed events, reload") and nothing more. `InProcessEventBus`
serves the consoles of one process; `RedisEventBus` publishes through Redis pub/sub so
that a console connected to any replica sees what every replica publishes.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from redis.asyncio import Redis
    from redis.asyncio.client import PubSub

logger = logging.getLogger(__name__)
CHANNEL = "supportbot:events"


class EventBus(Protocol):
    @property
    def listening(self) -> bool:
        """Whether a published event can reach a subscriber (lets publishers skip building events)."""
        ...

    async def publish(self, event: dict[str, Any]) -> None: ...

    def subscribe(self) -> contextlib.AbstractAsyncContextManager[asyncio.Queue[dict[str, Any] | None]]: ...


class InProcessEventBus:
    """Fan-out to the consoles connected to this process; a console that stops reading is cut off."""

    def __init__(self, max_queued: int = 1000) -> None:
        self._queues: set[asyncio.Queue[dict[str, Any] | None]] = set()
        self._max_queued = max_queued

    @property
    def listening(self) -> bool:
        return bool(self._queues)

    async def publish(self, event: dict[str, Any]) -> None:
        for queue in list(self._queues):
            try:
                queue.put_nowait(event)
            except asyncio.QueueFull:
                # Never block the publisher for one slow browser: it gets None (reconnect
                # and reload) once there is room, and no more events.
                logger.warning("a console is not reading its events; cutting it off")
                self._cut_off(queue)

    def _cut_off(self, queue: asyncio.Queue[dict[str, Any] | None]) -> None:
        self._queues.discard(queue)
        if queue.full():
            with contextlib.suppress(asyncio.QueueEmpty):
                queue.get_nowait()
        queue.put_nowait(None)

    def cut_off_all(self) -> None:
        """Every subscriber missed events (say the link to Redis broke): all of them reload."""
        for queue in list(self._queues):
            self._cut_off(queue)

    @contextlib.asynccontextmanager
    async def subscribe(self) -> AsyncIterator[asyncio.Queue[dict[str, Any] | None]]:
        """A queue of events; None means: you missed some, reload."""
        queue: asyncio.Queue[dict[str, Any] | None] = asyncio.Queue(self._max_queued)
        self._queues.add(queue)
        try:
            yield queue
        finally:
            self._queues.discard(queue)


class RedisEventBus:
    """Events through one Redis pub/sub channel; one reader task per process fans them out locally.

    Pub/sub delivers only to those subscribed at that moment, which is what a live feed
    needs: a console that (re)connects loads the current state, then follows events.
    """

    RETRY_AFTER = 1.0  # seconds between attempts to resubscribe after the link broke

    def __init__(self, redis: Redis, channel: str = CHANNEL, *, max_queued: int = 1000) -> None:
        self._redis = redis
        self._channel = channel
        self._local = InProcessEventBus(max_queued)
        self._reader: asyncio.Task[None] | None = None

    @property
    def listening(self) -> bool:
        # A console on another replica may be listening: this replica cannot tell, so it publishes.
        return True

    async def publish(self, event: dict[str, Any]) -> None:
        await self._redis.publish(self._channel, json.dumps(event))

    def subscribe(self) -> contextlib.AbstractAsyncContextManager[asyncio.Queue[dict[str, Any] | None]]:
        return self._local.subscribe()

    async def start(self) -> None:
        """Subscribe (confirmed by Redis, so nothing published after this returns is missed) and start reading."""
        pubsub = await self._subscribed()
        self._reader = asyncio.create_task(self._read(pubsub), name="event-bus-reader")

    async def close(self) -> None:
        if self._reader is not None:
            self._reader.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._reader
            self._reader = None

    async def _subscribed(self) -> PubSub:
        pubsub = self._redis.pubsub()
        try:
            await pubsub.subscribe(self._channel)
            while True:  # the confirmation comes first on this connection
                message = await pubsub.get_message(timeout=5.0)
                if message is None:
                    raise TimeoutError(f"Redis did not confirm the subscription to {self._channel}")
                if message["type"] == "subscribe":
                    return pubsub
        except BaseException:
            await pubsub.aclose()
            raise

    async def _read(self, pubsub: PubSub) -> None:
        while True:
            try:
                async for message in pubsub.listen():
                    if message["type"] == "message":
                        await self._local.publish(json.loads(message["data"]))
                    elif message["type"] == "subscribe":  # redis-py reconnected by itself: a gap
                        self._local.cut_off_all()
            except Exception:
                logger.warning("event bus lost Redis; consoles here reload", exc_info=True)
            finally:
                await pubsub.aclose()
            self._local.cut_off_all()  # whatever was published meanwhile is lost to them
            while True:
                await asyncio.sleep(self.RETRY_AFTER)
                try:
                    pubsub = await self._subscribed()
                    break
                except Exception:
                    logger.debug("event bus still cannot subscribe", exc_info=True)

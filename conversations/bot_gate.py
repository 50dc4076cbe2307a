"""Holds the bot's turns back while its model is swapped, so none is lost or answered twice.

Rasa's `PUT /model` loads the new model on Rasa's own event loop: for the seconds it
takes, a turn sent to Rasa would hang and could time out half-done. So an activation
closes the gate: turns already with the bot finish first, new ones wait (in order, their
messages still `pending` in the database, so a crash loses nothing), the model is
swapped, and the gate opens again. Webhooks keep being stored and acknowledged meanwhile:
only the step from the database to the bot waits.

One gate per gateway process: with several replicas each must hold its own turns back
(issue 20).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator


class BotGate:
    def __init__(self) -> None:
        self._open = asyncio.Event()
        self._open.set()
        self._idle = asyncio.Event()
        self._idle.set()
        self._in_flight = 0
        self._exclusive = asyncio.Lock()
        self.held = 0  # turns waiting at the closed gate now

    @property
    def is_open(self) -> bool:
        return self._open.is_set()

    @contextlib.asynccontextmanager
    async def turn(self) -> AsyncIterator[None]:
        """One call to the bot; waits while the gate is closed."""
        while not self._open.is_set():  # re-checked: the gate may close again between wake-up and resume
            self.held += 1
            try:
                await self._open.wait()
            finally:
                self.held -= 1
        self._in_flight += 1
        self._idle.clear()
        try:
            yield
        finally:
            self._in_flight -= 1
            if self._in_flight == 0:
                self._idle.set()

    @contextlib.asynccontextmanager
    async def closed(self) -> AsyncIterator[None]:
        """Close the gate, wait for the turns in flight, and keep it closed for the block."""
        async with self._exclusive:
            self._open.clear()
            try:
                await self._idle.wait()
                yield
            finally:
                self._open.set()

"""Live updates for the agent console: which conversations changed, which messages arrived.

Publishers (the dispatcher, the console's actions) say what changed by id; the feed
builds the views only when some console is listening, and hands them to the event
bus (`coordination.events`: in-process for one gateway, Redis pub/sub for several
replicas; README, "Scaling"). `EventBus` and `InProcessEventBus` are re-exported here
for the code that still imports them from this module.
"""

from __future__ import annotations

import logging
from typing import Any

from pydantic import BaseModel

from conversations.handoff import OPEN_STATES
from coordination.events import EventBus
from staff.console import ConsoleService

logger = logging.getLogger(__name__)


def _wire(view: BaseModel) -> dict[str, Any]:
    """A view as the HTTP answers send it (JSON types, wire names): events may cross processes."""
    return view.model_dump(mode="json", by_alias=True)


class ConsoleFeed:
    """Turns "conversation N changed" into the console's events.

    Per open conversation it remembers the state it last published and the message ids
    it published (the latest few hundred), so each message goes out once even when an
    agent's reply is published while an earlier customer message is still being processed.
    Closed or bot-held conversations are forgotten, listeners or not.
    """

    KEEP_IDS = 500

    def __init__(self, console: ConsoleService, bus: EventBus) -> None:
        self._console = console
        self.bus = bus
        self._states: dict[int, str] = {}  # last state published, per conversation row
        self._published: dict[int, set[int]] = {}  # message ids published, per conversation row

    async def conversation_changed(self, conversation_id: int, *, message_id: int | None = None) -> None:
        """The conversation may have changed: publish its summary and its new messages, if consoles care.

        `message_id`: the first message that may be new (the one just processed).
        """
        try:
            if not self.bus.listening:
                self._forget(conversation_id)
                return
            found = await self._console.summary(conversation_id)
            if found is None:
                return
            state, summary = found
            before = self._states.get(conversation_id)
            if state not in OPEN_STATES and before not in OPEN_STATES:
                return  # the bot's own conversations are not the console's business
            self._states[conversation_id] = state
            await self.bus.publish({"type": "conversation", "conversation": _wire(summary)})
            published = self._published.get(conversation_id, set())
            floors = [i - 1 for i in (message_id, min(published, default=None)) if i is not None]
            if floors:
                for new_id in await self._console.messages_since(conversation_id, min(floors)):
                    await self._publish_message(conversation_id, new_id)
            if state not in OPEN_STATES:
                self._forget(conversation_id)
        except Exception:
            logger.exception("console feed for conversation %s failed", conversation_id)

    async def message_added(self, conversation_id: int, message_id: int) -> None:
        if self.bus.listening:
            await self._publish_message(conversation_id, message_id)

    def _forget(self, conversation_id: int) -> None:
        self._states.pop(conversation_id, None)
        self._published.pop(conversation_id, None)

    async def _publish_message(self, conversation_id: int, message_id: int) -> None:
        published = self._published.setdefault(conversation_id, set())
        if message_id in published:
            return
        found = await self._console.message(message_id)
        if found is None:
            return
        public_id, view = found
        published.add(message_id)
        if len(published) > self.KEEP_IDS:
            published.discard(min(published))
        await self.bus.publish({"type": "message", "conversation_id": public_id, "message": _wire(view)})

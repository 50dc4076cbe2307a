"""The one way in: every channel's messages enter the gateway here.

A webhook delivery, a long-polled Telegram update, a web chat frame and a socket.io
event all end in `Inbox.receive`: the message is stored durably and de-duplicated on
the provider's id (`InboundStore.receive`), and only a message seen for the
first time sets the dispatcher going (and the media fetcher, when it carries files).
The caller answers its channel after this returns, so nothing acknowledged is lost.
A new customer's first message, and a message to a conversation a person holds, are
kicked as urgent: under a backlog they are served first (coordination/serial.py).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass

from channels.base import InboundMessage
from conversations.dispatcher import Dispatcher
from conversations.intake import InboundStore
from conversations.media import MediaFetcher
from conversations.metrics import Metrics
from conversations.records import Received
from coordination.serial import NORMAL, URGENT

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class BatchReceipt:
    """What became of a delivery that carried several messages (WhatsApp batches them)."""

    stored: int
    duplicates: int
    failed: int  # not stored: the caller must make the provider re-send the delivery


class Inbox:
    def __init__(
        self, store: InboundStore, dispatcher: Dispatcher, media: MediaFetcher, metrics: Metrics | None = None
    ) -> None:
        self._store = store
        self._dispatcher = dispatcher
        self._media = media
        self._metrics = metrics or Metrics()  # the app's, from api/wiring.py; a private one in unit tests

    async def receive(self, inbound: InboundMessage) -> Received:
        """Store one message once, then set its processing going; raises when it could not be stored."""
        received = await self._store.receive(inbound)
        self._metrics.received(inbound.channel, duplicate=received.duplicate)
        if not received.duplicate:
            self._dispatcher.kick(received.conversation_id, URGENT if received.urgent else NORMAL)
            if received.has_attachments:
                self._media.kick()
        return received

    async def receive_all(self, messages: Iterable[InboundMessage]) -> BatchReceipt:
        """Store every message of one delivery; one that fails does not keep the others out.

        The stored ones are duplicates when the provider re-sends the delivery, so a
        failure is answered by asking for exactly that.
        """
        stored = duplicates = failed = 0
        for inbound in messages:
            try:
                received = await self.receive(inbound)
            except Exception:
                logger.exception("storing %s message %s failed", inbound.channel, inbound.provider_message_id)
                failed += 1
                continue
            if received.duplicate:
                duplicates += 1
            else:
                stored += 1
        return BatchReceipt(stored=stored, duplicates=duplicates, failed=failed)

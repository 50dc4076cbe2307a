"""Delivers stored outbound messages through their channel.

A reply is stored (status `queued`) before delivery and marked `sent` once its channel
took it. Web chat messages that find no open browser stay queued and reach the
customer with the history when the browser reconnects.
"""

from __future__ import annotations

import logging
from typing import Protocol

from api.conversations import ConversationService, Outgoing

logger = logging.getLogger(__name__)


class ChannelSender(Protocol):
    async def send(self, outgoing: Outgoing) -> bool:
        """Hand the message to the channel; True when it was taken."""
        ...


class Outbox:
    def __init__(self, service: ConversationService, senders: dict[str, ChannelSender]) -> None:
        self._service = service
        self._senders = senders

    async def deliver(self, messages: list[Outgoing]) -> None:
        sent: list[int] = []
        for outgoing in messages:
            sender = self._senders.get(outgoing.channel)
            if sender is None:
                logger.error("no sender for channel %s (message %s)", outgoing.channel, outgoing.message.message_id)
                continue
            try:
                if await sender.send(outgoing):
                    sent.append(outgoing.message.message_id)
            except Exception:
                logger.exception("sending message %s failed; it stays queued", outgoing.message.message_id)
        await self._service.mark_sent(sent)

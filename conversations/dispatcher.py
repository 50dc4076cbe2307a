"""Hands each stored message to the bot (or leaves it to a human), in order.

Messages of one conversation are processed one at a time, oldest first; different
conversations run in parallel. The bot reads text and pressed buttons (a photo's
caption counts); a photo without words, a location or a voice note gets the gateway's
own localized notice instead (conversations.records.NOTICE_FOR_KIND).

A message the bot could not answer (Rasa down, loading, timing out) stays `pending`
and is retried with capped exponential back-off; retries ask Rasa to replay a turn it
already handled, so a reply is produced once. On start-up every pending message is
picked up again, so a crash loses nothing.

One dispatcher per gateway process: with several gateway replicas, conversations must
be partitioned between them (README, "Scaling").
"""

from __future__ import annotations

import logging
import random
from collections.abc import Awaitable
from datetime import timedelta
from typing import Protocol

from conversations.handoff import CANCEL_PAYLOAD, CSAT_PAYLOADS
from conversations.outbox import Outbox
from conversations.records import NOTICE_FOR_KIND, PendingMessage, bot_reads, csat_score
from conversations.turns import TurnRecorder
from coordination.serial import PerConversation
from nlu.rasa_client import BotUnavailable, RasaClient
from storage.models import ConversationState, utcnow

logger = logging.getLogger(__name__)
GATEWAY_PAYLOADS = {CANCEL_PAYLOAD, *CSAT_PAYLOADS}  # buttons the gateway answers, never the bot


class ChangeListener(Protocol):
    """Who wants to know that a conversation changed (the console's live feed): told by id only."""

    def conversation_changed(self, conversation_id: int, *, message_id: int | None = None) -> Awaitable[None]: ...


def retry_delay(attempts: int, cap: float) -> float:
    """0.5 s, 1 s, 2 s, ... capped at `cap`, with ±20% jitter so retries don't align."""
    return min(0.5 * 2 ** max(attempts - 1, 0), cap) * random.uniform(0.8, 1.2)


class Dispatcher:
    def __init__(
        self,
        turns: TurnRecorder,
        bot: RasaClient,
        outbox: Outbox,
        listener: ChangeListener,
        *,
        retry_cap: float,
        sweep_interval: float,
    ) -> None:
        self._turns = turns
        self._bot = bot
        self._outbox = outbox
        self._listener = listener
        self._retry_cap = retry_cap
        self._tasks = PerConversation("dispatcher", self._drain, turns.conversations_due, sweep_interval)

    def kick(self, conversation_id: int) -> None:
        """Make sure the conversation's pending messages get processed."""
        self._tasks.kick(conversation_id)

    async def start(self) -> None:
        self._tasks.start()

    async def stop(self) -> None:
        await self._tasks.stop()

    async def idle(self) -> None:
        """Wait until no conversation is being processed (tests, shutdown)."""
        await self._tasks.idle()

    async def _drain(self, conversation_id: int) -> None:
        while True:
            self._tasks.take_kick(conversation_id)
            pending = await self._turns.next_pending(conversation_id)
            if pending is None:
                return
            if pending.next_attempt_at is not None and pending.next_attempt_at > utcnow():
                return  # backing off; the sweep comes back when it is due
            if not await self._process(pending):
                return
            if not pending.more_pending and not self._tasks.kicked(conversation_id):
                return  # nothing queued behind it and nothing new arrived: skip a query

    async def _process(self, pending: PendingMessage) -> bool:
        try:
            return await self._handle(pending)
        finally:
            await self._listener.conversation_changed(pending.conversation_id, message_id=pending.id)

    async def _handle(self, pending: PendingMessage) -> bool:
        if pending.payload == CANCEL_PAYLOAD and pending.state == ConversationState.WAITING_FOR_AGENT:
            await self._outbox.deliver(await self._turns.record_cancel(pending))
            return True
        if pending.state == ConversationState.CLOSED:
            if csat_score(pending.payload, pending.text) is not None:
                await self._outbox.deliver(await self._turns.record_csat(pending))
                return True
            # Written just before an agent closed: it starts (or joins) the customer's next conversation.
            self.kick(await self._turns.rehome(pending))
            return True
        if pending.state != ConversationState.BOT:
            # A technician answers; the bot stays silent but its NLU annotates the message.
            nlu = None
            if bot_reads(pending.kind, pending.text):
                try:
                    nlu = await self._bot.parse(pending.text)
                except BotUnavailable:
                    nlu = None  # the agent reads the message anyway
            await self._turns.record_without_bot(pending, nlu)
            return True
        if not bot_reads(pending.kind, pending.text):
            notices = await self._turns.record_notice(pending, NOTICE_FOR_KIND.get(pending.kind))
            await self._outbox.deliver(notices)
            return True
        if pending.payload in GATEWAY_PAYLOADS:
            # An old "back to the assistant" or rating button pressed later: the bot knows
            # no such intent. The customer is with the bot already; a late rating is ignored.
            template = "utter_handoff_cancelled" if pending.payload == CANCEL_PAYLOAD else None
            await self._outbox.deliver(await self._turns.record_notice(pending, template))
            return True
        try:
            turn = await self._bot.send(
                sender_id=pending.conversation_public_id,
                text=pending.text,
                message_id=str(pending.id),
                metadata={
                    "channel": pending.channel,
                    "language": pending.language,
                    "customer_id": pending.customer_id,
                    "conversation_id": pending.conversation_public_id,
                },
                retry=pending.attempts > 0,
            )
        except BotUnavailable as error:
            retry_at = utcnow() + timedelta(seconds=retry_delay(pending.attempts + 1, self._retry_cap))
            logger.warning("bot unavailable for message %s (attempt %s): %s", pending.id, pending.attempts + 1, error)
            notices = await self._turns.record_bot_failure(pending, str(error), retry_at)
            await self._outbox.deliver(notices)
            return False
        replies = await self._turns.record_turn(pending, turn)
        await self._outbox.deliver(replies)
        return True

"""Hands each stored message to the bot (or leaves it to a human), in order.

Messages of one conversation are processed one at a time, oldest first; different
conversations run in parallel. The bot reads text and pressed buttons (a photo's
caption counts); a photo without words, a location or a voice note gets the gateway's
own localized notice instead (conversations.records.NOTICE_FOR_KIND).

A message the bot could not answer (Rasa down, loading, timing out) stays `pending`
and is retried with capped exponential back-off; retries ask Rasa to replay a turn it
already handled, so a reply is produced once. On start-up every pending message is
picked up again, so a crash loses nothing.

Under overload the work is bounded: at most `max_turns` conversations are with the bot
at once (the rest wait in the database and in PerConversation's queue, urgent ones
first), and the bot's circuit breaker turns a Rasa outage into one probe at a time
instead of a retry per pending message; when a probe succeeds, every deferred message
is due at once and the backlog drains at the bot's own pace.

One customer cannot take the bot from the others either: a token bucket per web chat
session or provider sender (coordination/flood.py) lets a burst through, then paces the
rest; a paced message waits, stored, for its turn, and its customer is asked to slow down.

One dispatcher per gateway process: with several gateway replicas, conversations must
be partitioned between them (README, "Scaling").
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import time
from collections.abc import Awaitable
from datetime import timedelta
from typing import Protocol

from conversations.bot_gate import BotGate
from conversations.breaker import CircuitBreaker
from conversations.handoff import CANCEL_PAYLOAD, CSAT_PAYLOADS
from conversations.metrics import ANSWERED, BOT_UNAVAILABLE, DEFERRED, Metrics
from conversations.outbox import Outbox
from conversations.records import NOTICE_FOR_KIND, PendingMessage, bot_reads, csat_score
from conversations.turns import TurnRecorder
from coordination.flood import FloodLimiter
from coordination.lease import Leases
from coordination.serial import NORMAL, RETRY, URGENT, PerConversation
from nlu.rasa_client import BotUnavailable, RasaClient
from storage.models import ConversationState, utcnow

logger = logging.getLogger(__name__)
GATEWAY_PAYLOADS = {CANCEL_PAYLOAD, *CSAT_PAYLOADS}  # buttons the gateway answers, never the bot


class ChangeListener(Protocol):
    """Who wants to know that a conversation changed (the console's live feed): told by id only."""

    def conversation_changed(self, conversation_id: int, *, message_id: int | None = None) -> Awaitable[None]: ...


PROBE_INTERVAL = 0.25
DEFER_SECONDS = 60.0  # while the bot's breaker is open, how often a told customer's message is looked at


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
        max_turns: int = 16,
        delay_notice_after: float = 8.0,
        breaker: CircuitBreaker | None = None,
        leases: Leases | None = None,
        desk_url: str = "",
        flood: FloodLimiter | None = None,
        metrics: Metrics | None = None,
    ) -> None:
        self._turns = turns
        self._metrics = metrics or Metrics()  # the app's, from api/wiring.py; a private one in unit tests
        self._flood = flood  # paces each customer's turns, so one burst cannot take the bot from the others
        # Sent with every message: where the action server reaches this gateway's desk API.
        self._desk_url = desk_url
        self._bot = bot
        self._outbox = outbox
        self._listener = listener
        self._retry_cap = retry_cap
        # Probed every second while open: a status call is cheap, and a customer should hear
        # from the bot within a second or two of its return.
        self.breaker = breaker or CircuitBreaker("rasa", failure_threshold=3, open_for=0.5, max_open=0.5)
        self._prober: asyncio.Task[None] | None = None
        self.gate = BotGate()  # closed while the bot's model is swapped (training/activation.py)
        self._delay_notice_after = timedelta(seconds=delay_notice_after)
        self._tasks = PerConversation(
            "dispatcher",
            self._drain,
            self._due,
            sweep_interval,
            max_running=max_turns,
            leases=leases,
            stale_after=delay_notice_after,
        )

    def kick(self, conversation_id: int, priority: int = NORMAL) -> None:
        """Make sure the conversation's pending messages get processed (urgent ones first)."""
        self._tasks.kick(conversation_id, priority)

    @property
    def load(self) -> tuple[int, int]:
        """(conversations being processed, conversations waiting for a slot) in this process."""
        return self._tasks.running, self._tasks.waiting

    async def start(self) -> None:
        self._tasks.start()
        self._prober = asyncio.create_task(self._probe(), name="dispatcher-bot-probe")

    async def stop(self) -> None:
        if self._prober is not None:
            self._prober.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._prober
        await self._tasks.stop()

    async def _probe(self) -> None:
        """While the breaker is open, ask Rasa's /status (a cheap call on its own connection)
        when a probe is due, so that the bot's return is noticed within a second or two
        whether or not a customer message happens to be due then."""
        while True:
            await asyncio.sleep(PROBE_INTERVAL)
            if self.breaker.is_closed or self.breaker.seconds_until_retry() > 0 or not self.breaker.allow():
                continue
            try:
                status = await self._bot.status()
                if status is None or not status.get("model_file"):
                    self.breaker.failed("Rasa's /status: not reachable or no model loaded")
                    continue
                self.breaker.succeeded()
                resumed = await self._turns.resume_deferred()
                self._tasks.sweep_now()
                logger.info("the bot answers again; %s waiting message(s) are due now", resumed)
            except Exception:
                self.breaker.abandon()  # the next round probes again
                logger.exception("probing the bot failed")

    async def _due(self) -> list[tuple[int, int]]:
        """What the sweep kicks, and how urgently: a message written moments ago (its customer is
        typing, and has not been told of any delay) goes before a backlog that has waited, so
        after an outage the customers writing now are answered first and the backlog drains
        behind them."""
        now = utcnow()
        return [
            (conversation_id, NORMAL if now - written < self._delay_notice_after else RETRY)
            for conversation_id, written in await self._turns.conversations_due()
        ]

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
            # A technician answers; the bot stays silent but its NLU annotates the message
            # (when the bot is answering at all: the agent reads the message anyway).
            nlu = None
            if bot_reads(pending.kind, pending.text) and self.breaker.is_closed:
                try:
                    async with self.gate.turn():
                        nlu = await self._bot.parse(pending.text)
                except BotUnavailable:
                    nlu = None
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
        if self._flood is not None and pending.attempts == 0:  # a retry's message has had its token
            wait = await self._flood.take(f"{pending.channel}:{pending.recipient_id}")
            if wait > 0:
                # Faster than the bot answers one customer: the message waits, stored, for its turn
                # (the sweep brings it back when due), and the customer is asked to slow down.
                await self._outbox.deliver(await self._turns.pace(pending, wait), URGENT)
                return False
        if not self.breaker.allow():
            # The bot keeps failing: no call, no retry storm. The message waits in the
            # database; the customer is told of the delay on time.
            self._metrics.turn(DEFERRED)
            notices = await self._turns.defer(pending, "the bot is not answering", DEFER_SECONDS)
            await self._outbox.deliver(notices, RETRY)  # a delay notice waits behind live replies
            return False
        was_closed = self.breaker.is_closed
        started = time.perf_counter()
        try:
            async with self.gate.turn():
                started = time.perf_counter()  # the bot's time, not a model swap's wait at the gate
                turn = await self._bot.send(
                    sender_id=pending.conversation_public_id,
                    text=pending.text,
                    message_id=str(pending.id),
                    metadata={
                        "channel": pending.channel,
                        "language": pending.language,
                        "customer_id": pending.customer_id,
                        "conversation_id": pending.conversation_public_id,
                        "desk_url": self._desk_url,
                        "message_id": str(pending.id),  # the key of the desk writes this turn asks for
                    },
                    retry=pending.attempts > 0,
                    attempt=pending.attempts,
                )
        except BotUnavailable as error:
            self._metrics.turn(BOT_UNAVAILABLE, time.perf_counter() - started)
            self.breaker.failed(str(error))
            delay = max(retry_delay(pending.attempts + 1, self._retry_cap), self.breaker.seconds_until_retry())
            logger.warning("bot unavailable for message %s (attempt %s): %s", pending.id, pending.attempts + 1, error)
            notices = await self._turns.record_bot_failure(pending, str(error), utcnow() + timedelta(seconds=delay))
            await self._outbox.deliver(notices, RETRY)
            return False
        self._metrics.turn(ANSWERED, time.perf_counter() - started)
        self.breaker.succeeded()
        if not was_closed:
            resumed = await self._turns.resume_deferred()
            self._tasks.sweep_now()
            logger.info("the bot answers again; %s waiting message(s) are due now", resumed)
        replies = await self._turns.record_turn(pending, turn)
        # A reply the customer is waiting for now goes before a backlog's (and its notices).
        live = utcnow() - pending.created_at < self._delay_notice_after
        await self._outbox.deliver(replies, URGENT if live else NORMAL)
        return True

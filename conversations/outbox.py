"""Delivers stored outbound messages through their channel: once, in order, within limits.

Every reply is stored (status `queued`) before anything tries to deliver it, so a
crash loses nothing. Two kinds of channel:

* Live channels (web chat, socket.io) push to the customer's open browser. A message
  that finds no browser stays `queued` and arrives with the history on reconnect.
* Provider channels (WhatsApp, Telegram) go through the provider's HTTP API. Per
  conversation, the oldest queued message goes first; a message is `sending` while
  the request is out (a lease, so a crashed process's sends are found again), `sent`
  with the provider's id when accepted. Network errors before the request left, 5xx
  and 429 are retried with capped exponential back-off and jitter (429's
  retry_after wins); a refusal (4xx), too many tries, or an answer lost after the
  request left (it may have been delivered) end as `failed`, a dead letter admins
  see and can re-queue. Nothing is retried that may already have been delivered:
  a reply is never sent twice.

Rate limits (coordination/ratelimit.py) are waited for before each send.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import time
from datetime import datetime, timedelta
from typing import Protocol

from sqlalchemy.orm import Session, sessionmaker

from channels.base import ChannelAdapter, DeliveryError
from conversations.breaker import CircuitBreaker
from conversations.deliveries import Deliveries
from conversations.metrics import DEAD_LETTER, RETRIED, SENT, Metrics
from conversations.records import Outgoing, outgoing
from coordination.lease import Leases
from coordination.ratelimit import ChannelLimiter
from coordination.serial import NORMAL, PerConversation
from storage.engine import run_in_thread
from storage.models import Direction, Message, MessageStatus, utcnow
from storage.repositories import outbox as outbox_queries
from storage.repositories.outbox import DeadLetter

logger = logging.getLogger(__name__)


class LiveSender(Protocol):
    def connected(self, recipient_id: str) -> bool:
        """Whether the customer has an open connection (tab) right now."""
        ...

    async def send(self, outgoing: Outgoing) -> bool:
        """Push the message to the customer's open connections; True when one took it."""
        ...


def backoff(attempts: int, cap: float) -> float:
    """1 s, 2 s, 4 s, ... capped at `cap`, with ±25% jitter so retries of many chats don't align."""
    return min(2.0 ** max(attempts - 1, 0), cap) * random.uniform(0.75, 1.25)


class OutboxStore:
    """The outbox's database steps; each is one short transaction (see storage/engine.py)."""

    def __init__(self, sessions: sessionmaker[Session], windows: dict[str, timedelta | None]) -> None:
        self._sessions = sessions
        self._windows = windows  # channel -> the provider's reply window

    def next_for(self, conversation_id: int) -> tuple[Message, Outgoing] | None:
        """The conversation's oldest undelivered outbound message, ready for its adapter."""
        with self._sessions() as session:
            row = outbox_queries.next_undelivered(session, conversation_id)
        if row is None:
            return None
        message, recipient_id, last_inbound_at = row
        window = self._windows.get(message.channel)
        free_form = window is None or (last_inbound_at is not None and utcnow() - last_inbound_at < window)
        if (message.meta or {}).get("template_required"):
            free_form = False  # the provider said the window is closed, whatever our clock says
        return message, outgoing(message, recipient_id, free_form_allowed=free_form)

    def claim(self, message_id: int, lease: timedelta) -> bool:
        """queued -> sending, one more attempt; False when another worker has it or it is gone."""
        with self._sessions.begin() as session:
            return outbox_queries.claim_send(session, message_id, utcnow(), lease)

    def sent(self, message_id: int, provider_message_id: str) -> None:
        with self._sessions.begin() as session:
            outbox_queries.mark_sent(session, message_id, provider_message_id, utcnow())

    def retry_later(self, message_id: int, error: str, at: datetime) -> None:
        with self._sessions.begin() as session:
            outbox_queries.retry_later(session, message_id, error, at)

    def retry_as_template(self, message_id: int, error: str) -> None:
        with self._sessions.begin() as session:
            message = session.get(Message, message_id)
            if message is None or message.status != MessageStatus.SENDING:
                return
            message.meta = {**(message.meta or {}), "template_required": True}
            message.status = MessageStatus.QUEUED
            message.next_attempt_at = None
            message.error = error[:2000]

    def fail(self, message_id: int, error: str) -> None:
        with self._sessions.begin() as session:
            outbox_queries.fail(session, message_id, error)

    def due(self, channels: list[str], limit: int | None = None) -> list[int]:
        """Conversations with a provider-channel message to send now, or a send whose lease ran out."""
        with self._sessions() as session:
            return outbox_queries.due_conversations(session, channels, utcnow(), limit)

    def resume(self, channel: str) -> int:
        """The channel's provider is back: its messages backing off are due now; how many."""
        with self._sessions.begin() as session:
            return outbox_queries.make_channel_due(session, channel, utcnow())

    def dead_letters(self, limit: int) -> list[DeadLetter]:
        with self._sessions() as session:
            return outbox_queries.dead_letters(session, limit)

    def requeue(self, message_id: int) -> int | None:
        """A dead letter back into the outbox (an admin's decision); its conversation id, or None."""
        with self._sessions.begin() as session:
            message = session.get(Message, message_id)
            if message is None or message.direction != Direction.OUT or message.status != MessageStatus.FAILED:
                return None
            message.status = MessageStatus.QUEUED
            message.attempts = 0
            message.next_attempt_at = None
            message.provider_message_id = None  # statuses of the old attempt must not move it
            return message.conversation_id


class Outbox:
    def __init__(
        self,
        deliveries: Deliveries,
        store: OutboxStore,
        *,
        live: dict[str, LiveSender],
        adapters: dict[str, ChannelAdapter],
        limiters: dict[str, ChannelLimiter],
        max_attempts: int,
        retry_cap: float,
        send_timeout: float,
        sweep_interval: float,
        max_sends: int = 32,
        sends_per_channel: int = 8,
        leases: Leases | None = None,
        breaker_open_for: float = 2.0,
        breaker_max_open: float = 30.0,
        metrics: Metrics | None = None,
    ) -> None:
        self._deliveries = deliveries
        self._metrics = metrics or Metrics()  # the app's, from api/wiring.py; a private one in unit tests
        self._store = store
        self._live = live
        self._adapters = adapters
        self._limiters = limiters
        self._max_attempts = max_attempts
        self._retry_cap = retry_cap
        # A send still `sending` after this long died with its process: look at it again.
        self._lease = timedelta(seconds=send_timeout * 2 + 30)
        self._tasks = PerConversation(
            "outbox", self._drain, self._due, sweep_interval, max_running=max_sends, leases=leases
        )
        # Per provider: a bounded number of requests out at once, and a breaker that stops
        # the sends (not the queueing) while the provider keeps failing.
        self._slots = {name: asyncio.Semaphore(sends_per_channel) for name in adapters}
        self.breakers = {
            name: CircuitBreaker(name, failure_threshold=5, open_for=breaker_open_for, max_open=breaker_max_open)
            for name in adapters
        }
        self._stopping = False
        self._in_flight = 0
        self._no_sends = asyncio.Event()  # set while no request is out at a provider
        self._no_sends.set()

    # -- entry points --------------------------------------------------------------

    async def deliver(self, messages: list[Outgoing], priority: int = NORMAL) -> None:
        """Deliver freshly queued messages: live channels now, provider channels via their queue.

        `priority` orders provider sends when they queue for a slot: a reply a customer is
        waiting for right now goes before a backlog's replies and delay notices.
        """
        live: list[Outgoing] = []
        for item in messages:
            if item.channel in self._live:
                live.append(item)
            elif item.channel in self._adapters:
                self.kick(item.conversation_id, priority)
            else:
                logger.error("no sender for channel %s (message %s)", item.channel, item.message.message_id)
        if live:
            await self._push(live)

    async def _push(self, messages: list[Outgoing]) -> None:
        """Push to open browsers; each message is claimed first, so it is pushed once."""
        reachable = [m for m in messages if self._live[m.channel].connected(m.message.recipient_id)]
        claimed = await self._deliveries.claim_for_push([m.message.message_id for m in reachable])
        missed: list[int] = []
        for item in reachable:
            if item.message.message_id not in claimed:
                continue
            try:
                pushed = await self._live[item.channel].send(item)
            except Exception:
                logger.exception("pushing message %s failed; it stays queued", item.message.message_id)
                pushed = False
            if pushed:
                self._metrics.outbound(item.channel, SENT)
            else:
                missed.append(item.message.message_id)
        await self._deliveries.unclaim(missed)

    @property
    def load(self) -> tuple[int, int]:
        """(conversations being sent, conversations waiting for a slot) in this process."""
        return self._tasks.running, self._tasks.waiting

    def kick(self, conversation_id: int, priority: int = NORMAL) -> None:
        """Make sure the conversation's queued provider messages are being sent."""
        self._tasks.kick(conversation_id, priority)

    async def dead_letters(self, limit: int = 100) -> list[DeadLetter]:
        return await run_in_thread(self._store.dead_letters, limit)

    async def requeue(self, message_id: int) -> bool:
        conversation_id = await run_in_thread(self._store.requeue, message_id)
        if conversation_id is None:
            return False
        self.kick(conversation_id)
        return True

    async def start(self) -> None:
        if self._adapters:
            self._tasks.start()

    async def stop(self, grace: float = 10.0) -> None:
        """Stop claiming new sends, let the ones already out finish (up to `grace` s), then stop.

        A send cut off mid-request would end as a dead letter ("interrupted") after a restart.
        """
        self._stopping = True
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._no_sends.wait(), grace)
        await self._tasks.stop()

    async def idle(self) -> None:
        await self._tasks.idle()

    # -- the per-conversation queue ------------------------------------------------

    async def _due(self) -> list[int]:
        """What the sweep kicks: every due conversation of a healthy channel; of a channel whose
        breaker is open, none until a probe is due, then one (the probe), never thousands."""
        healthy = [name for name, breaker in self.breakers.items() if breaker.is_closed]
        due = await run_in_thread(self._store.due, healthy) if healthy else []
        for name, breaker in self.breakers.items():
            if not breaker.is_closed and breaker.seconds_until_retry() == 0:
                due += await run_in_thread(self._store.due, [name], 1)
        return due

    async def _drain(self, conversation_id: int) -> None:
        while True:
            self._tasks.take_kick(conversation_id)
            found = await run_in_thread(self._store.next_for, conversation_id)
            if found is None:
                return
            message, item = found
            adapter = self._adapters.get(message.channel)
            if adapter is None:
                return  # a live channel's message waits for its browser
            now = utcnow()
            if message.status == MessageStatus.SENDING:
                if message.next_attempt_at is not None and message.next_attempt_at > now:
                    return  # in flight elsewhere
                # The process that sent it died before hearing back: it may have been delivered.
                await run_in_thread(
                    self._store.fail, message.id, "interrupted while sending; not re-sent to avoid a duplicate"
                )
                self._metrics.outbound(message.channel, DEAD_LETTER)
                continue
            if message.next_attempt_at is not None and message.next_attempt_at > now:
                return  # backing off; the sweep comes back when it is due
            if not await self._send(adapter, message.attempts, item):
                return

    async def _send(self, adapter: ChannelAdapter, attempts: int, item: Outgoing) -> bool:
        """One try of one message; True when the queue may go on to the next message."""
        message_id = item.message.message_id
        chat = item.message.recipient_id
        limiter = self._limiters.get(item.channel)
        try:
            parts = adapter.parts(item.message)
        except DeliveryError as error:  # nothing the provider could take (e.g. blank text)
            logger.error("message %s cannot be sent: %s", message_id, error)
            await run_in_thread(self._store.fail, message_id, error.reason)
            self._metrics.outbound(item.channel, DEAD_LETTER)
            return True
        breaker = self.breakers[item.channel]
        if self._stopping or (not breaker.is_closed and breaker.seconds_until_retry() > 0):
            return False  # the provider keeps failing: not even a rate-limit token is spent
        if limiter is not None:
            await limiter.acquire(chat, parts)
        if self._stopping or not breaker.allow():
            return False  # the provider keeps failing: the message waits, unclaimed and uncounted
        if not await run_in_thread(self._store.claim, message_id, self._lease):
            breaker.abandon()  # the probe's message was taken meanwhile: the next caller probes
            return False
        was_closed = breaker.is_closed
        attempt = attempts + 1
        try:
            self._in_flight += 1
            self._no_sends.clear()
            try:
                async with self._slots[item.channel]:
                    started = time.perf_counter()
                    try:
                        provider_id = await adapter.send(item.message)
                    finally:
                        self._metrics.send_took(item.channel, time.perf_counter() - started)
            finally:
                self._in_flight -= 1
                if not self._in_flight:
                    self._no_sends.set()
        except DeliveryError as error:
            if (error.retryable and error.retry_after is None) or error.maybe_delivered:
                breaker.failed(error.reason)  # down, erroring or too slow: the provider's trouble
            else:
                await self._provider_answered(item.channel, breaker, was_closed)
            if error.retry_after is not None and limiter is not None:
                limiter.hold(None if error.whole_channel else chat, error.retry_after)
            if error.window_closed and item.message.free_form_allowed:
                logger.warning("message %s: the window closed; sending it as the template", message_id)
                await run_in_thread(self._store.retry_as_template, message_id, error.reason)
                self._metrics.outbound(item.channel, RETRIED)
                return True
            # A probe's failure during an outage does not use up the message's tries: the
            # provider being down says nothing about this message.
            if error.retryable and (attempt < self._max_attempts or not was_closed):
                delay = max(error.retry_after or 0.0, backoff(attempt, self._retry_cap), breaker.seconds_until_retry())
                logger.warning(
                    "sending message %s failed (try %s), again in %.1f s: %s", message_id, attempt, delay, error
                )
                await run_in_thread(
                    self._store.retry_later, message_id, error.reason, utcnow() + timedelta(seconds=delay)
                )
                self._metrics.outbound(item.channel, RETRIED)
                return False  # later messages of the chat wait: order is kept
            logger.error("message %s is a dead letter after %s tries: %s", message_id, attempt, error)
            await run_in_thread(self._store.fail, message_id, error.reason)
            self._metrics.outbound(item.channel, DEAD_LETTER)
            return True
        except Exception as error:  # a bug in an adapter: it may have sent already, so no retry
            breaker.abandon()
            logger.exception("adapter %s failed on message %s", item.channel, message_id)
            await run_in_thread(self._store.fail, message_id, f"{type(error).__name__}: {error}")
            self._metrics.outbound(item.channel, DEAD_LETTER)
            return True
        await self._provider_answered(item.channel, breaker, was_closed)
        await run_in_thread(self._store.sent, message_id, provider_id)
        self._metrics.outbound(item.channel, SENT)
        return True

    async def _provider_answered(self, channel: str, breaker: CircuitBreaker, was_closed: bool) -> None:
        """The provider took a request (or refused it for its own reasons): it is up."""
        breaker.succeeded()
        if not was_closed:
            resumed = await run_in_thread(self._store.resume, channel)
            logger.info("%s answers again; %s queued message(s) are due now", channel, resumed)

"""The conversation service: what happens to a message between its channel and the bot.

Every step is one short transaction, run in a database worker thread (storage/engine.py), so
whatever the process dies after is on disk:
an inbound message is committed (status `pending`) before anyone answers the channel,
and it becomes `processed` in the same transaction that stores the bot's replies in
the outbox. Routing (bot or human) is decided from the conversation's state here.
"""

from __future__ import annotations

import dataclasses
import logging
import math
import unicodedata
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from channels.base import InboundMessage, MessageKind, StatusUpdate
from conversations.answers import AnswerCatalogue
from conversations.handoff import Handoff
from conversations.notices import queue_notice
from conversations.records import CSAT_WINDOW, Outgoing, PendingMessage, Received, csat_score, outgoing
from nlu.language import LanguageDetector
from nlu.rasa_client import BotTurn
from storage.engine import run_in_thread
from storage.models import (
    Attachment,
    Conversation,
    ConversationState,
    Customer,
    Direction,
    Message,
    MessageStatus,
    SenderKind,
    utcnow,
)

logger = logging.getLogger(__name__)


def _clip(value: str | None, limit: int) -> str | None:
    """A provider string made safe for a length-limited column: no control or surrogate characters."""
    if value is None:
        return None
    cleaned = "".join(ch for ch in value if unicodedata.category(ch) not in {"Cc", "Cs"})
    return cleaned[:limit]


def _json_safe(value: Any) -> Any:
    """Metadata as every JSON column stores it: finite numbers, strings without NUL or surrogates."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, str):
        return _clip(value, 4096)
    if isinstance(value, dict):
        return {str(_clip(str(k), 128)): _json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json_safe(v) for v in value]
    return value


def sanitized(inbound: InboundMessage) -> InboundMessage:
    """What an adapter made of a provider's payload, clipped to what the database holds.

    Providers are trusted for shapes, not for sizes: a 300-character file name or a NUL
    in a caption must not turn a delivery into a 500 (and the provider's endless re-sends).
    """
    return dataclasses.replace(
        inbound,
        sender_id=_clip(inbound.sender_id, 128) or "",
        provider_message_id=_clip(inbound.provider_message_id, 127),
        payload=_clip(inbound.payload, 512),
        sender_name=_clip(inbound.sender_name, 256),
        language_hint=_clip(inbound.language_hint, 8),
        attachments=tuple(
            dataclasses.replace(
                ref,
                provider_id=_clip(ref.provider_id, 512) or "",
                mime_type=_clip(ref.mime_type, 128),
                filename=_clip(ref.filename, 256),
                size=ref.size if isinstance(ref.size, int) and 0 <= ref.size < 2**31 else None,
            )
            for ref in inbound.attachments
        ),
        metadata=_json_safe(inbound.metadata),
    )


class ConversationService:
    def __init__(
        self,
        sessions: sessionmaker[Session],
        detector: LanguageDetector,
        catalogue: AnswerCatalogue,
        *,
        delay_notice_after: float,
        handoff: Handoff | None = None,
    ) -> None:
        self._sessions = sessions
        self._detector = detector
        self._catalogue = catalogue
        self._delay_notice_after = timedelta(seconds=delay_notice_after)
        self._handoff = handoff

    # -- inbound -------------------------------------------------------------------

    async def receive(self, inbound: InboundMessage) -> Received:
        """Store one inbound message durably, once, whatever the provider re-sends."""
        return await run_in_thread(self._receive, sanitized(inbound))

    def _receive(self, inbound: InboundMessage) -> Received:
        # A re-send, or two concurrent first messages of a new customer, hit the unique
        # constraints; the loser finds the winner's message or rows and goes on.
        dedupe_key = f"{inbound.sender_id}:{inbound.provider_message_id}" if inbound.provider_message_id else None
        for attempt in range(3):
            try:
                return self._store_inbound(inbound, dedupe_key)
            except IntegrityError:
                duplicate = self._find_duplicate(inbound.channel, dedupe_key)
                if duplicate is not None:
                    return duplicate
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def _find_duplicate(self, channel: str, dedupe_key: str | None) -> Received | None:
        if dedupe_key is None:
            return None
        with self._sessions() as session:
            row = session.execute(
                select(Message.id, Message.conversation_id, Message.language, Message.created_at).where(
                    Message.channel == channel, Message.dedupe_key == dedupe_key
                )
            ).first()
        if row is None:
            return None
        return Received(row.id, row.conversation_id, row.language or self._detector.default, row.created_at, True)

    def _store_inbound(self, inbound: InboundMessage, dedupe_key: str | None) -> Received:
        now = utcnow()
        with self._sessions.begin() as session:
            customer = self._customer(session, inbound)
            conversation = self._awaiting_csat(session, customer, inbound, now) or self._open_conversation(
                session, customer
            )
            # A pressed button, a photo's caption-less upload or a location carry no
            # language; the conversation keeps its own.
            sample = inbound.text if inbound.kind == MessageKind.TEXT or inbound.kind in MessageKind.MEDIA else ""
            if inbound.payload:
                sample = ""
            language = self._detector.choose(sample, conversation.language or customer.language, inbound.language_hint)
            conversation.language = language
            # The provider's reply window runs from when the customer wrote; a delivery
            # re-sent after an outage must not make it look newer than it is.
            written = min(now, inbound.sent_at) if inbound.sent_at is not None else now
            if conversation.last_inbound_at is None or written > conversation.last_inbound_at:
                conversation.last_inbound_at = written
            customer.language = language
            message = Message(
                conversation_id=conversation.id,
                direction=Direction.IN,
                sender_kind=SenderKind.CUSTOMER,
                channel=inbound.channel,
                kind=inbound.kind,
                text=inbound.text,
                payload=inbound.payload,
                language=language,
                dedupe_key=dedupe_key,
                status=MessageStatus.PENDING,
                meta=inbound.metadata or None,
                created_at=now,
            )
            session.add(message)
            session.flush()
            session.add_all(
                Attachment(
                    message_id=message.id,
                    channel=inbound.channel,
                    kind=ref.kind,
                    provider_id=ref.provider_id,
                    mime_type=ref.mime_type,
                    filename=ref.filename,
                    size=ref.size,
                    created_at=now,
                )
                for ref in inbound.attachments
            )
            return Received(message.id, conversation.id, language, now, False, bool(inbound.attachments))

    def _customer(self, session: Session, inbound: InboundMessage) -> Customer:
        customer = session.execute(
            select(Customer).where(Customer.channel == inbound.channel, Customer.external_id == inbound.sender_id)
        ).scalar_one_or_none()
        if customer is None:
            customer = Customer(
                channel=inbound.channel, external_id=inbound.sender_id, display_name=inbound.sender_name
            )
            session.add(customer)
            session.flush()
        elif inbound.sender_name and customer.display_name != inbound.sender_name:
            customer.display_name = inbound.sender_name
        return customer

    def _awaiting_csat(
        self, session: Session, customer: Customer, inbound: InboundMessage, now: datetime
    ) -> Conversation | None:
        """The just-closed conversation a rating (a pressed 1-5 button, or a lone digit) belongs to."""
        if csat_score(inbound.payload, inbound.text) is None:
            return None
        # Only the customer's latest conversation: a "2" typed in a newer one is an answer there.
        latest = session.execute(
            select(Conversation)
            .where(Conversation.customer_id == customer.id)
            .order_by(Conversation.id.desc())
            .limit(1)
        ).scalar_one_or_none()
        if (
            latest is None
            or latest.state != ConversationState.CLOSED
            or latest.csat_score is not None
            or latest.csat_requested_at is None
            or latest.csat_requested_at < now - CSAT_WINDOW
        ):
            return None
        return latest

    def _open_conversation(self, session: Session, customer: Customer) -> Conversation:
        conversation = session.execute(
            select(Conversation)
            .where(Conversation.customer_id == customer.id, Conversation.state != ConversationState.CLOSED)
            .order_by(Conversation.id.desc())
            .limit(1)
        ).scalar_one_or_none()
        if conversation is None:
            conversation = Conversation(
                customer_id=customer.id,
                channel=customer.channel,
                state=ConversationState.BOT,
                language=customer.language,
            )
            session.add(conversation)
            session.flush()
        return conversation

    # -- processing ----------------------------------------------------------------

    async def next_pending(self, conversation_id: int) -> PendingMessage | None:
        """The conversation's oldest unanswered inbound message (order is per conversation)."""
        return await run_in_thread(self._next_pending, conversation_id)

    def _next_pending(self, conversation_id: int) -> PendingMessage | None:
        with self._sessions() as session:
            rows = session.execute(
                select(Message, Conversation, Customer.external_id)
                .join(Conversation, Message.conversation_id == Conversation.id)
                .join(Customer, Conversation.customer_id == Customer.id)
                .where(
                    Message.conversation_id == conversation_id,
                    Message.direction == Direction.IN,
                    Message.status == MessageStatus.PENDING,
                )
                .order_by(Message.id)
                .limit(2)
            ).all()
        if not rows:
            return None
        message, conversation, recipient_id = rows[0]
        return PendingMessage(
            id=message.id,
            conversation_id=conversation.id,
            conversation_public_id=conversation.public_id,
            customer_id=conversation.customer_id,
            recipient_id=recipient_id,
            channel=message.channel,
            kind=message.kind,
            text=message.payload or message.text,
            payload=message.payload,
            language=conversation.language or self._detector.default,
            state=conversation.state,
            attempts=message.attempts,
            created_at=message.created_at,
            next_attempt_at=message.next_attempt_at,
            more_pending=len(rows) > 1,
        )

    async def conversations_due(self) -> list[int]:
        """Conversations whose oldest pending message may be retried now."""
        return await run_in_thread(self._conversations_due)

    def _conversations_due(self) -> list[int]:
        now = utcnow()
        with self._sessions() as session:
            rows = session.execute(
                select(Message.conversation_id)
                .where(
                    Message.direction == Direction.IN,
                    Message.status == MessageStatus.PENDING,
                    (Message.next_attempt_at.is_(None)) | (Message.next_attempt_at <= now),
                )
                .distinct()
            )
            return [row[0] for row in rows]

    def _render(
        self, bot_message: dict[str, Any], language: str
    ) -> tuple[str, list[dict[str, str]], str | None] | None:
        """One Rasa message -> (text, buttons, template) in `language`."""
        custom = bot_message.get("custom")
        if isinstance(custom, dict) and isinstance(custom.get("template"), str):
            key = custom["template"]
            params = {k: v for k, v in custom.items() if k != "template"}
            answer = self._catalogue.render(key, language, params)
            if answer is None:
                logger.error("no answer %s in the catalogue", key)
                return None
            return answer.text, [{"title": b.title, "payload": b.payload} for b in answer.buttons], key
        text = bot_message.get("text")
        if isinstance(text, str) and text.strip():
            buttons = [
                {"title": str(b.get("title", "")), "payload": str(b.get("payload", ""))}
                for b in bot_message.get("buttons") or ()
                if isinstance(b, dict)
            ]
            return text, buttons, None
        logger.warning("dropping a bot message the channels cannot show: %s", sorted(bot_message))
        return None

    async def record_turn(self, pending: PendingMessage, turn: BotTurn) -> list[Outgoing]:
        """Mark the message answered and queue the bot's replies, in one transaction."""
        return await run_in_thread(self._record_turn, pending, turn)

    def _record_turn(self, pending: PendingMessage, turn: BotTurn) -> list[Outgoing]:
        now = utcnow()
        with self._sessions.begin() as session:
            answered = session.execute(
                update(Message)
                .where(Message.id == pending.id, Message.status == MessageStatus.PENDING)
                .values(
                    status=MessageStatus.PROCESSED,
                    intent=turn.intent,
                    confidence=turn.confidence,
                    entities=turn.entities or None,
                    processed_at=now,
                    next_attempt_at=None,
                )
            )
            if answered.rowcount != 1:
                return []  # answered meanwhile (cannot happen with one dispatcher; cheap to guard)
            replies: list[Message] = []
            for bot_message in turn.messages:
                rendered = self._render(bot_message, pending.language)
                if rendered is None:
                    continue
                text, buttons, template = rendered
                replies.append(
                    Message(
                        conversation_id=pending.conversation_id,
                        direction=Direction.OUT,
                        sender_kind=SenderKind.BOT,
                        channel=pending.channel,
                        text=text,
                        buttons=buttons or None,
                        language=pending.language,
                        template=template,
                        reply_to_id=pending.id,
                        status=MessageStatus.QUEUED,
                        created_at=now,
                    )
                )
            session.add_all(replies)
            if self._handoff is not None:
                conversation = session.get(Conversation, pending.conversation_id, with_for_update=True)
                if conversation is not None:
                    replies += self._handoff.after_turn(
                        session, conversation, turn.intent, turn.confidence, pending.id, now
                    )
            session.flush()
            return [outgoing(reply, pending.recipient_id) for reply in replies]

    async def record_without_bot(self, pending: PendingMessage, nlu: BotTurn | None = None) -> None:
        """A message a human will answer: processed, the bot stays silent; its NLU, if any, is kept for the agent."""
        await run_in_thread(self._record_without_bot, pending, nlu)

    def _record_without_bot(self, pending: PendingMessage, nlu: BotTurn | None) -> None:
        with self._sessions.begin() as session:
            session.execute(
                update(Message)
                .where(Message.id == pending.id, Message.status == MessageStatus.PENDING)
                .values(
                    status=MessageStatus.PROCESSED,
                    processed_at=utcnow(),
                    intent=nlu.intent if nlu else None,
                    confidence=nlu.confidence if nlu else None,
                    entities=(nlu.entities or None) if nlu else None,
                )
            )

    async def rehome(self, pending: PendingMessage) -> int:
        """A message that reached a conversation just closed (and is no rating): into the customer's open one.

        Returns the conversation it now belongs to (a new one if none is open).
        """
        return await run_in_thread(self._rehome, pending)

    def _rehome(self, pending: PendingMessage) -> int:
        with self._sessions.begin() as session:
            message = session.get(Message, pending.id)
            customer = session.get(Customer, pending.customer_id)
            if message is None or customer is None:
                return pending.conversation_id
            conversation = self._open_conversation(session, customer)
            message.conversation_id = conversation.id
            conversation.last_inbound_at = message.created_at
            return conversation.id

    async def record_cancel(self, pending: PendingMessage) -> list[Outgoing]:
        """The customer left the queue ("back to the assistant")."""
        return await run_in_thread(self._record_with_handoff, pending, "cancel")

    async def record_csat(self, pending: PendingMessage) -> list[Outgoing]:
        """A rating for a closed conversation."""
        return await run_in_thread(self._record_with_handoff, pending, "csat")

    def _record_with_handoff(self, pending: PendingMessage, step: str) -> list[Outgoing]:
        now = utcnow()
        with self._sessions.begin() as session:
            answered = session.execute(
                update(Message)
                .where(Message.id == pending.id, Message.status == MessageStatus.PENDING)
                .values(status=MessageStatus.PROCESSED, processed_at=now, next_attempt_at=None)
            )
            # Locked: an agent's claim and the customer's cancel must not both win.
            conversation = session.get(Conversation, pending.conversation_id, with_for_update=True)
            if answered.rowcount != 1 or conversation is None or self._handoff is None:
                return []
            if step == "cancel":
                notices = self._handoff.cancel(session, conversation, pending.id, now)
            else:
                score = csat_score(pending.payload, pending.text)
                notices = (
                    [] if score is None else self._handoff.record_csat(session, conversation, score, pending.id, now)
                )
            session.flush()
            return [outgoing(notice, pending.recipient_id) for notice in notices]

    async def record_notice(self, pending: PendingMessage, template: str | None) -> list[Outgoing]:
        """Answer a message the bot cannot read with the gateway's own notice (or nothing)."""
        return await run_in_thread(self._record_notice, pending, template)

    def _record_notice(self, pending: PendingMessage, template: str | None) -> list[Outgoing]:
        now = utcnow()
        with self._sessions.begin() as session:
            answered = session.execute(
                update(Message)
                .where(Message.id == pending.id, Message.status == MessageStatus.PENDING)
                .values(status=MessageStatus.PROCESSED, processed_at=now, next_attempt_at=None)
            )
            if answered.rowcount != 1 or template is None:
                return []
            notice = queue_notice(
                session,
                self._catalogue,
                conversation_id=pending.conversation_id,
                channel=pending.channel,
                language=pending.language,
                template=template,
                at=now,
                reply_to_id=pending.id,
            )
            if notice is None:
                return []
            session.flush()
            return [outgoing(notice, pending.recipient_id)]

    async def queue_outbound(
        self, conversation_public_id: str, text: str, sender_kind: str = SenderKind.AGENT
    ) -> Outgoing | None:
        """Queue a message from staff to the customer (agent reply, notification); None if no such conversation."""
        return await run_in_thread(self._queue_outbound, conversation_public_id, text, sender_kind)

    def _queue_outbound(self, conversation_public_id: str, text: str, sender_kind: str) -> Outgoing | None:
        with self._sessions.begin() as session:
            row = session.execute(
                select(Conversation, Customer.external_id)
                .join(Customer, Conversation.customer_id == Customer.id)
                .where(Conversation.public_id == conversation_public_id)
            ).first()
            if row is None:
                return None
            conversation, recipient_id = row
            message = Message(
                conversation_id=conversation.id,
                direction=Direction.OUT,
                sender_kind=sender_kind,
                channel=conversation.channel,
                text=text,
                language=conversation.language,
                status=MessageStatus.QUEUED,
                created_at=utcnow(),
            )
            session.add(message)
            session.flush()
            return outgoing(message, recipient_id)

    async def apply_statuses(self, updates: list[StatusUpdate]) -> int:
        """Record the provider's delivery news on our outbound messages; returns how many matched."""
        if not updates:
            return 0
        return await run_in_thread(self._apply_statuses, updates)

    def _apply_statuses(self, updates: list[StatusUpdate]) -> int:
        # Statuses arrive out of order and more than once: only move forward
        # (sent < delivered < read); `failed` wins over everything but `read`.
        rank = {
            MessageStatus.QUEUED: 0,
            MessageStatus.SENDING: 0,
            MessageStatus.SENT: 1,
            MessageStatus.DELIVERED: 2,
            MessageStatus.FAILED: 3,
            MessageStatus.READ: 4,
        }
        matched = 0
        with self._sessions.begin() as session:
            for news in updates:
                if news.status not in rank:
                    continue
                # Only messages the provider accepted: a re-queued message (its old id
                # cleared) or one in flight must not be moved by an old status.
                message = session.execute(
                    select(Message).where(
                        Message.channel == news.channel,
                        Message.provider_message_id == news.provider_message_id,
                        Message.direction == Direction.OUT,
                        Message.status.in_(
                            [MessageStatus.SENT, MessageStatus.DELIVERED, MessageStatus.READ, MessageStatus.FAILED]
                        ),
                    )
                ).scalar_one_or_none()
                if message is None:
                    continue
                matched += 1
                if rank[news.status] > rank.get(message.status, 0):
                    message.status = news.status
                    if news.status == MessageStatus.FAILED:
                        message.error = (news.error or "the provider reported a failure")[:2000]
        return matched

    async def record_bot_failure(self, pending: PendingMessage, error: str, retry_at: datetime) -> list[Outgoing]:
        """Keep the message pending for a retry; tell the customer once if the wait is long."""
        return await run_in_thread(self._record_bot_failure, pending, error, retry_at)

    def _record_bot_failure(self, pending: PendingMessage, error: str, retry_at: datetime) -> list[Outgoing]:
        now = utcnow()
        with self._sessions.begin() as session:
            message = session.get(Message, pending.id)
            conversation = session.get(Conversation, pending.conversation_id)
            if message is None or conversation is None:
                return []
            message.attempts += 1
            message.error = error[:2000]
            message.next_attempt_at = retry_at
            waited_long = now - message.created_at >= self._delay_notice_after
            told_already = (
                conversation.delay_notice_at is not None and conversation.delay_notice_at >= message.created_at
            )
            if not waited_long or told_already:
                return []
            notice = queue_notice(
                session,
                self._catalogue,
                conversation_id=conversation.id,
                channel=conversation.channel,
                language=pending.language,
                template="utter_delay",
                at=now,
                reply_to_id=message.id,
            )
            if notice is None:
                return []
            conversation.delay_notice_at = now
            session.flush()
            return [outgoing(notice, pending.recipient_id)]

    # -- outbound ------------------------------------------------------------------

    async def claim_for_push(self, message_ids: list[int]) -> set[int]:
        """queued -> sent for the ones still queued; a live channel pushes only what it claimed.

        Two pushes of one reply (a reply and a reconnecting tab at the same moment, two
        tabs reconnecting) race here, and exactly one wins each message.
        """
        if not message_ids:
            return set()
        return await run_in_thread(self._claim_for_push, message_ids)

    def _claim_for_push(self, message_ids: list[int]) -> set[int]:
        with self._sessions.begin() as session:
            rows = session.execute(
                update(Message)
                .where(Message.id.in_(message_ids), Message.status == MessageStatus.QUEUED)
                .values(status=MessageStatus.SENT, sent_at=utcnow())
                .returning(Message.id)
            )
            return {row[0] for row in rows}

    async def unclaim(self, message_ids: list[int]) -> None:
        """A push that found no open connection after all: back to queued, for the next reconnect."""
        if message_ids:
            await run_in_thread(self._unclaim, message_ids)

    def _unclaim(self, message_ids: list[int]) -> None:
        with self._sessions.begin() as session:
            session.execute(
                update(Message)
                .where(Message.id.in_(message_ids), Message.status == MessageStatus.SENT)
                .values(status=MessageStatus.QUEUED, sent_at=None)
            )

    async def undelivered(self, channel: str, external_id: str) -> list[Outgoing]:
        """The customer's queued outbound messages, oldest first (a live channel reconnected)."""
        return await run_in_thread(self._undelivered, channel, external_id)

    def _undelivered(self, channel: str, external_id: str) -> list[Outgoing]:
        with self._sessions() as session:
            rows = session.execute(
                select(Message)
                .join(Conversation, Message.conversation_id == Conversation.id)
                .join(Customer, Conversation.customer_id == Customer.id)
                .where(
                    Customer.channel == channel,
                    Customer.external_id == external_id,
                    Message.direction == Direction.OUT,
                    Message.status == MessageStatus.QUEUED,
                )
                .order_by(Message.id)
            ).scalars()
            return [outgoing(message, external_id) for message in rows]

    # -- reading -------------------------------------------------------------------

    async def history(self, channel: str, external_id: str, limit: int) -> list[Message]:
        """The customer's latest `limit` messages, oldest first, across conversations."""
        return await run_in_thread(self._history, channel, external_id, limit)

    def _history(self, channel: str, external_id: str, limit: int) -> list[Message]:
        with self._sessions() as session:
            rows = session.execute(
                select(Message)
                .join(Conversation, Message.conversation_id == Conversation.id)
                .join(Customer, Conversation.customer_id == Customer.id)
                .where(
                    Customer.channel == channel,
                    Customer.external_id == external_id,
                    Message.internal.is_(False),  # agents' notes are never the customer's to see
                )
                .order_by(Message.id.desc())
                .limit(limit)
            ).scalars()
            return list(reversed(rows.all()))

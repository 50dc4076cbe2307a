"""Queries of the outbox: the next reply of a conversation to send, claims and leases on
sends, what is due, and the dead letters admins look at.

Each function takes an open Session; the outbox (conversations/outbox.py) decides what
one transaction holds.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from storage.models import Conversation, Customer, Direction, Message, MessageStatus

UNDELIVERED = (MessageStatus.QUEUED, MessageStatus.SENDING)


@dataclass(frozen=True, slots=True)
class DeadLetter:
    message_id: int
    conversation_public_id: str
    channel: str
    recipient_id: str
    text: str
    attempts: int
    error: str | None
    created_at: datetime


def next_undelivered(session: Session, conversation_id: int) -> tuple[Message, str, datetime | None] | None:
    """(message, recipient, the customer's last message time) of the conversation's oldest undelivered reply."""
    row = session.execute(
        select(Message, Customer.external_id, Conversation.last_inbound_at)
        .join(Conversation, Message.conversation_id == Conversation.id)
        .join(Customer, Conversation.customer_id == Customer.id)
        .where(
            Message.conversation_id == conversation_id,
            Message.direction == Direction.OUT,
            Message.status.in_(UNDELIVERED),
        )
        .order_by(Message.id)
        .limit(1)
    ).first()
    return None if row is None else (row[0], row[1], row[2])


def claim_send(session: Session, message_id: int, now: datetime, lease: timedelta) -> bool:
    """queued -> sending with one more attempt, unless another worker has it or it is backing off."""
    result = session.execute(
        update(Message)
        .where(
            Message.id == message_id,
            Message.status == MessageStatus.QUEUED,
            or_(Message.next_attempt_at.is_(None), Message.next_attempt_at <= now),
        )
        .values(status=MessageStatus.SENDING, attempts=Message.attempts + 1, next_attempt_at=now + lease)
    )
    return result.rowcount == 1


def mark_sent(session: Session, message_id: int, provider_message_id: str, now: datetime) -> None:
    session.execute(
        update(Message)
        .where(Message.id == message_id, Message.status == MessageStatus.SENDING)
        .values(
            status=MessageStatus.SENT,
            provider_message_id=provider_message_id,
            sent_at=now,
            next_attempt_at=None,
            error=None,
        )
    )


def retry_later(session: Session, message_id: int, error: str, at: datetime) -> None:
    session.execute(
        update(Message)
        .where(Message.id == message_id, Message.status == MessageStatus.SENDING)
        .values(status=MessageStatus.QUEUED, next_attempt_at=at, error=error[:2000])
    )


def fail(session: Session, message_id: int, error: str) -> None:
    session.execute(
        update(Message)
        .where(Message.id == message_id, Message.status.in_(UNDELIVERED))
        .values(status=MessageStatus.FAILED, next_attempt_at=None, error=error[:2000])
    )


def due_conversations(session: Session, channels: list[str], now: datetime, limit: int | None = None) -> list[int]:
    """Conversations with a provider-channel message to send now, or a send whose lease ran out."""
    query = (
        select(Message.conversation_id)
        .where(
            Message.direction == Direction.OUT,
            Message.channel.in_(channels),
            Message.status.in_(UNDELIVERED),
            or_(Message.next_attempt_at.is_(None), Message.next_attempt_at <= now),
        )
        .distinct()
    )
    if limit is not None:
        query = query.limit(limit)
    return [row[0] for row in session.execute(query)]


def make_channel_due(session: Session, channel: str, now: datetime) -> int:
    """The channel's queued messages backing off become due now (its provider is back); how many."""
    result = session.execute(
        update(Message)
        .where(
            Message.direction == Direction.OUT,
            Message.channel == channel,
            Message.status == MessageStatus.QUEUED,
            Message.next_attempt_at > now,
        )
        .values(next_attempt_at=None)
    )
    return result.rowcount


def dead_letters(session: Session, limit: int) -> list[DeadLetter]:
    rows = session.execute(
        select(Message, Conversation.public_id, Customer.external_id)
        .join(Conversation, Message.conversation_id == Conversation.id)
        .join(Customer, Conversation.customer_id == Customer.id)
        .where(Message.direction == Direction.OUT, Message.status == MessageStatus.FAILED)
        .order_by(Message.id.desc())
        .limit(limit)
    ).all()
    return [
        DeadLetter(m.id, public_id, m.channel, recipient, m.text, m.attempts, m.error, m.created_at)
        for m, public_id, recipient in rows
    ]

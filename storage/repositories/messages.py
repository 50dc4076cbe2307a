"""Queries of the message flow: customers and their open conversation, inbound messages
waiting for the bot, and the customer-facing history.

Each function takes an open Session and leaves the transaction to its caller (the
conversation steps in `conversations/` decide what one transaction holds).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import Row, func, select, update
from sqlalchemy.orm import Session

from storage.models import Conversation, ConversationState, Customer, Direction, Message, MessageStatus


def customer(session: Session, channel: str, external_id: str) -> Customer | None:
    return session.execute(
        select(Customer).where(Customer.channel == channel, Customer.external_id == external_id)
    ).scalar_one_or_none()


def latest_conversation(session: Session, customer_id: int) -> Conversation | None:
    return session.execute(
        select(Conversation).where(Conversation.customer_id == customer_id).order_by(Conversation.id.desc()).limit(1)
    ).scalar_one_or_none()


def open_conversation(session: Session, customer_id: int) -> Conversation | None:
    """The customer's conversation that is not closed (at most one is open at a time)."""
    return session.execute(
        select(Conversation)
        .where(Conversation.customer_id == customer_id, Conversation.state != ConversationState.CLOSED)
        .order_by(Conversation.id.desc())
        .limit(1)
    ).scalar_one_or_none()


def conversation_with_recipient(session: Session, public_id: str) -> tuple[Conversation, str] | None:
    """A conversation by its public id, with the customer's id on its channel."""
    row = session.execute(
        select(Conversation, Customer.external_id)
        .join(Customer, Conversation.customer_id == Customer.id)
        .where(Conversation.public_id == public_id)
    ).first()
    return None if row is None else (row[0], row[1])


def recipient(session: Session, customer_id: int) -> str:
    """The customer's id on their channel (whom a reply goes to)."""
    return session.execute(select(Customer.external_id).where(Customer.id == customer_id)).scalar_one()


def inbound_by_dedupe_key(session: Session, channel: str, dedupe_key: str) -> Row[Any] | None:
    """(id, conversation_id, language, created_at) of a message already stored under the provider's id."""
    return session.execute(
        select(Message.id, Message.conversation_id, Message.language, Message.created_at).where(
            Message.channel == channel, Message.dedupe_key == dedupe_key
        )
    ).first()


def recent_outbound_buttons(session: Session, conversation_id: int, limit: int) -> list[Any]:
    """The `buttons` of the conversation's latest `limit` outbound messages, newest first (None where it had none)."""
    return list(
        session.execute(
            select(Message.buttons)
            .where(Message.conversation_id == conversation_id, Message.direction == Direction.OUT)
            .order_by(Message.id.desc())
            .limit(limit)
        ).scalars()
    )


def notice_since(session: Session, conversation_id: int, template: str, since: datetime) -> bool:
    """Whether the conversation got the notice `template` at or after `since`."""
    found = session.execute(
        select(Message.id)
        .where(
            Message.conversation_id == conversation_id,
            Message.direction == Direction.OUT,
            Message.template == template,
            Message.created_at >= since,
        )
        .limit(1)
    ).first()
    return found is not None


def oldest_pending(session: Session, conversation_id: int, limit: int = 2) -> list[tuple[Message, Conversation, str]]:
    """The conversation's unanswered inbound messages, oldest first, with the conversation and recipient."""
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
        .limit(limit)
    ).all()
    return [(row[0], row[1], row[2]) for row in rows]


def conversations_with_due_pending(session: Session, now: datetime) -> list[tuple[int, datetime]]:
    """Conversations whose oldest pending message may be (re)tried now, with when it was written."""
    rows = session.execute(
        select(Message.conversation_id, func.min(Message.created_at))
        .where(
            Message.direction == Direction.IN,
            Message.status == MessageStatus.PENDING,
            (Message.next_attempt_at.is_(None)) | (Message.next_attempt_at <= now),
        )
        .group_by(Message.conversation_id)
    )
    return [(row[0], row[1]) for row in rows]  # min() keeps the column's type: aware UTC


def mark_processed(session: Session, message_id: int, **values: Any) -> bool:
    """pending -> processed (with the NLU result or retry fields in `values`); False when answered meanwhile."""
    result = session.execute(
        update(Message)
        .where(Message.id == message_id, Message.status == MessageStatus.PENDING)
        .values(status=MessageStatus.PROCESSED, **values)
    )
    return result.rowcount == 1


def make_pending_due(session: Session, now: datetime) -> int:
    """Every inbound message still pending and backing off becomes due now; how many."""
    result = session.execute(
        update(Message)
        .where(
            Message.direction == Direction.IN,
            Message.status == MessageStatus.PENDING,
            Message.next_attempt_at > now,
        )
        .values(next_attempt_at=None)
    )
    return result.rowcount


def history(session: Session, channel: str, external_id: str, limit: int) -> list[Message]:
    """The customer's latest `limit` messages, oldest first, across conversations; never agents' notes."""
    rows = session.execute(
        select(Message)
        .join(Conversation, Message.conversation_id == Conversation.id)
        .join(Customer, Conversation.customer_id == Customer.id)
        .where(
            Customer.channel == channel,
            Customer.external_id == external_id,
            Message.internal.is_(False),
        )
        .order_by(Message.id.desc())
        .limit(limit)
    ).scalars()
    return list(reversed(rows.all()))


def queued_for_customer(session: Session, channel: str, external_id: str) -> list[Message]:
    """The customer's outbound messages still queued, oldest first (a live channel reconnected)."""
    return list(
        session.execute(
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
    )


def claim_queued(session: Session, message_ids: Iterable[int], now: datetime) -> set[int]:
    """queued -> sent for those still queued; the ids this caller won."""
    rows = session.execute(
        update(Message)
        .where(Message.id.in_(list(message_ids)), Message.status == MessageStatus.QUEUED)
        .values(status=MessageStatus.SENT, sent_at=now)
        .returning(Message.id)
    )
    return {row[0] for row in rows}


def unclaim(session: Session, message_ids: Iterable[int]) -> None:
    """sent -> queued again (a push found no open connection after all)."""
    session.execute(
        update(Message)
        .where(Message.id.in_(list(message_ids)), Message.status == MessageStatus.SENT)
        .values(status=MessageStatus.QUEUED, sent_at=None)
    )


def accepted_by_provider(session: Session, channel: str, provider_message_id: str) -> Message | None:
    """Our outbound message the provider accepted under this id (statuses only move those)."""
    return session.execute(
        select(Message).where(
            Message.channel == channel,
            Message.provider_message_id == provider_message_id,
            Message.direction == Direction.OUT,
            Message.status.in_([MessageStatus.SENT, MessageStatus.DELIVERED, MessageStatus.READ, MessageStatus.FAILED]),
        )
    ).scalar_one_or_none()

"""Customers, their conversations, every message in them, attachments and state changes."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from storage.models.base import AttachmentStatus, Base, ConversationState, Priority, utcnow


class Customer(Base):
    """A person as one channel knows them (a WhatsApp number, a web chat session)."""

    __tablename__ = "customers"
    __table_args__ = (UniqueConstraint("channel", "external_id", name="uq_customers_channel_external_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    channel: Mapped[str] = mapped_column(String(16))
    external_id: Mapped[str] = mapped_column(String(128))
    display_name: Mapped[str | None] = mapped_column(String(256))
    language: Mapped[str | None] = mapped_column(String(8))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    conversations: Mapped[list[Conversation]] = relationship(back_populates="customer")


class Conversation(Base):
    """One thread with a customer; a new one starts after the previous was closed."""

    __tablename__ = "conversations"
    __table_args__ = (Index("ix_conversations_customer_state", "customer_id", "state"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # The conversation's name outside this database (Rasa's sender id, links): random,
    # so two databases sharing one Rasa, or a restored backup, never mix trackers.
    public_id: Mapped[str] = mapped_column(String(32), unique=True, default=lambda: uuid.uuid4().hex)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id", ondelete="CASCADE"))
    channel: Mapped[str] = mapped_column(String(16))
    state: Mapped[str] = mapped_column(String(24), default=ConversationState.BOT)
    language: Mapped[str | None] = mapped_column(String(8))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    last_inbound_at: Mapped[datetime | None]
    delay_notice_at: Mapped[datetime | None]
    # hand-off (conversations/handoff.py)
    assigned_agent_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    priority: Mapped[int] = mapped_column(Integer, default=Priority.NORMAL, server_default="0")
    handoff_reason: Mapped[str | None] = mapped_column(String(256))
    waiting_since: Mapped[datetime | None]
    low_confidence_turns: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    closed_at: Mapped[datetime | None]
    csat_requested_at: Mapped[datetime | None]
    csat_score: Mapped[int | None] = mapped_column(Integer)
    csat_at: Mapped[datetime | None]

    customer: Mapped[Customer] = relationship(back_populates="conversations")
    messages: Mapped[list[Message]] = relationship(back_populates="conversation", order_by="Message.id")


class Message(Base):
    """One message, in or out, with what the bot made of it and where delivery stands."""

    __tablename__ = "messages"
    __table_args__ = (
        # De-duplication of provider re-sends: one row per (channel, provider id).
        UniqueConstraint("channel", "dedupe_key", name="uq_messages_channel_dedupe_key"),
        Index("ix_messages_conversation_id_id", "conversation_id", "id"),
        Index("ix_messages_status_direction", "status", "direction"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    conversation_id: Mapped[int] = mapped_column(ForeignKey("conversations.id", ondelete="CASCADE"))
    direction: Mapped[str] = mapped_column(String(4))
    sender_kind: Mapped[str] = mapped_column(String(16))
    channel: Mapped[str] = mapped_column(String(16))
    kind: Mapped[str] = mapped_column(String(16), default="text", server_default="text")  # channels.base.MessageKind
    text: Mapped[str] = mapped_column(Text, default="")
    payload: Mapped[str | None] = mapped_column(String(512))  # a pressed button's payload
    buttons: Mapped[list[Any] | None]
    language: Mapped[str | None] = mapped_column(String(8))
    intent: Mapped[str | None] = mapped_column(String(64))
    confidence: Mapped[float | None] = mapped_column(Float)
    entities: Mapped[list[Any] | None]
    template: Mapped[str | None] = mapped_column(String(64))  # which answer the bot chose
    dedupe_key: Mapped[str | None] = mapped_column(String(256))  # provider's id of an inbound message
    provider_message_id: Mapped[str | None] = mapped_column(String(256), index=True)  # provider's id once sent
    reply_to_id: Mapped[int | None] = mapped_column(ForeignKey("messages.id", ondelete="SET NULL"))
    status: Mapped[str] = mapped_column(String(16))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None]
    error: Mapped[str | None] = mapped_column(Text)
    meta: Mapped[dict[str, Any] | None]
    internal: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")  # an agents' note
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))  # the agent
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    processed_at: Mapped[datetime | None]
    sent_at: Mapped[datetime | None]

    conversation: Mapped[Conversation] = relationship(back_populates="messages")
    attachments: Mapped[list[Attachment]] = relationship(back_populates="message", order_by="Attachment.id")


class Attachment(Base):
    """A file a customer sent (a photo of a defect, a document), fetched after the message is stored.

    The webhook is answered before the file is downloaded: a download can be slow or
    fail, and the provider would re-send the whole delivery meanwhile.
    """

    __tablename__ = "attachments"
    __table_args__ = (Index("ix_attachments_status", "status"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    message_id: Mapped[int] = mapped_column(ForeignKey("messages.id", ondelete="CASCADE"), index=True)
    channel: Mapped[str] = mapped_column(String(16))
    kind: Mapped[str] = mapped_column(String(16))
    provider_id: Mapped[str] = mapped_column(String(512))
    mime_type: Mapped[str | None] = mapped_column(String(128))
    filename: Mapped[str | None] = mapped_column(String(256))
    size: Mapped[int | None] = mapped_column(Integer)
    sha256: Mapped[str | None] = mapped_column(String(64))
    path: Mapped[str | None] = mapped_column(String(512))  # relative to the media folder
    status: Mapped[str] = mapped_column(String(16), default=AttachmentStatus.PENDING)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None]
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    message: Mapped[Message] = relationship(back_populates="attachments")


class ConversationEvent(Base):
    """One change of a conversation's state: who, why, when (the hand-off's audit trail)."""

    __tablename__ = "conversation_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    conversation_id: Mapped[int] = mapped_column(ForeignKey("conversations.id", ondelete="CASCADE"), index=True)
    from_state: Mapped[str] = mapped_column(String(24))
    to_state: Mapped[str] = mapped_column(String(24))
    actor_kind: Mapped[str] = mapped_column(String(16))  # customer, bot, agent, system
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    reason: Mapped[str] = mapped_column(String(256))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

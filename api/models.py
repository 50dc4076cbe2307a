"""Database models: customers, their conversations and every message in them.

One schema for SQLite (embedded default) and PostgreSQL; migrations in api/migrations.
"""

from __future__ import annotations

import enum
import uuid
from datetime import UTC, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on every backend.

    SQLite has no time zones and hands back naive values; comparing those with aware
    ones raises, so values are normalised to aware UTC on the way in and out.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: use api.models.utcnow()")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    type_annotation_map: ClassVar[dict[Any, Any]] = {datetime: UTCDateTime, dict[str, Any]: JSON, list[Any]: JSON}


class ConversationState(enum.StrEnum):
    """Who answers the customer (DESIGN.md, "Message flow")."""

    BOT = "bot"
    WAITING_FOR_AGENT = "waiting_for_agent"
    AGENT = "agent"
    CLOSED = "closed"


class Direction(enum.StrEnum):
    IN = "in"
    OUT = "out"


class SenderKind(enum.StrEnum):
    CUSTOMER = "customer"
    BOT = "bot"
    AGENT = "agent"
    SYSTEM = "system"  # the gateway's own notices (delay, unsupported message)


class MessageStatus(enum.StrEnum):
    # inbound
    PENDING = "pending"  # stored, the bot has not answered yet
    PROCESSED = "processed"
    # outbound
    QUEUED = "queued"  # in the outbox, not yet handed to the channel
    SENDING = "sending"  # handed to the provider; the answer has not come back yet
    SENT = "sent"
    DELIVERED = "delivered"
    READ = "read"
    FAILED = "failed"  # gave up: a dead letter, listed for admins (GET /api/admin/outbox/failed)


class AttachmentStatus(enum.StrEnum):
    PENDING = "pending"  # the provider's reference is stored; the file is not fetched yet
    STORED = "stored"
    FAILED = "failed"


class UserRole(enum.StrEnum):
    AGENT = "agent"
    ADMIN = "admin"


class Priority(enum.IntEnum):
    """A waiting conversation's place in the queue: higher first."""

    NORMAL = 0
    HIGH = 1
    URGENT = 2
    EMERGENCY = 3


class User(Base):
    """A technician (agent) or an admin who logs in to the console."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(128))
    password_hash: Mapped[str] = mapped_column(String(256))
    role: Mapped[str] = mapped_column(String(16), default=UserRole.AGENT)
    languages: Mapped[list[Any]] = mapped_column(JSON, default=list)  # what the agent can answer in
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class UserSession(Base):
    """A logged-in browser. The cookie holds a random token; only its hash is stored."""

    __tablename__ = "user_sessions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)  # sha256 of the cookie's token
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]


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
    # hand-off (api/handoff.py)
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


class CannedResponse(Base):
    """A prepared reply an agent inserts by its shortcut, one text per language."""

    __tablename__ = "canned_responses"
    __table_args__ = (UniqueConstraint("shortcut", "language", name="uq_canned_responses_shortcut_language"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    shortcut: Mapped[str] = mapped_column(String(32))
    language: Mapped[str] = mapped_column(String(8))
    title: Mapped[str] = mapped_column(String(128))
    text: Mapped[str] = mapped_column(Text)

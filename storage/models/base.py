"""What every table shares: aware UTC datetimes, JSON columns, and the enums stored in rows."""

from __future__ import annotations

import enum
from datetime import UTC, datetime
from typing import Any, ClassVar

from sqlalchemy import JSON, DateTime, TypeDecorator
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase


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
            raise ValueError("naive datetime: use storage.models.utcnow()")
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

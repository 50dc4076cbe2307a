"""Database models, one module per domain; one schema for SQLite and PostgreSQL (migrations in storage/migrations).

Importing this package registers every table on `Base.metadata` (Alembic and the
repositories need them all); import names from here, not from the modules.
"""

from storage.models.base import (
    AttachmentStatus,
    Base,
    ConversationState,
    Direction,
    MessageStatus,
    Priority,
    SenderKind,
    UserRole,
    UTCDateTime,
    utcnow,
)
from storage.models.conversations import Attachment, Conversation, ConversationEvent, Customer, Message
from storage.models.service_desk import (
    Booking,
    BookingStatus,
    City,
    Claim,
    ClaimAttachment,
    ClaimEvent,
    ClaimStage,
    DeskRequest,
    MaintenanceSchedule,
    RoadsideContact,
    ServiceCentre,
    ServiceItem,
    Vehicle,
    VehicleModel,
    WarrantyPolicy,
)
from storage.models.staff import CannedResponse, User, UserSession
from storage.models.training import AuditEntry, BotModel, UnsureReview

__all__ = [
    "Attachment",
    "AttachmentStatus",
    "AuditEntry",
    "Base",
    "Booking",
    "BookingStatus",
    "BotModel",
    "CannedResponse",
    "City",
    "Claim",
    "ClaimAttachment",
    "ClaimEvent",
    "ClaimStage",
    "Conversation",
    "ConversationEvent",
    "ConversationState",
    "Customer",
    "DeskRequest",
    "Direction",
    "MaintenanceSchedule",
    "Message",
    "MessageStatus",
    "Priority",
    "RoadsideContact",
    "SenderKind",
    "ServiceCentre",
    "ServiceItem",
    "UTCDateTime",
    "UnsureReview",
    "User",
    "UserRole",
    "UserSession",
    "Vehicle",
    "VehicleModel",
    "WarrantyPolicy",
    "utcnow",
]

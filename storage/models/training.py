"""What admins change and build: trained models, reviews of messages the bot was unsure about, the audit log."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Float, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, utcnow


class BotModel(Base):
    """One training run and the model it produced (the model registry).

    A row is written when training starts, so the registry shows running, failed and
    cancelled runs too; `file` is set once a model exists. At most one row trains at a
    time (a partial unique index), and at most one is active.
    """

    __tablename__ = "bot_models"
    __table_args__ = (
        Index(
            "uq_bot_models_one_training",
            "status",
            unique=True,
            sqlite_where=text("status = 'training'"),
            postgresql_where=text("status = 'training'"),
        ),
        Index(
            "uq_bot_models_one_active",
            "active",
            unique=True,
            sqlite_where=text("active"),
            postgresql_where=text("active"),
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    fingerprint: Mapped[str] = mapped_column(String(32), index=True)  # of the training data it was built from
    file: Mapped[str | None] = mapped_column(String(512))  # the .tar.gz, once trained
    status: Mapped[str] = mapped_column(String(16))  # training.registry.ModelStatus
    started_by: Mapped[str] = mapped_column(String(64))
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]
    training_seconds: Mapped[float | None] = mapped_column(Float)
    progress: Mapped[str | None] = mapped_column(String(256))  # the stage training is in
    error: Mapped[str | None] = mapped_column(Text)
    report: Mapped[dict[str, Any] | None]  # the held-out evaluation: per-language accuracy
    active: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    activated_at: Mapped[datetime | None]
    activated_by: Mapped[str | None] = mapped_column(String(64))


class UnsureReview(Base):
    """What an admin did with one customer message the bot was unsure about."""

    __tablename__ = "unsure_reviews"

    message_id: Mapped[int] = mapped_column(ForeignKey("messages.id", ondelete="CASCADE"), primary_key=True)
    outcome: Mapped[str] = mapped_column(String(16))  # training.unsure.Outcome: added, dismissed
    intent: Mapped[str | None] = mapped_column(String(64))
    language: Mapped[str | None] = mapped_column(String(8))
    example: Mapped[str | None] = mapped_column(Text)  # the text added to the training data
    reviewed_by: Mapped[str] = mapped_column(String(64))
    reviewed_at: Mapped[datetime] = mapped_column(default=utcnow)


class AuditEntry(Base):
    """One change made by an admin (or a login): who, when, what, and the value before and after."""

    __tablename__ = "audit_entries"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(64))  # a username, or "admin-token"
    action: Mapped[str] = mapped_column(String(64), index=True)  # e.g. "intent.create", "model.activate"
    subject: Mapped[str] = mapped_column(String(256))  # what it changed: an intent, a user, a model id
    before: Mapped[Any | None] = mapped_column(JSON, nullable=True)
    after: Mapped[Any | None] = mapped_column(JSON, nullable=True)

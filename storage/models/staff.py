"""The people behind the console: agents and admins, their sessions, their canned responses."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, UserRole, utcnow


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


class CannedResponse(Base):
    """A prepared reply an agent inserts by its shortcut, one text per language."""

    __tablename__ = "canned_responses"
    __table_args__ = (UniqueConstraint("shortcut", "language", name="uq_canned_responses_shortcut_language"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    shortcut: Mapped[str] = mapped_column(String(32))
    language: Mapped[str] = mapped_column(String(8))
    title: Mapped[str] = mapped_column(String(128))
    text: Mapped[str] = mapped_column(Text)

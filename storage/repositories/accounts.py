"""Queries of the console's people: users by name, the active ones, and their browser sessions.

Each function takes an open Session; `staff/accounts.py` owns the transactions and the
hashing (the database only ever sees a session token's SHA-256).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from storage.models import User, UserSession


def user(session: Session, username: str, *, active_only: bool = False) -> User | None:
    query = select(User).where(User.username == username)
    if active_only:
        query = query.where(User.active.is_(True))
    return session.execute(query).scalar_one_or_none()


def active_users(session: Session) -> list[User]:
    """Everyone who may log in, by display name (whom a conversation can be transferred to)."""
    return list(session.execute(select(User).where(User.active.is_(True)).order_by(User.display_name)).scalars())


def live_session(session: Session, digest: str, now: datetime) -> tuple[UserSession, User] | None:
    """The unexpired session with this token digest, and its user if still active."""
    row = session.execute(
        select(UserSession, User)
        .join(User, UserSession.user_id == User.id)
        .where(UserSession.id == digest, UserSession.expires_at > now, User.active.is_(True))
    ).first()
    return None if row is None else (row[0], row[1])


def end_session(session: Session, digest: str) -> None:
    session.execute(delete(UserSession).where(UserSession.id == digest))


def end_sessions_of(session: Session, user_id: int) -> None:
    """Log a user out everywhere (password changed, account deactivated)."""
    session.execute(delete(UserSession).where(UserSession.user_id == user_id))


def end_expired_sessions(session: Session, now: datetime) -> None:
    session.execute(delete(UserSession).where(UserSession.expires_at < now))

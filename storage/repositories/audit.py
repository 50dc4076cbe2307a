"""Queries of the audit log. Each function takes an open Session; `staff/audit.py` owns the transactions."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.models import AuditEntry


def add(session: Session, actor: str, action: str, subject: str, before: Any, after: Any) -> AuditEntry:
    entry = AuditEntry(actor=actor, action=action, subject=subject[:256], before=before, after=after)
    session.add(entry)
    session.flush()
    return entry


def listing(
    session: Session, *, action: str | None, actor: str | None, before_id: int | None, limit: int
) -> list[AuditEntry]:
    """Newest first; `action` matches a prefix ("intent." is every intent change); `before_id` pages on."""
    query = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit)
    if action:
        query = query.where(AuditEntry.action.startswith(action, autoescape=True))
    if actor:
        query = query.where(AuditEntry.actor == actor)
    if before_id is not None:
        query = query.where(AuditEntry.id < before_id)
    return list(session.execute(query).scalars())

"""Queries of customers' files: which references still wait for their download, and the
outcome of each download.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from storage.models import Attachment, AttachmentStatus


def due_downloads(session: Session, channels: list[str], now: datetime, limit: int = 20) -> list[Attachment]:
    """Pending references of these channels (a switched-off channel's wait) whose try is due, oldest first."""
    return list(
        session.execute(
            select(Attachment)
            .where(
                Attachment.status == AttachmentStatus.PENDING,
                Attachment.channel.in_(channels),
                or_(Attachment.next_attempt_at.is_(None), Attachment.next_attempt_at <= now),
            )
            .order_by(Attachment.id)
            .limit(limit)
        ).scalars()
    )


def record_download(session: Session, attachment_id: int, **values: Any) -> None:
    """The outcome of one try: stored (path, digest, size) or failed (attempts, error, next try)."""
    session.execute(update(Attachment).where(Attachment.id == attachment_id).values(**values))

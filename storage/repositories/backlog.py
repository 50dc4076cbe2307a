"""Queries that size the backlog for admins: what waits for the bot, what waits to be sent,
and since when.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from storage.models import Direction, Message, MessageStatus


@dataclass(frozen=True, slots=True)
class Depth:
    count: int
    oldest: datetime | None


def _depth(session: Session, direction: str, statuses: list[str]) -> Depth:
    count, oldest = session.execute(
        select(func.count(), func.min(Message.created_at)).where(
            Message.direction == direction, Message.status.in_(statuses)
        )
    ).one()
    return Depth(int(count), oldest)


def pending_turns(session: Session) -> Depth:
    """Customer messages not answered yet."""
    return _depth(session, Direction.IN, [MessageStatus.PENDING])


def queued_sends(session: Session) -> Depth:
    """Replies stored and not yet accepted by their channel (queued or in flight)."""
    return _depth(session, Direction.OUT, [MessageStatus.QUEUED, MessageStatus.SENDING])


def dead_letters(session: Session) -> int:
    return _depth(session, Direction.OUT, [MessageStatus.FAILED]).count


def retrying(session: Session, now: datetime) -> tuple[int, int]:
    """(pending messages backing off after a failed try, queued sends backing off)."""
    turns = session.execute(
        select(func.count()).where(
            Message.direction == Direction.IN,
            Message.status == MessageStatus.PENDING,
            Message.attempts > 0,
            Message.next_attempt_at > now,
        )
    ).scalar_one()
    sends = session.execute(
        select(func.count()).where(
            Message.direction == Direction.OUT,
            Message.status == MessageStatus.QUEUED,
            Message.attempts > 0,
            Message.next_attempt_at > now,
        )
    ).scalar_one()
    return int(turns), int(sends)

"""Queries of the canned responses: per shortcut and language.

Each function takes an open Session; `staff/canned.py` owns the transactions.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from storage.models import CannedResponse


def count(session: Session) -> int:
    return session.execute(select(func.count()).select_from(CannedResponse)).scalar_one()


def find(session: Session, shortcut: str, language: str) -> CannedResponse | None:
    return session.execute(
        select(CannedResponse).where(CannedResponse.shortcut == shortcut, CannedResponse.language == language)
    ).scalar_one_or_none()


def listing(session: Session, language: str | None) -> list[CannedResponse]:
    """By shortcut; in one language, or all when `language` is empty."""
    query = select(CannedResponse).order_by(CannedResponse.shortcut)
    if language:
        query = query.where(CannedResponse.language == language)
    return list(session.execute(query).scalars())

"""Queries of the model registry (bot_models). Each function takes an open Session;
`training/registry.py` owns the transactions."""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from storage.models import BotModel


def get(session: Session, model_id: int) -> BotModel | None:
    return session.get(BotModel, model_id)


def listing(session: Session, limit: int) -> list[BotModel]:
    return list(session.execute(select(BotModel).order_by(BotModel.id.desc()).limit(limit)).scalars())


def active(session: Session) -> BotModel | None:
    return session.execute(select(BotModel).where(BotModel.active.is_(True))).scalar_one_or_none()


def in_progress(session: Session, statuses: tuple[str, ...]) -> list[BotModel]:
    return list(session.execute(select(BotModel).where(BotModel.status.in_(statuses))).scalars())


def by_file(session: Session, file: str) -> BotModel | None:
    return session.execute(select(BotModel).where(BotModel.file == file).order_by(BotModel.id.desc())).scalars().first()


def previously_active(session: Session, current_id: int | None) -> BotModel | None:
    """The model that was live before the current one: the latest activated of the others."""
    query = select(BotModel).where(BotModel.activated_at.is_not(None), BotModel.file.is_not(None))
    if current_id is not None:
        query = query.where(BotModel.id != current_id)
    return session.execute(query.order_by(BotModel.activated_at.desc()).limit(1)).scalar_one_or_none()


def clear_active(session: Session) -> None:
    session.execute(update(BotModel).where(BotModel.active.is_(True)).values(active=False))
    session.flush()  # the partial unique index allows one active row: clear before setting

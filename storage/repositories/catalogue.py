"""Queries of the service desk's catalogue as admins edit it: list, count, get, upsert and
delete rows of the eight catalogue tables by their stable key.

The functions are generic over the table because every catalogue table is edited the
same way; what differs is its key (`KEYS`), the one fact about a table the queries need.
The bot's own reads of the same tables are in `desk.py`. Each function takes an open
Session; `service_desk/catalogue/` owns the transactions and the validation.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, String, delete, func, or_, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from storage.models import (
    Base,
    City,
    MaintenanceSchedule,
    RoadsideContact,
    ServiceCentre,
    ServiceItem,
    Vehicle,
    VehicleModel,
    WarrantyPolicy,
)

M = TypeVar("M", bound=Base)
Key = tuple[Any, ...]

# Each table's stable key: what a seed file, a CSV row and an admin's URL name a row by.
KEYS: dict[type[Base], tuple[str, ...]] = {
    VehicleModel: ("code",),
    WarrantyPolicy: ("model_code", "market"),
    MaintenanceSchedule: ("model_code",),
    ServiceItem: ("code",),
    City: ("code",),
    ServiceCentre: ("code",),
    Vehicle: ("vin",),
    RoadsideContact: ("market",),
}


def _where_key(model: type[M], key: Key) -> list[ColumnElement[bool]]:
    return [getattr(model, column) == value for column, value in zip(KEYS[model], key, strict=True)]


def _order(model: type[M]) -> list[InstrumentedAttribute[Any]]:
    return [getattr(model, column) for column in KEYS[model]]


def _search(model: type[M], text: str) -> ColumnElement[bool]:
    """Any text column containing `text`, case-insensitively (ASCII case on SQLite).

    JSON columns are left out: their stored form escapes non-ASCII letters, so a match
    there would depend on the backend and the script.
    """
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    columns = [column for column in model.__table__.columns if isinstance(column.type, String)]
    return or_(*(column.ilike(f"%{escaped}%", escape="\\") for column in columns))


def listing(session: Session, model: type[M], *, offset: int = 0, limit: int = 100, text: str | None = None) -> list[M]:
    """One page of rows by key; with `text`, only the rows one of whose text columns contains it."""
    query = select(model).order_by(*_order(model)).offset(offset).limit(limit)
    if text:
        query = query.where(_search(model, text))
    return list(session.execute(query).scalars())


def count(session: Session, model: type[M], text: str | None = None) -> int:
    query = select(func.count()).select_from(model)
    if text:
        query = query.where(_search(model, text))
    return int(session.execute(query).scalar_one())


def all_rows(session: Session, model: type[M]) -> list[M]:
    """Every row by key (an export; the checks that read JSON lists)."""
    return list(session.execute(select(model).order_by(*_order(model))).scalars())


def get(session: Session, model: type[M], key: Key) -> M | None:
    return session.execute(select(model).where(*_where_key(model, key))).scalar_one_or_none()


def upsert(session: Session, model: type[M], key: Key, values: dict[str, Any]) -> bool:
    """Create the row with this key or replace its values; True when it was created."""
    row = get(session, model, key)
    created = row is None
    if row is None:
        row = model()
        session.add(row)
    for column, value in values.items():
        setattr(row, column, value)
    session.flush()
    return created


def upsert_many(session: Session, model: type[M], rows: Iterable[dict[str, Any]]) -> tuple[int, int]:
    """Upsert rows by key with one read of the table, not one per row (a CSV of 20,000
    vehicles); returns (created, updated)."""
    columns = KEYS[model]
    existing = {tuple(getattr(row, c) for c in columns): row for row in session.execute(select(model)).scalars()}
    created = updated = 0
    for values in rows:
        row = existing.get(tuple(values[c] for c in columns))
        if row is None:
            row = model()
            session.add(row)
            created += 1
        else:
            updated += 1
        for column, value in values.items():
            setattr(row, column, value)
    session.flush()
    return created, updated


def delete_row(session: Session, model: type[M], key: Key) -> bool:
    """Delete the row with this key; False when there is none. The database cascades what
    belongs to it (a model's policies and schedule) and refuses what merely refers to it."""
    result = session.execute(delete(model).where(*_where_key(model, key)))
    return bool(getattr(result, "rowcount", 0))


def values_of(session: Session, column: InstrumentedAttribute[Any]) -> set[Any]:
    """Every value of one column (the model codes a row may refer to, say)."""
    return set(session.execute(select(column).distinct()).scalars())


def pairs(session: Session, key: InstrumentedAttribute[Any], value: InstrumentedAttribute[Any]) -> dict[Any, Any]:
    """One column's values mapped to another's in the same rows (each city's market)."""
    return {row[0]: row[1] for row in session.execute(select(key, value)).all()}


def count_where(session: Session, column: InstrumentedAttribute[Any], value: Any) -> int:
    """How many rows of `column`'s table have this value (rows that refer to a key)."""
    return int(session.execute(select(func.count()).where(column == value)).scalar_one())


def json_column(session: Session, column: InstrumentedAttribute[Any]) -> Sequence[Any]:
    """Every row's value of a JSON column: lists are searched in Python, the same on SQLite and PostgreSQL."""
    return list(session.execute(select(column)).scalars())

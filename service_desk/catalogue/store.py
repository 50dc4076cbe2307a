"""What admins do to the catalogue, each in one transaction: page through a resource, read,
create-or-replace and delete a row by key, export and import CSV.

Blocking (SQLAlchemy sessions): the admin API runs these in a worker thread. A row is
written only after its pydantic model and its references (`resources.py`) pass; a
concurrent edit that slips between the check and the write (a model deleted meanwhile)
surfaces as the database's refusal, reported as `Conflict`, never as a half-written row.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from conversations.markets import Markets
from service_desk.catalogue import csv_io
from service_desk.catalogue.resources import InUse, Key, Known, R, Reason, Resource, RowInvalid
from storage.repositories import catalogue as repo


class Conflict(ValueError):
    """The database refused the write: another edit changed what it depends on meanwhile."""


@dataclass(frozen=True, slots=True)
class Page(Generic[R]):
    items: list[R]
    total: int


class CatalogueStore:
    def __init__(self, sessions: sessionmaker[Session], markets_file: Path | None = None) -> None:
        self._sessions = sessions
        self._markets_file = markets_file
        self._markets: Markets | None = None

    def markets(self) -> Markets | None:
        """The markets whose hours and time zone a centre without its own takes (read when first needed)."""
        if self._markets is None and self._markets_file is not None and self._markets_file.exists():
            self._markets = Markets.load(self._markets_file)
        return self._markets

    def page(self, resource: Resource[R], *, offset: int, limit: int, text: str | None) -> Page[R]:
        with self._sessions() as session:
            records = repo.listing(session, resource.model, offset=offset, limit=limit, text=text)
            total = repo.count(session, resource.model, text)
            return Page([resource.to_row(r) for r in records], total)

    def get(self, resource: Resource[R], key: Key) -> R | None:
        with self._sessions() as session:
            record = repo.get(session, resource.model, key)
            return None if record is None else resource.to_row(record)

    def put(self, resource: Resource[R], key: Key, row: R) -> tuple[R, bool]:
        """Create the row under `key` or replace it; (the row as stored, created).

        RowInvalid when the body names another key or refers to what does not exist.
        """
        row = row.model_copy(deep=True)
        mismatched = [
            Reason(column, f"{given!r} in the body, {wanted!r} in the path")
            for column, given, wanted in zip(resource.keys, resource.key_of(row), key, strict=True)
            if given != wanted
        ]
        if mismatched:
            raise RowInvalid(mismatched)
        try:
            with self._sessions.begin() as session:
                reasons = resource.settle(row, Known.load(session), self.markets())
                if reasons:
                    raise RowInvalid(reasons)
                created = repo.upsert(session, resource.model, key, resource.values(row))
        except IntegrityError as error:
            raise Conflict(f"the {resource.title} was not saved: {error.orig}") from None
        return row, created

    def delete(self, resource: Resource[Any], key: Key) -> bool:
        """False when there is no such row; InUse when other rows refer to it."""
        try:
            with self._sessions.begin() as session:
                using = resource.dependants(session, key)
                if using:
                    raise InUse(f"the {resource.title} {resource.format_key(key)} is used by {', '.join(using)}")
                return repo.delete_row(session, resource.model, key)
        except IntegrityError:
            raise InUse(f"other rows refer to the {resource.title} {resource.format_key(key)}") from None

    def export_csv(self, resource: Resource[Any]) -> str:
        with self._sessions() as session:
            return csv_io.export_csv(session, resource)

    def import_csv(self, resource: Resource[Any], data: bytes) -> csv_io.Imported:
        """Every row of the file or none (csv_io.CsvRefused with the rows' reasons)."""
        try:
            with self._sessions.begin() as session:
                return csv_io.import_csv(session, resource, data, self.markets())
        except IntegrityError as error:
            raise Conflict(f"the file was not imported: {error.orig}") from None

"""A catalogue resource as a CSV file, and back: what admins edit in a spreadsheet.

The columns are the row model's fields (`rows.py`), one per table column; a JSON column
(aliases, names, languages, models, hours, visits, exclusions) is a JSON text in its
cell. An empty cell is "not given": the field's default, or "required". The first line
names the columns; a missing optional column takes its default, an unknown one refuses
the file. Rows are numbered as a spreadsheet shows them (the header is row 1).

An import is all-or-nothing: every row is parsed, validated and checked against the
catalogue before the first is written, and one bad row refuses the file with every
row's reasons, so a half-imported registry never exists. Limits (5 MB, 20,000 rows) keep
one request's memory and transaction bounded.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError
from sqlalchemy.orm import Session

from conversations.markets import Markets
from service_desk.catalogue.resources import Key, Known, Resource, reasons_of
from service_desk.catalogue.rows import Row
from storage.repositories import catalogue as repo

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000
MAX_ERRORS = 100  # reported; a file with more is wrong in some systematic way the first ones show


@dataclass(frozen=True, slots=True)
class RowError:
    row: int | None  # None: the file as a whole
    reason: str


class CsvRefused(ValueError):
    """The file was not imported; nothing was written."""

    def __init__(self, errors: list[RowError], more: int = 0) -> None:
        super().__init__("; ".join(f"row {e.row}: {e.reason}" if e.row else e.reason for e in errors))
        self.errors = errors
        self.more = more  # errors found beyond MAX_ERRORS


@dataclass(frozen=True, slots=True)
class Imported:
    created: int
    updated: int


def _cell(value: Any, json_column: bool) -> str:
    if value is None:
        return ""
    if json_column:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def export_csv(session: Session, resource: Resource[Any]) -> str:
    """Every row of the resource by key, in the columns an import reads."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(resource.columns)
    json_columns = resource.json_columns
    for record in repo.all_rows(session, resource.model):
        values = resource.to_row(record).model_dump(mode="json")
        writer.writerow([_cell(values[c], c in json_columns) for c in resource.columns])
    return out.getvalue()


def _text(data: bytes | str) -> str:
    if len(data) > MAX_BYTES:
        raise CsvRefused([RowError(None, f"the file is larger than {MAX_BYTES // (1024 * 1024)} MB")])
    try:
        text = data if isinstance(data, str) else data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CsvRefused([RowError(None, "the file is not UTF-8 text: save it as “CSV UTF-8”")]) from None
    if "\x00" in text:
        raise CsvRefused([RowError(None, "the file has NUL characters: it is not a text file")])
    return text.removeprefix("\ufeff")


def _records(text: str) -> Iterator[tuple[int, list[str]]]:
    """(row number, cells) of each record; CsvRefused for a file the csv module cannot read."""
    first_line = text.split("\n", 1)[0]
    # A spreadsheet in a locale whose decimal mark is a comma saves with semicolons.
    delimiter = ";" if ";" in first_line and "," not in first_line else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    number = 0
    try:
        for number, record in enumerate(reader, start=1):
            yield number, record
    except csv.Error as error:
        raise CsvRefused([RowError(number + 1, f"not a readable CSV line ({error})")]) from None


def _header(record: list[str], resource: Resource[Any]) -> list[str]:
    header = [name.strip() for name in record]
    problems = []
    unknown = [name for name in header if name not in resource.columns]
    if unknown:
        problems.append(
            f"unknown columns {', '.join(map(repr, unknown))}; the columns are {', '.join(resource.columns)}"
        )
    if len(set(header)) != len(header):
        problems.append("a column is named twice")
    missing = [key for key in resource.keys if key not in header]
    if missing:
        problems.append(f"the key columns {', '.join(missing)} are missing")
    if problems:
        raise CsvRefused([RowError(1, problem) for problem in problems])
    return header


def _parse_row(header: list[str], cells: list[str], resource: Resource[Any]) -> Row:
    """One record as a validated row; ValueError with every reason otherwise."""
    if len(cells) != len(header):
        raise ValueError(f"{len(cells)} cells where the header has {len(header)} columns")
    data: dict[str, Any] = {}
    for column, cell in zip(header, cells, strict=True):
        if not cell.strip():
            continue  # not given: the default, or "required"
        if column in resource.json_columns:
            try:
                data[column] = json.loads(cell)
            except json.JSONDecodeError:
                raise ValueError(f"{column}: not JSON text ({cell[:40]!r})") from None
        else:
            data[column] = cell
    try:
        return resource.row.model_validate(data)
    except ValidationError as error:
        raise ValueError("; ".join(map(str, reasons_of(error)))) from None


def _parse(resource: Resource[Any], data: bytes | str) -> tuple[list[tuple[int, Row]], list[RowError]]:
    """(the rows that validated on their own, the bad ones); CsvRefused for a file that is bad as a whole."""
    records = _records(_text(data))
    header: list[str] | None = None
    rows: list[tuple[int, Row]] = []
    errors: list[RowError] = []
    seen: dict[Key, int] = {}
    for number, cells in records:
        if not any(cell.strip() for cell in cells):
            continue  # a blank line
        if header is None:
            header = _header(cells, resource)
            continue
        if len(rows) + len(errors) >= MAX_ROWS:
            raise CsvRefused([RowError(number, f"more than {MAX_ROWS:,} rows: split the file")])
        try:
            row = _parse_row(header, cells, resource)
        except ValueError as error:
            errors.append(RowError(number, str(error)))
            continue
        key = resource.key_of(row)
        if key in seen:
            errors.append(RowError(number, f"the key {resource.format_key(key)} is also on row {seen[key]}"))
            continue
        seen[key] = number
        rows.append((number, row))
    if header is None:
        raise CsvRefused([RowError(None, "the file is empty: its first line names the columns")])
    return rows, errors


def _refuse(errors: list[RowError]) -> CsvRefused:
    errors = sorted(errors, key=lambda e: e.row or 0)
    return CsvRefused(errors[:MAX_ERRORS], max(0, len(errors) - MAX_ERRORS))


def parse_csv(resource: Resource[Any], data: bytes | str) -> list[tuple[int, Row]]:
    """Every data row of the file, validated on its own, with its row number; CsvRefused
    listing each bad row (and each key given twice) otherwise."""
    rows, errors = _parse(resource, data)
    if errors:
        raise _refuse(errors)
    return rows


def import_csv(session: Session, resource: Resource[Any], data: bytes | str, markets: Markets | None) -> Imported:
    """Upsert every row of the file by key, or none: the caller's transaction is rolled back on CsvRefused."""
    rows, errors = _parse(resource, data)
    known = Known.load(session)
    errors += [
        RowError(number, "; ".join(map(str, reasons)))
        for number, row in rows
        if (reasons := resource.settle(row, known, markets))
    ]
    if errors:
        raise _refuse(errors)
    created, updated = repo.upsert_many(session, resource.model, [resource.values(row) for _, row in rows])
    return Imported(created, updated)

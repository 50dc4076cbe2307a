"""Bodies of the service desk's catalogue administration (`/api/admin/desk/{resource}`).

A row's own shape is its model in `service_desk.catalogue.rows` (the same one checks
seed files and CSV lines); here are what wraps rows: a page, the outcome of an import
or a deletion, and an import's refusal with each row's reason.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field, create_model

CSV = {"text/csv": {"schema": {"type": "string", "format": "binary"}}}


def page_model(row: type[BaseModel]) -> type[BaseModel]:
    """`{items: [row], total}` for one resource's row model, named after it in OpenAPI."""
    fields: dict[str, Any] = {
        "items": (list[row], Field(description="this page's rows, by key")),  # type: ignore[valid-type]
        "total": (int, Field(description="rows matching the filter, on every page")),
    }
    return create_model(f"{row.__name__.removesuffix('Row')}Page", __doc__="One page of rows.", **fields)


class Imported(BaseModel):
    """A CSV file imported: rows created, rows replaced (by key)."""

    created: int
    updated: int


class RowProblem(BaseModel):
    row: int | None = Field(description="the row as a spreadsheet numbers it (the header is 1); null: the whole file")
    reason: str


class ImportRefused(BaseModel):
    """The file was not imported: nothing was written. Each bad row with its reasons."""

    detail: str
    errors: list[RowProblem]
    more_errors: int = Field(description="errors beyond those listed")


class Deleted(BaseModel):
    resource: str
    key: str
    deleted: Literal[True] = True

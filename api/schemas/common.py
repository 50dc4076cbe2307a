"""What the console's and the admin API's routes share: their refusals, row ids and files.

A refusal is `{"detail": "reason"}`, or for a malformed request the list of fields
FastAPI found wrong. Routes declare the statuses they can answer with `refusals(...)`,
so the OpenAPI document lists each one with its body.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import Path
from pydantic import BaseModel

from api.settings import SUPPORTED_LANGUAGES

RowId = Annotated[int, Path(ge=1, le=2**31 - 1)]  # a database row id: out of range is a 422, not a 500
# A file's answer: its bytes, with the type the customer's channel gave it.
FILE: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "the file",
        "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}},
    }
}
# One of the languages the gateway can answer in, as an enum in the schema; a deployment that
# configures fewer still refuses the others with a 422 naming them.
LanguageCode = Literal[SUPPORTED_LANGUAGES]  # type: ignore[valid-type]
BAD_TEXT = {422: "empty or too long once control characters are removed"}


class Problem(BaseModel):
    """Why the request was refused, in words (`HTTPException`'s body)."""

    detail: str


class FieldError(BaseModel):
    loc: list[str | int]
    msg: str
    type: str


class Invalid(BaseModel):
    """A request whose body, path or query did not validate (FastAPI's own 422 body)."""

    detail: list[FieldError]


def refusals(descriptions: dict[int, str]) -> dict[int | str, dict[str, Any]]:
    """`responses=` for these statuses. A declared 422 replaces FastAPI's automatic one, so it
    names both bodies: a route's own refusal (Problem) and a validation failure (Invalid)."""
    return {
        status: {"model": Problem | Invalid if status == 422 else Problem, "description": description}
        for status, description in descriptions.items()
    }


def as_json(responses: dict[int | str, dict[str, Any]]) -> dict[int | str, dict[str, Any]]:
    """`refusals(...)` for a route whose own answer is not JSON (a CSV file): FastAPI would
    document each refusal in the route's media type, but a refusal is always JSON."""
    return {
        status: {
            "description": response["description"],
            "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{response['model'].__name__}"}}},
        }
        for status, response in responses.items()
    }

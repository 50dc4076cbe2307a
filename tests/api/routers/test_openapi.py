"""The OpenAPI document describes what the console and admin routes really answer.

Every answer of theirs is a declared model, so a route that answers a bare object
(`dict[str, Any]`, or no annotation at all) fails here: its schema would say nothing.
No server is needed: the document is built from the routes.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from api.app import create_app
from api.settings import Settings

PREFIXES = ("/api/console", "/api/admin")


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    return create_app(Settings(database_url="sqlite://", secret_key="s", admin_token="t")).openapi()


def _operations(document: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (method.upper(), path, operation)
        for path, operations in document["paths"].items()
        if path.startswith(PREFIXES)
        for method, operation in operations.items()
    ]


def _described(schema: dict[str, Any], document: dict[str, Any]) -> bool:
    """A schema that says what is in it: a model with properties, a list of such, a union of such, or bytes."""
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        return bool(document["components"]["schemas"][name].get("properties"))
    if schema.get("type") == "array":
        return _described(schema.get("items", {}), document)
    if "anyOf" in schema:
        return all(_described(option, document) for option in schema["anyOf"])
    return schema.get("type") == "string" and schema.get("format") == "binary"


def test_the_document_lists_the_console_and_admin_routes(document: dict[str, Any]) -> None:
    paths = {path for _, path, _ in _operations(document)}
    assert "/api/console/queue" in paths and "/api/admin/outbox/failed" in paths
    assert len(_operations(document)) >= 20


def test_every_console_and_admin_answer_has_a_schema_that_says_what_is_in_it(document: dict[str, Any]) -> None:
    vague = []
    for method, path, operation in _operations(document):
        for status, response in operation["responses"].items():
            content = response.get("content")
            if status == "204":
                assert not content, f"{method} {path}: a 204 has no body"
                continue
            if not content:
                vague.append(f"{method} {path} {status}: no content")
                continue
            vague += [
                f"{method} {path} {status} {media}: {body.get('schema')}"
                for media, body in content.items()
                if not _described(body.get("schema", {}), document)
            ]
    assert not vague, "\n".join(vague)


def test_every_route_declares_who_may_not_call_it(document: dict[str, Any]) -> None:
    undeclared = []
    for method, path, operation in _operations(document):
        needed = set() if path == "/api/console/login" else {"401"}
        if path.startswith("/api/admin") or (method != "GET" and path != "/api/console/login"):
            needed.add("403")  # the admin token or an admin, or the CSRF token of a write
        missing = needed - set(operation["responses"])
        if missing:
            undeclared.append(f"{method} {path}: {sorted(missing)}")
    assert not undeclared, "\n".join(undeclared)


def test_admin_routes_take_the_token_or_a_console_session_console_routes_the_session(document: dict[str, Any]) -> None:
    schemes = document["components"]["securitySchemes"]
    assert schemes["ConsoleSession"] == {
        "type": "apiKey",
        "in": "cookie",
        "name": "supportbot_console",
        "description": schemes["ConsoleSession"]["description"],
    }
    wrong = [
        f"{method} {path}: {operation.get('security')}"
        for method, path, operation in _operations(document)
        if path not in ("/api/console/login", "/api/console/logout")
        and operation.get("security")
        != ([{"HTTPBearer": []}, {"ConsoleSession": []}] if path.startswith("/api/admin") else [{"ConsoleSession": []}])
    ]
    assert not wrong, "\n".join(wrong)


def test_operation_ids_are_unique(document: dict[str, Any]) -> None:
    ids = [operation["operationId"] for _, _, operation in _operations(document)]
    assert len(ids) == len(set(ids)) and "desk_vehicles_put" in ids


def test_a_catalogue_key_shows_the_pattern_its_row_checks(document: dict[str, Any]) -> None:
    def key(path: str) -> dict[str, Any]:
        (parameter,) = document["paths"][path]["get"]["parameters"]
        return parameter["schema"]  # type: ignore[no-any-return]

    vin = key("/api/admin/desk/vehicles/{key}")["pattern"]
    assert re.fullmatch(vin, "LGWEF6A54NH000001") and not re.fullmatch(vin, "LGWEF6A54NH00000O")
    policy = key("/api/admin/desk/policies/{key}")["pattern"]
    assert re.fullmatch(policy, "test-ice:*") and re.fullmatch(policy, "test-ice:GE")
    assert not re.fullmatch(policy, "test-ice")

"""POST /api/admin/nlu/parse: what the bot understands of a message, for admins only."""

from __future__ import annotations

import httpx
import pytest

from tests.conftest import ADMIN_TOKEN, Gateway

pytestmark = pytest.mark.e2e


def parse(gateway: Gateway, body: object, token: str | None = ADMIN_TOKEN) -> httpx.Response:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return httpx.post(f"{gateway.url}/api/admin/nlu/parse", json=body, headers=headers, timeout=30)


def test_it_returns_language_intent_confidence_and_ranking(gateway: Gateway) -> None:
    answer = parse(gateway, {"text": "Здравствуйте, что покрывает гарантия на батарею?"})

    assert answer.status_code == 200
    result = answer.json()
    assert result["language"] == "ru"
    assert result["intent"] == "warranty_coverage"
    assert 0.25 <= result["confidence"] <= 1
    assert result["intent_ranking"][0]["name"] == "warranty_coverage"
    assert isinstance(result["entities"], list)


def test_a_short_message_keeps_the_given_conversation_language(gateway: Gateway) -> None:
    assert parse(gateway, {"text": "ok", "language": "kk"}).json()["language"] == "kk"


def test_without_the_admin_token_it_is_refused(gateway: Gateway) -> None:
    assert parse(gateway, {"text": "hello"}, token=None).status_code == 401
    assert parse(gateway, {"text": "hello"}, token="guess").status_code == 403


@pytest.mark.parametrize("body", [{}, {"text": ""}, {"text": "x" * 5000}, {"text": 3}, {"text": "\u0000"}, "hello"])
def test_bad_bodies_get_a_422_with_a_reason(gateway: Gateway, body: object) -> None:
    answer = parse(gateway, body)
    assert answer.status_code == 422
    assert answer.json()["detail"]


def test_a_huge_body_is_refused_before_it_is_read_even_without_a_token(gateway: Gateway) -> None:
    huge = b'{"text": "' + b"x" * (2 * 1024 * 1024) + b'"}'
    declared = httpx.post(f"{gateway.url}/api/admin/nlu/parse", content=huge, timeout=30)

    def chunks():  # no Content-Length: the limit is counted while reading
        for start in range(0, len(huge), 64 * 1024):
            yield huge[start : start + 64 * 1024]

    chunked = httpx.post(f"{gateway.url}/api/admin/nlu/parse", content=chunks(), timeout=30)

    for answer in (declared, chunked):
        assert answer.status_code == 413
        assert answer.json()["detail"] == "request body larger than 1048576 bytes"


def test_it_is_in_the_openapi_document(gateway: Gateway) -> None:
    document = httpx.get(f"{gateway.url}/openapi.json").json()
    operation = document["paths"]["/api/admin/nlu/parse"]["post"]
    assert operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].endswith("ParseResult")

"""Every page and script the gateway serves carries its security headers (api/headers.py).

The walk takes the routes from the application itself, so a page added later is checked
without anyone remembering to list it: each GET route is requested (a `{name}` with every
file of api/static, other parameters with a placeholder) and every answer that is HTML or
JavaScript must carry its headers.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from fastapi.routing import iter_route_contexts

from api.app import create_app
from api.routers.console import STATIC
from api.settings import Settings
from api.wiring import Components

pytestmark = pytest.mark.anyio
ADMIN = {"Authorization": "Bearer admin-token"}


@pytest.fixture
async def gateway(tmp_path: Path) -> AsyncIterator[tuple[FastAPI, httpx.AsyncClient]]:
    settings = Settings(
        database_url=f"sqlite:///{tmp_path / 'gateway.db'}",
        rasa_url="http://127.0.0.1:9",  # no bot: no page needs one
        secret_key="test-secret",
        admin_token="admin-token",
        media_dir=tmp_path / "media",
        sweep_interval=3600,
    )
    app = create_app(settings)
    app.state.components = await Components.start(settings)
    try:
        yield app, httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://gateway.test")
    finally:
        await app.state.components.stop()


def get_paths(app: FastAPI) -> list[str]:
    """Every GET route of the app (included routers' too) as concrete paths to request."""
    paths: list[str] = []
    for route in iter_route_contexts(app.routes):
        if route.path is None or "GET" not in (route.methods or ()):
            continue  # a WebSocket, or a route that only writes
        if re.findall(r"\{(\w+)", route.path) == ["name"]:
            paths += [route.path.replace("{name}", file.name) for file in sorted(STATIC.iterdir())]
        else:
            paths.append(re.sub(r"\{[^}]+\}", "1", route.path))
    return paths


async def test_every_page_and_script_carries_its_headers(gateway: tuple[FastAPI, httpx.AsyncClient]) -> None:
    app, client = gateway
    walked: set[str] = set()
    for path in get_paths(app):
        answer = await client.get(path, headers=ADMIN)
        kind = answer.headers.get("content-type", "")
        assert answer.headers.get("x-content-type-options") == "nosniff", path  # every answer, JSON too
        if kind.startswith("text/html"):
            walked.add(path)
            csp = answer.headers["content-security-policy"]
            assert "frame-ancestors 'none'" in csp and "base-uri 'none'" in csp, path
            assert answer.headers["x-frame-options"] == "DENY", path
            if path not in ("/docs", "/redoc", "/docs/oauth2-redirect"):  # the API browser's own start-up script
                assert "script-src 'self'" in csp and "'unsafe-inline'" not in csp.split("script-src")[1].split(";")[0]
        elif "javascript" in kind:
            walked.add(path)
            assert kind == "text/javascript; charset=utf-8", path

    pages = {"/chat", "/webchat/widget.js", "/console", "/console/console.js", "/admin", "/admin/admin.js", "/docs"}
    assert pages <= walked  # the walk reached the pages the issue names


async def test_the_full_page_chat_runs_only_the_gateways_script_and_cannot_be_framed(
    gateway: tuple[FastAPI, httpx.AsyncClient],
) -> None:
    _, client = gateway
    page = await client.get("/chat")

    csp = dict(d.strip().split(" ", 1) for d in page.headers["content-security-policy"].split(";"))
    assert csp["default-src"] == "'none'" and csp["script-src"] == "'self'" and csp["connect-src"] == "'self'"
    assert csp["frame-ancestors"] == "'none'" and page.headers["x-frame-options"] == "DENY"
    # Nothing inline for scripts to allow: the page is the widget's <script src> and a style.
    assert re.findall(r"<script[^>]*>", page.text) == ['<script src="/webchat/widget.js" data-mode="page">']


async def test_the_widget_stays_embeddable_on_other_sites(gateway: tuple[FastAPI, httpx.AsyncClient]) -> None:
    _, client = gateway
    widget = await client.get(
        "/webchat/widget.js", headers={"Origin": "https://dealer.example", "Sec-Fetch-Dest": "script"}
    )

    assert widget.status_code == 200
    assert widget.headers["content-type"] == "text/javascript; charset=utf-8"
    assert widget.headers["x-content-type-options"] == "nosniff"
    assert widget.headers["cross-origin-resource-policy"] == "cross-origin"  # sites with COEP may load it
    assert "x-frame-options" not in widget.headers and "content-security-policy" not in widget.headers


async def test_a_routes_own_headers_are_kept(gateway: tuple[FastAPI, httpx.AsyncClient]) -> None:
    _, client = gateway
    console = await client.get("/console")

    assert "form-action 'self'" in console.headers["content-security-policy"]  # the console's page_headers
    assert len(console.headers.get_list("content-security-policy")) == 1


async def test_an_answer_refused_before_any_route_is_nosniff_too(gateway: tuple[FastAPI, httpx.AsyncClient]) -> None:
    _, client = gateway
    too_big = await client.post("/api/console/login", content=b"x" * (2 << 20))

    assert too_big.status_code == 413 and too_big.headers["x-content-type-options"] == "nosniff"

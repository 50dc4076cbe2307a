"""The admin pages are served like the console: fixed files, a strict CSP, nothing inline.

The CSP forbids inline scripts and styles, so a page that relied on them would break in
the browser only; these checks catch it (and any HTML built from strings) without one.
The pages' behaviour is in tests/e2e/test_admin_pages_browser.py.
"""

from __future__ import annotations

import re

import httpx
import pytest

from api.app import create_app
from api.routers.admin_pages import ASSETS
from api.routers.console import STATIC
from api.settings import Settings

pytestmark = pytest.mark.anyio


@pytest.fixture
def client() -> httpx.AsyncClient:
    app = create_app(Settings(database_url="sqlite://", secret_key="s", admin_token="t"))
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://gateway.test")


async def test_the_page_and_each_asset_come_with_the_consoles_strict_headers(client: httpx.AsyncClient) -> None:
    page = await client.get("/admin")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    for name, media in ASSETS.items():
        answer = await client.get(f"/admin/{name}")
        assert answer.status_code == 200, name
        assert answer.headers["content-type"].startswith(media)
        for response in (page, answer):
            csp = response.headers["content-security-policy"]
            assert "script-src 'self'" in csp and "style-src 'self'" in csp and "frame-ancestors 'none'" in csp
            assert response.headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize("name", ["admin.py", "..%2Fsettings.py", "console.html", "nope.js"])
async def test_a_name_not_on_the_list_is_not_found(client: httpx.AsyncClient, name: str) -> None:
    assert (await client.get(f"/admin/{name}")).status_code == 404


def test_the_page_loads_every_asset_and_has_nothing_inline() -> None:
    html = (STATIC / "admin.html").read_text(encoding="utf-8")
    loaded = set(re.findall(r'(?:src|href)="/admin/([^"]+)"', html))
    assert loaded == set(ASSETS)
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "an inline script"
    assert not re.search(r"<style|\sstyle=", html), "an inline style"
    assert not re.search(r"\son[a-z]+=", html), "an inline event handler"


@pytest.mark.parametrize("name", [n for n in ASSETS if n.endswith(".js")])
def test_no_script_builds_html_from_strings(name: str) -> None:
    source = (STATIC / name).read_text(encoding="utf-8")
    sinks = r"\.(innerHTML|outerHTML)\b|\.insertAdjacentHTML\(|document\.write|\beval\(|new Function\("
    sinks += r'|setAttribute\("style"'
    assert not re.findall(sinks, source), f"{name} puts strings where markup or code runs"

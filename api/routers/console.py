"""The agent console: its page, its JSON API and its live WebSocket (docs/console-api.md).

Every endpoint but login needs a session cookie (401); every state-changing one also
the session's CSRF token in X-CSRF-Token (403). Admin-only endpoints answer 403 to
agents. The API's routes are in the console_* modules, one per concern; `router`
gathers them so the application includes the console as one.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, HTTPException, status
from fastapi.responses import FileResponse

from api.routers import console_actions, console_admin, console_conversations, console_live, console_session

STATIC = Path(__file__).resolve().parent.parent / "static"
pages = APIRouter(tags=["agent console"])
router = APIRouter()
for part in (console_session, console_conversations, console_actions, console_admin, console_live):
    router.include_router(part.router)


@pages.get("/console", response_class=FileResponse, summary="The agent console")
async def console_page() -> FileResponse:
    return FileResponse(STATIC / "console.html", media_type="text/html", headers=page_headers())


@pages.get("/console/{name}", response_class=FileResponse, include_in_schema=False)
async def console_asset(name: str) -> FileResponse:
    media = {"console.js": "text/javascript", "console_claims.js": "text/javascript", "console.css": "text/css"}.get(
        name
    )
    if media is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "no such file")
    return FileResponse(STATIC / name, media_type=media, headers=page_headers())


def page_headers() -> dict[str, str]:
    """Nothing from anywhere else may run on a staff page, whatever a customer writes (console and admin)."""
    return {
        "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; connect-src 'self'; "
        "style-src 'self'; script-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "same-origin",
    }

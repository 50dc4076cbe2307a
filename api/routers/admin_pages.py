"""The admin pages: one static page and its scripts, served like the agent console.

The page is a plain file; everything it shows comes from the typed admin API
(`/api/admin/...`) with the console's session cookie and CSRF token, so the page itself
needs no login. The assets are a fixed list: a name not on it is a 404, never a path
into the file system.
"""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, status
from fastapi.responses import FileResponse

from api.routers.console import STATIC, page_headers

router = APIRouter(tags=["admin pages"])

ASSETS = {
    "admin.js": "text/javascript",
    "admin_content.js": "text/javascript",
    "admin_answers.js": "text/javascript",
    "admin_models.js": "text/javascript",
    "admin_review.js": "text/javascript",
    "admin.css": "text/css",
}


@router.get("/admin", response_class=FileResponse, summary="The admin pages (admins log in with their console account)")
async def admin_page() -> FileResponse:
    return FileResponse(STATIC / "admin.html", media_type="text/html", headers=page_headers())


@router.get("/admin/{name}", response_class=FileResponse, include_in_schema=False)
async def admin_asset(name: str) -> FileResponse:
    media = ASSETS.get(name)
    if media is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "no such file")
    return FileResponse(STATIC / name, media_type=media, headers=page_headers())

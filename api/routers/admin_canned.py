"""Canned responses for admins (`/api/admin/canned`): list them all, delete one language's version.

Adding or replacing one is `PUT /api/console/canned` (an admin's console session); every
change is in the audit log (canned.put, canned.delete) with the text before and after.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query, status
from fastapi import Path as PathParam

from api.deps import AdminActorDep, CannedDep, ConsoleDep, require_admin
from api.schemas.admin import ADMIN
from api.schemas.admin_review import CannedDeleted
from api.schemas.common import refusals
from api.schemas.console import CannedList

router = APIRouter(prefix="/api/admin/canned", tags=["admin: canned responses"], dependencies=[Depends(require_admin)])
Shortcut = Annotated[str, PathParam(min_length=1, max_length=32, pattern=r"^[a-z0-9_-]+$")]
Language = Annotated[str, PathParam(min_length=2, max_length=8)]


@router.get("", summary="Canned responses by shortcut, in one language or all", responses=ADMIN)
async def canned_responses(
    console: ConsoleDep, language: Annotated[str | None, Query(max_length=8)] = None
) -> CannedList:
    return CannedList(responses=await console.canned(language or None))


@router.delete(
    "/{shortcut}/{language}",
    summary="Delete one language's version of a canned response",
    responses=ADMIN | refusals({404: "no such canned response in this language"}),
)
async def delete_canned(
    shortcut: Shortcut, language: Language, actor: AdminActorDep, canned: CannedDep
) -> CannedDeleted:
    if not await canned.delete(shortcut, language, actor):
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no canned response {shortcut} in {language}")
    return CannedDeleted(shortcut=shortcut, language=language)

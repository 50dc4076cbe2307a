"""The audit log for admins (`/api/admin/audit`): every admin change and console login, newest
first, with who, when, what, and the value before and after (staff/audit.py)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query

from api.deps import AuditDep, require_admin
from api.schemas.admin import ADMIN
from api.schemas.admin_review import AuditEntryView

router = APIRouter(prefix="/api/admin", tags=["admin: audit log"], dependencies=[Depends(require_admin)])


@router.get("/audit", summary="The audit log, newest first", responses=ADMIN)
async def audit_log(
    audit: AuditDep,
    action: Annotated[
        str | None, Query(max_length=64, description='an action or its prefix: "intent." is every intent change')
    ] = None,
    actor: Annotated[str | None, Query(max_length=64, description='a username, or "admin-token"')] = None,
    before_id: Annotated[int | None, Query(ge=1, le=2**31 - 1, description="the last id of a page")] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> list[AuditEntryView]:
    entries = await audit.entries(action=action or None, actor=actor or None, before_id=before_id, limit=limit)
    return [AuditEntryView.model_validate(entry) for entry in entries]

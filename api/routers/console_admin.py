"""What only admins do in the console: create accounts, lock one out, edit canned responses.

Each change is in the audit log (user.create, user.deactivate, canned.put), under the admin's username."""

from __future__ import annotations

import asyncio
from typing import Annotated

from fastapi import APIRouter, HTTPException, status
from fastapi import Path as PathParam

from api.deps import AccountsDep, AdminDep, CannedDep, ConsoleDep, FeedDep, SettingsDep
from api.schemas.common import refusals
from api.schemas.console import ADMIN_WRITES, Canned, Deactivated, NewUser, UserView
from staff.accounts import AccountError
from staff.views import user_view

router = APIRouter(prefix="/api/console", tags=["agent console"])


@router.post(
    "/users",
    status_code=status.HTTP_201_CREATED,
    summary="Create an agent or admin (admins only)",
    responses=ADMIN_WRITES | refusals({409: "the username is taken or not allowed", 422: "unknown languages"}),
)
async def create_user(body: NewUser, admin: AdminDep, accounts: AccountsDep, settings: SettingsDep) -> UserView:
    unknown = set(body.languages) - set(settings.languages)
    if unknown:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, f"unknown languages: {sorted(unknown)}")
    try:
        account = await asyncio.to_thread(
            accounts.create,
            body.username,
            body.password,
            display_name=body.display_name,
            role=body.role,
            languages=body.languages,
            actor=admin.username,
        )
    except AccountError as error:
        raise HTTPException(status.HTTP_409_CONFLICT, str(error)) from error
    return user_view(account)


@router.post(
    "/users/{username}/deactivate",
    summary="Lock an account out; the conversations it held go back to the queue (admins only)",
    responses=ADMIN_WRITES | refusals({404: "no such user"}),
)
async def deactivate_user(
    username: Annotated[str, PathParam(max_length=64)], admin: AdminDep, console: ConsoleDep, feed: FeedDep
) -> Deactivated:
    released = await console.deactivate(username, admin.display_name, actor=admin.username)
    if released is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no user {username}")
    for conversation_id in released:
        await feed.conversation_changed(conversation_id)
    return Deactivated(username=username, active=False, conversations_returned_to_queue=len(released))


@router.put(
    "/canned",
    summary="Add or replace a canned response in one language (admins only)",
    responses=ADMIN_WRITES | refusals({422: "unknown language"}),
)
async def put_canned(body: Canned, admin: AdminDep, canned: CannedDep, settings: SettingsDep) -> Canned:
    if body.language not in settings.languages:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, f"unknown language {body.language}")
    await canned.put(body.shortcut, body.language, body.title, body.text, actor=admin.username)
    return body

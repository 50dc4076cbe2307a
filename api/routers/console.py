"""The agent console: its page, its JSON API and its live WebSocket (docs/console-api.md).

Every endpoint but login needs a session cookie (401); every state-changing one also
the session's CSRF token in X-CSRF-Token (403). Admin-only endpoints answer 403 to
agents. Actions call the console service and then tell the outbox (messages to the
customer) and the live feed (other consoles).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import unicodedata
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlsplit

from fastapi import APIRouter, Depends, HTTPException, Query, Request, Response, WebSocket, status
from fastapi import Path as PathParam
from fastapi.responses import FileResponse
from pydantic import AfterValidator, BaseModel, Field
from starlette.websockets import WebSocketDisconnect

from api.wiring import Services
from channels.base import ProtocolError
from channels.webchat import clean_text
from nlu.rasa_client import BotUnavailable
from staff.accounts import COOKIE, SESSION_LIFETIME, Account, AccountError, csrf_matches
from staff.console import ActionResult, ConsoleError

logger = logging.getLogger(__name__)
SESSION_RECHECK = 30.0  # seconds between checks that a live console's session still exists
STATIC = Path(__file__).resolve().parent.parent / "static"
pages = APIRouter(tags=["agent console"])
router = APIRouter(prefix="/api/console", tags=["agent console"])


def _services(request: Request) -> Services:
    return request.app.state.services  # type: ignore[no-any-return]


async def current_account(request: Request) -> Account:
    """The logged-in agent or admin; 401 without a session, 403 without the CSRF token on writes."""
    services = _services(request)
    found = await services.accounts.session(request.cookies.get(COOKIE))
    if found is None:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "log in first")
    account, csrf = found
    if request.method not in ("GET", "HEAD", "OPTIONS") and not csrf_matches(csrf, request.headers.get("x-csrf-token")):
        raise HTTPException(status.HTTP_403_FORBIDDEN, "missing or wrong X-CSRF-Token")
    request.state.csrf_token = csrf
    return account


async def current_admin(account: Annotated[Account, Depends(current_account)]) -> Account:
    if not account.is_admin:
        raise HTTPException(status.HTTP_403_FORBIDDEN, "admins only")
    return account


AgentDep = Annotated[Account, Depends(current_account)]
AdminDep = Annotated[Account, Depends(current_admin)]
ConversationId = Annotated[str, PathParam(max_length=32, pattern=r"^[0-9a-f]{1,32}$")]


def _user(account: Account) -> dict[str, Any]:
    return {
        "id": account.id,
        "username": account.username,
        "display_name": account.display_name,
        "role": account.role,
        "languages": list(account.languages),
    }


# -- the page ------------------------------------------------------------------------


@pages.get("/console", response_class=FileResponse, summary="The agent console")
async def console_page() -> FileResponse:
    return FileResponse(STATIC / "console.html", media_type="text/html", headers=_page_headers())


@pages.get("/console/{name}", response_class=FileResponse, include_in_schema=False)
async def console_asset(name: str) -> FileResponse:
    media = {"console.js": "text/javascript", "console.css": "text/css"}.get(name)
    if media is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "no such file")
    return FileResponse(STATIC / name, media_type=media, headers=_page_headers())


def _page_headers() -> dict[str, str]:
    # Nothing from anywhere else may run on the console, whatever a customer writes.
    return {
        "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; connect-src 'self'; "
        "style-src 'self'; script-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "same-origin",
    }


# -- session -------------------------------------------------------------------------


def _no_control_characters(value: str) -> str:
    """Names, titles and passwords never hold control characters (NUL would even break PostgreSQL)."""
    if any(unicodedata.category(ch) in ("Cc", "Cs") and ch not in "\n\t" for ch in value):
        raise ValueError("must not contain control characters")
    return value


PlainText = Annotated[str, AfterValidator(_no_control_characters)]
RowId = Annotated[int, PathParam(ge=1, le=2**31 - 1)]


class Credentials(BaseModel):
    username: PlainText = Field(min_length=1, max_length=64)
    password: PlainText = Field(min_length=1, max_length=1024)


@router.post(
    "/login",
    summary="Log in; sets the session cookie",
    responses={401: {"description": "wrong username or password"}, 429: {"description": "too many failures"}},
)
async def login(body: Credentials, request: Request, response: Response) -> dict[str, Any]:
    services = _services(request)
    accounts = services.accounts
    # The attempt counts before the (slow, by design) password check, so parallel guesses count too.
    if not accounts.throttle.attempt(body.username):
        raise HTTPException(status.HTTP_429_TOO_MANY_REQUESTS, "too many failed logins; wait a few minutes")
    logged_in = await accounts.login(body.username, body.password)
    if logged_in is None:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "wrong username or password")
    accounts.throttle.succeeded(body.username)
    secure = services.settings.console_cookie_secure
    response.set_cookie(
        COOKIE,
        logged_in.token,
        max_age=int(SESSION_LIFETIME.total_seconds()),
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https" if secure is None else secure,
        path="/",
    )
    return {"user": _user(logged_in.account), "csrf_token": logged_in.csrf_token}


@router.post("/logout", status_code=status.HTTP_204_NO_CONTENT, summary="Log out")
async def logout(request: Request, account: AgentDep) -> Response:
    await _services(request).accounts.logout(request.cookies.get(COOKIE, ""))
    response = Response(status_code=status.HTTP_204_NO_CONTENT)
    response.delete_cookie(COOKIE, path="/")
    return response


@router.get("/me", summary="Who is logged in, and the session's CSRF token")
async def me(request: Request, account: AgentDep) -> dict[str, Any]:
    return {"user": _user(account), "csrf_token": request.state.csrf_token}


# -- reading ---------------------------------------------------------------------------


@router.get("/queue", summary="Conversations waiting for an agent: my languages, priority, waiting time")
async def queue(request: Request, account: AgentDep) -> dict[str, Any]:
    return {"conversations": await _services(request).console.queue(account)}


@router.get("/conversations/mine", summary="Conversations I hold")
async def mine(request: Request, account: AgentDep) -> dict[str, Any]:
    return {"conversations": await _services(request).console.mine(account)}


@router.get("/conversations/{conversation_id}", summary="A conversation: transcript and the bot's context")
async def conversation(conversation_id: ConversationId, request: Request, account: AgentDep) -> dict[str, Any]:
    try:
        return await _services(request).console.detail(conversation_id, account)
    except ConsoleError as error:
        raise HTTPException(error.status, error.reason) from error


@router.get("/agents", summary="Agents and admins, for transfers")
async def agents(request: Request, account: AgentDep) -> dict[str, Any]:
    services = _services(request)
    online = services.console_presence
    return {"agents": [{**a, "online": online.get(a["id"], 0) > 0} for a in await services.console.agents()]}


@router.get("/canned", summary="Canned responses, in one language or all")
async def canned(
    request: Request, account: AgentDep, language: str | None = Query(default=None, max_length=8)
) -> dict[str, Any]:
    return {"responses": await _services(request).console.canned(language)}


@router.get("/attachments/{attachment_id}", response_class=FileResponse, summary="A customer's photo or file")
async def attachment(attachment_id: RowId, request: Request, account: AgentDep) -> FileResponse:
    services = _services(request)
    if not await services.console.may_see_attachment(attachment_id, account):
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"attachment {attachment_id} is not stored")
    stored = await services.media.stored_file(attachment_id)
    if stored is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"attachment {attachment_id} is not stored")
    # An image may show inline (the console's <img>); anything else downloads. nosniff keeps
    # a browser from running a file that claims to be an image.
    inline = stored.mime_type in ("image/jpeg", "image/png", "image/webp", "image/gif")
    return FileResponse(
        stored.path,
        media_type=stored.mime_type,
        filename=stored.filename or stored.path.name,
        content_disposition_type="inline" if inline else "attachment",
        headers={"X-Content-Type-Options": "nosniff", "Content-Security-Policy": "default-src 'none'"},
    )


# -- acting ------------------------------------------------------------------------------


async def _after(services: Services, result: ActionResult) -> dict[str, Any]:
    await services.outbox.deliver(result.outgoing)
    if result.handed_back_sender is not None:
        # The bot resumes from a clean state: no form left half-filled from before the hand-off.
        with contextlib.suppress(BotUnavailable):
            await services.bot.append_events(result.handed_back_sender, [{"event": "active_loop", "name": None}])
    await services.feed.conversation_changed(result.conversation_id)
    return result.summary


async def _act(request: Request, action: Any, *args: Any) -> dict[str, Any]:
    try:
        result = await action(*args)
    except ConsoleError as error:
        raise HTTPException(error.status, error.reason) from error
    return await _after(_services(request), result)


@router.post("/conversations/{conversation_id}/claim", summary="Take a waiting conversation")
async def claim(conversation_id: ConversationId, request: Request, account: AgentDep) -> dict[str, Any]:
    return await _act(request, _services(request).console.claim, conversation_id, account)


class Transfer(BaseModel):
    agent_id: int | None = Field(
        ge=1, le=2**31 - 1, description="the agent to hand it to; null puts it back in the queue"
    )


@router.post(
    "/conversations/{conversation_id}/transfer", summary="Hand a conversation to another agent, or back to the queue"
)
async def transfer(
    conversation_id: ConversationId, body: Transfer, request: Request, account: AgentDep
) -> dict[str, Any]:
    return await _act(request, _services(request).console.transfer, conversation_id, account, body.agent_id)


@router.post("/conversations/{conversation_id}/handback", summary="Give the conversation back to the bot")
async def handback(conversation_id: ConversationId, request: Request, account: AgentDep) -> dict[str, Any]:
    return await _act(request, _services(request).console.handback, conversation_id, account)


@router.post("/conversations/{conversation_id}/close", summary="Close; the customer is asked for a rating")
async def close(conversation_id: ConversationId, request: Request, account: AgentDep) -> dict[str, Any]:
    return await _act(request, _services(request).console.close, conversation_id, account)


class Text(BaseModel):
    text: str = Field(min_length=1, max_length=4096)


async def _write(
    conversation_id: str, body: Text, request: Request, account: Account, internal: bool
) -> dict[str, Any]:
    services = _services(request)
    try:
        text = clean_text(body.text, services.settings.max_message_chars)
        row_id, view, queued = await services.console.reply(conversation_id, account, text, internal=internal)
    except ProtocolError as error:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, str(error)) from error
    except ConsoleError as error:
        raise HTTPException(error.status, error.reason) from error
    if queued is not None:
        await services.outbox.deliver([queued])
    await services.feed.message_added(row_id, view["id"])
    return view


@router.post(
    "/conversations/{conversation_id}/messages",
    status_code=status.HTTP_202_ACCEPTED,
    summary="Reply to the customer through their channel",
)
async def reply(conversation_id: ConversationId, body: Text, request: Request, account: AgentDep) -> dict[str, Any]:
    return await _write(conversation_id, body, request, account, internal=False)


@router.post(
    "/conversations/{conversation_id}/notes",
    status_code=status.HTTP_201_CREATED,
    summary="An internal note: agents see it, the customer never does",
)
async def note(conversation_id: ConversationId, body: Text, request: Request, account: AgentDep) -> dict[str, Any]:
    return await _write(conversation_id, body, request, account, internal=True)


# -- admin: accounts and canned responses ---------------------------------------------------


class NewUser(BaseModel):
    username: PlainText = Field(min_length=1, max_length=64)
    password: PlainText = Field(min_length=10, max_length=1024)
    display_name: PlainText = Field(default="", max_length=128)
    role: str = Field(default="agent", pattern="^(agent|admin)$")
    languages: list[str] = Field(default_factory=list, max_length=6)


@router.post("/users", status_code=status.HTTP_201_CREATED, summary="Create an agent or admin (admins only)")
async def create_user(body: NewUser, request: Request, admin: AdminDep) -> dict[str, Any]:
    services = _services(request)
    unknown = set(body.languages) - set(services.settings.languages)
    if unknown:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, f"unknown languages: {sorted(unknown)}")
    try:
        account = await asyncio.to_thread(
            services.accounts.create,
            body.username,
            body.password,
            display_name=body.display_name,
            role=body.role,
            languages=body.languages,
        )
    except AccountError as error:
        raise HTTPException(status.HTTP_409_CONFLICT, str(error)) from error
    return _user(account)


@router.post(
    "/users/{username}/deactivate",
    summary="Lock an account out; the conversations it held go back to the queue (admins only)",
    responses={404: {"description": "no such user"}},
)
async def deactivate_user(
    username: Annotated[str, PathParam(max_length=64)], request: Request, admin: AdminDep
) -> dict[str, Any]:
    services = _services(request)
    released = await services.console.deactivate(username, admin.display_name)
    if released is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no user {username}")
    for conversation_id in released:
        await services.feed.conversation_changed(conversation_id)
    return {"username": username, "active": False, "conversations_returned_to_queue": len(released)}


class Canned(BaseModel):
    shortcut: str = Field(min_length=1, max_length=32, pattern=r"^[a-z0-9_-]+$")
    language: PlainText = Field(min_length=2, max_length=8)
    title: PlainText = Field(min_length=1, max_length=128)
    text: PlainText = Field(min_length=1, max_length=4096)


@router.put("/canned", summary="Add or replace a canned response in one language (admins only)")
async def put_canned(body: Canned, request: Request, admin: AdminDep) -> dict[str, Any]:
    services = _services(request)
    if body.language not in services.settings.languages:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, f"unknown language {body.language}")
    await services.canned_store.put(body.shortcut, body.language, body.title, body.text)
    return body.model_dump()


# -- live updates ---------------------------------------------------------------------------


@router.websocket("/ws")
async def live(socket: WebSocket) -> None:
    services: Services = socket.app.state.services
    origin = socket.headers.get("origin")
    try:
        foreign = origin is not None and urlsplit(origin).netloc != socket.headers.get("host")
    except ValueError:
        foreign = True
    if foreign:
        await socket.close(code=4403, reason="foreign origin")
        return
    token = socket.cookies.get(COOKIE)
    found = await services.accounts.session(token)
    if found is None:
        await socket.close(code=4401, reason="log in first")
        return
    account, _ = found
    await socket.accept()
    presence = services.console_presence
    presence[account.id] = presence.get(account.id, 0) + 1
    try:
        async with services.feed.bus.subscribe() as events:

            async def forward() -> None:
                while True:
                    try:
                        event = await asyncio.wait_for(events.get(), SESSION_RECHECK)
                    except TimeoutError:
                        event = {}
                    if event is None:
                        await socket.close(code=4408, reason="too slow; reload")
                        return
                    # Logged out, password changed or expired: the stream stops.
                    if (not event or _recheck_due()) and await services.accounts.session(token) is None:
                        await socket.close(code=4401, reason="session ended")
                        return
                    if event:
                        await socket.send_json(event)

            last_check = asyncio.get_running_loop().time()

            def _recheck_due() -> bool:
                nonlocal last_check
                now = asyncio.get_running_loop().time()
                if now - last_check < SESSION_RECHECK:
                    return False
                last_check = now
                return True

            async def drain() -> None:
                with contextlib.suppress(WebSocketDisconnect):
                    while True:
                        await socket.receive_text()  # the console sends nothing we need

            tasks = [asyncio.create_task(forward()), asyncio.create_task(drain())]
            _, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
            for task in pending:
                task.cancel()
    except Exception:
        logger.debug("console socket ended", exc_info=True)
    finally:
        presence[account.id] -= 1

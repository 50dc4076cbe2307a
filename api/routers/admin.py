"""Admin endpoints, behind the admin token (README, "Admin access")."""

from __future__ import annotations

import hmac
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request, status
from fastapi.responses import FileResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, Field

from api.wiring import Services
from channels.base import ProtocolError
from channels.webchat import clean_text
from nlu.rasa_client import BotUnavailable
from staff.accounts import COOKIE, csrf_matches
from storage.models import SenderKind

bearer = HTTPBearer(auto_error=False, description="the admin token (SUPPORTBOT_ADMIN_TOKEN or var/admin.token)")


async def require_admin(
    request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]
) -> None:
    """The admin token (scripts, CI), or a logged-in admin's console session (with its CSRF token)."""
    services: Services = request.app.state.services
    if credentials is not None:
        if not hmac.compare_digest(credentials.credentials.encode(), services.admin_token.encode()):
            raise HTTPException(status.HTTP_403_FORBIDDEN, "wrong admin token")
        return
    found = await services.accounts.session(request.cookies.get(COOKIE))
    if found is None:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "admin token required", {"WWW-Authenticate": "Bearer"})
    account, csrf = found
    if not account.is_admin:
        raise HTTPException(status.HTTP_403_FORBIDDEN, "admins only")
    if request.method not in ("GET", "HEAD") and not csrf_matches(csrf, request.headers.get("x-csrf-token")):
        raise HTTPException(status.HTTP_403_FORBIDDEN, "missing or wrong X-CSRF-Token")


router = APIRouter(prefix="/api/admin", tags=["admin"], dependencies=[Depends(require_admin)])


class ParseRequest(BaseModel):
    text: str = Field(min_length=1, max_length=4096, examples=["Salam, zəmanət neçə ildir? VIN LGXCE4CB8N0123457"])
    language: str | None = Field(
        default=None, description="the conversation's language so far; short messages keep it", examples=["az"]
    )


class ParsedEntity(BaseModel):
    entity: str
    value: Any


class RankedIntent(BaseModel):
    name: str
    confidence: float


class ParseResult(BaseModel):
    language: str
    intent: str | None
    confidence: float
    entities: list[ParsedEntity]
    intent_ranking: list[RankedIntent]


@router.post(
    "/nlu/parse",
    response_model=ParseResult,
    summary="What the bot understands of a message: language, intent, entities",
    responses={401: {"description": "no token"}, 403: {"description": "wrong token"}, 503: {"description": "no Rasa"}},
)
async def parse(body: ParseRequest, request: Request) -> ParseResult:
    services: Services = request.app.state.services
    try:
        text = clean_text(body.text, services.settings.max_message_chars)
    except ProtocolError as error:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, str(error)) from error
    current = body.language if body.language in services.settings.languages else None
    language = services.detector.choose(text, current)
    try:
        nlu = await services.bot.parse(text)
    except BotUnavailable as error:
        raise HTTPException(status.HTTP_503_SERVICE_UNAVAILABLE, f"the bot is not available: {error}") from error
    return ParseResult(
        language=language,
        intent=nlu.intent,
        confidence=nlu.confidence or 0.0,
        entities=[ParsedEntity(entity=e["entity"], value=e.get("value")) for e in nlu.entities],
        intent_ranking=[RankedIntent(name=r["name"], confidence=r["confidence"]) for r in nlu.intent_ranking],
    )


# -- the outbox's dead letters ------------------------------------------------------


class DeadLetterView(BaseModel):
    message_id: int
    conversation_id: str
    channel: str
    recipient_id: str
    text: str
    attempts: int
    error: str | None
    created_at: datetime


@router.get(
    "/outbox/failed",
    response_model=list[DeadLetterView],
    summary="Outbound messages the outbox gave up on (dead letters), newest first",
)
async def dead_letters(request: Request, limit: int = Query(default=100, ge=1, le=1000)) -> list[DeadLetterView]:
    services: Services = request.app.state.services
    return [
        DeadLetterView(
            message_id=d.message_id,
            conversation_id=d.conversation_public_id,
            channel=d.channel,
            recipient_id=d.recipient_id,
            text=d.text,
            attempts=d.attempts,
            error=d.error,
            created_at=d.created_at,
        )
        for d in await services.outbox.dead_letters(limit)
    ]


@router.post(
    "/outbox/{message_id}/retry",
    status_code=status.HTTP_202_ACCEPTED,
    summary="Put a dead letter back into the outbox (e.g. after the customer unblocked the bot)",
    responses={404: {"description": "no such dead letter"}},
)
async def retry_dead_letter(message_id: Annotated[int, Path(ge=1, le=2**31 - 1)], request: Request) -> dict[str, str]:
    services: Services = request.app.state.services
    if not await services.outbox.requeue(message_id):
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"message {message_id} is not a dead letter")
    return {"status": "queued"}


# -- messages from staff ------------------------------------------------------------


class StaffMessage(BaseModel):
    text: str = Field(min_length=1, max_length=4096, examples=["Your car is ready for pick-up."])


class QueuedMessage(BaseModel):
    message_id: int
    channel: str
    status: str


@router.post(
    "/conversations/{conversation_id}/messages",
    response_model=QueuedMessage,
    status_code=status.HTTP_202_ACCEPTED,
    summary="Send a message to a customer in their conversation, through their channel",
    description="Outside WhatsApp's 24-hour window the approved template carries the text.",
    responses={404: {"description": "no such conversation"}, 422: {"description": "empty or too long"}},
)
async def send_to_customer(
    body: StaffMessage, request: Request, conversation_id: str = Path(max_length=32)
) -> QueuedMessage:
    services: Services = request.app.state.services
    try:
        text = clean_text(body.text, services.settings.max_message_chars)
    except ProtocolError as error:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, str(error)) from error
    queued = await services.conversations.queue_outbound(conversation_id, text, SenderKind.SYSTEM)
    if queued is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no conversation {conversation_id}")
    await services.outbox.deliver([queued])
    return QueuedMessage(message_id=queued.message.message_id, channel=queued.channel, status="queued")


# -- customers' files -----------------------------------------------------------------


@router.get(
    "/attachments/{attachment_id}",
    response_class=FileResponse,
    summary="Download a photo or file a customer sent",
    responses={404: {"description": "no such attachment, or not fetched yet"}},
)
async def attachment(attachment_id: Annotated[int, Path(ge=1, le=2**31 - 1)], request: Request) -> FileResponse:
    services: Services = request.app.state.services
    stored = await services.media.stored_file(attachment_id)
    if stored is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"attachment {attachment_id} is not stored")
    # Served as a download, never rendered inline: a customer's file is not our page's content.
    return FileResponse(
        stored.path,
        media_type=stored.mime_type,
        filename=stored.filename or stored.path.name,
        content_disposition_type="attachment",
        headers={"X-Content-Type-Options": "nosniff"},
    )

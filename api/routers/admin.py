"""Admin endpoints, behind the admin token (README, "Admin access")."""

from __future__ import annotations

import hmac
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, Field

from api.services import Services
from bot.rasa_client import BotUnavailable
from channels.base import ProtocolError
from channels.webchat import clean_text

bearer = HTTPBearer(auto_error=False, description="the admin token (SUPPORTBOT_ADMIN_TOKEN or var/admin.token)")


def require_admin(
    request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]
) -> None:
    services: Services = request.app.state.services
    if credentials is None:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "admin token required", {"WWW-Authenticate": "Bearer"})
    if not hmac.compare_digest(credentials.credentials.encode(), services.admin_token.encode()):
        raise HTTPException(status.HTTP_403_FORBIDDEN, "wrong admin token")


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

"""Admin endpoints, behind the admin token (README, "Admin access")."""

from __future__ import annotations

import dataclasses
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Path, Query, status
from fastapi.responses import FileResponse

from api.deps import (
    AdminActorDep,
    AuditDep,
    BacklogDep,
    BotDep,
    DeliveriesDep,
    DetectorDep,
    MediaDep,
    OutboxDep,
    SettingsDep,
    StaffTextDep,
    require_admin,
)
from api.schemas.admin import (
    ADMIN,
    BacklogView,
    DeadLetterView,
    ParsedEntity,
    ParseRequest,
    ParseResult,
    QueuedMessage,
    RankedIntent,
    Requeued,
    StaffMessage,
)
from api.schemas.common import BAD_TEXT, FILE, RowId, refusals
from nlu.rasa_client import BotUnavailable
from storage.models import SenderKind

router = APIRouter(prefix="/api/admin", tags=["admin"], dependencies=[Depends(require_admin)])


@router.post(
    "/nlu/parse",
    summary="What the bot understands of a message: language, intent, entities",
    responses=ADMIN | refusals({**BAD_TEXT, 503: "the bot (Rasa) is not available"}),
)
async def parse(
    body: ParseRequest, settings: SettingsDep, cleaned: StaffTextDep, detector: DetectorDep, bot: BotDep
) -> ParseResult:
    text = cleaned(body.text)
    current = body.language if body.language in settings.languages else None
    language = detector.choose(text, current)
    try:
        nlu = await bot.parse(text)
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


@router.get(
    "/outbox/failed",
    summary="Outbound messages the outbox gave up on (dead letters), newest first",
    responses=ADMIN,
)
async def dead_letters(outbox: OutboxDep, limit: Annotated[int, Query(ge=1, le=1000)] = 100) -> list[DeadLetterView]:
    return [DeadLetterView.model_validate(d) for d in await outbox.dead_letters(limit)]


@router.post(
    "/outbox/{message_id}/retry",
    status_code=status.HTTP_202_ACCEPTED,
    summary="Put a dead letter back into the outbox (e.g. after the customer unblocked the bot)",
    responses=ADMIN | refusals({404: "no such dead letter"}),
)
async def retry_dead_letter(message_id: RowId, outbox: OutboxDep, actor: AdminActorDep, audit: AuditDep) -> Requeued:
    if not await outbox.requeue(message_id):
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"message {message_id} is not a dead letter")
    await audit.record(actor, "outbox.retry", f"message {message_id}")
    return Requeued()


# -- messages from staff ------------------------------------------------------------


@router.post(
    "/conversations/{conversation_id}/messages",
    status_code=status.HTTP_202_ACCEPTED,
    summary="Send a message to a customer in their conversation, through their channel",
    description="Outside WhatsApp's 24-hour window the approved template carries the text.",
    responses=ADMIN | refusals({404: "no such conversation", **BAD_TEXT}),
)
async def send_to_customer(
    body: StaffMessage,
    cleaned: StaffTextDep,
    deliveries: DeliveriesDep,
    outbox: OutboxDep,
    conversation_id: Annotated[str, Path(max_length=32)],
    actor: AdminActorDep,
    audit: AuditDep,
) -> QueuedMessage:
    text = cleaned(body.text)
    queued = await deliveries.queue_outbound(conversation_id, text, SenderKind.SYSTEM)
    if queued is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no conversation {conversation_id}")
    await outbox.deliver([queued])
    await audit.record(actor, "conversation.message", f"conversation {conversation_id}", None, {"text": text})
    return QueuedMessage(message_id=queued.message.message_id, channel=queued.channel, status="queued")


# -- customers' files -----------------------------------------------------------------


@router.get(
    "/attachments/{attachment_id}",
    response_class=FileResponse,
    summary="Download a photo or file a customer sent",
    responses=FILE | ADMIN | refusals({404: "no such attachment, or not fetched yet"}),
)
async def attachment(attachment_id: RowId, media: MediaDep) -> FileResponse:
    stored = await media.stored_file(attachment_id)
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


@router.get(
    "/backlog",
    summary="The backlog: pending turns and queued sends with their age, retries, work in progress, breakers",
    responses=ADMIN,
)
async def backlog(report: BacklogDep) -> BacklogView:
    return BacklogView.model_validate(dataclasses.asdict(await report.now()))

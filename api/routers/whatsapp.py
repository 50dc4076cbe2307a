"""The WhatsApp Cloud API webhook: Meta's subscription check and its deliveries.

A delivery is verified (X-Hub-Signature-256 over the raw body), parsed, and every
message in it handed to the inbox (stored, de-duplicated on the WhatsApp message id)
before Meta gets its 200; the bot, the media downloads and the replies run afterwards.
Statuses (sent, delivered, read, failed) are recorded on our outbound messages.
Anything refused is refused with a 4xx and a reason, and nothing of it is stored.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query, Request, status
from fastapi.responses import PlainTextResponse
from pydantic import BaseModel

from api.deps import ComponentsDep, DeliveriesDep, InboxDep, SettingsDep
from channels import whatsapp
from channels.base import ProtocolError

router = APIRouter(prefix="/webhooks/whatsapp", tags=["WhatsApp"])


class DeliveryReceipt(BaseModel):
    messages: int
    duplicates: int
    statuses: int
    skipped: int


def _configured(c: ComponentsDep) -> whatsapp.WhatsAppAdapter:
    if c.whatsapp is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "the WhatsApp channel is not configured")
    return c.whatsapp


Configured = Annotated[whatsapp.WhatsAppAdapter, Depends(_configured)]


@router.get(
    "",
    response_class=PlainTextResponse,
    summary="Meta's subscription check: answers hub.challenge when hub.verify_token matches",
    responses={403: {"description": "wrong verify token or mode"}, 404: {"description": "channel not configured"}},
)
async def verify(
    _: Configured,
    settings: SettingsDep,
    mode: str | None = Query(default=None, alias="hub.mode", max_length=32),
    token: str | None = Query(default=None, alias="hub.verify_token", max_length=256),
    challenge: str | None = Query(default=None, alias="hub.challenge", max_length=256),
) -> PlainTextResponse:
    answer = whatsapp.verify_subscription(mode, token, challenge, settings.whatsapp.verify_token)
    if answer is None:
        raise HTTPException(status.HTTP_403_FORBIDDEN, "verify token or mode does not match")
    return PlainTextResponse(answer)


@router.post(
    "",
    response_model=DeliveryReceipt,
    summary="A delivery from Meta: messages and statuses",
    responses={
        400: {"description": "not a WhatsApp delivery"},
        401: {"description": "no signature"},
        403: {"description": "signature does not match"},
        404: {"description": "channel not configured"},
        503: {"description": "a message could not be stored now; Meta re-sends"},
    },
)
async def deliver(
    request: Request, _: Configured, settings: SettingsDep, inbox: InboxDep, deliveries: DeliveriesDep
) -> DeliveryReceipt:
    body = await request.body()
    signature = request.headers.get("x-hub-signature-256")
    if not signature:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "X-Hub-Signature-256 header is missing")
    if not whatsapp.verify_signature(body, signature, settings.whatsapp.app_secret):
        raise HTTPException(status.HTTP_403_FORBIDDEN, "X-Hub-Signature-256 does not match the body")
    try:
        batch = whatsapp.parse_webhook(body, settings.max_message_chars)
    except ProtocolError as error:
        raise HTTPException(status.HTTP_400_BAD_REQUEST, str(error)) from error

    # Meta sends every number of the business account to one URL: ours only.
    ours = settings.whatsapp.phone_number_id
    messages = [m for m in batch.messages if m.metadata.get("phone_number_id") in (None, ours)]
    skipped = batch.skipped + len(batch.messages) - len(messages)
    receipt = await inbox.receive_all(messages)
    await deliveries.apply_statuses(list(batch.statuses))
    if receipt.failed:
        # The stored ones are duplicates when Meta re-sends the delivery.
        raise HTTPException(
            status.HTTP_503_SERVICE_UNAVAILABLE, f"{receipt.failed} message(s) could not be stored; re-send"
        )
    return DeliveryReceipt(
        messages=len(messages), duplicates=receipt.duplicates, statuses=len(batch.statuses), skipped=skipped
    )

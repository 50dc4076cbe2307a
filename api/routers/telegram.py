"""The Telegram Bot API webhook (SUPPORTBOT_TELEGRAM_MODE=webhook).

Telegram signs nothing; it sends back the secret we gave it in setWebhook
(`./supportbot manage telegram-webhook`) as X-Telegram-Bot-Api-Secret-Token. An
update goes to the inbox (stored, de-duplicated on update_id) before Telegram gets its
200. Long polling hands its updates to the same `TelegramUpdates.handle`
(conversations/telegram_updates.py).
"""

from __future__ import annotations

import logging
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request, status
from pydantic import BaseModel

from api.deps import ComponentsDep, SettingsDep
from channels import telegram
from channels.base import ProtocolError
from conversations.telegram_updates import TelegramUpdates

logger = logging.getLogger(__name__)
router = APIRouter(prefix="/webhooks/telegram", tags=["Telegram"])


class UpdateReceipt(BaseModel):
    stored: bool
    duplicate: bool


def _webhook_updates(c: ComponentsDep) -> TelegramUpdates:
    if c.telegram_updates is None or c.settings.telegram.mode != "webhook":
        raise HTTPException(status.HTTP_404_NOT_FOUND, "the Telegram webhook is not configured")
    return c.telegram_updates


WebhookUpdates = Annotated[TelegramUpdates, Depends(_webhook_updates)]


@router.post(
    "",
    response_model=UpdateReceipt,
    summary="An update from Telegram",
    responses={
        400: {"description": "not a Telegram update"},
        401: {"description": "no secret token"},
        403: {"description": "wrong secret token"},
        404: {"description": "channel not configured for webhooks"},
        503: {"description": "the update could not be stored now; Telegram re-sends"},
    },
)
async def deliver(request: Request, updates: WebhookUpdates, settings: SettingsDep) -> UpdateReceipt:
    secret = request.headers.get("x-telegram-bot-api-secret-token")
    if not secret:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "X-Telegram-Bot-Api-Secret-Token header is missing")
    if not telegram.verify_secret(secret, settings.telegram.secret_token):
        raise HTTPException(status.HTTP_403_FORBIDDEN, "X-Telegram-Bot-Api-Secret-Token does not match")
    body = await request.body()
    try:
        received = await updates.handle(body)
    except ProtocolError as error:
        raise HTTPException(status.HTTP_400_BAD_REQUEST, str(error)) from error
    except Exception as error:
        logger.exception("storing a Telegram update failed")
        raise HTTPException(status.HTTP_503_SERVICE_UNAVAILABLE, "the update could not be stored; re-send") from error
    if received is None:
        return UpdateReceipt(stored=False, duplicate=False)  # an update kind we do not handle
    return UpdateReceipt(stored=True, duplicate=received.duplicate)

"""The Telegram Bot API webhook (SUPPORTBOT_TELEGRAM_MODE=webhook).

Telegram signs nothing; it sends back the secret we gave it in setWebhook
(`./supportbot manage telegram-webhook`) as X-Telegram-Bot-Api-Secret-Token. An
update is stored (de-duplicated on update_id) before Telegram gets its 200. The same
handling serves long polling (conversations/telegram_polling.py).
"""

from __future__ import annotations

import logging

from fastapi import APIRouter, HTTPException, Request, status

from api.wiring import Services
from channels import telegram
from channels.base import ProtocolError
from conversations.telegram_polling import UpdateReceipt, handle_update

logger = logging.getLogger(__name__)
router = APIRouter(prefix="/webhooks/telegram", tags=["Telegram"])


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
async def deliver(request: Request) -> UpdateReceipt:
    services: Services = request.app.state.services
    settings = services.settings
    if services.telegram is None or settings.telegram_mode != "webhook":
        raise HTTPException(status.HTTP_404_NOT_FOUND, "the Telegram webhook is not configured")
    secret = request.headers.get("x-telegram-bot-api-secret-token")
    if not secret:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "X-Telegram-Bot-Api-Secret-Token header is missing")
    if not telegram.verify_secret(secret, settings.telegram_secret_token):
        raise HTTPException(status.HTTP_403_FORBIDDEN, "X-Telegram-Bot-Api-Secret-Token does not match")
    body = await request.body()
    try:
        return await handle_update(services, body)
    except ProtocolError as error:
        raise HTTPException(status.HTTP_400_BAD_REQUEST, str(error)) from error
    except Exception as error:
        logger.exception("storing a Telegram update failed")
        raise HTTPException(status.HTTP_503_SERVICE_UNAVAILABLE, "the update could not be stored; re-send") from error

"""The gateway's own messages to a customer (delay, hand-off, rating, media received...).

Rendered from the answer catalogue in the conversation's language and queued in the
caller's transaction, like the bot's replies, so they reach the customer through the
same outbox.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from conversations.answers import AnswerCatalogue
from storage.models import Direction, Message, MessageStatus, SenderKind


def queue_notice(
    session: Session,
    catalogue: AnswerCatalogue,
    *,
    conversation_id: int,
    channel: str,
    language: str,
    template: str,
    at: datetime,
    reply_to_id: int | None = None,
    params: dict[str, Any] | None = None,
) -> Message | None:
    """The notice `template` added to the session (None if the catalogue has no such answer)."""
    answer = catalogue.render(template, language, params)
    if answer is None:
        return None
    message = Message(
        conversation_id=conversation_id,
        direction=Direction.OUT,
        sender_kind=SenderKind.SYSTEM,
        channel=channel,
        text=answer.text,
        buttons=[{"title": b.title, "payload": b.payload} for b in answer.buttons] or None,
        language=language,
        template=template,
        reply_to_id=reply_to_id,
        status=MessageStatus.QUEUED,
        created_at=at,
    )
    session.add(message)
    return message

"""What moves between the inbox, the dispatcher and the outbox: plain values, no database rows.

Also the small rules that decide what the bot reads and what counts as a rating, shared
by the store and the dispatcher.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from channels.base import Button, MessageKind, OutboundMessage
from conversations.handoff import CSAT_PAYLOADS
from storage.models import Message


@dataclass(frozen=True, slots=True)
class Received:
    message_id: int
    conversation_id: int
    language: str
    created_at: datetime
    duplicate: bool
    has_attachments: bool = False
    # Served before a backlog: a new customer's first message, or a conversation with a person.
    urgent: bool = False


@dataclass(frozen=True, slots=True)
class PendingMessage:
    """An inbound message waiting for the bot, with what the bot call needs."""

    id: int
    conversation_id: int
    conversation_public_id: str
    customer_id: int
    recipient_id: str  # the customer's id on the channel
    channel: str
    kind: str  # channels.base.MessageKind
    text: str  # the payload of a pressed button, else what the customer wrote
    payload: str | None
    language: str
    state: str
    attempts: int
    created_at: datetime
    next_attempt_at: datetime | None
    more_pending: bool  # another message of the conversation waits behind this one


@dataclass(frozen=True, slots=True)
class Outgoing:
    """A stored outbound message ready for its channel's adapter."""

    channel: str
    conversation_id: int
    created_at: datetime
    message: OutboundMessage


def outgoing(message: Message, recipient_id: str, *, free_form_allowed: bool = True) -> Outgoing:
    return Outgoing(
        channel=message.channel,
        conversation_id=message.conversation_id,
        created_at=message.created_at,
        message=OutboundMessage(
            message_id=message.id,
            recipient_id=recipient_id,
            text=message.text,
            buttons=tuple(Button(b["title"], b["payload"]) for b in message.buttons or ()),
            sender=message.sender_kind,
            language=message.language or "en",
            free_form_allowed=free_form_allowed,
        ),
    )


# What the gateway itself answers to a message the bot cannot read (no text to
# classify): a localized notice from the answer catalogue, or silence (None).
NOTICE_FOR_KIND: dict[str, str | None] = {
    MessageKind.IMAGE: "utter_attachment_received",
    MessageKind.DOCUMENT: "utter_attachment_received",
    MessageKind.VIDEO: "utter_attachment_received",
    MessageKind.AUDIO: "utter_audio_unsupported",
    MessageKind.LOCATION: "utter_location_received",
    MessageKind.CONTACTS: "utter_contact_received",
    MessageKind.STICKER: None,  # a sticker or a reaction is not a question
    MessageKind.REACTION: None,
    MessageKind.UNSUPPORTED: "utter_unsupported_message",
}


CSAT_WINDOW = timedelta(days=3)  # how long after closing a rating still counts


def csat_score(payload: str | None, text: str) -> int | None:
    """A rating: a pressed CSAT button, or a message that is just a digit from 1 to 5."""
    if payload is not None:
        return CSAT_PAYLOADS.get(payload)
    stripped = text.strip()
    return int(stripped) if len(stripped) == 1 and stripped in "12345" else None


LOCATION_INTENT = "/share_location"


def location_intent(kind: str, meta: dict[str, Any] | None) -> str | None:
    """A shared location as the bot reads it: the intent `share_location` with its coordinates.

    Rasa's "/intent{entities}" message form: the bot gets the point itself (nearest
    service centres first), never a guess from an address line.
    """
    if kind != MessageKind.LOCATION or not meta:
        return None
    latitude, longitude = meta.get("latitude"), meta.get("longitude")
    if not all(
        isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v) for v in (latitude, longitude)
    ):
        return None
    return f'{LOCATION_INTENT}{{"latitude": {float(latitude)}, "longitude": {float(longitude)}}}'


def bot_reads(kind: str, text: str) -> bool:
    """Whether the bot gets this message: it reads text (a caption counts), buttons and shared locations."""
    if kind == MessageKind.LOCATION:
        return text.startswith(LOCATION_INTENT)
    return kind in (MessageKind.TEXT, MessageKind.BUTTON) or (kind in MessageKind.MEDIA and bool(text.strip()))

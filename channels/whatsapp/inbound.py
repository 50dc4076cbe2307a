"""WhatsApp webhooks in: Meta's signature and subscription checks, and deliveries to messages.

Meta delivers webhooks at least once and keeps re-sending anything not answered with a
2xx for days, so parsing is strict about the envelope (a broken one is not ours to store)
and lenient about single messages: one malformed message is skipped and counted rather
than making Meta re-send the whole delivery forever. Over-long customer text is truncated
and marked, for the same reason.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import math
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from channels.base import InboundMessage, MediaRef, MessageKind, ProtocolError, StatusUpdate
from channels.text import clean_provider_text

CHANNEL = "whatsapp"

_SIGNATURE = re.compile(r"^sha256=([0-9a-fA-F]{64})$")

_MEDIA_KINDS = {
    "image": MessageKind.IMAGE,
    "document": MessageKind.DOCUMENT,
    "audio": MessageKind.AUDIO,
    "video": MessageKind.VIDEO,
    "sticker": MessageKind.STICKER,
}


# -- webhook verification --------------------------------------------------------------


def verify_subscription(mode: str | None, token: str | None, challenge: str | None, verify_token: str) -> str | None:
    """The challenge to echo when Meta's subscription handshake is ours, else None (answer 403).

    An empty configured token never matches, so a missing setting cannot open the endpoint.
    """
    if mode != "subscribe" or token is None or challenge is None or not verify_token:
        return None
    if not hmac.compare_digest(token.encode(), verify_token.encode()):
        return None
    return challenge


def verify_signature(body: bytes, header: str | None, app_secret: str) -> bool:
    """Whether X-Hub-Signature-256 proves Meta sent exactly these bytes.

    It must be checked on the raw body before parsing: re-serialised JSON would not match.
    """
    if not header or not app_secret:
        return False
    match = _SIGNATURE.match(header.strip())
    if match is None:
        return False
    expected = hmac.new(app_secret.encode(), body, hashlib.sha256).digest()
    return hmac.compare_digest(expected, bytes.fromhex(match.group(1)))


# -- deliveries ------------------------------------------------------------------------


@dataclass(frozen=True)
class WebhookBatch:
    """Everything one webhook delivery carried.

    skipped counts single messages and statuses too malformed to use; the delivery is still
    acknowledged, so the caller should log them rather than make Meta re-send.
    """

    messages: tuple[InboundMessage, ...]
    statuses: tuple[StatusUpdate, ...]
    skipped: int = 0


class _Malformed(Exception):
    """One message or status that cannot be used; the rest of the delivery can."""


def parse_webhook(body: bytes, max_chars: int) -> WebhookBatch:
    """A webhook delivery -> its messages and statuses, or ProtocolError if the envelope is broken."""
    try:
        payload = json.loads(body)
    except ValueError as error:  # UnicodeDecodeError included
        raise ProtocolError("body is not valid JSON") from error
    if not isinstance(payload, dict):
        raise ProtocolError("body must be a JSON object")
    if payload.get("object") != "whatsapp_business_account":
        raise ProtocolError("object must be 'whatsapp_business_account'")
    entries = _list(payload.get("entry"), "entry")
    messages: list[InboundMessage] = []
    statuses: list[StatusUpdate] = []
    skipped = 0
    for entry in entries:
        if not isinstance(entry, dict):
            raise ProtocolError("each entry must be an object")
        for change in _list(entry.get("changes", []), "entry.changes"):
            if not isinstance(change, dict):
                raise ProtocolError("each change must be an object")
            if change.get("field") != "messages":
                continue  # account, template and quality updates are not conversations
            value = change.get("value")
            if not isinstance(value, dict):
                raise ProtocolError("change.value must be an object")
            metadata = value.get("metadata", {})
            if not isinstance(metadata, dict):
                raise ProtocolError("value.metadata must be an object")
            phone_number_id = metadata.get("phone_number_id")
            contacts = [c for c in _list(value.get("contacts", []), "value.contacts") if isinstance(c, dict)]
            for raw in _list(value.get("messages", []), "value.messages"):
                try:
                    messages.append(_parse_message(raw, contacts, phone_number_id, max_chars))
                except _Malformed:
                    skipped += 1
            for raw in _list(value.get("statuses", []), "value.statuses"):
                try:
                    statuses.append(_parse_status(raw))
                except _Malformed:
                    skipped += 1
    return WebhookBatch(messages=tuple(messages), statuses=tuple(statuses), skipped=skipped)


def _list(value: Any, where: str) -> list[Any]:
    if not isinstance(value, list):
        raise ProtocolError(f"{where} must be a list")
    return value


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _required(container: Any, key: str) -> str:
    value = container.get(key) if isinstance(container, dict) else None
    if not isinstance(value, str) or not value:
        raise _Malformed(key)
    return value


def _timestamp(value: Any) -> datetime | None:
    try:
        return datetime.fromtimestamp(int(value), tz=UTC)
    except (TypeError, ValueError, OverflowError, OSError):
        return None


def _find_contact(contacts: list[dict[str, Any]], wa_id: str | None, user_id: str | None) -> dict[str, Any] | None:
    for contact in contacts:
        if (wa_id and contact.get("wa_id") == wa_id) or (user_id and contact.get("user_id") == user_id):
            return contact
    return contacts[0] if len(contacts) == 1 else None


def _parse_message(raw: Any, contacts: list[dict[str, Any]], phone_number_id: Any, max_chars: int) -> InboundMessage:
    if not isinstance(raw, dict):
        raise _Malformed("message")
    message_id = _required(raw, "id")
    wa_id, user_id = _str(raw.get("from")), _str(raw.get("from_user_id"))
    sender_id = wa_id or user_id
    if sender_id is None:
        raise _Malformed("from")
    contact = _find_contact(contacts, wa_id, user_id)
    profile = contact.get("profile") if contact else None
    sender_name, _ = clean_provider_text(profile.get("name") if isinstance(profile, dict) else None, 256)
    user_id = user_id or (_str(contact.get("user_id")) if contact else None)

    metadata: dict[str, Any] = {}
    if isinstance(phone_number_id, str):
        metadata["phone_number_id"] = phone_number_id
    if user_id:
        metadata["user_id"] = user_id
    context = raw.get("context")
    if isinstance(context, dict) and _str(context.get("id")):
        metadata["reply_to"] = context["id"]

    errors = raw.get("errors")  # Meta explains "unsupported" messages here
    if isinstance(errors, list) and errors:
        metadata["errors"] = "; ".join(_describe_error(e) for e in errors if isinstance(e, dict))

    kind, text, payload, attachments = _content(raw, metadata, max_chars)
    return InboundMessage(
        channel=CHANNEL,
        sender_id=sender_id,
        text=text,
        provider_message_id=message_id,
        payload=payload,
        sender_name=sender_name or None,
        kind=kind,
        attachments=attachments,
        sent_at=_timestamp(raw.get("timestamp")),
        metadata=metadata,
    )


def _content(
    raw: dict[str, Any], metadata: dict[str, Any], max_chars: int
) -> tuple[str, str, str | None, tuple[MediaRef, ...]]:
    """(kind, text, payload, attachments) of one message; fills `metadata` on the way."""
    kind = raw.get("type")

    def text_of(value: Any) -> str:
        text, truncated = clean_provider_text(value, max_chars)
        if truncated:
            metadata["truncated"] = True
        return text

    if kind == "text":
        body = raw.get("text")
        text = text_of(body.get("body") if isinstance(body, dict) else None)
        if not text:
            raise _Malformed("text.body")
        return MessageKind.TEXT, text, None, ()

    if kind == "interactive":
        interactive = raw.get("interactive")
        reply_kind = interactive.get("type") if isinstance(interactive, dict) else None
        if reply_kind in ("button_reply", "list_reply"):
            reply = interactive.get(reply_kind)
            payload = _required(reply, "id")  # our button payload, passed through unchanged
            return MessageKind.BUTTON, text_of(reply.get("title")), payload, ()
        metadata["type"] = f"interactive.{reply_kind}"  # flows (nfm_reply) and the like
        return MessageKind.UNSUPPORTED, "", None, ()

    if kind == "button":  # a quick-reply button of a template message
        button = raw.get("button")
        if not isinstance(button, dict):
            raise _Malformed("button")
        text = text_of(button.get("text"))
        payload = _str(button.get("payload"))
        if payload is None:  # no payload configured: what the customer pressed is its text
            if not text:
                raise _Malformed("button")
            return MessageKind.TEXT, text, None, ()
        return MessageKind.BUTTON, text, payload, ()

    if kind in _MEDIA_KINDS:
        media = raw.get(kind)
        media_id = _required(media, "id")
        if media.get("voice") is True:
            metadata["voice"] = True
        ref = MediaRef(
            kind=_MEDIA_KINDS[kind],
            provider_id=media_id,
            mime_type=_str(media.get("mime_type")),
            filename=_str(media.get("filename")),
        )
        return _MEDIA_KINDS[kind], text_of(media.get("caption")), None, (ref,)

    if kind == "location":
        location = raw.get("location")
        if not isinstance(location, dict):
            raise _Malformed("location")
        latitude, longitude = location.get("latitude"), location.get("longitude")
        if not all(
            isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v) for v in (latitude, longitude)
        ):
            raise _Malformed("location")
        name, address = text_of(location.get("name")), text_of(location.get("address"))
        metadata.update(latitude=latitude, longitude=longitude, name=name or None, address=address or None)
        return MessageKind.LOCATION, ", ".join(part for part in (name, address) if part), None, ()

    if kind == "contacts":
        cards = raw.get("contacts")
        if not isinstance(cards, list):
            raise _Malformed("contacts")
        metadata["contacts"] = [_contact_card(card) for card in cards if isinstance(card, dict)]
        return MessageKind.CONTACTS, "", None, ()

    if kind == "reaction":
        reaction = raw.get("reaction")
        reacted_to = _required(reaction, "message_id")
        emoji, _ = clean_provider_text(reaction.get("emoji"), 32)  # empty: the customer removed the reaction
        metadata.update(emoji=emoji, message_id=reacted_to)
        return MessageKind.REACTION, emoji, None, ()

    metadata["type"] = kind if isinstance(kind, str) else None  # unsupported, system, order, ...
    return MessageKind.UNSUPPORTED, "", None, ()


def _contact_card(card: dict[str, Any]) -> dict[str, Any]:
    name = card.get("name")
    formatted = name.get("formatted_name") if isinstance(name, dict) else None
    phones = card.get("phones")
    numbers = (
        [p["phone"] for p in phones if isinstance(p, dict) and _str(p.get("phone"))] if isinstance(phones, list) else []
    )
    return {"name": clean_provider_text(formatted, 256)[0] or None, "phones": numbers}


def _parse_status(raw: Any) -> StatusUpdate:
    if not isinstance(raw, dict):
        raise _Malformed("status")
    errors = raw.get("errors")
    error = None
    if isinstance(errors, list) and errors:
        error = "; ".join(_describe_error(e) for e in errors if isinstance(e, dict)) or None
    return StatusUpdate(
        channel=CHANNEL,
        provider_message_id=_required(raw, "id"),
        status=_required(raw, "status"),
        timestamp=_timestamp(raw.get("timestamp")),
        error=error,
    )


def _describe_error(error: dict[str, Any]) -> str:
    return f"{error.get('code')}: {error.get('title') or error.get('message') or 'no description'}"

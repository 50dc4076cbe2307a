"""Telegram updates in: the webhook's secret checked, updates turned into normalized messages.

- Telegram re-sends an update with the same `update_id` until it gets a 2xx, so
  `update_id` is the de-duplication key. For the same reason an update is never refused
  for being too long: it is truncated and marked, or it would come back forever.
- Replies go to a chat, not to a user, so `sender_id` is the chat id (the same number as
  the user's id in a private chat).
"""

from __future__ import annotations

import hmac
import json
import re
from datetime import UTC, datetime
from typing import Any, TypeGuard

from channels.base import InboundMessage, MediaRef, MessageKind, ProtocolError
from channels.text import clean_provider_text

CHANNEL = "telegram"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"  # noqa: S105 - a header name, not a secret
# The update kinds the gateway handles; asking for only these keeps the rest off the wire.
ALLOWED_UPDATES = ["message", "edited_message", "callback_query"]
_NAME_CHARS = 256
_LANGUAGE = re.compile(r"[A-Za-z]{2,3}")


# -- the webhook's secret --------------------------------------------------------------


def verify_secret(header: str | None, secret_token: str) -> bool:
    """Whether a webhook request carries the secret we gave `setWebhook`.

    Compared in constant time so the secret cannot be guessed byte by byte; with no secret
    configured nothing matches, so a forgotten setting fails closed.
    """
    if not secret_token or header is None:
        return False
    return hmac.compare_digest(header.encode("utf-8"), secret_token.encode("utf-8"))


# -- updates ---------------------------------------------------------------------------


def parse_update(update: dict[str, Any] | bytes | str, max_chars: int) -> InboundMessage | None:
    """One webhook body or `getUpdates` item -> InboundMessage.

    None for update kinds the gateway does not handle (channel posts, chat member changes,
    polls, ...): the caller answers 200 and stores nothing. ProtocolError only for what
    cannot be a Telegram update at all.
    """
    if isinstance(update, bytes | bytearray | str):
        try:
            update = json.loads(update)
        except (ValueError, UnicodeDecodeError) as error:
            raise ProtocolError("update is not valid JSON") from error
    if not isinstance(update, dict):
        raise ProtocolError("update must be a JSON object")
    update_id = update.get("update_id")
    if not _is_int(update_id):
        raise ProtocolError("update_id must be an integer")
    if isinstance(update.get("message"), dict):
        return _parse_message(update_id, update["message"], max_chars, edited=False)
    if isinstance(update.get("edited_message"), dict):
        return _parse_message(update_id, update["edited_message"], max_chars, edited=True)
    if isinstance(update.get("callback_query"), dict):
        return _parse_callback(update_id, update["callback_query"], max_chars)
    return None


def _parse_message(update_id: int, message: dict[str, Any], max_chars: int, *, edited: bool) -> InboundMessage | None:
    chat = message.get("chat")
    if not isinstance(chat, dict) or not _is_int(chat.get("id")):
        raise ProtocolError("message.chat.id must be an integer")
    user = _dict(message.get("from"))
    metadata: dict[str, Any] = {"telegram_message_id": message.get("message_id"), "chat_type": chat.get("type")}
    if edited:
        metadata["edited"] = True
    stamp = message.get("edit_date") if edited and _is_int(message.get("edit_date")) else message.get("date")

    kind, raw_text, attachments, details = _content(message)
    text, truncated = clean_provider_text(raw_text, max_chars)
    if kind == MessageKind.TEXT and not text:  # nothing but control characters: nothing to answer
        return None
    metadata.update(details)
    if truncated:
        metadata["truncated"] = True
    return InboundMessage(
        channel=CHANNEL,
        sender_id=str(chat["id"]),
        text=text,
        provider_message_id=str(update_id),
        sender_name=_sender_name(user),
        language_hint=_language(user),
        kind=kind,
        attachments=attachments,
        sent_at=_timestamp(stamp),
        metadata=metadata,
    )


def _content(message: dict[str, Any]) -> tuple[str, str, tuple[MediaRef, ...], dict[str, Any]]:
    """(kind, text, attachments, metadata) of a message; a message holds one kind of content."""
    caption = message.get("caption") if isinstance(message.get("caption"), str) else ""
    if isinstance(message.get("text"), str):
        return MessageKind.TEXT, message["text"], (), {}
    if isinstance(message.get("photo"), list):
        sizes = [size for size in message["photo"] if isinstance(size, dict) and isinstance(size.get("file_id"), str)]
        if sizes:
            largest = max(sizes, key=lambda s: (_int(s.get("width")) * _int(s.get("height")), _int(s.get("file_size"))))
            ref = MediaRef(MessageKind.IMAGE, largest["file_id"], size=_optional_int(largest.get("file_size")))
            return MessageKind.IMAGE, caption, (ref,), {}
    # An animation (GIF) also carries a `document` field; it is a video for the customer.
    for field, kind in (
        ("animation", MessageKind.VIDEO),
        ("document", MessageKind.DOCUMENT),
        ("voice", MessageKind.AUDIO),
        ("audio", MessageKind.AUDIO),
        ("video", MessageKind.VIDEO),
        ("video_note", MessageKind.VIDEO),
        ("sticker", MessageKind.STICKER),
    ):
        media = message.get(field)
        if isinstance(media, dict) and isinstance(media.get("file_id"), str):
            ref = MediaRef(
                kind,
                media["file_id"],
                mime_type=media.get("mime_type") if isinstance(media.get("mime_type"), str) else None,
                filename=media.get("file_name") if isinstance(media.get("file_name"), str) else None,
                size=_optional_int(media.get("file_size")),
            )
            details = {"emoji": media["emoji"]} if field == "sticker" and isinstance(media.get("emoji"), str) else {}
            return kind, caption, (ref,), details
    # A venue message carries a `location` as well; the venue says more.
    venue = message.get("venue")
    if isinstance(venue, dict) and isinstance(venue.get("location"), dict):
        details = _coordinates(venue["location"])
        details.update({"title": venue.get("title"), "address": venue.get("address")})
        return MessageKind.LOCATION, "", (), details
    if isinstance(message.get("location"), dict):
        return MessageKind.LOCATION, "", (), _coordinates(message["location"])
    contact = message.get("contact")
    if isinstance(contact, dict):
        name = _join_name(contact.get("first_name"), contact.get("last_name"))
        phones = [contact["phone_number"]] if isinstance(contact.get("phone_number"), str) else []
        return MessageKind.CONTACTS, "", (), {"contacts": [{"name": name, "phones": phones}]}
    return MessageKind.UNSUPPORTED, "", (), {}


def _parse_callback(update_id: int, query: dict[str, Any], max_chars: int) -> InboundMessage:
    """A pressed inline button. Telegram sends only its callback_data; the title the
    customer saw is looked up in the keyboard of the message that carried it."""
    query_id = query.get("id")
    if not isinstance(query_id, str) or not query_id:
        raise ProtocolError("callback_query.id must be a string")
    user = _dict(query.get("from"))
    message = _dict(query.get("message"))  # absent for inline-mode messages; may be "inaccessible" (> 48 h)
    chat = _dict(message.get("chat"))
    if _is_int(chat.get("id")):
        sender_id = str(chat["id"])
    elif _is_int(user.get("id")):
        sender_id = str(user["id"])
    else:
        raise ProtocolError("callback_query has neither message.chat.id nor from.id")
    metadata: dict[str, Any] = {"callback_query_id": query_id}
    if "message_id" in message:
        metadata["telegram_message_id"] = message["message_id"]
    if chat.get("type"):
        metadata["chat_type"] = chat["type"]

    data = query.get("data")
    if not isinstance(data, str):  # a game's "Play" button: nothing for us, but it still needs an answer
        return InboundMessage(
            channel=CHANNEL,
            sender_id=sender_id,
            text="",
            provider_message_id=str(update_id),
            sender_name=_sender_name(user),
            language_hint=_language(user),
            kind=MessageKind.UNSUPPORTED,
            metadata=metadata,
        )
    title = _button_title(message, data)
    text, truncated = clean_provider_text(title if title is not None else data, max_chars)
    if not text:
        text, truncated = clean_provider_text(data, max_chars)
    if truncated:
        metadata["truncated"] = True
    return InboundMessage(
        channel=CHANNEL,
        sender_id=sender_id,
        text=text,
        provider_message_id=str(update_id),
        payload=data,
        sender_name=_sender_name(user),
        language_hint=_language(user),
        kind=MessageKind.BUTTON,
        metadata=metadata,
    )


def _button_title(message: dict[str, Any], data: str) -> str | None:
    keyboard = _dict(message.get("reply_markup")).get("inline_keyboard")
    for row in keyboard if isinstance(keyboard, list) else ():
        for button in row if isinstance(row, list) else ():
            if isinstance(button, dict) and button.get("callback_data") == data and isinstance(button.get("text"), str):
                return str(button["text"])
    return None


def _sender_name(user: dict[str, Any]) -> str | None:
    name = _join_name(user.get("first_name"), user.get("last_name")) or user.get("username")
    if not isinstance(name, str):
        return None
    return clean_provider_text(name, _NAME_CHARS)[0] or None


def _join_name(first: object, last: object) -> str:
    return " ".join(part.strip() for part in (first, last) if isinstance(part, str) and part.strip())


def _language(user: dict[str, Any]) -> str | None:
    """The primary subtag of the Telegram client's language ("ru" from "ru-RU")."""
    code = user.get("language_code")
    if not isinstance(code, str):
        return None
    primary = re.split(r"[-_]", code.strip(), maxsplit=1)[0]
    return primary.lower() if _LANGUAGE.fullmatch(primary) else None


def _timestamp(value: object) -> datetime | None:
    # An inaccessible message has date 0: unknown, not 1970. A date past year 9999 is nonsense.
    if not _is_int(value) or value <= 0:
        return None
    try:
        return datetime.fromtimestamp(value, UTC)
    except (OverflowError, OSError, ValueError):
        return None


def _coordinates(location: dict[str, Any]) -> dict[str, Any]:
    return {"latitude": location.get("latitude"), "longitude": location.get("longitude")}


def _dict(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _is_int(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def _int(value: object) -> int:
    return value if _is_int(value) else 0


def _optional_int(value: object) -> int | None:
    return value if _is_int(value) else None

"""Rasa's socket.io web chat protocol, so widgets written for Rasa work with the gateway.

Many sites embed a widget made for Rasa's socket.io channel (rasa-webchat and its
forks). The events, as Rasa 3.6 shapes them (../shared/REFERENCE.md):

    client -> gateway  session_request {"session_id": "<kept id or null>"}
    gateway -> client  session_confirm {"session_id": "..."}
    client -> gateway  user_uttered {"message": "...", "session_id": "...", "customData": {...}}
    gateway -> client  bot_uttered {"text": "..."}
                       bot_uttered {"text": "...", "quick_replies": [{"content_type": "text", "title", "payload"}]}
    gateway -> client  error {"reason": "..."}                       a user_uttered refused as malformed
                       error {"reason": "...", "retry_after": 2.5}   one refused because its client address is
                                                                     over its budget (api/address_flood.py)

A pressed quick reply comes back as a user_uttered whose message is the payload
("/warranty_coverage"). `customData` is kept as the message's metadata; its
`language` (if any) is a hint for the conversation's language, like a browser's.
The `error` events are the gateway's own; a refused user_uttered is not stored and the
client may send it again.
"""

from __future__ import annotations

import re
from typing import Any

from channels.base import InboundMessage, MessageKind, OutboundMessage, ProtocolError
from channels.text import clean_text, is_button_payload

CHANNEL = "socketio"
_SESSION_ID = re.compile(r"^[A-Za-z0-9_.-]{16,64}$")
MAX_CUSTOM_DATA_KEYS = 20


def session_id_from(data: Any) -> str | None:
    """The session id a client asks to keep, if it is shaped like one (the gateway then checks its signature)."""
    value = data.get("session_id") if isinstance(data, dict) else data
    return value if isinstance(value, str) and _SESSION_ID.match(value) else None


def _storable(text: str) -> bool:
    """False for a lone surrogate (JSON's "\ud800" escape): PostgreSQL's jsonb refuses to store one."""
    try:
        text.encode()
    except UnicodeEncodeError:
        return False
    return True


def _custom_data(raw: Any) -> dict[str, Any]:
    if not isinstance(raw, dict):
        return {}
    kept: dict[str, Any] = {}
    for key, value in list(raw.items())[:MAX_CUSTOM_DATA_KEYS]:
        if (
            isinstance(key, str)
            and len(key) <= 64
            and isinstance(value, str | int | float | bool)
            and len(str(value)) <= 512
            and _storable(key)
            and _storable(str(value))
        ):
            kept[key] = value
    return kept


def parse_user_uttered(data: Any, session_id: str, max_chars: int) -> InboundMessage:
    """One user_uttered event -> InboundMessage, or ProtocolError with the reason."""
    if not isinstance(data, dict):
        raise ProtocolError("user_uttered must carry an object")
    message = data.get("message")
    if not isinstance(message, str):
        raise ProtocolError("message must be a string")
    custom = _custom_data(data.get("customData"))
    hint = custom.get("language")
    language_hint = hint.split("-")[0].lower() if isinstance(hint, str) and hint else None
    text = clean_text(message, max_chars)
    if is_button_payload(text):
        return InboundMessage(
            channel=CHANNEL,
            sender_id=session_id,
            text=text,
            payload=text,
            kind=MessageKind.BUTTON,
            language_hint=language_hint,
            metadata={"customData": custom} if custom else {},
        )
    return InboundMessage(
        channel=CHANNEL,
        sender_id=session_id,
        text=text,
        language_hint=language_hint,
        metadata={"customData": custom} if custom else {},
    )


def bot_uttered(message: OutboundMessage) -> dict[str, Any]:
    """Our outbound message as the socket.io protocol's bot_uttered event."""
    event: dict[str, Any] = {"text": message.text}
    if message.buttons:
        event["quick_replies"] = [
            {"content_type": "text", "title": button.title, "payload": button.payload} for button in message.buttons
        ]
    return event

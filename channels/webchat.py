"""Web chat: the frames our widget exchanges with the gateway over a WebSocket.

Browser -> gateway, JSON text frames:
    {"type": "message", "client_id": "<uuid>", "text": "..."}
    {"type": "button", "client_id": "<uuid>", "title": "...", "payload": "/intent"}
Gateway -> browser:
    {"type": "session", "session_id": "...", "labels": {"<lang>": {"title": ...}, ...}}   once, on connect
    {"type": "history", "messages": [message, ...]}     once, on connect
    {"type": "ack", "client_id": "...", "message": message}
    {"type": "message", "message": message}
    {"type": "error", "reason": "..."}
    {"type": "error", "reason": "...", "client_id": "...", "retry_after": 2.5}   a message refused, not stored
where message = {"id", "direction", "sender", "text", "language", "buttons", "created_at", "client_id"}.
Any frame that is not one of the browser's two (binary, not JSON, nested, cut off, ...) is
answered with an `error` frame and the socket stays open; a frame over 64 KiB is closed
with 1009 and text that is not UTF-8 with 1007 (RFC 6455), both by the server (api/ws_protocol.py).
The widget shows its own labels (title, Send, ...) in the language of the latest answer.
A message from a client address over its budget (SUPPORTBOT_IP_FLOOD_RATE/_BURST,
api/address_flood.py) is answered with the error frame that names its `client_id`, a
`reason` in the customer's language and `retry_after` seconds; it is not stored and the
socket stays open, so the browser sends it again later.

`client_id` is chosen by the browser; it re-sends unacknowledged messages after a
reconnect and the gateway de-duplicates on it, so nothing is lost or doubled.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from typing import Any

from channels.base import Button, InboundMessage, OutboundMessage, ProtocolError
from channels.text import clean_text, is_button_payload

CHANNEL = "webchat"
MAX_FRAME_BYTES = 64 * 1024
_CLIENT_ID = re.compile(r"^[A-Za-z0-9_-]{8,64}$")


def parse_frame(raw: str | bytes, session_id: str, max_chars: int, language_hint: str | None = None) -> InboundMessage:
    """One browser frame -> InboundMessage, or ProtocolError with the reason.

    Whatever the bytes, the only exception is ProtocolError (tests/channels/test_frame_fuzz.py):
    the socket answers it with an error frame instead of dying with a traceback.
    """
    if isinstance(raw, bytes | bytearray | memoryview):
        raise ProtocolError("frames must be JSON text, not binary")
    if len(raw) > MAX_FRAME_BYTES:
        raise ProtocolError(f"frame larger than {MAX_FRAME_BYTES} bytes")
    try:
        frame = json.loads(raw)
    except ValueError as error:
        raise ProtocolError("frame is not valid JSON") from error
    except RecursionError as error:  # ~1,000 nested brackets: a 2 KB frame would otherwise end the socket
        raise ProtocolError("frame is nested too deeply") from error
    if not isinstance(frame, dict):
        raise ProtocolError("frame must be a JSON object")
    client_id = frame.get("client_id")
    if not isinstance(client_id, str) or not _CLIENT_ID.match(client_id):
        raise ProtocolError("client_id must be 8-64 characters of letters, digits, '-' or '_'")
    kind = frame.get("type")
    if kind == "message":
        text = frame.get("text")
        if not isinstance(text, str):
            raise ProtocolError("text must be a string")
        return InboundMessage(
            channel=CHANNEL,
            sender_id=session_id,
            text=clean_text(text, max_chars),
            provider_message_id=client_id,
            language_hint=language_hint,
        )
    if kind == "button":
        title, payload = frame.get("title"), frame.get("payload")
        if not isinstance(payload, str) or not is_button_payload(payload):
            raise ProtocolError('payload must look like /intent_name or /intent_name{"entity": "value"}')
        if not isinstance(title, str):
            raise ProtocolError("title must be a string")
        return InboundMessage(
            channel=CHANNEL,
            sender_id=session_id,
            text=clean_text(title, 256),
            provider_message_id=client_id,
            payload=payload,
            language_hint=language_hint,
        )
    raise ProtocolError("type must be 'message' or 'button'")


def message_view(
    *,
    message_id: int,
    direction: str,
    sender: str,
    text: str,
    buttons: list[dict[str, str]] | tuple[Button, ...] | None,
    created_at: datetime,
    client_id: str | None = None,
    language: str | None = None,
) -> dict[str, Any]:
    """How the widget sees one stored message (an answer's language sets the widget's labels)."""
    return {
        "id": message_id,
        "direction": direction,
        "sender": sender,
        "text": text,
        "language": language,
        "buttons": [
            {"title": b.title, "payload": b.payload}
            if isinstance(b, Button)
            else {"title": b["title"], "payload": b["payload"]}
            for b in buttons or ()
        ],
        "created_at": created_at.isoformat(),
        "client_id": client_id,
    }


def outbound_frame(message: OutboundMessage, created_at: datetime) -> dict[str, Any]:
    return {
        "type": "message",
        "message": message_view(
            message_id=message.message_id,
            direction="out",
            sender=message.sender,
            text=message.text,
            buttons=message.buttons,
            created_at=created_at,
            language=message.language,
        ),
    }

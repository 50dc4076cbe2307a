"""The web chat adapter: browser frames to normalized messages, and back."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from channels.base import Button, OutboundMessage, ProtocolError
from channels.webchat import outbound_frame, parse_frame


def frame(**fields: object) -> str:
    return json.dumps({"client_id": "abcdefgh-1234", **fields})


def test_a_text_frame_becomes_an_inbound_message() -> None:
    message = parse_frame(frame(type="message", text="  Salam!  "), "session-1", 4096, "az")

    assert message.channel == "webchat"
    assert message.sender_id == "session-1"
    assert message.text == "Salam!"
    assert message.provider_message_id == "abcdefgh-1234"
    assert message.payload is None and message.language_hint == "az"


def test_a_button_frame_carries_title_and_payload() -> None:
    message = parse_frame(frame(type="button", title="Warranty", payload="/warranty_coverage"), "s", 4096)

    assert (message.text, message.payload) == ("Warranty", "/warranty_coverage")


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"\xff\xfe", "not binary"),
        (frame(type="message", text="hi").encode(), "not binary"),
        ("[" * 5000 + "]" * 5000, "nested too deeply"),
        ('{"type": "message", "client_id": "abcdefgh-1234", "text": "cut o', "not valid JSON"),
        ('"just a string"', "JSON object"),
        (frame(type="message"), "text must be a string"),
        (frame(type="message", text="\u0000\u0001"), "text is empty"),
        (frame(type="button", title=3, payload="/greet"), "title must be a string"),
        (frame(type="button", title="x", payload="greet"), "payload must look like /intent_name"),
        (frame(type="button", title="x", payload="\ud800/greet"), "payload must look like /intent_name"),
        (json.dumps({"type": "message", "text": "hi", "client_id": "../../etc"}), "client_id"),
    ],
)
def test_bad_frames_are_refused_with_a_reason(raw: str | bytes, reason: str) -> None:
    with pytest.raises(ProtocolError, match=reason):
        parse_frame(raw, "s", 4096)


def test_an_outbound_message_becomes_a_message_frame() -> None:
    created = datetime(2026, 11, 22, 10, 0, tzinfo=UTC)
    message = OutboundMessage(7, "s", "Salam", (Button("Zəmanət", "/warranty_coverage"),), language="az")

    assert outbound_frame(message, created) == {
        "type": "message",
        "message": {
            "id": 7,
            "direction": "out",
            "sender": "bot",
            "text": "Salam",
            "language": "az",  # the widget's labels follow it
            "buttons": [{"title": "Zəmanət", "payload": "/warranty_coverage"}],
            "created_at": "2026-11-22T10:00:00+00:00",
            "client_id": None,
        },
    }

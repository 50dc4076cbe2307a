"""Rasa's socket.io protocol: user_uttered events to normalized messages, and bot_uttered back."""

from __future__ import annotations

import pytest

from channels.base import Button, MessageKind, OutboundMessage, ProtocolError
from channels.socketio import bot_uttered, parse_user_uttered, session_id_from


def test_a_kept_session_id_is_accepted_when_it_is_random_enough() -> None:
    assert session_id_from({"session_id": "3f2a9c1e8b7d4a6f9e0c1b2a3d4e5f60"}) == "3f2a9c1e8b7d4a6f9e0c1b2a3d4e5f60"
    assert session_id_from("3f2a9c1e-8b7d-4a6f-9e0c-1b2a3d4e5f60") == "3f2a9c1e-8b7d-4a6f-9e0c-1b2a3d4e5f60"


@pytest.mark.parametrize("data", [None, {}, {"session_id": None}, {"session_id": "1"}, {"session_id": "../../etc"}, 42])
def test_a_missing_short_or_unsafe_session_id_is_not_kept(data: object) -> None:
    assert session_id_from(data) is None


def test_a_typed_message_becomes_a_text_message_with_custom_data_as_metadata() -> None:
    message = parse_user_uttered(
        {"message": " Salam, zəmanət? ", "session_id": "x", "customData": {"language": "az-AZ", "page": "/cars"}},
        "session-0123456789abcdef",
        4096,
    )
    assert message.channel == "socketio" and message.sender_id == "session-0123456789abcdef"
    assert message.text == "Salam, zəmanət?" and message.kind == MessageKind.TEXT and message.payload is None
    assert message.language_hint == "az"
    assert message.metadata == {"customData": {"language": "az-AZ", "page": "/cars"}}


def test_a_pressed_quick_reply_comes_back_as_its_payload() -> None:
    message = parse_user_uttered({"message": "/warranty_coverage"}, "s" * 16, 4096)
    assert message.kind == MessageKind.BUTTON and message.payload == "/warranty_coverage"


def test_custom_data_keeps_only_small_plain_values() -> None:
    custom = {"ok": "yes", "nested": {"a": 1}, "big": "x" * 600, "n": 3, "lone": "\ud800", "\udc00": "key"}
    message = parse_user_uttered({"message": "hi", "customData": custom}, "s" * 16, 4096)
    assert message.metadata == {"customData": {"ok": "yes", "n": 3}}


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        ("hello", "object"),
        ({"message": 5}, "string"),
        ({"message": "   "}, "empty"),
        ({"message": "x" * 5000}, "longer than"),
    ],
)
def test_malformed_events_are_refused_with_a_reason(data: object, reason: str) -> None:
    with pytest.raises(ProtocolError, match=reason):
        parse_user_uttered(data, "s" * 16, 4096)


def test_hostile_markup_is_kept_as_text() -> None:
    message = parse_user_uttered({"message": "<script>alert(1)</script>"}, "s" * 16, 4096)
    assert message.text == "<script>alert(1)</script>"


def test_bot_buttons_become_quick_replies() -> None:
    out = OutboundMessage(1, "s", "Hello!", (Button("Warranty", "/warranty_coverage"), Button("Agent", "/human_agent")))
    assert bot_uttered(out) == {
        "text": "Hello!",
        "quick_replies": [
            {"content_type": "text", "title": "Warranty", "payload": "/warranty_coverage"},
            {"content_type": "text", "title": "Agent", "payload": "/human_agent"},
        ],
    }
    assert bot_uttered(OutboundMessage(2, "s", "Plain")) == {"text": "Plain"}

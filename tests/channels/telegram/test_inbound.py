"""Telegram updates in, as a spec: the webhook secret, and updates shaped as Telegram sends them."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest

from channels.base import MediaRef, MessageKind, ProtocolError
from channels.telegram.inbound import CHANNEL, parse_update, verify_secret
from tests.fakes.telegram import (
    callback_update,
    contact_update,
    document_update,
    edited_update,
    location_update,
    message_update,
    photo_update,
    text_update,
)

MAX_CHARS = 4096
NOV_22 = int(datetime(2026, 11, 22, 10, 0, tzinfo=UTC).timestamp())


def parse(update: dict[str, Any], max_chars: int = MAX_CHARS) -> Any:
    message = parse_update(update, max_chars)
    assert message is not None
    return message


# -- the webhook secret ------------------------------------------------------------------


def test_only_the_configured_secret_is_accepted() -> None:
    assert verify_secret("s3cret-Token_1", "s3cret-Token_1")
    assert not verify_secret("s3cret-Token_2", "s3cret-Token_1")
    assert not verify_secret(None, "s3cret-Token_1")
    assert not verify_secret("", "s3cret-Token_1")
    assert not verify_secret("s3crét", "s3cret")  # non-ASCII does not crash the comparison


def test_an_empty_configured_secret_matches_nothing() -> None:
    assert not verify_secret("", "")
    assert not verify_secret("anything", "")
    assert not verify_secret(None, "")


# -- messages ----------------------------------------------------------------------------


def test_a_text_message_becomes_an_inbound_message() -> None:
    update = text_update(
        10,
        42,
        "  Salam, maşınım işə düşmür  ",
        first_name="Aysel",
        last_name="Məmmədova",
        language_code="az",
        date=NOV_22,
    )

    message = parse(update)

    assert message.channel == CHANNEL == "telegram"
    assert message.sender_id == "42"  # the chat: replies go there
    assert message.text == "Salam, maşınım işə düşmür"
    assert message.kind == MessageKind.TEXT
    assert message.provider_message_id == "10"  # the update_id: Telegram re-sends it unchanged
    assert message.sender_name == "Aysel Məmmədova"
    assert message.language_hint == "az"
    assert message.sent_at == datetime(2026, 11, 22, 10, 0, tzinfo=UTC)
    assert message.metadata == {"telegram_message_id": 10, "chat_type": "private"}
    assert message.payload is None and message.attachments == ()


def test_raw_bytes_as_posted_to_the_webhook_are_parsed_too() -> None:
    body = json.dumps(text_update(11, 42, "Hi")).encode()

    assert parse_update(body, MAX_CHARS).text == "Hi"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("language_code", "hint"),
    [("ru-RU", "ru"), ("pt-br", "pt"), ("EN", "en"), ("kk", "kk"), ("zh_Hans", "zh"), ("x", None), (None, None)],
)
def test_the_language_hint_is_the_primary_subtag_of_the_client_language(
    language_code: str | None, hint: str | None
) -> None:
    assert parse(text_update(1, 42, "hi", language_code=language_code)).language_hint == hint


def test_the_sender_name_falls_back_to_the_username() -> None:
    assert parse(text_update(1, 42, "hi", first_name="", username="aysel_m")).sender_name == "aysel_m"


def test_a_start_deep_link_is_plain_text_for_the_bot_to_read() -> None:
    message = parse(text_update(1, 42, "/start warranty-VIN123"))

    assert (message.kind, message.text, message.payload) == (MessageKind.TEXT, "/start warranty-VIN123", None)


def test_an_edited_message_is_a_new_update_about_the_same_message() -> None:
    update = edited_update(12, 42, "Actually, the engine light", message_id=10, date=NOV_22, edit_date=NOV_22 + 60)

    message = parse(update)

    assert message.provider_message_id == "12"
    assert message.text == "Actually, the engine light"
    assert message.metadata == {"telegram_message_id": 10, "chat_type": "private", "edited": True}
    assert message.sent_at == datetime(2026, 11, 22, 10, 1, tzinfo=UTC)  # when it was edited


def test_a_group_message_is_answered_in_the_group() -> None:
    message = parse(text_update(1, -1001234, "hello", chat_type="supergroup"))

    assert message.sender_id == "-1001234"
    assert message.metadata["chat_type"] == "supergroup"


# -- media and other content -------------------------------------------------------------


def test_a_photo_refers_to_its_largest_size_and_keeps_its_caption() -> None:
    update = photo_update(13, 42, file_id="big-photo", caption="Dashboard warning light")
    update["message"]["photo"].reverse()  # chosen by size, not by position

    message = parse(update)

    assert message.kind == MessageKind.IMAGE
    assert message.text == "Dashboard warning light"
    assert message.attachments == (MediaRef(MessageKind.IMAGE, "big-photo", size=143_000),)


def test_a_photo_without_a_caption_has_empty_text() -> None:
    assert parse(photo_update(13, 42)).text == ""


def test_a_document_keeps_its_type_and_name() -> None:
    message = parse(document_update(14, 42, file_id="doc-7", caption="The invoice"))

    assert message.kind == MessageKind.DOCUMENT
    assert message.text == "The invoice"
    assert message.attachments == (
        MediaRef(
            MessageKind.DOCUMENT, "doc-7", mime_type="application/pdf", filename="service-invoice.pdf", size=48_213
        ),
    )


@pytest.mark.parametrize(
    ("content", "kind", "mime_type", "filename"),
    [
        ({"voice": {"file_id": "f", "duration": 4, "mime_type": "audio/ogg"}}, MessageKind.AUDIO, "audio/ogg", None),
        (
            {"audio": {"file_id": "f", "duration": 90, "mime_type": "audio/mpeg", "file_name": "noise.mp3"}},
            MessageKind.AUDIO,
            "audio/mpeg",
            "noise.mp3",
        ),
        ({"video": {"file_id": "f", "duration": 9, "mime_type": "video/mp4"}}, MessageKind.VIDEO, "video/mp4", None),
        ({"video_note": {"file_id": "f", "duration": 9, "length": 240}}, MessageKind.VIDEO, None, None),
        (
            {"animation": {"file_id": "f", "mime_type": "video/mp4"}, "document": {"file_id": "f"}},
            MessageKind.VIDEO,
            "video/mp4",
            None,
        ),
        ({"sticker": {"file_id": "f", "emoji": "👍", "type": "regular"}}, MessageKind.STICKER, None, None),
    ],
)
def test_other_media_kinds(content: dict[str, Any], kind: str, mime_type: str | None, filename: str | None) -> None:
    message = parse(message_update(15, 42, content))

    assert message.kind == kind
    assert message.text == ""
    assert message.attachments == (MediaRef(kind, "f", mime_type=mime_type, filename=filename),)


def test_a_sticker_keeps_its_emoji() -> None:
    assert parse(message_update(15, 42, {"sticker": {"file_id": "f", "emoji": "👍"}})).metadata["emoji"] == "👍"


def test_a_location_carries_its_coordinates() -> None:
    message = parse(location_update(16, 42, 40.409264, 49.867092))

    assert (message.kind, message.text) == (MessageKind.LOCATION, "")
    assert message.metadata["latitude"] == 40.409264
    assert message.metadata["longitude"] == 49.867092


def test_a_venue_is_a_location_with_a_title_and_address() -> None:
    venue = {
        "location": {"latitude": 41.7151, "longitude": 44.8271},
        "title": "Service centre Saburtalo",
        "address": "Vazha-Pshavela Ave 10, Tbilisi",
    }
    update = message_update(17, 42, {"venue": venue, "location": venue["location"]})

    message = parse(update)

    assert message.kind == MessageKind.LOCATION
    assert message.metadata["title"] == "Service centre Saburtalo"
    assert message.metadata["address"] == "Vazha-Pshavela Ave 10, Tbilisi"
    assert (message.metadata["latitude"], message.metadata["longitude"]) == (41.7151, 44.8271)


def test_a_shared_contact_becomes_a_contacts_message() -> None:
    message = parse(contact_update(18, 42, "+994501234567", "Rauf", "Əliyev"))

    assert message.kind == MessageKind.CONTACTS
    assert message.metadata["contacts"] == [{"name": "Rauf Əliyev", "phones": ["+994501234567"]}]
    assert message.sender_name == "Aysel"  # who shared it, not whom it names


@pytest.mark.parametrize(
    "content",
    [
        {"poll": {"id": "1", "question": "Which?", "options": []}},
        {"dice": {"emoji": "🎲", "value": 4}},
        {"game": {"title": "Race"}},
        {"new_chat_members": [{"id": 5, "is_bot": False, "first_name": "X"}]},
    ],
)
def test_other_message_content_is_unsupported_with_empty_text(content: dict[str, Any]) -> None:
    message = parse(message_update(19, 42, content))

    assert (message.kind, message.text, message.attachments) == (MessageKind.UNSUPPORTED, "", ())
    assert message.provider_message_id == "19"


# -- pressed buttons ---------------------------------------------------------------------


def test_a_pressed_button_carries_the_title_the_customer_saw_and_its_payload() -> None:
    buttons = [("Book a service", "/book_service"), ("Warranty", "/warranty_coverage")]
    update = callback_update(20, 42, "/warranty_coverage", buttons=buttons, callback_query_id="cbq-777")

    message = parse(update)

    assert message.kind == MessageKind.BUTTON
    assert (message.text, message.payload) == ("Warranty", "/warranty_coverage")
    assert message.sender_id == "42"
    assert message.provider_message_id == "20"
    assert message.metadata["callback_query_id"] == "cbq-777"  # the gateway must answer it


def test_a_button_no_longer_in_the_keyboard_is_named_by_its_payload() -> None:
    update = callback_update(21, 42, "/roadside_help", buttons=[("Warranty", "/warranty_coverage")])

    assert parse(update).text == "/roadside_help"


def test_a_button_without_its_message_is_answered_to_the_user() -> None:
    update = callback_update(22, 42, "/greet")
    del update["callback_query"]["message"]  # e.g. a button on an inline-mode message

    message = parse(update)

    assert (message.sender_id, message.text, message.payload) == ("42", "/greet", "/greet")


def test_a_callback_without_data_is_unsupported_but_still_answerable() -> None:
    update = callback_update(23, 42, "x", callback_query_id="cbq-game")
    del update["callback_query"]["data"]  # a game's Play button

    message = parse(update)

    assert message.kind == MessageKind.UNSUPPORTED
    assert message.metadata["callback_query_id"] == "cbq-game"


# -- what is ignored and what is refused -------------------------------------------------


@pytest.mark.parametrize(
    "update",
    [
        {"update_id": 30, "channel_post": {"message_id": 1, "chat": {"id": -100, "type": "channel"}, "text": "x"}},
        {"update_id": 31, "my_chat_member": {"chat": {"id": 42}, "new_chat_member": {"status": "kicked"}}},
        {"update_id": 32, "poll": {"id": "5", "question": "?", "options": []}},
        {"update_id": 33, "inline_query": {"id": "q", "query": "warranty"}},
        {"update_id": 34},
    ],
)
def test_update_kinds_the_gateway_does_not_handle_are_ignored(update: dict[str, Any]) -> None:
    assert parse_update(update, MAX_CHARS) is None


def test_a_text_of_only_control_characters_is_ignored() -> None:
    assert parse_update(text_update(35, 42, "\u0000\u0007"), MAX_CHARS) is None


@pytest.mark.parametrize(
    ("update", "reason"),
    [
        (b"\xff\xfe", "not valid JSON"),
        (b"{not json", "not valid JSON"),
        (b"[1, 2]", "JSON object"),
        (b'"an update"', "JSON object"),
        ({"message": {"text": "hi"}}, "update_id must be an integer"),
        ({"update_id": "36", "message": {}}, "update_id must be an integer"),
        ({"update_id": True}, "update_id must be an integer"),
        ({"update_id": 36.5}, "update_id must be an integer"),
        ({"update_id": 36, "message": {"message_id": 1, "text": "hi"}}, r"message\.chat\.id"),
        ({"update_id": 37, "callback_query": {"id": "q", "data": "/x"}}, "neither"),
    ],
)
def test_what_cannot_be_a_telegram_update_is_refused_with_a_reason(update: Any, reason: str) -> None:
    with pytest.raises(ProtocolError, match=reason):
        parse_update(update, MAX_CHARS)


# -- text hygiene ------------------------------------------------------------------------


def test_an_over_long_text_is_truncated_and_marked_never_refused() -> None:
    message = parse(text_update(40, 42, "ə" * 5000), max_chars=4096)

    assert message.text == "ə" * 4096
    assert message.metadata["truncated"] is True


def test_an_over_long_caption_is_truncated_too() -> None:
    message = parse(photo_update(41, 42, caption="x" * 300), max_chars=100)

    assert (len(message.text), message.metadata["truncated"]) == (100, True)


def test_text_is_normalised_and_control_characters_dropped() -> None:
    message = parse(text_update(42, 42, "Ko\u0308lik\u0131m\u0000 is\u0327lemir\u202e 🚗\u200d🔧"))

    assert message.text == "Kölikım işlemir\u202e 🚗\u200d🔧"  # NFC; NUL dropped; bidi and ZWJ kept as text


def test_markup_is_kept_as_plain_text() -> None:
    assert parse(text_update(43, 42, "<script>alert(1)</script> *bold* _x_")).text == (
        "<script>alert(1)</script> *bold* _x_"
    )

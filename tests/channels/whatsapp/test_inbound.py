"""WhatsApp webhooks in: Meta's handshake and signatures, and deliveries read as a readable spec."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest

from channels.base import MediaRef, MessageKind, ProtocolError
from channels.whatsapp.inbound import parse_webhook, verify_signature, verify_subscription
from channels.whatsapp.outbound import is_bsuid
from tests.fakes import whatsapp as wa

APP_SECRET = "app-secret-for-tests"
BSUID = "US.13491208655302741918"


def parse(delivery: dict[str, Any], max_chars: int = 4096) -> Any:
    return parse_webhook(wa.encode(delivery), max_chars)


def only(delivery: dict[str, Any], max_chars: int = 4096) -> Any:
    batch = parse(delivery, max_chars)
    assert batch.skipped == 0 and len(batch.messages) == 1
    return batch.messages[0]


# -- subscription handshake -------------------------------------------------------------


def test_the_subscription_challenge_is_echoed_for_our_token() -> None:
    assert verify_subscription("subscribe", "s3cret", "1158201444", "s3cret") == "1158201444"


@pytest.mark.parametrize(
    ("mode", "token", "challenge", "configured"),
    [
        ("subscribe", "guess", "123", "s3cret"),  # wrong token
        ("unsubscribe", "s3cret", "123", "s3cret"),  # wrong mode
        (None, "s3cret", "123", "s3cret"),  # no mode
        ("subscribe", None, "123", "s3cret"),  # no token
        ("subscribe", "s3cret", None, "s3cret"),  # no challenge
        ("subscribe", "", "123", ""),  # nothing configured: never open
        ("subscribe", "tökén", "123", "s3cret"),  # non-ASCII does not crash the comparison
    ],
)
def test_the_subscription_challenge_is_refused_otherwise(
    mode: str | None, token: str | None, challenge: str | None, configured: str
) -> None:
    assert verify_subscription(mode, token, challenge, configured) is None


# -- signatures --------------------------------------------------------------------------

BODY = wa.encode(wa.webhook([wa.text_message("Salam")]))


def test_a_body_signed_with_the_app_secret_is_genuine() -> None:
    header = wa.sign(BODY, APP_SECRET)["X-Hub-Signature-256"]
    assert verify_signature(BODY, header, APP_SECRET)
    assert verify_signature(BODY, header.upper().replace("SHA256=", "sha256="), APP_SECRET)  # hex case is free


@pytest.mark.parametrize(
    ("body", "header"),
    [
        (BODY, wa.sign(BODY, "another-apps-secret")["X-Hub-Signature-256"]),  # forged
        (BODY[:-2] + b" }", wa.sign(BODY, APP_SECRET)["X-Hub-Signature-256"]),  # altered by one byte
        (BODY, None),  # missing
        (BODY, ""),
        (BODY, "sha1=" + "0" * 40),  # the old header's algorithm
        (BODY, "sha256=" + "z" * 64),  # not hex
        (BODY, "sha256=" + "ab" * 16),  # too short
        (BODY, wa.sign(BODY, APP_SECRET)["X-Hub-Signature-256"].removeprefix("sha256=")),  # no prefix
    ],
    # Named, not by value: BODY carries the time it was built, so two pytest-xdist workers
    # that build it a second apart would collect different ids and refuse to run.
    ids=["forged", "altered", "missing", "empty", "sha1", "not-hex", "too-short", "no-prefix"],
)
def test_anything_else_is_not(body: bytes, header: str | None) -> None:
    assert not verify_signature(body, header, APP_SECRET)


def test_an_empty_app_secret_verifies_nothing() -> None:
    assert not verify_signature(BODY, wa.sign(BODY, "")["X-Hub-Signature-256"], "")


# -- inbound messages ----------------------------------------------------------------------


def test_a_text_message_says_who_sent_what_and_when() -> None:
    message = only(wa.webhook([wa.text_message("  Maşınım işə düşmür  ", message_id="wamid.A1", timestamp=1795000000)]))

    assert message.channel == "whatsapp"
    assert message.kind == MessageKind.TEXT
    assert message.sender_id == wa.CUSTOMER_WA_ID
    assert message.sender_name == wa.CUSTOMER_NAME
    assert message.text == "Maşınım işə düşmür"
    assert message.provider_message_id == "wamid.A1"
    assert message.sent_at == datetime.fromtimestamp(1795000000, tz=UTC)
    assert message.sent_at.tzinfo is not None
    assert message.payload is None
    assert message.metadata == {"phone_number_id": wa.PHONE_NUMBER_ID}


def test_a_reply_to_one_of_our_messages_names_it() -> None:
    message = only(wa.webhook([wa.text_message("this one", context_id="wamid.OURS")]))
    assert message.metadata["reply_to"] == "wamid.OURS"


@pytest.mark.parametrize(
    "sent",
    [wa.button_reply("/warranty_coverage", "Warranty"), wa.list_reply("/warranty_coverage", "Warranty", "2 years")],
)
def test_a_pressed_reply_button_or_list_row_carries_our_payload(sent: dict[str, Any]) -> None:
    message = only(wa.webhook([sent]))
    assert (message.kind, message.payload, message.text) == (MessageKind.BUTTON, "/warranty_coverage", "Warranty")


def test_payloads_come_back_unchanged_up_to_whatsapps_256_characters() -> None:
    payload = '/book_service{"dealer":"' + "x" * 200 + '"}'
    assert only(wa.webhook([wa.button_reply(payload, "Book")])).payload == payload


def test_a_template_quick_reply_is_a_button_too() -> None:
    message = only(wa.webhook([wa.template_button("/talk_to_agent", "Talk to a person")]))
    assert (message.kind, message.payload, message.text) == (MessageKind.BUTTON, "/talk_to_agent", "Talk to a person")


def test_a_template_quick_reply_without_payload_is_what_it_says() -> None:
    sent = wa.template_button("x", "Stop promotions")
    del sent["button"]["payload"]
    message = only(wa.webhook([sent]))
    assert (message.kind, message.payload, message.text) == (MessageKind.TEXT, None, "Stop promotions")


@pytest.mark.parametrize("kind", ["image", "document", "audio", "video", "sticker"])
def test_media_is_referenced_by_its_id_and_fetched_later(kind: str) -> None:
    message = only(wa.webhook([wa.media_message(kind, "media-77", "application/octet-stream")]))

    assert message.kind == kind
    assert message.text == ""  # no caption is fine for media
    assert message.attachments == (MediaRef(kind=kind, provider_id="media-77", mime_type="application/octet-stream"),)


def test_captions_and_filenames_are_kept() -> None:
    photo = only(wa.webhook([wa.image_message("img-1", caption="Dashboard light\u0000 on")]))
    manual = only(wa.webhook([wa.document_message("doc-1", "service-book.pdf")]))

    assert photo.text == "Dashboard light on"
    assert manual.attachments[0].filename == "service-book.pdf"
    assert manual.attachments[0].mime_type == "application/pdf"


def test_a_voice_note_is_audio_marked_as_voice() -> None:
    message = only(wa.webhook([wa.voice_message("voice-1")]))
    assert message.kind == MessageKind.AUDIO and message.metadata["voice"] is True


def test_a_location_carries_its_coordinates() -> None:
    message = only(wa.webhook([wa.location_message(40.4093, 49.8671, "Service Centre", "Baku, Nizami st. 10")]))

    assert message.kind == MessageKind.LOCATION
    assert message.text == "Service Centre, Baku, Nizami st. 10"
    assert message.metadata["latitude"] == 40.4093 and message.metadata["longitude"] == 49.8671
    assert (message.metadata["name"], message.metadata["address"]) == ("Service Centre", "Baku, Nizami st. 10")


def test_a_bare_pin_has_no_text() -> None:
    message = only(wa.webhook([wa.location_message(41.7151, 44.8271)]))
    assert message.text == "" and message.metadata["name"] is None


def test_shared_contacts_become_names_and_numbers() -> None:
    message = only(wa.webhook([wa.contacts_message([("Nino Beridze", ["+995 555 12 34 56"]), ("Garage", [])])]))

    assert message.kind == MessageKind.CONTACTS and message.text == ""
    assert message.metadata["contacts"] == [
        {"name": "Nino Beridze", "phones": ["+995 555 12 34 56"]},
        {"name": "Garage", "phones": []},
    ]


def test_a_reaction_names_the_message_and_the_emoji() -> None:
    added = only(wa.webhook([wa.reaction_message("wamid.OURS", "👍")]))
    removed = only(wa.webhook([wa.reaction_message("wamid.OURS", "")]))

    assert (added.kind, added.text, added.metadata["emoji"], added.metadata["message_id"]) == (
        MessageKind.REACTION,
        "👍",
        "👍",
        "wamid.OURS",
    )
    assert removed.text == "" and removed.metadata["emoji"] == ""


@pytest.mark.parametrize("kind", ["unsupported", "system", "order", "request_welcome", "a_type_from_2030"])
def test_anything_else_is_unsupported_but_still_arrives(kind: str) -> None:
    message = only(wa.webhook([wa.raw_message(kind, {"whatever": 1})]))

    assert (message.kind, message.text) == (MessageKind.UNSUPPORTED, "")
    assert message.metadata["type"] == kind
    assert message.provider_message_id  # stored and de-duplicated like any other


def test_meta_explains_an_unsupported_message() -> None:
    message = only(wa.webhook([wa.unsupported_message()]))
    assert message.metadata["errors"] == "131051: Message type unknown"


def test_a_flow_reply_is_unsupported() -> None:
    sent = wa.raw_message("interactive", None) | {
        "interactive": {"type": "nfm_reply", "nfm_reply": {"response_json": "{}"}}
    }
    assert only(wa.webhook([sent])).kind == MessageKind.UNSUPPORTED


# -- senders ------------------------------------------------------------------------------


def test_a_user_known_only_by_business_scoped_id_is_addressed_by_it() -> None:
    sent = wa.text_message("hello", wa_id=None, user_id=BSUID)
    message = only(wa.webhook([sent], contacts=[wa.contact("Dana", wa_id=None, user_id=BSUID)]))

    assert message.sender_id == BSUID
    assert message.sender_name == "Dana"
    assert message.metadata["user_id"] == BSUID
    assert is_bsuid(message.sender_id)


def test_a_user_with_both_ids_is_addressed_by_phone_and_the_bsuid_kept() -> None:
    sent = wa.text_message("hello", user_id=BSUID)
    message = only(wa.webhook([sent], contacts=[wa.contact("Dana", user_id=BSUID)]))
    assert (message.sender_id, message.metadata["user_id"]) == (wa.CUSTOMER_WA_ID, BSUID)


def test_each_message_gets_its_own_senders_profile_name() -> None:
    delivery = wa.webhook(
        [wa.text_message("one", wa_id="77011112233"), wa.text_message("two", wa_id="9779812345678")],
        contacts=[wa.contact("Aigerim", wa_id="77011112233"), wa.contact("सुनिता", wa_id="9779812345678")],
    )
    assert [m.sender_name for m in parse(delivery).messages] == ["Aigerim", "सुनिता"]


def test_a_single_contact_names_the_sender_even_when_ids_differ() -> None:
    # Meta may normalise the number in contacts[].wa_id differently from messages[].from.
    delivery = wa.webhook(
        [wa.text_message("hi", wa_id="5491112345678")], contacts=[wa.contact("Lucía", wa_id="541112345678")]
    )
    assert only(delivery).sender_name == "Lucía"


def test_without_contacts_the_name_is_unknown() -> None:
    assert only(wa.webhook([wa.text_message("hi")], contacts=[])).sender_name is None


# -- whole deliveries ----------------------------------------------------------------------


def test_every_entry_message_and_status_of_a_delivery_is_read_in_order() -> None:
    first = wa.webhook(
        [wa.text_message("one"), wa.image_message("img"), wa.button_reply("/yes", "Yes")],
        statuses=[wa.status("wamid.OUT1", "sent"), wa.status("wamid.OUT1", "delivered")],
    )
    second = wa.webhook(
        [wa.text_message("two", wa_id="995555123456"), wa.reaction_message("wamid.OUT1", "❤️", wa_id="995555123456")],
        statuses=[wa.status("wamid.OUT2", "failed", error_code=131047)],
        phone_number_id="222222222222222",
    )
    batch = parse(wa.combine(first, second))

    assert [m.kind for m in batch.messages] == ["text", "image", "button", "text", "reaction"]
    assert [m.metadata["phone_number_id"] for m in batch.messages] == [wa.PHONE_NUMBER_ID] * 3 + ["222222222222222"] * 2
    assert [(s.provider_message_id, s.status) for s in batch.statuses] == [
        ("wamid.OUT1", "sent"),
        ("wamid.OUT1", "delivered"),
        ("wamid.OUT2", "failed"),
    ]
    assert batch.statuses[0].timestamp == datetime.fromtimestamp(1795000100, tz=UTC)
    assert batch.statuses[0].error is None
    assert batch.statuses[2].error == "131047: Re-engagement message"
    assert batch.skipped == 0


def test_changes_other_than_messages_are_ignored() -> None:
    delivery = wa.webhook([wa.text_message("hi")])
    delivery["entry"][0]["changes"].insert(
        0, {"field": "message_template_status_update", "value": {"event": "APPROVED"}}
    )
    assert len(parse(delivery).messages) == 1


def test_a_status_only_delivery_has_no_messages() -> None:
    batch = parse(wa.webhook(statuses=[wa.status("wamid.OUT", "read")]))
    assert batch.messages == () and batch.statuses[0].status == "read"


def test_a_malformed_message_is_skipped_and_counted_not_the_whole_delivery() -> None:
    no_id = wa.text_message("lost")
    del no_id["id"]
    no_sender = wa.text_message("who?")
    del no_sender["from"]
    image_without_id = wa.image_message("x")
    del image_without_id["image"]["id"]
    empty_text = wa.text_message("\u0000 ")
    button_without_id = wa.button_reply("/x", "X")
    del button_without_id["interactive"]["button_reply"]["id"]
    bad_status = wa.status("wamid.OUT")
    del bad_status["status"]
    delivery = wa.webhook(
        [no_id, wa.text_message("fine"), no_sender, image_without_id, "not an object", empty_text, button_without_id],
        statuses=[bad_status, wa.status("wamid.OK")],
    )
    batch = parse(delivery)

    assert [m.text for m in batch.messages] == ["fine"]
    assert [s.provider_message_id for s in batch.statuses] == ["wamid.OK"]
    assert batch.skipped == 7


def _broken(path: str, value: Any) -> bytes:
    delivery = wa.webhook([wa.text_message("hi")])
    target: Any = delivery
    *parents, last = path.split(".")
    for key in parents:
        target = target[int(key)] if key.isdigit() else target[key]
    target[last] = value
    return wa.encode(delivery)


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b"{not json", "not valid JSON"),
        (b"\xff\xfe\x00", "not valid JSON"),
        (b"[]", "JSON object"),
        (json.dumps({"object": "page", "entry": []}).encode(), "whatsapp_business_account"),
        (_broken("entry", {"id": "1"}), "entry must be a list"),
        (_broken("entry", [["not", "an", "entry"]]), "entry must be an object"),
        (_broken("entry.0.changes", "x"), "changes must be a list"),
        (_broken("entry.0.changes", [7]), "change must be an object"),
        (_broken("entry.0.changes.0.value", None), "value must be an object"),
        (_broken("entry.0.changes.0.value.messages", {"id": "x"}), "messages must be a list"),
        (_broken("entry.0.changes.0.value.statuses", "x"), "statuses must be a list"),
        (_broken("entry.0.changes.0.value.metadata", []), "metadata must be an object"),
    ],
)
def test_a_broken_envelope_rejects_the_delivery(body: bytes, reason: str) -> None:
    with pytest.raises(ProtocolError, match=reason):
        parse_webhook(body, 4096)


# -- text ------------------------------------------------------------------------------


def test_text_is_nfc_normalised_and_control_characters_dropped() -> None:
    message = only(wa.webhook([wa.text_message("Ko\u0308mu\u0308r\u0000 yok\u0007\r\nline two\tok")]))
    assert message.text == "Kömür yok\nline two\tok"


@pytest.mark.parametrize(
    "text",
    [
        "مرحبا، سيارتي لا تعمل \u200f",  # right-to-left with its mark
        "שלום 👋🏽 👨‍👩‍👧 🇦🇿",  # Hebrew, skin tone, ZWJ family, a flag
        "ჩემი მანქანა არ იქოქება",  # Georgian
        "मेरो गाडी स्टार्ट हुँदैन",  # Nepali
        "<script>alert('x')</script> & <b>bold</b>",  # just text; escaping is the viewer's job
    ],
)
def test_any_script_emoji_and_markup_are_kept_as_written(text: str) -> None:
    assert only(wa.webhook([wa.text_message(text)])).text == text.strip()


def test_over_long_text_is_truncated_and_marked_not_refused() -> None:
    # Refusing would make Meta re-send the delivery for days.
    message = only(wa.webhook([wa.text_message("ə" * 5000)]), max_chars=4096)
    assert message.text == "ə" * 4096 and message.metadata["truncated"] is True
    assert "truncated" not in only(wa.webhook([wa.text_message("ə" * 4096)])).metadata

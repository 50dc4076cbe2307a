"""Pressed buttons, on SQLite and on PostgreSQL: only a button the bot offered names an intent.

Whatever channel carried it, a payload the conversation was never offered (a forged
`/roadside_assistance` to jump the queue, a `/restart`) is stored and read as the title
the customer pressed; a few harmless intents and the gateway's own buttons need no offer.
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from channels.base import MessageKind
from conversations.buttons import RECENT_OUTBOUND, SAFE_PAYLOADS, bot_text
from nlu.rasa_client import BotTurn
from storage.models import Message
from tests.conversations.support import Fixture, inbound

pytestmark = pytest.mark.anyio

SLOT = '/choose{"booking_slot": "2026-12-08T06:00:00+00:00"}'


async def _offer(db: Fixture, buttons: list[dict[str, str]], sender: str = "customer-1") -> int:
    """The customer writes and the bot answers with `buttons`; returns the conversation's id."""
    received = await db.intake.receive(inbound("book a service", sender=sender, provider_id=f"{sender}-ask"))
    pending = await db.turns.next_pending(received.conversation_id)
    assert pending is not None
    turn = BotTurn(messages=[{"text": "When?", "buttons": buttons}], intent="book_service", confidence=0.9)
    await db.turns.record_turn(pending, turn)
    return received.conversation_id


async def _press(
    db: Fixture, title: str, payload: str, sender: str = "customer-1", kind: str = MessageKind.BUTTON
) -> tuple[tuple[str, str, str | None, dict[str, Any] | None], str]:
    """The customer presses (title, payload): (kind, text, payload, meta) as stored, and what the bot reads."""
    received = await db.intake.receive(
        inbound(title, sender=sender, provider_id=f"press-{payload}", payload=payload, kind=kind)
    )
    with db.sessions() as session:
        stored = session.get(Message, received.message_id)
        assert stored is not None
        row = (stored.kind, stored.text, stored.payload, stored.meta)
    pending = await db.turns.next_pending(received.conversation_id)
    assert pending is not None
    return row, pending.text


async def test_a_button_the_bot_offered_reaches_the_bot_as_its_payload(db: Fixture) -> None:
    await _offer(db, [{"title": "10:00", "payload": SLOT}])

    (kind, text, payload, meta), bot_reads = await _press(db, "10:00", SLOT)

    assert (kind, text, payload, meta) == ("button", "10:00", SLOT, None)
    assert bot_reads == SLOT


async def test_a_button_never_offered_is_read_as_its_title(db: Fixture) -> None:
    await _offer(db, [{"title": "10:00", "payload": SLOT}])

    (kind, text, payload, meta), bot_reads = await _press(db, "Warranty", "/roadside_assistance")

    assert (kind, text, payload) == ("text", "Warranty", None)
    assert meta == {"refused_payload": "/roadside_assistance"}  # the console can tell what was tried
    assert bot_reads == "Warranty"  # the NLU reads the words; no emergency from a payload alone


async def test_a_forged_payload_whose_title_is_the_payload_itself_names_no_intent(db: Fixture) -> None:
    # A socket.io widget's quick reply comes back as its payload text, and so does a
    # Telegram callback whose button is not on the message: there is no other title.
    (kind, text, payload, _), bot_reads = await _press(db, "/restart", "/restart", kind=MessageKind.TEXT)

    assert (kind, text, payload) == ("text", "/restart", None)
    assert bot_reads == "restart"


async def test_an_offer_to_another_customer_does_not_count(db: Fixture) -> None:
    await _offer(db, [{"title": "Roadside", "payload": "/roadside_assistance"}], sender="someone-else")

    (_, _, payload, _), _ = await _press(db, "Roadside", "/roadside_assistance")

    assert payload is None


async def test_only_the_latest_outbound_messages_count_as_offers(db: Fixture) -> None:
    conversation_id = await _offer(db, [{"title": "10:00", "payload": SLOT}])
    for n in range(RECENT_OUTBOUND):  # the bot has said a great deal since
        received = await db.intake.receive(inbound(f"question {n}", provider_id=f"q-{n}"))
        pending = await db.turns.next_pending(conversation_id)
        assert pending is not None and received.conversation_id == conversation_id
        await db.turns.record_turn(pending, BotTurn([{"text": f"answer {n}"}], "out_of_scope", 0.9))

    (_, text, payload, _), _ = await _press(db, "10:00", SLOT)

    assert (text, payload) == ("10:00", None)


@pytest.mark.parametrize("payload", sorted(SAFE_PAYLOADS))
async def test_harmless_intents_and_the_gateways_own_buttons_need_no_offer(db: Fixture, payload: str) -> None:
    (_, _, stored, meta), _ = await _press(db, "Yes", payload)

    assert stored == payload and meta is None


async def test_safe_intents_carry_no_entities_and_cannot_hand_off() -> None:
    assert all("{" not in payload for payload in SAFE_PAYLOADS)
    assert not {"/restart", "/human_agent", "/roadside_assistance", "/complaint"} & SAFE_PAYLOADS


async def test_typed_text_in_rasas_intent_form_reaches_the_bot_as_words(db: Fixture) -> None:
    received = await db.intake.receive(inbound("/roadside_assistance"))

    pending = await db.turns.next_pending(received.conversation_id)

    assert pending is not None and pending.text == "roadside_assistance"
    with db.sessions() as session:
        stored = session.execute(select(Message.text).where(Message.id == received.message_id)).scalar_one()
    assert stored == "/roadside_assistance"  # what the customer wrote is kept as written


async def test_a_shared_location_still_reaches_the_bot_as_share_location(db: Fixture) -> None:
    shared = inbound("", kind=MessageKind.LOCATION, metadata={"latitude": 40.4, "longitude": 49.8})

    received = await db.intake.receive(shared)
    pending = await db.turns.next_pending(received.conversation_id)

    assert pending is not None and pending.text == '/share_location{"latitude": 40.4, "longitude": 49.8}'


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("/restart", "restart"),
        ("  / /greet", "greet"),
        ("//roadside_assistance please", "roadside_assistance please"),
        ("///", "///"),  # nothing but slashes names no intent
        ("hello /restart", "hello /restart"),
        ("1/2 of the tank", "1/2 of the tank"),
    ],
)
def test_bot_text_never_starts_with_a_slash_unless_it_is_all_slashes(typed: str, read: str) -> None:
    assert bot_text(typed) == read

"""Recording turns, on SQLite and on PostgreSQL.

A turn is answered in one transaction; a message is kept pending, with one polite notice, while the bot is away.
"""

from __future__ import annotations

import pytest

from nlu.rasa_client import BotTurn
from storage.models import Message, MessageStatus, utcnow
from tests.conversations.support import Fixture, count, inbound

pytestmark = pytest.mark.anyio

async def test_a_button_press_keeps_the_language(db: Fixture) -> None:
    await db.intake.receive(inbound("გამარჯობა, გარანტია რამდენ ხანს მოქმედებს?", provider_id="1"))
    pressed = await db.intake.receive(inbound("Warranty", provider_id="2", payload="/warranty_coverage"))

    assert pressed.language == "ka"
    pending = await db.turns.next_pending(pressed.conversation_id)
    assert pending is not None and pending.text == "გამარჯობა, გარანტია რამდენ ხანს მოქმედებს?"


async def test_next_pending_is_the_oldest_unanswered_message(db: Fixture) -> None:
    first = await db.intake.receive(inbound("hello", provider_id="1"))
    await db.intake.receive(inbound("what does the warranty cover", provider_id="2"))

    pending = await db.turns.next_pending(first.conversation_id)

    assert pending is not None and pending.id == first.message_id
    assert pending.more_pending
    await db.turns.record_turn(pending, BotTurn([], "greet", 0.9))
    last = await db.turns.next_pending(first.conversation_id)
    assert last is not None and not last.more_pending


async def test_a_bot_turn_is_stored_in_the_conversations_language(db: Fixture) -> None:
    received = await db.intake.receive(inbound("Сәлеметсіз бе! Кепілдік қанша жылға беріледі?"))
    pending = await db.turns.next_pending(received.conversation_id)
    assert pending is not None and pending.language == "kk"
    turn = BotTurn(
        messages=[{"recipient_id": "x", "custom": {"template": "utter_warranty_coverage"}}],
        intent="warranty_coverage",
        confidence=0.91,
        entities=[],
    )

    replies = await db.turns.record_turn(pending, turn)

    assert len(replies) == 1
    assert replies[0].message.recipient_id == "customer-1"
    assert "кепілдік" in replies[0].message.text.lower()
    assert [b.payload for b in replies[0].message.buttons] == ["/warranty_claim", "/maintenance_schedule"]
    with db.sessions() as session:
        answered = session.get(Message, received.message_id)
        reply = session.get(Message, replies[0].message.message_id)
    assert answered is not None and reply is not None
    assert answered.status == MessageStatus.PROCESSED
    assert answered.intent == "warranty_coverage" and answered.confidence == pytest.approx(0.91)
    assert reply.status == MessageStatus.QUEUED and reply.reply_to_id == answered.id
    assert reply.template == "utter_warranty_coverage" and reply.language == "kk"
    assert await db.turns.next_pending(received.conversation_id) is None


async def test_a_turn_is_recorded_only_once(db: Fixture) -> None:
    received = await db.intake.receive(inbound("hello"))
    pending = await db.turns.next_pending(received.conversation_id)
    assert pending is not None
    turn = BotTurn(messages=[{"custom": {"template": "utter_greet"}}], intent="greet", confidence=0.9)

    await db.turns.record_turn(pending, turn)
    again = await db.turns.record_turn(pending, turn)

    assert again == []
    assert count(db, Message) == 2


async def test_answers_unknown_to_the_catalogue_are_dropped_not_sent(db: Fixture) -> None:
    received = await db.intake.receive(inbound("hello"))
    pending = await db.turns.next_pending(received.conversation_id)
    assert pending is not None
    turn = BotTurn(
        messages=[{"custom": {"template": "utter_no_such_answer"}}, {"image": "http://x/y.png"}],
        intent="greet",
        confidence=0.9,
    )

    assert await db.turns.record_turn(pending, turn) == []


async def test_while_the_bot_is_away_the_customer_is_told_once(db: Fixture) -> None:
    received = await db.intake.receive(inbound("Salam, maşınım işə düşmür, nə edim?"))
    pending = await db.turns.next_pending(received.conversation_id)
    assert pending is not None

    first = await db.turns.record_bot_failure(pending, "ConnectError", utcnow())
    second = await db.turns.record_bot_failure(pending, "ConnectError", utcnow())

    assert len(first) == 1 and second == []
    assert first[0].message.sender == "system"
    delay_notice = db.catalogue.render("utter_delay", "az")
    assert delay_notice is not None and first[0].message.text == delay_notice.text
    with db.sessions() as session:
        message = session.get(Message, received.message_id)
    assert message is not None
    assert message.status == MessageStatus.PENDING and message.attempts == 2
    assert message.error == "ConnectError"

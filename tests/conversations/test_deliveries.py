"""Deliveries outside the bot's turns, on SQLite and on PostgreSQL: push claims and the customer's history."""

from __future__ import annotations

import pytest

from nlu.rasa_client import BotTurn
from storage.models import Message, MessageStatus
from tests.conversations.support import Fixture, inbound

pytestmark = pytest.mark.anyio


async def test_history_is_the_customers_latest_messages_oldest_first(db: Fixture) -> None:
    for n in range(5):
        await db.intake.receive(inbound(f"message number {n}", provider_id=str(n)))
    await db.intake.receive(inbound("someone else", sender="customer-2", provider_id="0"))

    history = await db.deliveries.history("webchat", "customer-1", limit=3)

    assert [m.text for m in history] == ["message number 2", "message number 3", "message number 4"]


async def test_claiming_for_a_push_moves_only_queued_messages(db: Fixture) -> None:
    received = await db.intake.receive(inbound("hello"))
    pending = await db.turns.next_pending(received.conversation_id)
    assert pending is not None
    replies = await db.turns.record_turn(pending, BotTurn([{"custom": {"template": "utter_greet"}}], "greet", 0.9))

    await db.deliveries.claim_for_push([replies[0].message.message_id, received.message_id])

    with db.sessions() as session:
        reply = session.get(Message, replies[0].message.message_id)
        inbound_row = session.get(Message, received.message_id)
    assert reply is not None and reply.status == MessageStatus.SENT and reply.sent_at is not None
    assert inbound_row is not None and inbound_row.status == MessageStatus.PROCESSED

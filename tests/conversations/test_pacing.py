"""A customer who writes faster than the bot answers, on SQLite and on PostgreSQL.

The message waits, stored and pending, not counted as a try; the customer is asked to
slow down once a minute at most, in their language.
"""

from __future__ import annotations

import pytest

from storage.models import Message, MessageStatus, utcnow
from tests.conversations.support import Fixture, inbound

pytestmark = pytest.mark.anyio


async def test_a_paced_message_waits_pending_and_the_customer_is_asked_once_to_slow_down(db: Fixture) -> None:
    first = await db.intake.receive(inbound("Здравствуйте, сколько действует гарантия?", provider_id="1"))
    await db.intake.receive(inbound("и ещё вопрос про гарантию", provider_id="2"))
    pending = await db.turns.next_pending(first.conversation_id)
    assert pending is not None

    [notice] = await db.turns.pace(pending, 2.0)
    again = await db.turns.pace(pending, 2.0)

    assert again == []  # told already
    assert notice.message.text == db.catalogue.render("utter_slow_down", "ru").text  # type: ignore[union-attr]
    with db.sessions() as session:
        message = session.get(Message, first.message_id)
        assert message is not None
        assert message.status == MessageStatus.PENDING and message.attempts == 0
        assert message.next_attempt_at is not None and 1.5 < (message.next_attempt_at - utcnow()).total_seconds() <= 2
    assert await db.turns.next_pending(first.conversation_id) is not None  # still the oldest: order is kept

"""Storing what customers send, on SQLite and on PostgreSQL: once, in its conversation, in the customer's language."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from sqlalchemy import select

from channels.base import InboundMessage, MediaRef
from storage.models import Attachment, Conversation, Customer, Message, MessageStatus, utcnow
from tests.conversations.support import Fixture, count, inbound

pytestmark = pytest.mark.anyio


async def test_a_new_customer_gets_a_conversation_and_a_pending_message(db: Fixture) -> None:
    received = await db.intake.receive(inbound("Hello, my car will not start this morning"))

    assert not received.duplicate
    assert received.language == "en"
    with db.sessions() as session:
        message = session.get(Message, received.message_id)
        conversation = session.get(Conversation, received.conversation_id)
    assert message is not None and conversation is not None
    assert message.status == MessageStatus.PENDING
    assert message.direction == "in" and message.sender_kind == "customer"
    assert conversation.state == "bot" and conversation.language == "en"
    assert conversation.last_inbound_at is not None


async def test_the_same_provider_id_is_stored_once(db: Fixture) -> None:
    first = await db.intake.receive(inbound("hello there", provider_id="wamid.1"))
    again = await db.intake.receive(inbound("hello there", provider_id="wamid.1"))

    assert again.duplicate and again.message_id == first.message_id
    assert count(db, Message) == 1


async def test_concurrent_re_sends_of_a_new_customers_first_message_store_one_row(db: Fixture) -> None:
    results = await asyncio.gather(
        *(db.intake.receive(inbound("salam, zəmanət nə qədərdir?", sender="new", provider_id="x")) for _ in range(8))
    )

    assert len({r.message_id for r in results}) == 1
    assert sum(not r.duplicate for r in results) == 1
    assert count(db, Message) == 1
    assert count(db, Customer) == 1
    assert count(db, Conversation) == 1


async def test_messages_of_one_customer_share_a_conversation(db: Fixture) -> None:
    first = await db.intake.receive(inbound("hello", provider_id="a"))
    second = await db.intake.receive(inbound("my warranty?", provider_id="b"))
    other = await db.intake.receive(inbound("hello", sender="customer-2", provider_id="a"))

    assert first.conversation_id == second.conversation_id
    assert other.conversation_id != first.conversation_id
    assert not other.duplicate  # provider ids are scoped to their sender


async def test_the_conversation_remembers_its_language_through_short_messages(db: Fixture) -> None:
    russian = await db.intake.receive(inbound("Здравствуйте, у меня горит чек двигателя", provider_id="1"))
    ok = await db.intake.receive(inbound("ok", provider_id="2"))
    vin = await db.intake.receive(inbound("LGXCE4CB8N0123457", provider_id="3"))

    assert russian.language == ok.language == vin.language == "ru"


async def test_what_a_provider_sends_is_clipped_to_what_the_database_holds(db: Fixture) -> None:
    hostile = InboundMessage(
        channel="telegram",
        sender_id="5550001",
        text="photo",
        provider_message_id="77",
        kind="document",
        sender_name="N\x00ame\ud800" + "x" * 400,
        attachments=(
            MediaRef("document", "file-1", mime_type="application/" + "x" * 300, filename="a\x00" * 200, size=2**40),
        ),
        metadata={"latitude": float("nan"), "nested": {"bad\x00key": ["ok", float("inf")]}},
    )
    received = await db.intake.receive(hostile)

    with db.sessions() as session:
        message = session.get(Message, received.message_id)
        customer = session.execute(select(Customer)).scalar_one()
        [attachment] = session.execute(select(Attachment)).scalars()
    assert message is not None and message.meta == {"latitude": None, "nested": {"badkey": ["ok", None]}}
    assert (
        customer.display_name is not None and len(customer.display_name) == 256 and "\x00" not in customer.display_name
    )
    assert attachment.filename == "a" * 200 and attachment.mime_type is not None and len(attachment.mime_type) == 128
    assert attachment.size is None


async def test_the_reply_window_runs_from_when_the_customer_wrote(db: Fixture) -> None:
    written = utcnow() - timedelta(hours=26)  # re-delivered by the provider after an outage
    received = await db.intake.receive(inbound("Hello there", provider_id="late-1", sent_at=written))
    with db.sessions() as session:
        conversation = session.get(Conversation, received.conversation_id)
    assert conversation is not None and conversation.last_inbound_at == written

    await db.intake.receive(inbound("Hello again", provider_id="now-1"))
    await db.intake.receive(inbound("Old news", provider_id="late-2", sent_at=written))
    with db.sessions() as session:
        conversation = session.get(Conversation, received.conversation_id)
    assert conversation is not None and utcnow() - conversation.last_inbound_at < timedelta(minutes=1)

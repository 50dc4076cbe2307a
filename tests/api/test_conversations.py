"""The conversation service, on SQLite and on PostgreSQL.

What a message goes through between its channel and the bot: stored once, in its
conversation, in the customer's language; answered in one transaction; kept pending,
with one polite notice, while the bot is away.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session, sessionmaker

from api.settings import SUPPORTED_LANGUAGES, Settings
from channels.base import InboundMessage, MediaRef
from conversations.answers import AnswerCatalogue
from conversations.service import ConversationService
from nlu.language import LanguageDetector
from nlu.rasa_client import BotTurn
from storage.engine import create_engine, migrate, session_factory
from storage.models import Attachment, Conversation, Customer, Message, MessageStatus, utcnow

pytestmark = pytest.mark.anyio


@dataclass
class Fixture:
    service: ConversationService
    catalogue: AnswerCatalogue
    sessions: sessionmaker[Session]
    engine: Engine


@pytest.fixture
def db(database_url: str) -> Iterator[Fixture]:
    engine = create_engine(database_url)
    migrate(engine)
    settings = Settings()
    catalogue = AnswerCatalogue.load(settings.responses_dir, SUPPORTED_LANGUAGES, "en")
    sessions = session_factory(engine)
    service = ConversationService(
        sessions, LanguageDetector(SUPPORTED_LANGUAGES, "en"), catalogue, delay_notice_after=0.0
    )
    yield Fixture(service, catalogue, sessions, engine)
    engine.dispose()


def inbound(
    text: str, *, sender: str = "customer-1", provider_id: str | None = "m-1", **extra: object
) -> InboundMessage:
    return InboundMessage(channel="webchat", sender_id=sender, text=text, provider_message_id=provider_id, **extra)  # type: ignore[arg-type]


def count(db: Fixture, model: type) -> int:
    with db.sessions() as session:
        return int(session.execute(select(func.count()).select_from(model)).scalar_one())


async def test_a_new_customer_gets_a_conversation_and_a_pending_message(db: Fixture) -> None:
    received = await db.service.receive(inbound("Hello, my car will not start this morning"))

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
    first = await db.service.receive(inbound("hello there", provider_id="wamid.1"))
    again = await db.service.receive(inbound("hello there", provider_id="wamid.1"))

    assert again.duplicate and again.message_id == first.message_id
    assert count(db, Message) == 1


async def test_concurrent_re_sends_of_a_new_customers_first_message_store_one_row(db: Fixture) -> None:
    results = await asyncio.gather(
        *(db.service.receive(inbound("salam, zəmanət nə qədərdir?", sender="new", provider_id="x")) for _ in range(8))
    )

    assert len({r.message_id for r in results}) == 1
    assert sum(not r.duplicate for r in results) == 1
    assert count(db, Message) == 1
    assert count(db, Customer) == 1
    assert count(db, Conversation) == 1


async def test_messages_of_one_customer_share_a_conversation(db: Fixture) -> None:
    first = await db.service.receive(inbound("hello", provider_id="a"))
    second = await db.service.receive(inbound("my warranty?", provider_id="b"))
    other = await db.service.receive(inbound("hello", sender="customer-2", provider_id="a"))

    assert first.conversation_id == second.conversation_id
    assert other.conversation_id != first.conversation_id
    assert not other.duplicate  # provider ids are scoped to their sender


async def test_the_conversation_remembers_its_language_through_short_messages(db: Fixture) -> None:
    russian = await db.service.receive(inbound("Здравствуйте, у меня горит чек двигателя", provider_id="1"))
    ok = await db.service.receive(inbound("ok", provider_id="2"))
    vin = await db.service.receive(inbound("LGXCE4CB8N0123457", provider_id="3"))

    assert russian.language == ok.language == vin.language == "ru"


async def test_a_button_press_keeps_the_language(db: Fixture) -> None:
    await db.service.receive(inbound("გამარჯობა, გარანტია რამდენ ხანს მოქმედებს?", provider_id="1"))
    pressed = await db.service.receive(inbound("Warranty", provider_id="2", payload="/warranty_coverage"))

    assert pressed.language == "ka"
    pending = await db.service.next_pending(pressed.conversation_id)
    assert pending is not None and pending.text == "გამარჯობა, გარანტია რამდენ ხანს მოქმედებს?"


async def test_next_pending_is_the_oldest_unanswered_message(db: Fixture) -> None:
    first = await db.service.receive(inbound("hello", provider_id="1"))
    await db.service.receive(inbound("what does the warranty cover", provider_id="2"))

    pending = await db.service.next_pending(first.conversation_id)

    assert pending is not None and pending.id == first.message_id
    assert pending.more_pending
    await db.service.record_turn(pending, BotTurn([], "greet", 0.9))
    last = await db.service.next_pending(first.conversation_id)
    assert last is not None and not last.more_pending


async def test_a_bot_turn_is_stored_in_the_conversations_language(db: Fixture) -> None:
    received = await db.service.receive(inbound("Сәлеметсіз бе! Кепілдік қанша жылға беріледі?"))
    pending = await db.service.next_pending(received.conversation_id)
    assert pending is not None and pending.language == "kk"
    turn = BotTurn(
        messages=[{"recipient_id": "x", "custom": {"template": "utter_warranty_coverage"}}],
        intent="warranty_coverage",
        confidence=0.91,
        entities=[],
    )

    replies = await db.service.record_turn(pending, turn)

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
    assert await db.service.next_pending(received.conversation_id) is None


async def test_a_turn_is_recorded_only_once(db: Fixture) -> None:
    received = await db.service.receive(inbound("hello"))
    pending = await db.service.next_pending(received.conversation_id)
    assert pending is not None
    turn = BotTurn(messages=[{"custom": {"template": "utter_greet"}}], intent="greet", confidence=0.9)

    await db.service.record_turn(pending, turn)
    again = await db.service.record_turn(pending, turn)

    assert again == []
    assert count(db, Message) == 2


async def test_answers_unknown_to_the_catalogue_are_dropped_not_sent(db: Fixture) -> None:
    received = await db.service.receive(inbound("hello"))
    pending = await db.service.next_pending(received.conversation_id)
    assert pending is not None
    turn = BotTurn(
        messages=[{"custom": {"template": "utter_no_such_answer"}}, {"image": "http://x/y.png"}],
        intent="greet",
        confidence=0.9,
    )

    assert await db.service.record_turn(pending, turn) == []


async def test_while_the_bot_is_away_the_customer_is_told_once(db: Fixture) -> None:
    received = await db.service.receive(inbound("Salam, maşınım işə düşmür, nə edim?"))
    pending = await db.service.next_pending(received.conversation_id)
    assert pending is not None

    first = await db.service.record_bot_failure(pending, "ConnectError", utcnow())
    second = await db.service.record_bot_failure(pending, "ConnectError", utcnow())

    assert len(first) == 1 and second == []
    assert first[0].message.sender == "system"
    delay_notice = db.catalogue.render("utter_delay", "az")
    assert delay_notice is not None and first[0].message.text == delay_notice.text
    with db.sessions() as session:
        message = session.get(Message, received.message_id)
    assert message is not None
    assert message.status == MessageStatus.PENDING and message.attempts == 2
    assert message.error == "ConnectError"


async def test_history_is_the_customers_latest_messages_oldest_first(db: Fixture) -> None:
    for n in range(5):
        await db.service.receive(inbound(f"message number {n}", provider_id=str(n)))
    await db.service.receive(inbound("someone else", sender="customer-2", provider_id="0"))

    history = await db.service.history("webchat", "customer-1", limit=3)

    assert [m.text for m in history] == ["message number 2", "message number 3", "message number 4"]


async def test_claiming_for_a_push_moves_only_queued_messages(db: Fixture) -> None:
    received = await db.service.receive(inbound("hello"))
    pending = await db.service.next_pending(received.conversation_id)
    assert pending is not None
    replies = await db.service.record_turn(pending, BotTurn([{"custom": {"template": "utter_greet"}}], "greet", 0.9))

    await db.service.claim_for_push([replies[0].message.message_id, received.message_id])

    with db.sessions() as session:
        reply = session.get(Message, replies[0].message.message_id)
        inbound_row = session.get(Message, received.message_id)
    assert reply is not None and reply.status == MessageStatus.SENT and reply.sent_at is not None
    assert inbound_row is not None and inbound_row.status == MessageStatus.PROCESSED


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
    received = await db.service.receive(hostile)

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
    received = await db.service.receive(inbound("Hello there", provider_id="late-1", sent_at=written))
    with db.sessions() as session:
        conversation = session.get(Conversation, received.conversation_id)
    assert conversation is not None and conversation.last_inbound_at == written

    await db.service.receive(inbound("Hello again", provider_id="now-1"))
    await db.service.receive(inbound("Old news", provider_id="late-2", sent_at=written))
    with db.sessions() as session:
        conversation = session.get(Conversation, received.conversation_id)
    assert conversation is not None and utcnow() - conversation.last_inbound_at < timedelta(minutes=1)

"""Recording turns, on SQLite and on PostgreSQL.

A turn is answered in one transaction; a message is kept pending, with one polite notice, while the bot is away.
"""

from __future__ import annotations

import pytest

from api.settings import Settings
from conversations.handoff import Handoff, HandoffPolicy
from conversations.markets import Markets
from conversations.records import PendingMessage
from conversations.turns import TurnRecorder
from nlu.rasa_client import BotTurn
from storage.models import Conversation, Message, MessageStatus, utcnow
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
        messages=[
            {
                "recipient_id": "x",
                "custom": {
                    "template": "utter_coverage_result",
                    "model": "Chery Tiggo 7",
                    "start": "2024 ж. 15 наурыз",
                    "mileage": "45 000",
                    "lines": "• ...",
                    "exclusions": "...",
                },
            }
        ],
        intent="warranty_coverage",
        confidence=0.91,
        entities=[],
    )

    replies = await db.turns.record_turn(pending, turn)

    assert len(replies) == 1
    assert replies[0].message.recipient_id == "customer-1"
    assert "кепілдік" in replies[0].message.text.lower() and "Chery Tiggo 7" in replies[0].message.text
    assert [b.payload for b in replies[0].message.buttons] == ["/warranty_claim", "/maintenance_schedule"]
    with db.sessions() as session:
        answered = session.get(Message, received.message_id)
        reply = session.get(Message, replies[0].message.message_id)
    assert answered is not None and reply is not None
    assert answered.status == MessageStatus.PROCESSED
    assert answered.intent == "warranty_coverage" and answered.confidence == pytest.approx(0.91)
    assert reply.status == MessageStatus.QUEUED and reply.reply_to_id == answered.id
    assert reply.template == "utter_coverage_result" and reply.language == "kk"
    assert await db.turns.next_pending(received.conversation_id) is None


async def test_an_actions_own_choices_come_before_the_answers_buttons(db: Fixture) -> None:
    received = await db.intake.receive(inbound("book a service"))
    pending = await db.turns.next_pending(received.conversation_id)
    assert pending is not None
    choice = {"title": "10:00", "payload": '/choose{"booking_slot": "2026-12-08T06:00:00+00:00"}'}
    turn = BotTurn(
        messages=[
            {
                "custom": {
                    "template": "utter_ask_booking_slot",
                    "centre": "Baku Central",
                    "day": "Tuesday",
                    "buttons": [choice],
                }
            }
        ],
        intent="book_service",
        confidence=0.9,
    )

    [reply] = await db.turns.record_turn(pending, turn)

    assert [b.payload for b in reply.message.buttons] == [choice["payload"]]
    assert "Baku Central" in reply.message.text and "buttons" not in reply.message.text


async def test_a_bot_message_asking_for_a_technician_hands_off_instead_of_being_shown(db: Fixture) -> None:
    policy = HandoffPolicy(intents={}, low_confidence=0.45, low_confidence_turns=2, minutes_per_waiting=4)
    handoff = Handoff(policy, db.catalogue, Markets.load(Settings().markets_file))
    turns = TurnRecorder(db.sessions, db.catalogue, default_language="en", delay_notice_after=0.0, handoff=handoff)
    received = await db.intake.receive(inbound("the brake pedal goes to the floor"))
    pending = await turns.next_pending(received.conversation_id)
    assert pending is not None
    turn = BotTurn(
        messages=[
            {"custom": {"template": "utter_claim_opened_for_review", "reference": "WC-7K3Q9M"}},
            {"custom": {"handoff": {"priority": 2, "reason": "warranty claim WC-7K3Q9M: safety-critical defect"}}},
        ],
        intent="warranty_claim",
        confidence=0.95,
    )

    replies = await turns.record_turn(pending, turn)

    assert [r.message.text.count("WC-7K3Q9M") for r in replies][:1] == [1]  # then the queue notice
    with db.sessions() as session:
        conversation = session.get(Conversation, received.conversation_id)
        assert conversation is not None
        assert (conversation.state, conversation.priority) == ("waiting_for_agent", 2)
        assert conversation.handoff_reason == "warranty claim WC-7K3Q9M: safety-critical defect"


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


async def test_an_answer_a_form_took_triggers_no_hand_off_whatever_its_intent(db: Fixture) -> None:
    policy = HandoffPolicy(intents={"complaint": 2}, low_confidence=0.45, low_confidence_turns=2, minutes_per_waiting=4)
    handoff = Handoff(policy, db.catalogue, Markets.load(Settings().markets_file))
    turns = TurnRecorder(db.sessions, db.catalogue, default_language="en", delay_notice_after=0.0, handoff=handoff)
    received = await db.intake.receive(inbound("the AC blows warm air, I'm really fed up"))
    pending = await turns.next_pending(received.conversation_id)
    assert pending is not None
    as_answer = BotTurn(
        messages=[{"custom": {"template": "utter_ask_mileage"}}],
        intent="complaint",
        confidence=0.57,
        actions=["validate_claim_form"],
        answered=True,
    )

    replies = await turns.record_turn(pending, as_answer)

    assert [r.message.text for r in replies] == [db.catalogue.render("utter_ask_mileage", "en").text]  # type: ignore[union-attr]
    with db.sessions() as session:
        conversation = session.get(Conversation, received.conversation_id)
        assert conversation is not None and conversation.state == "bot"


def _handing_off(db: Fixture) -> TurnRecorder:
    policy = HandoffPolicy(intents={"complaint": 2}, low_confidence=0.45, low_confidence_turns=2, minutes_per_waiting=4)
    handoff = Handoff(policy, db.catalogue, Markets.load(Settings().markets_file))
    return TurnRecorder(db.sessions, db.catalogue, default_language="en", delay_notice_after=0.0, handoff=handoff)


async def _pending(db: Fixture, text: str) -> PendingMessage:
    """A customer's message, received and waiting for the bot."""
    received = await db.intake.receive(inbound(text))
    pending = await db.turns.next_pending(received.conversation_id)
    assert pending is not None
    return pending


CLARIFY_TURN = BotTurn(
    messages=[{"custom": {"template": "utter_clarify"}}],
    intent="nlu_fallback",
    confidence=0.3,
    intent_ranking=[
        {"name": "nlu_fallback", "confidence": 0.3},
        {"name": "book_service", "confidence": 0.41},
        {"name": "greet", "confidence": 0.2},
        {"name": "reschedule_booking", "confidence": 0.19},
        {"name": "out_of_scope", "confidence": 0.12},
        {"name": "service_center", "confidence": 0.05},
    ],
)


async def test_an_unsure_turn_asks_which_of_the_candidate_topics_in_the_customers_language(db: Fixture) -> None:
    pending = await _pending(db, "здравствуйте, машину на завтра можно?")

    [reply] = await db.turns.record_turn(pending, CLARIFY_TURN)

    titles = db.catalogue.topics("ru")
    assert reply.message.text == db.catalogue.render("utter_clarify", "ru").text  # type: ignore[union-attr]
    assert [(b.title, b.payload) for b in reply.message.buttons] == [
        (titles["book_service"], "/book_service"),  # the two likeliest topics, not greet nor out_of_scope
        (titles["reschedule_booking"], "/reschedule_booking"),
        ("Чат со специалистом", "/human_agent"),  # the answer's own button
    ]


async def test_a_person_offered_as_a_topic_is_not_offered_twice(db: Fixture) -> None:
    pending = await _pending(db, "someone? the warranty thing")
    torn = BotTurn(
        messages=[{"custom": {"template": "utter_clarify"}}],
        intent="nlu_fallback",
        confidence=0.3,
        intent_ranking=[{"name": "human_agent", "confidence": 0.4}, {"name": "warranty_coverage", "confidence": 0.38}],
    )

    [reply] = await db.turns.record_turn(pending, torn)

    assert [b.payload for b in reply.message.buttons] == ["/human_agent", "/warranty_coverage"]


async def test_with_no_topic_worth_offering_the_customer_is_asked_to_rephrase(db: Fixture) -> None:
    pending = await _pending(db, "hmm")
    vague = BotTurn(
        messages=[{"custom": {"template": "utter_clarify"}}],
        intent="nlu_fallback",
        confidence=0.3,
        intent_ranking=[{"name": "nlu_fallback", "confidence": 0.3}, {"name": "greet", "confidence": 0.6}],
    )

    [reply] = await db.turns.record_turn(pending, vague)

    assert reply.message.text == db.catalogue.render("utter_fallback", "en").text  # type: ignore[union-attr]


async def test_two_unsure_turns_in_a_row_hand_off(db: Fixture) -> None:
    turns = _handing_off(db)
    for n, text in enumerate(("the thing with the car", "you know, the thing")):
        received = await db.intake.receive(inbound(text, provider_id=f"m-{n}"))
        pending = await turns.next_pending(received.conversation_id)
        assert pending is not None
        await turns.record_turn(pending, CLARIFY_TURN)

    with db.sessions() as session:
        conversation = session.get(Conversation, received.conversation_id)
        assert conversation is not None and conversation.state == "waiting_for_agent"


async def test_messages_that_are_not_ours_get_the_scope_answer_and_never_a_technician(db: Fixture) -> None:
    turns = _handing_off(db)
    for n, text in enumerate(("what's my card balance", "recipe for plov", "is it going to rain")):
        received = await db.intake.receive(inbound(text, provider_id=f"m-{n}"))
        pending = await turns.next_pending(received.conversation_id)
        assert pending is not None
        not_ours = BotTurn(
            messages=[{"custom": {"template": "utter_out_of_scope"}}], intent="out_of_scope", confidence=0.31
        )
        [reply] = await turns.record_turn(pending, not_ours)
        assert reply.message.text == db.catalogue.render("utter_out_of_scope", "en").text  # type: ignore[union-attr]

    with db.sessions() as session:
        conversation = session.get(Conversation, received.conversation_id)
        assert conversation is not None and conversation.state == "bot" and conversation.low_confidence_turns == 0

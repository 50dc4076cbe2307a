"""The hand-off as the console sees it: what hands a conversation to a person, the customer
going back to the bot, the rating after a close, and the edges of a closed conversation
(conversations/handoff.py, through the console's API)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from channels.base import InboundMessage
from storage.models import ConversationEvent, Message
from tests.api.routers.console_support import Console

pytestmark = pytest.mark.anyio


# -- triggers ------------------------------------------------------------------------


async def test_asking_for_a_person_hands_off_at_once_and_the_customer_is_told(console: Console) -> None:
    conversation = await console.customer_says("I want to talk to a person", intent="human_agent")

    row = console.conversation(conversation)
    assert row.state == "waiting_for_agent" and row.priority == 1
    assert row.handoff_reason == "the customer asked for a person"
    assert console.texts(conversation) == [
        ("customer", None, False),
        ("bot", "utter_human_agent", False),
        ("system", "utter_handoff_waiting", False),
    ]


async def test_two_turns_the_bot_did_not_understand_hand_off(console: Console) -> None:
    conversation = await console.customer_says("blorp", intent="nlu_fallback", confidence=0.2)
    assert console.conversation(conversation).state == "bot"
    await console.customer_says("zzzz", intent="greet", confidence=0.3)

    row = console.conversation(conversation)
    assert row.state == "waiting_for_agent" and "did not understand 2 messages" in (row.handoff_reason or "")


async def test_an_understood_turn_resets_the_count(console: Console) -> None:
    conversation = await console.customer_says("blorp", intent="nlu_fallback", confidence=0.2)
    await console.customer_says("hello", intent="greet", confidence=0.99)
    await console.customer_says("zzzz", intent="nlu_fallback", confidence=0.1)
    assert console.conversation(conversation).state == "bot"


# -- the customer's side -------------------------------------------------------------


async def test_closing_asks_for_a_rating_and_the_answer_is_stored(console: Console) -> None:
    conversation = await console.customer_says("a person please", intent="human_agent")
    agent = await console.login("aysel")
    await agent.post(f"/api/console/conversations/{conversation}/claim")
    closed = await agent.post(f"/api/console/conversations/{conversation}/close")
    assert closed.json()["state"] == "closed"
    assert console.texts(conversation)[-1] == ("system", "utter_csat_question", False)

    turns = console.services.turns
    rating = await console.intake.receive(
        InboundMessage(channel="webchat", sender_id="c-1", text="5 ★★★★★", payload="/csat_5", provider_message_id="r-1")
    )
    pending = await turns.next_pending(rating.conversation_id)
    assert pending is not None and pending.state == "closed"  # the rating joins the closed conversation
    await turns.record_csat(pending)

    row = console.conversation(conversation)
    assert row.csat_score == 5 and row.csat_at is not None
    assert console.texts(conversation)[-1] == ("system", "utter_csat_thanks", False)


async def test_the_customer_can_go_back_to_the_bot_while_waiting(console: Console) -> None:
    conversation = await console.customer_says("a person please", intent="human_agent")
    turns = console.services.turns
    cancel = await console.intake.receive(
        InboundMessage(
            channel="webchat", sender_id="c-1", text="Back", payload="/handoff_cancel", provider_message_id="x"
        )
    )
    pending = await turns.next_pending(cancel.conversation_id)
    assert pending is not None
    await turns.record_cancel(pending)

    assert console.conversation(conversation).state == "bot"
    assert console.texts(conversation)[-1] == ("system", "utter_handoff_cancelled", False)
    with console.sessions() as session:
        reasons = session.execute(select(ConversationEvent.reason).order_by(ConversationEvent.id)).scalars().all()
    assert reasons[-1] == "the customer went back to the bot"


# -- edges the review found --------------------------------------------------------------


async def test_a_lone_digit_in_a_newer_conversation_is_an_answer_there_not_a_rating(console: Console) -> None:
    first = await console.customer_says("a person please", intent="human_agent")
    agent = await console.login("aysel")
    await agent.post(f"/api/console/conversations/{first}/claim")
    await agent.post(f"/api/console/conversations/{first}/close")
    second = await console.customer_says("hello again", intent="greet")  # the rating question ignored

    received = await console.intake.receive(
        InboundMessage(channel="webchat", sender_id="c-1", text="2", provider_message_id="digit")
    )

    assert console.conversation(first).csat_score is None
    assert console.conversation(second).id == received.conversation_id


async def test_a_message_caught_by_a_close_moves_to_the_customers_next_conversation(console: Console) -> None:
    conversation = await console.customer_says("a person please", intent="human_agent")
    agent = await console.login("aysel")
    await agent.post(f"/api/console/conversations/{conversation}/claim")
    turns = console.services.turns
    late = await console.intake.receive(
        InboundMessage(channel="webchat", sender_id="c-1", text="one more thing", provider_message_id="late")
    )
    await agent.post(f"/api/console/conversations/{conversation}/close")  # before the dispatcher saw it
    pending = await turns.next_pending(late.conversation_id)
    assert pending is not None and pending.state == "closed"

    moved_to = await turns.rehome(pending)

    assert moved_to != console.conversation(conversation).id
    again = await turns.next_pending(moved_to)
    assert again is not None and again.id == pending.id and again.state == "bot"


async def test_an_old_hand_off_or_rating_button_pressed_later_never_reaches_the_bot(console: Console) -> None:
    conversation = await console.customer_says("hello", intent="greet")  # with the bot, not waiting
    for payload in ("/handoff_cancel", "/csat_3"):
        received = await console.intake.receive(
            InboundMessage(
                channel="webchat", sender_id="c-1", text="old button", payload=payload, provider_message_id=payload
            )
        )
        console.services.dispatcher.kick(received.conversation_id)
        await console.services.dispatcher.idle()

    # The bot (unreachable in these tests) was never asked: nothing is pending or retried.
    with console.sessions() as session:
        statuses = session.execute(
            select(Message.payload, Message.status, Message.attempts)
            .where(Message.payload.is_not(None))
            .order_by(Message.id)
        ).all()
    assert [tuple(s) for s in statuses] == [("/handoff_cancel", "processed", 0), ("/csat_3", "processed", 0)]
    templates = [t for _, t, _ in console.texts(conversation)]
    assert templates.count("utter_handoff_cancelled") == 1 and templates[-1] is None  # the rating got no answer
    assert console.conversation(conversation).csat_score is None

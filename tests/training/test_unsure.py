"""The unsure inbox (training/unsure.py): which customer messages it holds and why, and what
reviewing one does. Conversations are recorded by the message flow's real parts (intake, the
turn recorder with its hand-off policy, the rating after a close), on SQLite and PostgreSQL;
the training data is a small in-memory implementation of the facade's contract."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from api.settings import SUPPORTED_LANGUAGES, Settings
from channels.base import InboundMessage
from conversations.answers import AnswerCatalogue
from conversations.handoff import Handoff, HandoffPolicy, close
from conversations.intake import InboundStore
from conversations.markets import Markets
from conversations.turns import TurnRecorder
from nlu.language import LanguageDetector
from nlu.rasa_client import BotTurn
from staff.accounts import Accounts
from staff.audit import AuditLog
from storage.engine import create_engine, migrate, session_factory
from storage.models import Conversation, Message, UnsureReview, utcnow
from training.unsure import AlreadyReviewed, NoSuchMessage, Refused, Thresholds, UnsureInbox

pytestmark = pytest.mark.anyio

# The inbox's threshold is set under the hand-off's here, so a message can be "handed_off" alone.
THRESHOLDS = Thresholds(unsure=0.3, handoff=0.45)


class ExampleExists(ValueError):
    def __init__(self, text: str, intent: str) -> None:
        super().__init__(f"{text!r} is already an example of {intent}")
        self.existing_intent = intent


@dataclass
class MemoryContent:
    """The training data's contract (training.unsure.ExampleSink), kept in a dict."""

    examples: dict[str, dict[str, list[str]]] = field(
        default_factory=lambda: {"greet": {"en": ["hello"]}, "warranty_info": {"en": ["is it under warranty"]}}
    )
    added_by: list[str] = field(default_factory=list)

    def intent_names(self) -> list[str]:
        return sorted(self.examples)

    async def add_example(self, intent: str, language: str, text: str, actor: str) -> str:
        for owner, languages in self.examples.items():
            if text.casefold() in (known.casefold() for known in languages.get(language, [])):
                raise ExampleExists(text, owner)
        if len(text) > 40:
            raise ValueError("an example is at most 40 characters")
        self.examples[intent].setdefault(language, []).append(text)
        self.added_by.append(actor)
        return text


@dataclass
class World:
    sessions: sessionmaker[Session]
    content: MemoryContent
    inbox: UnsureInbox
    intake: InboundStore
    turns: TurnRecorder
    agent_id: int

    async def say(
        self,
        text: str,
        *,
        intent: str | None,
        confidence: float | None,
        customer: str = "c-1",
        payload: str | None = None,
    ) -> int:
        """A customer's message answered by the bot; returns the message's id."""
        received = await self.intake.receive(
            InboundMessage(
                channel="webchat",
                sender_id=customer,
                text=text,
                payload=payload,
                provider_message_id=f"{customer}{text}",
            )
        )
        pending = await self.turns.next_pending(received.conversation_id)
        assert pending is not None
        turn = BotTurn(messages=[{"custom": {"template": "utter_greet"}}], intent=intent, confidence=confidence)
        await self.turns.record_turn(pending, turn)
        return received.message_id

    async def rate(self, message_id: int, score: int, customer: str = "c-1") -> None:
        """An agent closes the message's conversation and the customer rates it."""
        with self.sessions.begin() as session:
            conversation = session.get(Conversation, session.get(Message, message_id).conversation_id)  # type: ignore[union-attr]
            assert conversation is not None
            close(session, conversation, agent_id=self.agent_id, agent_name="Aysel", at=utcnow())
        received = await self.intake.receive(
            InboundMessage(
                channel="webchat",
                sender_id=customer,
                text=str(score),
                payload=f"/csat_{score}",
                provider_message_id="r",
            )
        )
        pending = await self.turns.next_pending(received.conversation_id)
        assert pending is not None
        await self.turns.record_csat(pending)

    async def listed(self, **filters: object) -> dict[int, list[str]]:
        page = await self.inbox.page(**filters)  # type: ignore[arg-type]
        return {item.message_id: list(item.reasons) for item in page.items}

    def reviews(self) -> int:
        with self.sessions() as session:
            return int(session.execute(select(func.count()).select_from(UnsureReview)).scalar_one())


@pytest.fixture
def world(database_url: str) -> Iterator[World]:
    engine = create_engine(database_url)
    migrate(engine)
    sessions = session_factory(engine)
    settings = Settings()
    catalogue = AnswerCatalogue.load(settings.responses_dir, SUPPORTED_LANGUAGES, "en")
    policy = HandoffPolicy(intents={}, low_confidence=THRESHOLDS.handoff, low_confidence_turns=2, minutes_per_waiting=4)
    handoff = Handoff(policy, catalogue, Markets.load(settings.markets_file))
    turns = TurnRecorder(sessions, catalogue, default_language="en", delay_notice_after=0.0, handoff=handoff)
    agent = Accounts(sessions).create(
        "aysel", "correct horse battery", display_name="Aysel", role="agent", languages=[]
    )
    content = MemoryContent()
    inbox = UnsureInbox(sessions, content, languages=SUPPORTED_LANGUAGES, thresholds=THRESHOLDS)
    intake = InboundStore(sessions, LanguageDetector(SUPPORTED_LANGUAGES, "en"))
    yield World(sessions, content, inbox, intake, turns, agent.id)
    engine.dispose()


# -- why a message is in the inbox ---------------------------------------------------------


async def test_a_message_the_nlu_could_not_place_is_there_as_fallback(world: World) -> None:
    message = await world.say("my car makes a weird noise", intent="nlu_fallback", confidence=0.9)

    assert await world.listed() == {message: ["fallback"]}


async def test_a_message_the_bot_answered_as_not_its_business_is_there_as_not_ours(world: World) -> None:
    # However sure the model was: "not ours" is where missed topics hide ("lost my key, a duplicate?").
    message = await world.say("lost my key, can i get a duplicate", intent="out_of_scope", confidence=0.97)

    assert await world.listed() == {message: ["not_ours"]}


async def test_a_message_under_the_confidence_threshold_is_there_and_one_at_it_is_not(world: World) -> None:
    unsure = await world.say("warranty maybe?", intent="warranty_info", confidence=0.29, customer="a")
    sure = await world.say("what does my warranty cover", intent="warranty_info", confidence=0.3, customer="b")

    listed = await world.listed()
    assert listed[unsure] == ["low_confidence"] and sure not in listed


async def test_the_messages_a_hand_off_for_not_understanding_followed_are_there_as_handed_off(world: World) -> None:
    understood = await world.say("hello", intent="greet", confidence=0.99)
    first = await world.say("the thingy blinks", intent="greet", confidence=0.4)
    second = await world.say("orange light on the dash", intent="greet", confidence=0.35)
    while_waiting = await world.say("hello?", intent="greet", confidence=0.4)  # a person answers this one

    listed = await world.listed()
    assert listed == {first: ["handed_off"], second: ["handed_off"]}
    assert understood not in listed and while_waiting not in listed


async def test_a_not_understood_message_that_led_to_no_hand_off_is_not_handed_off(world: World) -> None:
    alone = await world.say("the thingy blinks", intent="greet", confidence=0.4)
    await world.say("thanks", intent="greet", confidence=0.99)

    assert await world.listed() == {}
    assert alone  # under the hand-off's threshold, over the inbox's: only a hand-off would list it


async def test_the_messages_the_bot_answered_in_a_badly_rated_conversation_are_there(world: World) -> None:
    answered = await world.say("how long is the warranty", intent="warranty_info", confidence=0.97)
    await world.rate(answered, 2)
    good = await world.say("hello", intent="greet", confidence=0.97, customer="other")
    await world.rate(good, 4, customer="other")

    assert await world.listed() == {answered: ["rated_badly"]}  # the rating itself (a button) is no question


async def test_one_message_can_be_there_for_several_reasons(world: World) -> None:
    first = await world.say("blorp", intent="nlu_fallback", confidence=0.1)
    second = await world.say("zzzz", intent="greet", confidence=0.2)

    assert await world.listed() == {
        first: ["fallback", "low_confidence", "handed_off"],
        second: ["low_confidence", "handed_off"],
    }


async def test_button_presses_and_understood_messages_are_never_there(world: World) -> None:
    await world.say("Yes", intent="affirm", confidence=0.1, payload="/affirm")
    await world.say("hello", intent="greet", confidence=0.99, customer="other")

    assert await world.listed() == {}


async def test_the_inbox_filters_by_reason_and_language_and_pages_newest_first(world: World) -> None:
    ids = [await world.say(f"blorp {n}", intent="nlu_fallback", confidence=0.9, customer=f"c{n}") for n in range(5)]
    russian = await world.say("машина странно стучит спереди", intent="greet", confidence=0.1, customer="ru")

    first = await world.inbox.page(limit=2)
    second = await world.inbox.page(limit=2, before_id=first.items[-1].message_id)
    fallback = await world.inbox.page(reason="fallback")
    in_russian = await world.inbox.page(language="ru")

    assert [i.message_id for i in first.items] == [russian, ids[4]] and first.total == 6
    assert [i.message_id for i in second.items] == [ids[3], ids[2]] and second.total == 6
    assert [i.message_id for i in fallback.items] == ids[::-1] and fallback.total == 5
    assert [i.message_id for i in in_russian.items] == [russian] and in_russian.items[0].language == "ru"
    with pytest.raises(Refused, match="unknown reason"):
        await world.inbox.page(reason="bored")


# -- reviewing -----------------------------------------------------------------------------


async def test_adding_teaches_the_example_in_the_messages_language_and_it_leaves_the_inbox(world: World) -> None:
    message = await world.say("is my engine covered", intent="nlu_fallback", confidence=0.9)

    review = await world.inbox.add(message, "boss", intent="warranty_info")

    assert (review.outcome, review.intent, review.language, review.example) == (
        "added",
        "warranty_info",
        "en",
        "is my engine covered",
    )
    assert world.content.examples["warranty_info"]["en"][-1] == "is my engine covered"
    assert world.content.added_by == ["boss"]
    assert await world.listed() == {}
    [entry] = await AuditLog(world.sessions).entries(action="unsure.")
    assert (entry.actor, entry.action, entry.subject) == ("boss", "unsure.add", f"message {message}")
    assert entry.before == {"text": "is my engine covered", "intent": "nlu_fallback", "confidence": 0.9}
    assert entry.after == {
        "outcome": "added",
        "intent": "warranty_info",
        "language": "en",
        "example": "is my engine covered",
    }


async def test_an_admin_may_add_a_cleaned_up_text_in_another_language(world: World) -> None:
    message = await world.say("helo helo", intent="nlu_fallback", confidence=0.9)

    review = await world.inbox.add(message, "boss", intent="greet", language="az", text="  salam  ")

    assert (review.language, review.example) == ("az", "salam")
    assert world.content.examples["greet"]["az"] == ["salam"]


async def test_an_example_the_intent_already_has_is_still_marked_reviewed(world: World) -> None:
    message = await world.say("Hello", intent="greet", confidence=0.1)

    review = await world.inbox.add(message, "boss", intent="greet")

    assert review.outcome == "added" and world.content.examples["greet"]["en"] == ["hello"]
    assert await world.listed() == {}


async def test_a_refused_example_leaves_the_message_in_the_inbox_with_nothing_written(world: World) -> None:
    message = await world.say("hello", intent="nlu_fallback", confidence=0.9)
    long = await world.say("x" * 41, intent="nlu_fallback", confidence=0.9, customer="other")

    with pytest.raises(Refused, match="already an example of greet"):
        await world.inbox.add(message, "boss", intent="warranty_info")
    with pytest.raises(Refused, match="no intent 'no_such'"):
        await world.inbox.add(message, "boss", intent="no_such")
    with pytest.raises(Refused, match="unknown language 'xx'"):
        await world.inbox.add(message, "boss", intent="greet", language="xx")
    with pytest.raises(Refused, match="at most 40 characters"):
        await world.inbox.add(long, "boss", intent="greet")

    assert set(await world.listed()) == {message, long}
    assert world.reviews() == 0 and world.content.added_by == []
    assert await AuditLog(world.sessions).entries() == []


async def test_an_intent_deleted_while_the_example_is_added_is_a_refusal(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the intent was listed, then deleted by another admin before the write: the facade's NotFound
    message = await world.say("wie spät", intent="nlu_fallback", confidence=0.9)

    async def deleted_meanwhile(intent: str, *_: object) -> None:
        raise LookupError(f"no intent {intent!r}")

    monkeypatch.setattr(world.content, "add_example", deleted_meanwhile)
    with pytest.raises(Refused, match="no intent 'greet'"):
        await world.inbox.add(message, "boss", intent="greet")
    assert set(await world.listed()) == {message} and world.reviews() == 0


async def test_dismissing_takes_the_message_out_with_an_audit_entry(world: World) -> None:
    message = await world.say("asdfgh", intent="nlu_fallback", confidence=0.9)

    review = await world.inbox.dismiss(message, "admin-token")

    assert (review.outcome, review.intent, review.reviewed_by) == ("dismissed", None, "admin-token")
    assert await world.listed() == {} and world.content.added_by == []
    [entry] = await AuditLog(world.sessions).entries()
    assert (entry.action, entry.before["text"], entry.after) == ("unsure.dismiss", "asdfgh", {"outcome": "dismissed"})


async def test_a_message_is_reviewed_once_and_only_customers_text_can_be(world: World) -> None:
    message = await world.say("asdfgh", intent="nlu_fallback", confidence=0.9)
    await world.inbox.dismiss(message, "boss")
    with world.sessions() as session:
        bot_reply = session.execute(select(Message.id).where(Message.reply_to_id == message)).scalars().first()

    with pytest.raises(AlreadyReviewed):
        await world.inbox.dismiss(message, "boss")
    with pytest.raises(AlreadyReviewed):
        await world.inbox.add(message, "boss", intent="greet")
    with pytest.raises(NoSuchMessage):
        await world.inbox.dismiss(10**6, "boss")
    with pytest.raises(NoSuchMessage):
        await world.inbox.add(bot_reply, "boss", intent="greet")  # type: ignore[arg-type]
    assert world.reviews() == 1

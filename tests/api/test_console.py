"""The hand-off and the agent console's API, on SQLite and PostgreSQL.

The gateway app runs in-process (httpx's ASGI transport) with its real services; the
bot's turns are recorded through the conversation service as the dispatcher would, so
these tests need no Rasa: they are the specification of states, triggers, the queue,
authorization and CSRF. The browser, Rasa and the channels are in tests/e2e/.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from api.app import create_app
from api.settings import Settings
from api.wiring import Services
from channels.base import InboundMessage
from nlu.rasa_client import BotTurn
from staff.accounts import Accounts
from storage.models import Conversation, ConversationEvent, Message

pytestmark = pytest.mark.anyio
PASSWORD = "correct horse battery"


@dataclass
class Console:
    services: Services
    app: Any

    def client(self) -> httpx.AsyncClient:
        return httpx.AsyncClient(transport=httpx.ASGITransport(app=self.app), base_url="http://gateway.test")

    async def login(self, username: str) -> httpx.AsyncClient:
        client = self.client()
        answer = await client.post("/api/console/login", json={"username": username, "password": PASSWORD})
        assert answer.status_code == 200, answer.text
        client.headers["X-CSRF-Token"] = answer.json()["csrf_token"]
        return client

    async def customer_says(self, text: str, *, intent: str, confidence: float = 0.95, customer: str = "c-1") -> str:
        """A web chat customer's message, answered by the bot with `intent`; returns the conversation id."""
        conversations = self.services.conversations
        received = await conversations.receive(
            InboundMessage(channel="webchat", sender_id=customer, text=text, provider_message_id=f"{customer}-{text}")
        )
        pending = await conversations.next_pending(received.conversation_id)
        assert pending is not None
        await conversations.record_turn(
            pending,
            BotTurn(messages=[{"custom": {"template": f"utter_{intent}"}}], intent=intent, confidence=confidence),
        )
        with self.services.engine.connect() as connection:
            return str(
                connection.execute(
                    select(Conversation.public_id).where(Conversation.id == received.conversation_id)
                ).scalar_one()
            )

    def conversation(self, public_id: str) -> Conversation:
        with self.services.conversations._sessions() as session:
            row = session.execute(select(Conversation).where(Conversation.public_id == public_id)).scalar_one()
            return row

    def texts(self, public_id: str) -> list[tuple[str, str | None, bool]]:
        """(sender, template, internal) of the conversation's messages, in order."""
        with self.services.conversations._sessions() as session:
            conversation = session.execute(select(Conversation).where(Conversation.public_id == public_id)).scalar_one()
            rows = session.execute(
                select(Message.sender_kind, Message.template, Message.internal)
                .where(Message.conversation_id == conversation.id)
                .order_by(Message.id)
            ).all()
            return [tuple(r) for r in rows]  # type: ignore[misc]


@pytest.fixture
async def console(database_url: str, tmp_path: Path) -> AsyncIterator[Console]:
    settings = Settings(
        database_url=database_url,
        rasa_url="http://127.0.0.1:9",  # no bot here: nothing in these tests calls it
        secret_key="test-secret",
        admin_token="admin-token",
        media_dir=tmp_path / "media",
        markets_file=_always_open_markets(tmp_path),
        sweep_interval=3600,
    )
    app = create_app(settings)
    services = await Services.start(settings)
    app.state.services = services
    accounts = Accounts(services.conversations._sessions)
    accounts.create("aysel", PASSWORD, display_name="Aysel", role="agent", languages=["az", "ru"])
    accounts.create("giorgi", PASSWORD, display_name="Giorgi", role="agent", languages=["ka"])
    accounts.create("boss", PASSWORD, display_name="Boss", role="admin", languages=[])
    try:
        yield Console(services, app)
    finally:
        await services.stop()


def _always_open_markets(tmp_path: Path) -> Path:
    days = ", ".join(f'{d}: "00:00-23:59"' for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun"))
    path = tmp_path / "markets.yml"
    path.write_text(
        f"default: X\nmarkets:\n  X:\n    timezone: UTC\n    languages: [en]\n    hours: {{{days}}}\n", encoding="utf-8"
    )
    return path


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


async def test_a_roadside_emergency_goes_first_in_the_queue(console: Console) -> None:
    person = await console.customer_says("a person please", intent="human_agent", customer="c-1")
    breakdown = await console.customer_says(
        "my car broke down on the highway", intent="roadside_assistance", customer="c-2"
    )
    agent = await console.login("aysel")

    queue = (await agent.get("/api/console/queue")).json()["conversations"]

    assert [c["id"] for c in queue] == [breakdown, person]
    assert queue[0]["priority_label"] == "emergency"


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


# -- the queue and claiming -----------------------------------------------------------


async def test_an_agent_sees_what_they_can_answer_first(console: Console) -> None:
    georgian = await console.customer_says("გამარჯობა, ადამიანი მინდა", intent="human_agent", customer="c-ka")
    await asyncio.sleep(0.01)
    russian = await console.customer_says("Позовите человека", intent="human_agent", customer="c-ru")
    agent = await console.login("aysel")  # answers az, ru

    queue = (await agent.get("/api/console/queue")).json()["conversations"]

    assert [(c["id"], c["matches_my_languages"]) for c in queue] == [(russian, True), (georgian, False)]


async def test_two_agents_can_never_hold_the_same_conversation(console: Console) -> None:
    conversation = await console.customer_says("a person please", intent="human_agent")
    aysel, giorgi = await console.login("aysel"), await console.login("giorgi")

    answers = await asyncio.gather(
        aysel.post(f"/api/console/conversations/{conversation}/claim"),
        giorgi.post(f"/api/console/conversations/{conversation}/claim"),
    )

    assert sorted(a.status_code for a in answers) == [200, 409]
    lost = next(a for a in answers if a.status_code == 409)
    assert lost.json()["detail"].startswith("already taken by")
    row = console.conversation(conversation)
    assert row.state == "agent" and row.assigned_agent_id is not None


async def test_the_agent_replies_writes_notes_hands_back_and_every_step_is_recorded(console: Console) -> None:
    conversation = await console.customer_says("a person please", intent="human_agent")
    agent = await console.login("aysel")
    assert (await agent.post(f"/api/console/conversations/{conversation}/claim")).status_code == 200

    reply = await agent.post(f"/api/console/conversations/{conversation}/messages", json={"text": "Hello, I'm Aysel."})
    note = await agent.post(f"/api/console/conversations/{conversation}/notes", json={"text": "Customer is upset."})
    assert reply.status_code == 202 and reply.json()["agent_name"] == "Aysel" and not reply.json()["internal"]
    assert note.status_code == 201 and note.json()["internal"]

    detail = (await agent.get(f"/api/console/conversations/{conversation}")).json()
    assert [m["sender"] for m in detail["messages"]][-3:] == ["system", "agent", "agent"]
    assert detail["context"]["handoff_reason"] == "the customer asked for a person"

    back = await agent.post(f"/api/console/conversations/{conversation}/handback")
    assert back.status_code == 200 and back.json()["state"] == "bot"
    events = [
        (e["from"], e["to"])
        for e in (await agent.get(f"/api/console/conversations/{conversation}")).json()["context"]["events"]
    ]
    assert events == [("bot", "waiting_for_agent"), ("waiting_for_agent", "agent"), ("agent", "bot")]
    # The customer never sees the note, in the history either.
    history = await console.services.conversations.history("webchat", "c-1", 100)
    assert "Customer is upset." not in [m.text for m in history]
    assert [t for _, t, _ in console.texts(conversation)][-1] == "utter_handback"


async def test_only_the_holder_replies_and_closes(console: Console) -> None:
    conversation = await console.customer_says("a person please", intent="human_agent")
    aysel, giorgi = await console.login("aysel"), await console.login("giorgi")
    await aysel.post(f"/api/console/conversations/{conversation}/claim")

    assert (
        await giorgi.post(f"/api/console/conversations/{conversation}/messages", json={"text": "hi"})
    ).status_code == 409
    assert (await giorgi.post(f"/api/console/conversations/{conversation}/close")).status_code == 409
    # A colleague may still leave an internal note.
    assert (
        await giorgi.post(f"/api/console/conversations/{conversation}/notes", json={"text": "I know him"})
    ).status_code == 201


async def test_a_transfer_moves_the_conversation_to_the_colleague(console: Console) -> None:
    conversation = await console.customer_says("a person please", intent="human_agent")
    aysel, giorgi = await console.login("aysel"), await console.login("giorgi")
    await aysel.post(f"/api/console/conversations/{conversation}/claim")
    giorgi_id = (await giorgi.get("/api/console/me")).json()["user"]["id"]

    moved = await aysel.post(f"/api/console/conversations/{conversation}/transfer", json={"agent_id": giorgi_id})

    assert moved.status_code == 200 and moved.json()["assigned_agent"]["display_name"] == "Giorgi"
    assert [c["id"] for c in (await giorgi.get("/api/console/conversations/mine")).json()["conversations"]] == [
        conversation
    ]
    back = await giorgi.post(f"/api/console/conversations/{conversation}/transfer", json={"agent_id": None})
    assert back.json()["state"] == "waiting_for_agent"


async def test_closing_asks_for_a_rating_and_the_answer_is_stored(console: Console) -> None:
    conversation = await console.customer_says("a person please", intent="human_agent")
    agent = await console.login("aysel")
    await agent.post(f"/api/console/conversations/{conversation}/claim")
    closed = await agent.post(f"/api/console/conversations/{conversation}/close")
    assert closed.json()["state"] == "closed"
    assert console.texts(conversation)[-1] == ("system", "utter_csat_question", False)

    conversations = console.services.conversations
    rating = await conversations.receive(
        InboundMessage(channel="webchat", sender_id="c-1", text="5 ★★★★★", payload="/csat_5", provider_message_id="r-1")
    )
    pending = await conversations.next_pending(rating.conversation_id)
    assert pending is not None and pending.state == "closed"  # the rating joins the closed conversation
    await conversations.record_csat(pending)

    row = console.conversation(conversation)
    assert row.csat_score == 5 and row.csat_at is not None
    assert console.texts(conversation)[-1] == ("system", "utter_csat_thanks", False)


async def test_the_customer_can_go_back_to_the_bot_while_waiting(console: Console) -> None:
    conversation = await console.customer_says("a person please", intent="human_agent")
    conversations = console.services.conversations
    cancel = await conversations.receive(
        InboundMessage(
            channel="webchat", sender_id="c-1", text="Back", payload="/handoff_cancel", provider_message_id="x"
        )
    )
    pending = await conversations.next_pending(cancel.conversation_id)
    assert pending is not None
    await conversations.record_cancel(pending)

    assert console.conversation(conversation).state == "bot"
    assert console.texts(conversation)[-1] == ("system", "utter_handoff_cancelled", False)
    with conversations._sessions() as session:
        reasons = session.execute(select(ConversationEvent.reason).order_by(ConversationEvent.id)).scalars().all()
    assert reasons[-1] == "the customer went back to the bot"


# -- who may do what --------------------------------------------------------------------

CONSOLE_ENDPOINTS = [
    ("GET", "/api/console/me"),
    ("GET", "/api/console/queue"),
    ("GET", "/api/console/conversations/mine"),
    ("GET", "/api/console/conversations/0123abcd"),
    ("GET", "/api/console/agents"),
    ("GET", "/api/console/canned?language=ru"),
    ("GET", "/api/console/attachments/1"),
    ("POST", "/api/console/logout"),
    ("POST", "/api/console/conversations/0123abcd/claim"),
    ("POST", "/api/console/conversations/0123abcd/transfer"),
    ("POST", "/api/console/conversations/0123abcd/handback"),
    ("POST", "/api/console/conversations/0123abcd/close"),
    ("POST", "/api/console/conversations/0123abcd/messages"),
    ("POST", "/api/console/conversations/0123abcd/notes"),
    ("POST", "/api/console/users"),
    ("POST", "/api/console/users/aysel/deactivate"),
    ("PUT", "/api/console/canned"),
]


@pytest.mark.parametrize(("method", "path"), CONSOLE_ENDPOINTS)
async def test_no_console_endpoint_works_without_login(console: Console, method: str, path: str) -> None:
    async with console.client() as anonymous:
        answer = await anonymous.request(method, path, json={})
    assert answer.status_code == 401


async def test_writes_need_the_sessions_csrf_token(console: Console) -> None:
    conversation = await console.customer_says("a person please", intent="human_agent")
    agent = await console.login("aysel")
    token = agent.headers.pop("X-CSRF-Token")

    missing = await agent.post(f"/api/console/conversations/{conversation}/claim")
    forged = await agent.post(f"/api/console/conversations/{conversation}/claim", headers={"X-CSRF-Token": "x" + token})

    assert missing.status_code == 403 and forged.status_code == 403
    assert console.conversation(conversation).state == "waiting_for_agent"


ADMIN_ENDPOINTS = [
    ("GET", "/api/admin/outbox/failed", None),
    ("POST", "/api/admin/outbox/1/retry", None),
    ("POST", "/api/admin/nlu/parse", {"text": "hello"}),
    ("POST", "/api/admin/conversations/0123abcd/messages", {"text": "hi"}),
    ("GET", "/api/admin/attachments/1", None),
    ("POST", "/api/console/users", {"username": "eve", "password": "0123456789ab", "role": "admin"}),
    ("PUT", "/api/console/canned", {"shortcut": "x", "language": "en", "title": "x", "text": "x"}),
    ("POST", "/api/console/users/giorgi/deactivate", None),
]


@pytest.mark.parametrize(("method", "path", "body"), ADMIN_ENDPOINTS)
async def test_an_agent_cannot_call_admin_endpoints(console: Console, method: str, path: str, body: object) -> None:
    agent = await console.login("aysel")
    answer = await agent.request(method, path, json=body)
    assert answer.status_code == 403 and answer.json()["detail"] == "admins only"


async def test_an_admin_creates_agents_and_they_can_log_in(console: Console) -> None:
    admin = await console.login("boss")
    created = await admin.post(
        "/api/console/users",
        json={
            "username": "nodira",
            "password": "a long enough password",
            "display_name": "Nodira",
            "languages": ["kk", "ru"],
        },
    )
    assert created.status_code == 201 and created.json()["role"] == "agent"
    async with console.client() as client:
        login = await client.post(
            "/api/console/login", json={"username": "nodira", "password": "a long enough password"}
        )
    assert login.status_code == 200 and login.json()["user"]["languages"] == ["kk", "ru"]


async def test_wrong_passwords_are_refused_alike_and_then_slowed_down(console: Console) -> None:
    async with console.client() as client:
        unknown = await client.post("/api/console/login", json={"username": "nobody", "password": PASSWORD})
        wrong = [
            await client.post("/api/console/login", json={"username": "aysel", "password": "guess"}) for _ in range(5)
        ]
        blocked = await client.post("/api/console/login", json={"username": "aysel", "password": PASSWORD})
    assert unknown.status_code == 401 and unknown.json()["detail"] == "wrong username or password"
    assert [w.status_code for w in wrong] == [401] * 5
    assert blocked.status_code == 429


async def test_passwords_are_stored_as_argon2id_hashes(console: Console) -> None:
    from storage.models import User

    with console.services.conversations._sessions() as session:
        hashes = session.execute(select(User.password_hash)).scalars().all()
    assert hashes and all(h.startswith("$argon2id$") and PASSWORD not in h for h in hashes)


async def test_canned_responses_come_in_the_asked_language(console: Console) -> None:
    agent = await console.login("aysel")
    russian = (await agent.get("/api/console/canned", params={"language": "ru"})).json()["responses"]
    assert russian and {r["language"] for r in russian} == {"ru"}
    assert "vin" in {r["shortcut"] for r in russian}


async def test_logging_out_ends_the_session(console: Console) -> None:
    agent = await console.login("aysel")
    assert (await agent.post("/api/console/logout")).status_code == 204
    agent.cookies.clear()
    assert (await agent.get("/api/console/me")).status_code == 401


# -- edges the review found --------------------------------------------------------------


async def test_a_lone_digit_in_a_newer_conversation_is_an_answer_there_not_a_rating(console: Console) -> None:
    first = await console.customer_says("a person please", intent="human_agent")
    agent = await console.login("aysel")
    await agent.post(f"/api/console/conversations/{first}/claim")
    await agent.post(f"/api/console/conversations/{first}/close")
    second = await console.customer_says("hello again", intent="greet")  # the rating question ignored

    received = await console.services.conversations.receive(
        InboundMessage(channel="webchat", sender_id="c-1", text="2", provider_message_id="digit")
    )

    assert console.conversation(first).csat_score is None
    assert console.conversation(second).id == received.conversation_id


async def test_a_message_caught_by_a_close_moves_to_the_customers_next_conversation(console: Console) -> None:
    conversation = await console.customer_says("a person please", intent="human_agent")
    agent = await console.login("aysel")
    await agent.post(f"/api/console/conversations/{conversation}/claim")
    conversations = console.services.conversations
    late = await conversations.receive(
        InboundMessage(channel="webchat", sender_id="c-1", text="one more thing", provider_message_id="late")
    )
    await agent.post(f"/api/console/conversations/{conversation}/close")  # before the dispatcher saw it
    pending = await conversations.next_pending(late.conversation_id)
    assert pending is not None and pending.state == "closed"

    moved_to = await conversations.rehome(pending)

    assert moved_to != console.conversation(conversation).id
    again = await conversations.next_pending(moved_to)
    assert again is not None and again.id == pending.id and again.state == "bot"


async def test_notes_go_only_on_handed_off_conversations(console: Console) -> None:
    bot_only = await console.customer_says("hello", intent="greet")
    agent = await console.login("aysel")
    answer = await agent.post(f"/api/console/conversations/{bot_only}/notes", json={"text": "x"})
    assert answer.status_code == 409


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/api/console/login", {"username": "a\u0000b", "password": "x"}),
        ("/api/console/login", {"username": "aysel", "password": "p\u0000w"}),
    ],
)
async def test_control_characters_in_credentials_are_refused_not_a_500(
    console: Console, path: str, body: object
) -> None:
    async with console.client() as client:
        answer = await client.post(path, json=body)
    assert answer.status_code == 422


async def test_out_of_range_ids_are_refused_not_a_500(console: Console) -> None:
    conversation = await console.customer_says("a person please", intent="human_agent")
    agent = await console.login("aysel")
    await agent.post(f"/api/console/conversations/{conversation}/claim")
    transfer = await agent.post(f"/api/console/conversations/{conversation}/transfer", json={"agent_id": 10**20})
    attachment = await agent.get(f"/api/console/attachments/{10**20}")
    assert transfer.status_code == 422 and attachment.status_code == 422


async def test_parallel_password_guesses_are_counted_too(console: Console) -> None:
    async with console.client() as client:
        answers = await asyncio.gather(
            *(client.post("/api/console/login", json={"username": "giorgi", "password": "guess"}) for _ in range(12))
        )
    assert sorted({a.status_code for a in answers}) == [401, 429]
    assert sum(a.status_code == 401 for a in answers) == 5


async def test_deactivating_an_agent_returns_their_conversations_to_the_queue(console: Console) -> None:
    conversation = await console.customer_says("a person please", intent="human_agent")
    aysel, admin = await console.login("aysel"), await console.login("boss")
    await aysel.post(f"/api/console/conversations/{conversation}/claim")

    answer = await admin.post("/api/console/users/aysel/deactivate")

    assert answer.status_code == 200 and answer.json()["conversations_returned_to_queue"] == 1
    row = console.conversation(conversation)
    assert row.state == "waiting_for_agent" and row.assigned_agent_id is None
    assert (await aysel.get("/api/console/me")).status_code == 401  # logged out everywhere
    async with console.client() as client:
        again = await client.post("/api/console/login", json={"username": "aysel", "password": PASSWORD})
    assert again.status_code == 401
    assert (await aysel.post("/api/console/users/boss/deactivate")).status_code == 401


async def test_an_old_hand_off_or_rating_button_pressed_later_never_reaches_the_bot(console: Console) -> None:
    conversation = await console.customer_says("hello", intent="greet")  # with the bot, not waiting
    conversations = console.services.conversations
    for payload in ("/handoff_cancel", "/csat_3"):
        received = await conversations.receive(
            InboundMessage(
                channel="webchat", sender_id="c-1", text="old button", payload=payload, provider_message_id=payload
            )
        )
        console.services.dispatcher.kick(received.conversation_id)
        await console.services.dispatcher.idle()

    # The bot (unreachable in these tests) was never asked: nothing is pending or retried.
    with conversations._sessions() as session:
        statuses = session.execute(
            select(Message.payload, Message.status, Message.attempts)
            .where(Message.payload.is_not(None))
            .order_by(Message.id)
        ).all()
    assert [tuple(s) for s in statuses] == [("/handoff_cancel", "processed", 0), ("/csat_3", "processed", 0)]
    templates = [t for _, t, _ in console.texts(conversation)]
    assert templates.count("utter_handoff_cancelled") == 1 and templates[-1] is None  # the rating got no answer
    assert console.conversation(conversation).csat_score is None

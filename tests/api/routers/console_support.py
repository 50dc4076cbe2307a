"""The agent console's test harness: the gateway app in-process with its real parts.

httpx's ASGI transport drives the app; the bot's turns are recorded as the dispatcher
would record them, so these tests need no Rasa: they are the specification of states,
triggers, the queue, authorization and CSRF, on SQLite and PostgreSQL. The browser,
Rasa and the channels are in tests/e2e/.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from api.app import create_app
from api.settings import Settings
from api.wiring import Components
from channels.base import InboundMessage
from conversations.intake import InboundStore
from nlu.rasa_client import BotTurn
from staff.accounts import Accounts
from storage.engine import session_factory
from storage.models import Conversation, Message

PASSWORD = "correct horse battery"


@dataclass
class Console:
    services: Components
    app: Any
    sessions: sessionmaker[Session]
    intake: InboundStore  # stores a customer's message without waking the dispatcher (no bot here)

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
        received = await self.intake.receive(
            InboundMessage(channel="webchat", sender_id=customer, text=text, provider_message_id=f"{customer}-{text}")
        )
        turns = self.services.turns
        pending = await turns.next_pending(received.conversation_id)
        assert pending is not None
        await turns.record_turn(
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
        with self.sessions() as session:
            row = session.execute(select(Conversation).where(Conversation.public_id == public_id)).scalar_one()
            return row

    def texts(self, public_id: str) -> list[tuple[str, str | None, bool]]:
        """(sender, template, internal) of the conversation's messages, in order."""
        with self.sessions() as session:
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
    services = await Components.start(settings)
    app.state.components = services
    sessions = session_factory(services.engine)
    accounts = Accounts(sessions)
    accounts.create("aysel", PASSWORD, display_name="Aysel", role="agent", languages=["az", "ru"])
    accounts.create("giorgi", PASSWORD, display_name="Giorgi", role="agent", languages=["ka"])
    accounts.create("boss", PASSWORD, display_name="Boss", role="admin", languages=[])
    try:
        yield Console(services, app, sessions, InboundStore(sessions, services.detector))
    finally:
        await services.stop()


def _always_open_markets(tmp_path: Path) -> Path:
    days = ", ".join(f'{d}: "00:00-23:59"' for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun"))
    path = tmp_path / "markets.yml"
    path.write_text(
        f"default: X\nmarkets:\n  X:\n    timezone: UTC\n    languages: [en]\n    hours: {{{days}}}\n", encoding="utf-8"
    )
    return path

"""`GET /metrics`: the figures move where the events happen, and the backlog matches the admin's.

The gateway in-process with its real parts (httpx's ASGI transport), WhatsApp at the fake
Graph API over loopback; no Rasa (the dispatcher's turns fail, which nothing here counts on).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from api.app import create_app
from api.settings import Settings
from api.wiring import Components
from channels.base import InboundMessage
from channels.whatsapp import WhatsAppSettings
from conversations.intake import InboundStore
from nlu.rasa_client import BotTurn
from storage.engine import session_factory
from tests.fakes import whatsapp as wa

pytestmark = pytest.mark.anyio

APP_SECRET = "meta-app-secret-for-tests"
ADMIN = {"Authorization": "Bearer admin-token"}


@dataclass
class Gateway:
    services: Components
    client: httpx.AsyncClient
    graph: wa.FakeWhatsApp

    async def figures(self) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
        """Every sample of `/metrics`, parsed by prometheus_client's own parser: (name, labels) -> value."""
        answer = await self.client.get("/metrics", headers=ADMIN)
        assert answer.status_code == 200, answer.text
        assert answer.headers["content-type"].startswith("text/plain; version=0.0.4")
        return {
            (sample.name, tuple(sorted(sample.labels.items()))): sample.value
            for family in text_string_to_metric_families(answer.text)
            for sample in family.samples
        }

    async def whatsapp_says(self, message: dict[str, Any]) -> None:
        body = wa.encode(wa.webhook([message]))
        answer = await self.client.post("/webhooks/whatsapp", content=body, headers=wa.sign(body, APP_SECRET))
        assert answer.status_code == 200, answer.text


@pytest.fixture
def graph() -> Iterator[wa.FakeWhatsApp]:
    with wa.FakeWhatsApp() as fake:
        yield fake


@pytest.fixture
async def gateway(database_url: str, tmp_path: Path, graph: wa.FakeWhatsApp) -> AsyncIterator[Gateway]:
    settings = Settings(
        database_url=database_url,
        rasa_url="http://127.0.0.1:9",  # no bot: turns fail and wait, which these tests do not look at
        secret_key="test-secret",
        admin_token="admin-token",
        media_dir=tmp_path / "media",
        sweep_interval=3600,
        whatsapp=WhatsAppSettings(
            app_secret=APP_SECRET,
            verify_token="verify",
            access_token=wa.ACCESS_TOKEN,
            phone_number_id=wa.PHONE_NUMBER_ID,
            api_url=graph.url,
            api_version=wa.API_VERSION,
        ),
    )
    app = create_app(settings)
    services = await Components.start(settings)
    app.state.components = services
    transport = httpx.ASGITransport(app=app)
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://gateway.test") as client:
            yield Gateway(services, client, graph)
    finally:
        await services.stop()


def _value(figures: dict[tuple[str, tuple[tuple[str, str], ...]], float], name: str, **labels: str) -> float:
    return figures.get((name, tuple(sorted(labels.items()))), 0.0)


async def test_a_message_counts_once_when_stored_and_its_resend_as_a_duplicate(gateway: Gateway) -> None:
    message = wa.text_message("My car's engine light is on")
    await gateway.whatsapp_says(message)
    await gateway.whatsapp_says(message)  # Meta re-sends a delivery it thinks we missed

    figures = await gateway.figures()
    assert _value(figures, "supportbot_inbound_messages_total", channel="whatsapp") == 1
    assert _value(figures, "supportbot_inbound_duplicates_total", channel="whatsapp") == 1


async def test_a_reply_sent_to_whatsapp_counts_as_sent_with_its_request_time(gateway: Gateway) -> None:
    services = gateway.services
    # Stored without waking the dispatcher (no bot here); the bot's turn is recorded as it would be.
    intake = InboundStore(session_factory(services.engine), services.detector)
    received = await intake.receive(
        InboundMessage(channel="whatsapp", sender_id=wa.CUSTOMER_WA_ID, text="hello", provider_message_id="wamid.M1")
    )
    pending = await services.turns.next_pending(received.conversation_id)
    assert pending is not None
    replies = await services.turns.record_turn(
        pending, BotTurn(messages=[{"custom": {"template": "utter_greet"}}], intent="greet", confidence=0.99)
    )
    before = await gateway.figures()

    await services.outbox.deliver(replies)
    await asyncio.to_thread(gateway.graph.wait_for_sent, len(replies), 10)
    await services.outbox.idle()

    after = await gateway.figures()
    sent = _value(after, "supportbot_outbound_messages_total", channel="whatsapp", outcome="sent")
    assert sent - _value(before, "supportbot_outbound_messages_total", channel="whatsapp", outcome="sent") == len(
        gateway.graph.sent
    )
    assert _value(after, "supportbot_provider_send_seconds_count", channel="whatsapp") == len(gateway.graph.attempts)
    assert _value(after, "supportbot_provider_send_seconds_count", channel="whatsapp") >= 1
    assert _value(after, "supportbot_outbound_messages_total", channel="whatsapp", outcome="dead_letter") == 0


async def test_the_backlog_gauges_are_the_admin_backlog(gateway: Gateway) -> None:
    intake = InboundStore(session_factory(gateway.services.engine), gateway.services.detector)
    for number in range(3):  # waiting for the bot, which is not there
        await intake.receive(
            InboundMessage(channel="webchat", sender_id=f"c-{number}", text="hi", provider_message_id=f"m-{number}")
        )

    figures = await gateway.figures()
    backlog = (await gateway.client.get("/api/admin/backlog", headers=ADMIN)).json()

    assert backlog["pending_turns"] == 3
    for name in ("pending_turns", "queued_sends", "dead_letters", "retrying_turns", "retrying_sends"):
        assert _value(figures, f"supportbot_{name}") == backlog[name], name
    assert _value(figures, "supportbot_oldest_pending_seconds") > 0
    states = {"closed": 0, "half_open": 1, "open": 2}
    expected = {view["name"]: states[view["state"]] for view in backlog["breakers"]}
    assert set(expected) == {"rasa", "whatsapp"}
    for dependency, state in expected.items():
        assert figures[("supportbot_circuit_breaker_state", (("dependency", dependency),))] == state


async def test_metrics_need_the_admin_token(gateway: Gateway) -> None:
    assert (await gateway.client.get("/metrics")).status_code == 401
    wrong = await gateway.client.get("/metrics", headers={"Authorization": "Bearer not-it"})
    assert wrong.status_code == 403


async def test_no_label_names_a_customer_or_conversation(gateway: Gateway) -> None:
    await gateway.whatsapp_says(wa.text_message("hello"))
    figures = await gateway.figures()
    labels = {name for _, pairs in figures for name, _ in pairs}
    assert labels <= {"channel", "outcome", "dependency", "le"}


def test_the_document_declares_the_text_format_and_the_refusals() -> None:
    document = create_app(Settings(database_url="sqlite://", secret_key="s", admin_token="t")).openapi()
    answers = document["paths"]["/metrics"]["get"]["responses"]
    assert answers["200"]["content"] == {"text/plain": {"schema": {"type": "string"}}}
    assert {"401", "403"} <= set(answers)

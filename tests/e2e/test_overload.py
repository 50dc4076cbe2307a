"""A stalled bot must not take the gateway down (issue 15), end to end.

Rasa is paused with SIGSTOP, the way a long GC pause, a swapped-out host or a hung
model load looks from outside: connections are accepted and never answered. While it
is paused, customers keep writing on WhatsApp; the gateway must store and acknowledge
every delivery, keep /readyz answering, and when Rasa resumes, answer every message
once, in order per conversation. A gateway restarted with that backlog does the same.
"""

from __future__ import annotations

import asyncio
import os
import signal
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.conftest import ADMIN_TOKEN, Gateway, RasaStack
from tests.e2e.database import rows
from tests.fakes import whatsapp as wa

pytestmark = [pytest.mark.anyio, pytest.mark.e2e]

APP_SECRET = "meta-app-secret-for-overload-tests"
CUSTOMERS = 12
MESSAGES_EACH = 3  # in order: each conversation's replies must follow them in order
QUESTIONS = ["Salam", "Zəmanət nə qədərdir?", "Təşəkkür edirəm", "Hello", "What does the warranty cover?", "Thanks"]


@pytest.fixture
def graph() -> Iterator[wa.FakeWhatsApp]:
    with wa.FakeWhatsApp() as fake:
        yield fake


def whatsapp_env(graph: wa.FakeWhatsApp, **extra: str) -> dict[str, str]:
    return {
        "SUPPORTBOT_WHATSAPP_APP_SECRET": APP_SECRET,
        "SUPPORTBOT_WHATSAPP_ACCESS_TOKEN": wa.ACCESS_TOKEN,
        "SUPPORTBOT_WHATSAPP_PHONE_NUMBER_ID": wa.PHONE_NUMBER_ID,
        "SUPPORTBOT_WHATSAPP_API_URL": graph.url,
        "SUPPORTBOT_WHATSAPP_API_VERSION": wa.API_VERSION,
        # The bot's answers and nothing else: no delay notices, no hand-off.
        "SUPPORTBOT_DELAY_NOTICE_AFTER": "600",
        "SUPPORTBOT_HANDOFF_INTENTS": "{}",
        "SUPPORTBOT_HANDOFF_LOW_CONFIDENCE_TURNS": "1000",
        # Quicker than production so the suite is short; the mechanism is the same.
        "SUPPORTBOT_RASA_TIMEOUT": "3",
        "SUPPORTBOT_WHATSAPP_CHAT_BURST": "50",
        **extra,
    }


def paused(rasa: RasaStack, pause: bool) -> None:
    os.killpg(os.getpgid(rasa.processes["rasa"].pid), signal.SIGSTOP if pause else signal.SIGCONT)


async def post(client: httpx.AsyncClient, gateway: Gateway, message: dict[str, Any]) -> httpx.Response:
    body = wa.encode(wa.webhook([message]))
    return await client.post(f"{gateway.url}/webhooks/whatsapp", content=body, headers=wa.sign(body, APP_SECRET))


async def send_backlog(client: httpx.AsyncClient, gateway: Gateway) -> None:
    """Every customer writes MESSAGES_EACH messages, customers interleaved, each delivery acknowledged."""
    for turn in range(MESSAGES_EACH):
        answers = await asyncio.gather(
            *(
                post(client, gateway, wa.text_message(QUESTIONS[(c + turn) % len(QUESTIONS)], wa_id=f"99450{c:07d}"))
                for c in range(CUSTOMERS)
            )
        )
        assert [a.status_code for a in answers] == [200] * CUSTOMERS, [a.text for a in answers]


async def readiness(client: httpx.AsyncClient, gateway: Gateway) -> dict[str, Any]:
    """/readyz must answer within a second whatever is down: a load balancer's probe times out after that."""
    answer = await client.get(f"{gateway.url}/readyz", timeout=1.0)
    assert answer.status_code in (200, 503)
    return dict(answer.json())


def settled(gateway: Gateway) -> bool:
    """Every customer message answered and every bot reply accepted by the (fake) Graph API."""
    [(pending, unsent)] = rows(
        gateway,
        "SELECT (SELECT count(*) FROM messages WHERE direction = 'in' AND status != 'processed'),"
        " (SELECT count(*) FROM messages WHERE direction = 'out' AND status IN ('queued', 'sending'))",
    )
    return pending == 0 and unsent == 0


async def wait_settled(gateway: Gateway, timeout: float = 90) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while not settled(gateway):
        assert asyncio.get_running_loop().time() < deadline, "the backlog did not drain in time"
        await asyncio.sleep(0.2)


def assert_each_message_answered_once_in_order(gateway: Gateway) -> None:
    inbound = rows(gateway, "SELECT id, conversation_id, status FROM messages WHERE direction = 'in' ORDER BY id")
    assert len(inbound) == CUSTOMERS * MESSAGES_EACH
    assert {status for _, _, status in inbound} == {"processed"}
    replies = rows(
        gateway,
        "SELECT reply_to_id, id, text, status FROM messages"
        " WHERE direction = 'out' AND sender_kind = 'bot' ORDER BY id",
    )
    answered: dict[object, list[object]] = defaultdict(list)
    for reply_to, reply_id, _, status in replies:
        answered[reply_to].append(reply_id)
        assert status in ("sent", "delivered", "read"), status
    assert sorted(answered) == sorted(m for m, _, _ in inbound)  # every message answered
    texts = [(reply_to, text) for reply_to, _, text, _ in replies]
    assert len(texts) == len(set(texts)), "a reply was stored twice"
    by_conversation: dict[object, list[object]] = defaultdict(list)
    for message_id, conversation_id, _ in inbound:
        by_conversation[conversation_id].extend(answered[message_id])
    for reply_ids in by_conversation.values():
        assert reply_ids == sorted(reply_ids), "replies out of order within a conversation"


async def test_a_backlog_built_while_rasa_is_paused_is_answered_once_in_order_when_it_resumes(
    gateway_factory: Any, rasa_stack: RasaStack, graph: wa.FakeWhatsApp
) -> None:
    gateway: Gateway = gateway_factory(**whatsapp_env(graph))
    async with httpx.AsyncClient(timeout=10) as client:
        paused(rasa_stack, True)
        try:
            await send_backlog(client, gateway)
            # The first turns time out (SUPPORTBOT_RASA_TIMEOUT=3), the breaker opens, and
            # the rest of the work waits in the database.
            await asyncio.sleep(4)
            ready = await readiness(client, gateway)
            assert ready["rasa"] is False and ready["database"] is True
            assert {b["name"]: b["state"] for b in ready["breakers"]}["rasa"] in ("open", "half_open")
            assert graph.sent == []
            # Admins see the backlog and why it is not moving.
            answer = await client.get(
                f"{gateway.url}/api/admin/backlog", headers={"Authorization": f"Bearer {ADMIN_TOKEN}"}
            )
            backlog = answer.json()
            assert backlog["pending_turns"] == CUSTOMERS * MESSAGES_EACH and backlog["oldest_pending_seconds"] > 3
            assert backlog["turns_running"] + backlog["turns_waiting_for_a_slot"] <= CUSTOMERS
            rasa_breaker = next(b for b in backlog["breakers"] if b["name"] == "rasa")
            assert rasa_breaker["failures_total"] >= 3 and rasa_breaker["last_error"]
        finally:
            paused(rasa_stack, False)

        await wait_settled(gateway)
        assert (await readiness(client, gateway))["rasa"] is True
    sent = len(graph.sent)
    await asyncio.sleep(2)  # a duplicate would surface now
    assert len(graph.sent) == sent
    assert_each_message_answered_once_in_order(gateway)


async def test_a_gateway_restarted_with_a_backlog_answers_it_once(
    gateway_factory: Any, rasa_stack: RasaStack, graph: wa.FakeWhatsApp, tmp_path: Path
) -> None:
    first: Gateway = gateway_factory(**whatsapp_env(graph))
    async with httpx.AsyncClient(timeout=10) as client:
        paused(rasa_stack, True)
        try:
            await send_backlog(client, first)
            first.process.terminate()
            first.process.wait(30)
        finally:
            paused(rasa_stack, False)
        second: Gateway = gateway_factory(**whatsapp_env(graph, SUPPORTBOT_DATABASE_URL=f"sqlite:///{first.database}"))
        await wait_settled(first)  # the same database
        assert (await readiness(client, second))["rasa"] is True
    sent = len(graph.sent)
    await asyncio.sleep(2)
    assert len(graph.sent) == sent
    assert_each_message_answered_once_in_order(first)  # the same database

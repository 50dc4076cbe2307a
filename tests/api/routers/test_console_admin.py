"""What only admins may do: the admin API and the console's account and canned-response
routes (api/routers/admin.py, console_admin.py)."""

from __future__ import annotations

import pytest

from tests.api.routers.console_support import PASSWORD, Console

pytestmark = pytest.mark.anyio


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


async def test_an_admin_s_message_to_a_customer_is_in_the_audit_log_under_their_name(console: Console) -> None:
    conversation = await console.customer_says("hello", intent="greet")
    admin = await console.login("boss")
    sent = await admin.post(f"/api/admin/conversations/{conversation}/messages", json={"text": "Your car is ready"})
    assert sent.status_code == 202
    [entry] = (await admin.get("/api/admin/audit", params={"action": "conversation."})).json()
    assert (entry["actor"], entry["action"], entry["subject"]) == (
        "boss",
        "conversation.message",
        f"conversation {conversation}",
    )
    assert entry["after"] == {"text": "Your car is ready"}

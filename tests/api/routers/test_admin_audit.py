"""The audit log (`GET /api/admin/audit`) and what writes to it outside the training data:
console logins (failed ones never holding the password), accounts created and locked out,
canned responses added, replaced and deleted (`/api/admin/canned`). In-process app with its
real parts, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from tests.api.routers.console_support import PASSWORD, Console

pytestmark = pytest.mark.anyio

AUDIT = "/api/admin/audit"
CANNED = "/api/admin/canned"


def token_client(console: Console, token: str = "admin-token") -> httpx.AsyncClient:
    client = console.client()
    client.headers["Authorization"] = f"Bearer {token}"
    return client


async def audit(console: Console, **params: Any) -> list[dict[str, Any]]:
    async with token_client(console) as admin:
        answer = await admin.get(AUDIT, params=params)
    assert answer.status_code == 200, answer.text
    return answer.json()  # type: ignore[no-any-return]


# -- who may read it ------------------------------------------------------------------------


async def test_only_admins_read_the_audit_log_and_the_canned_responses(console: Console) -> None:
    agent = await console.login("aysel")
    async with console.client() as anonymous, token_client(console, "wrong") as wrong:
        for path in (AUDIT, CANNED):
            assert (await anonymous.get(path)).status_code == 401
            assert (await wrong.get(path)).status_code == 403
            assert (await agent.get(path)).json() == {"detail": "admins only"}
        assert (await agent.delete(f"{CANNED}/greeting/en")).status_code == 403


# -- logins ---------------------------------------------------------------------------------


async def test_a_login_is_recorded_under_the_username(console: Console) -> None:
    await console.login("aysel")

    [entry] = await audit(console, action="login")
    assert (entry["actor"], entry["action"], entry["subject"]) == ("aysel", "login", "console")
    assert entry["before"] is None and entry["after"] == {"role": "agent"}


async def test_a_failed_login_names_who_tried_and_never_holds_the_password(console: Console) -> None:
    typed = "hunter2-the-secret"
    async with console.client() as client:
        wrong = await client.post("/api/console/login", json={"username": "aysel", "password": typed})
        unknown = await client.post("/api/console/login", json={"username": "mallory", "password": typed})
    assert wrong.status_code == unknown.status_code == 401

    entries = await audit(console, action="login")
    assert [(e["actor"], e["action"]) for e in entries] == [("mallory", "login.failed"), ("aysel", "login.failed")]
    assert typed not in json.dumps(entries) and PASSWORD not in json.dumps(entries)


# -- accounts -------------------------------------------------------------------------------


async def test_creating_and_deactivating_an_account_is_recorded_with_before_and_after(console: Console) -> None:
    boss = await console.login("boss")
    created = await boss.post(
        "/api/console/users",
        json={"username": "nino", "password": "a long password", "display_name": "Nino", "languages": ["ka"]},
    )
    deactivated = await boss.post("/api/console/users/nino/deactivate")
    missing = await boss.post("/api/console/users/nobody/deactivate")
    assert created.status_code == 201 and deactivated.status_code == 200 and missing.status_code == 404

    entries = await audit(console, action="user.")
    assert [(e["actor"], e["action"], e["subject"]) for e in entries] == [
        ("boss", "user.deactivate", "nino"),
        ("boss", "user.create", "nino"),
    ]
    deactivation, creation = entries
    assert deactivation["before"] == {"active": True}
    assert deactivation["after"] == {"active": False, "conversations_returned_to_queue": 0}
    assert creation["before"] is None
    assert creation["after"] == {"role": "agent", "display_name": "Nino", "languages": ["ka"]}
    assert "a long password" not in json.dumps(entries)


async def test_a_refused_account_leaves_no_entry(console: Console) -> None:
    boss = await console.login("boss")
    taken = await boss.post("/api/console/users", json={"username": "aysel", "password": "a long password"})
    assert taken.status_code == 409
    assert await audit(console, action="user.") == []


# -- canned responses -----------------------------------------------------------------------


async def test_canned_edits_and_deletes_are_recorded_with_the_text_before_and_after(console: Console) -> None:
    boss = await console.login("boss")
    body = {"shortcut": "oil", "language": "en", "title": "Oil", "text": "Every 10 000 km."}
    await boss.put("/api/console/canned", json=body)
    await boss.put("/api/console/canned", json=body | {"text": "Every 15 000 km."})
    listed = await boss.get(CANNED, params={"language": "en"})
    deleted = await boss.delete(f"{CANNED}/oil/en")
    again = await boss.delete(f"{CANNED}/oil/en")
    after = await boss.get(CANNED, params={"language": "en"})

    assert {"shortcut": "oil", "language": "en", "title": "Oil", "text": "Every 15 000 km."} in listed.json()[
        "responses"
    ]
    assert deleted.json() == {"shortcut": "oil", "language": "en", "deleted": True}
    assert again.status_code == 404 and again.json()["detail"] == "no canned response oil in en"
    assert "oil" not in [r["shortcut"] for r in after.json()["responses"]]
    entries = await audit(console, action="canned.")
    assert [(e["actor"], e["action"], e["subject"], e["before"], e["after"]) for e in entries] == [
        ("boss", "canned.delete", "oil/en", {"title": "Oil", "text": "Every 15 000 km."}, None),
        (
            "boss",
            "canned.put",
            "oil/en",
            {"title": "Oil", "text": "Every 10 000 km."},
            {"title": "Oil", "text": "Every 15 000 km."},
        ),
        ("boss", "canned.put", "oil/en", None, {"title": "Oil", "text": "Every 10 000 km."}),
    ]


async def test_the_admin_token_deletes_too_and_is_named_as_such(console: Console) -> None:
    boss = await console.login("boss")
    await boss.put("/api/console/canned", json={"shortcut": "hi", "language": "ru", "title": "Hi", "text": "Привет"})
    async with token_client(console) as admin:
        bad = await admin.delete(f"{CANNED}/Not A Shortcut/ru")
        deleted = await admin.delete(f"{CANNED}/hi/ru")
    assert bad.status_code == 422 and deleted.status_code == 200
    [entry] = await audit(console, action="canned.delete")
    assert entry["actor"] == "admin-token"


# -- reading the log ------------------------------------------------------------------------


async def test_the_log_filters_by_action_prefix_and_actor_and_pages_newest_first(console: Console) -> None:
    for username in ("aysel", "giorgi", "boss", "aysel"):
        await console.login(username)

    everything = await audit(console)
    mine = await audit(console, actor="aysel")
    first = await audit(console, limit=2)
    second = await audit(console, limit=2, before_id=first[-1]["id"])
    nothing = await audit(console, action="login.failed")

    assert [e["actor"] for e in everything] == ["aysel", "boss", "giorgi", "aysel"]
    assert [e["id"] for e in mine] == [everything[0]["id"], everything[3]["id"]]
    assert first + second == everything
    assert nothing == []
    assert set(everything[0]) == {"id", "at", "actor", "action", "subject", "before", "after"}
    async with token_client(console) as admin:
        assert (await admin.get(AUDIT, params={"limit": 0})).status_code == 422
        assert (await admin.get(AUDIT, params={"before_id": "x"})).status_code == 422

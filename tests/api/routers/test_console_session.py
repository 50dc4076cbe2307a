"""Logging in and out, the session cookie, CSRF, password storage and the login throttle
(api/routers/console_session.py, api/deps.py, staff/accounts.py)."""

from __future__ import annotations

import asyncio

import httpx
import pytest
from sqlalchemy import select

from coordination.throttle import PAIR, SOURCE, InProcessLoginThrottle, Rule, Rules
from tests.api.routers.console_support import PASSWORD, Console

pytestmark = pytest.mark.anyio


@pytest.fixture(autouse=True)
def long_windows(console: Console) -> None:
    """The shipped back-off, but opening with 30 s windows: a slow machine cannot close one before a test looks."""
    window = Rule(free=PAIR.free, base=30.0, cap=30.0)
    rules = Rules(pair=window, source=Rule(free=SOURCE.free, base=30.0, cap=30.0))
    console.services.coordination.login_throttle = InProcessLoginThrottle(rules)


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


async def test_wrong_passwords_are_refused_alike_and_then_slowed_down(console: Console) -> None:
    async with console.client() as client:
        unknown = await client.post("/api/console/login", json={"username": "nobody", "password": PASSWORD})
        wrong = [
            await client.post("/api/console/login", json={"username": "aysel", "password": "guess"}) for _ in range(5)
        ]
        blocked = await client.post("/api/console/login", json={"username": "aysel", "password": PASSWORD})
    assert unknown.status_code == 401 and unknown.json()["detail"] == "wrong username or password"
    assert [w.status_code for w in wrong] == [401] * 5
    # The right password inside the window is refused too: the window must tell a guesser nothing.
    # That the window ends (a back-off, not a lock) is tests/coordination/test_throttle.py's.
    assert blocked.status_code == 429 and 1 <= int(blocked.headers["Retry-After"]) <= 30


def from_address(console: Console, address: str) -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=console.app, client=(address, 40000))
    return httpx.AsyncClient(transport=transport, base_url="http://gateway.test")


async def test_guesses_from_one_address_do_not_slow_the_same_username_elsewhere(console: Console) -> None:
    async with from_address(console, "203.0.113.7") as guesser, from_address(console, "198.51.100.9") as owner:
        for _ in range(5):
            await guesser.post("/api/console/login", json={"username": "boss", "password": "guess"})
        refused = await guesser.post("/api/console/login", json={"username": "boss", "password": PASSWORD})
        allowed = await owner.post("/api/console/login", json={"username": "boss", "password": PASSWORD})
    assert refused.status_code == 429 and allowed.status_code == 200


async def test_spraying_one_password_over_many_usernames_is_slowed(console: Console) -> None:
    async with from_address(console, "203.0.113.7") as sprayer, from_address(console, "198.51.100.9") as agent:
        sprayed = [
            await sprayer.post("/api/console/login", json={"username": f"user{n}", "password": "Summer2026!"})
            for n in range(21)
        ]
        elsewhere = await agent.post("/api/console/login", json={"username": "giorgi", "password": PASSWORD})
    assert [a.status_code for a in sprayed] == [401] * 20 + [429]
    assert elsewhere.status_code == 200


async def test_parallel_password_guesses_are_counted_too(console: Console) -> None:
    async with console.client() as client:
        answers = await asyncio.gather(
            *(client.post("/api/console/login", json={"username": "giorgi", "password": "guess"}) for _ in range(12))
        )
    assert sorted({a.status_code for a in answers}) == [401, 429]
    assert sum(a.status_code == 401 for a in answers) == 5


async def test_passwords_are_stored_as_argon2id_hashes(console: Console) -> None:
    from storage.models import User

    with console.sessions() as session:
        hashes = session.execute(select(User.password_hash)).scalars().all()
    assert hashes and all(h.startswith("$argon2id$") and PASSWORD not in h for h in hashes)


async def test_logging_out_ends_the_session(console: Console) -> None:
    agent = await console.login("aysel")
    assert (await agent.post("/api/console/logout")).status_code == 204
    agent.cookies.clear()
    assert (await agent.get("/api/console/me")).status_code == 401


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

"""The per-address budget of the sockets a browser opens (web chat, socket.io), through the real server.

uvicorn runs in the test's process with the gateway's proxy settings (`--proxy-headers`,
`--forwarded-allow-ips` = SUPPORTBOT_TRUSTED_PROXIES, as scripts/stack.py starts it) in
front of the app with its real parts; no Rasa is needed (a stored message waits for it).
Every connection comes from loopback: 127.0.0.1 plays the trusted reverse proxy, whose
X-Forwarded-For names the customer; 127.0.0.2 is a client that connects directly and
writes its own X-Forwarded-For.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import sqlite3
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import socketio
import uvicorn
import websockets

from api.address_flood import TOO_MANY, address_key
from api.app import create_app
from api.settings import Settings
from api.wiring import build_address_flood
from conversations.answers import AnswerCatalogue
from coordination.factory import build_coordination
from nlu.language import LanguageDetector
from scripts import stack

pytestmark = pytest.mark.anyio

BURST = 3
PROXY = "127.0.0.1"
DIRECT = "127.0.0.2"  # not a trusted proxy: its X-Forwarded-For must change nothing


@dataclass
class Served:
    port: int
    database: Path
    answers: AnswerCatalogue

    def stored(self) -> list[str]:
        """The customers' messages in the database, oldest first."""
        with sqlite3.connect(self.database, timeout=30) as db:
            return [row[0] for row in db.execute("SELECT text FROM messages WHERE direction = 'in' ORDER BY id")]

    def refusal(self, language: str) -> str:
        answer = self.answers.render(TOO_MANY, language)
        assert answer is not None
        return answer.text


@pytest.fixture
async def served(tmp_path: Path) -> AsyncIterator[Served]:
    database = tmp_path / "gateway.db"
    settings = Settings(
        database_url=f"sqlite:///{database}",
        rasa_url="http://127.0.0.1:9",  # no bot: the messages wait for it, stored
        secret_key="test-secret",
        admin_token="admin-token",
        media_dir=tmp_path / "media",
        sweep_interval=3600,
        ip_flood_rate=0.001,  # nothing refills during a test
        ip_flood_burst=BURST,
        trusted_proxies=stack.DEFAULT_TRUSTED_PROXIES,
    )
    app = create_app(settings)
    config = uvicorn.Config(
        app,
        host="127.0.0.1",
        port=0,
        proxy_headers=True,
        forwarded_allow_ips=settings.trusted_proxies,
        ws="api.ws_protocol:WebSocketProtocol",
        lifespan="on",
        log_level="warning",
    )
    server = uvicorn.Server(config)
    serving = asyncio.create_task(server.serve())
    try:
        while not server.started:
            assert not serving.done(), "uvicorn stopped while starting"
            await asyncio.sleep(0.02)
        port = server.servers[0].sockets[0].getsockname()[1]
        yield Served(port, database, app.state.components.answers)
    finally:
        server.should_exit = True
        await asyncio.wait_for(serving, 30)


class Tab:
    """A browser's web chat socket, from `peer`, with the headers a proxy (or a forger) adds."""

    def __init__(self, connection: websockets.ClientConnection) -> None:
        self.connection = connection

    @classmethod
    @contextlib.asynccontextmanager
    async def open(cls, served: Served, *, peer: str = PROXY, forwarded_for: str | None = None) -> AsyncIterator[Tab]:
        headers = {"X-Forwarded-For": forwarded_for} if forwarded_for else {}
        url = f"ws://127.0.0.1:{served.port}/webchat/ws?lang=en"
        async with websockets.connect(url, additional_headers=headers, local_addr=(peer, 0)) as connection:
            for kind in ("session", "history"):
                assert json.loads(await connection.recv())["type"] == kind
            yield cls(connection)

    async def send(self, text: str, client_id: str | None = None) -> dict[str, Any]:
        """The gateway's answer to one message: its ack or an error frame."""
        client_id = client_id or uuid.uuid4().hex
        await self.connection.send(json.dumps({"type": "message", "client_id": client_id, "text": text}))
        while True:
            frame = json.loads(await asyncio.wait_for(self.connection.recv(), 10))
            if frame["type"] in ("ack", "error"):
                return frame


async def test_an_address_over_its_budget_is_refused_with_a_reason_and_nothing_stored(served: Served) -> None:
    async with Tab.open(served, forwarded_for="203.0.113.7") as tab:
        for n in range(BURST):
            assert (await tab.send(f"message {n}"))["type"] == "ack"
        assert served.stored() == ["message 0", "message 1", "message 2"]

        refused = await tab.send("one too many", client_id="over-the-limit-1")

        assert refused["type"] == "error" and refused["client_id"] == "over-the-limit-1"
        assert refused["reason"] == served.refusal("en")
        assert refused["retry_after"] > 0
        assert served.stored() == ["message 0", "message 1", "message 2"]
        # The socket stays open and says the same, in the customer's language, to the next message.
        again = await tab.send("Здравствуйте, у меня не заводится машина")
        assert again["type"] == "error" and again["reason"] == served.refusal("ru")
        assert len(served.stored()) == BURST


async def test_the_address_is_the_customers_not_the_sessions_so_new_sessions_do_not_help(served: Served) -> None:
    for n in range(BURST):
        async with Tab.open(served, forwarded_for="203.0.113.7") as tab:
            assert (await tab.send(f"session {n}"))["type"] == "ack"

    async with Tab.open(served, forwarded_for="203.0.113.7") as fresh:
        assert (await fresh.send("a fresh session, the same machine"))["type"] == "error"
    async with Tab.open(served, forwarded_for="203.0.113.8") as neighbour:  # another customer behind the proxy
        assert (await neighbour.send("my own budget"))["type"] == "ack"
    assert served.stored() == ["session 0", "session 1", "session 2", "my own budget"]


async def test_a_forwarded_for_from_a_peer_that_is_not_a_trusted_proxy_changes_nothing(served: Served) -> None:
    for n in range(BURST):  # every socket forges another address; all are the peer's own
        async with Tab.open(served, peer=DIRECT, forwarded_for=f"198.51.100.{n}") as tab:
            assert (await tab.send(f"forged {n}"))["type"] == "ack"

    async with Tab.open(served, peer=DIRECT, forwarded_for="198.51.100.99") as tab:
        assert (await tab.send("forged again"))["type"] == "error"
    async with Tab.open(served, peer=PROXY, forwarded_for="198.51.100.99") as tab:  # the proxy's word counts
        assert (await tab.send("through the proxy"))["type"] == "ack"
    assert len(served.stored()) == BURST + 1


class Widget:
    """A widget written for Rasa's socket.io channel (python-socketio, Engine.IO v4), behind the proxy."""

    def __init__(self) -> None:
        self.client = socketio.AsyncClient(reconnection=False)
        self.errors: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self.client.on("error", self.errors.put)

    @classmethod
    @contextlib.asynccontextmanager
    async def open(cls, served: Served, forwarded_for: str) -> AsyncIterator[Widget]:
        widget = cls()
        await widget.client.connect(
            f"http://127.0.0.1:{served.port}",
            headers={"X-Forwarded-For": forwarded_for},
            socketio_path="/socket.io",
            transports=["websocket"],
        )
        try:
            yield widget
        finally:
            await widget.client.disconnect()

    async def say(self, text: str) -> None:
        await self.client.emit("user_uttered", {"message": text, "customData": {"language": "en"}})


async def _stored(served: Served, count: int) -> list[str]:
    for _ in range(200):
        if len(stored := served.stored()) >= count:
            return stored
        await asyncio.sleep(0.05)
    return served.stored()


async def test_socketio_refuses_an_address_over_its_budget_with_its_error_event(served: Served) -> None:
    async with Widget.open(served, forwarded_for="203.0.113.7") as widget:
        for n in range(BURST):
            await widget.say(f"widget {n}")
        assert len(await _stored(served, BURST)) == BURST

        await widget.say("one too many")
        refused = await asyncio.wait_for(widget.errors.get(), 10)

        assert refused["reason"] == served.refusal("en") and refused["retry_after"] > 0
        assert len(served.stored()) == BURST
        assert widget.client.connected

    async with Widget.open(served, forwarded_for="203.0.113.8") as neighbour:
        await neighbour.say("my own budget")
        assert (await _stored(served, BURST + 1))[-1] == "my own budget"


def test_an_ipv6_subscriber_is_one_address_and_an_ipv4_mapped_one_is_its_ipv4() -> None:
    assert address_key("2001:db8:1:2::a") == address_key("2001:db8:1:2:ffff::b") == "ip:2001:db8:1:2::/64"
    assert address_key("2001:db8:1:3::a") != address_key("2001:db8:1:2::a")
    assert address_key("::ffff:203.0.113.7") == address_key("203.0.113.7") == "ip:203.0.113.7"


async def test_a_rate_or_burst_of_0_turns_the_limit_off() -> None:
    settings = Settings(ip_flood_rate=0, ip_flood_burst=1)
    answers = AnswerCatalogue.load(settings.responses_dir, settings.languages, settings.default_language)
    detector = LanguageDetector(settings.languages, settings.default_language)
    coordination = await build_coordination(None)
    off = build_address_flood(settings, coordination, answers, detector)
    on = build_address_flood(settings.model_copy(update={"ip_flood_rate": 0.001}), coordination, answers, detector)

    assert [await off.refusal("203.0.113.7", "hello", "en") for _ in range(100)] == [None] * 100
    assert await on.refusal("203.0.113.7", "hello", "en") is None
    assert await on.refusal("203.0.113.7", "hello", "en") is not None

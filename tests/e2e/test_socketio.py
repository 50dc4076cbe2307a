"""A widget written for Rasa's socket.io channel, pointed at the gateway, works unchanged.

A real python-socketio client (Engine.IO v4, the protocol rasa-webchat speaks) talks
to a real gateway process and the real Rasa bot.
"""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest
import socketio

from tests.conftest import ADMIN_TOKEN, Gateway
from tests.e2e.database import eventually, rows

pytestmark = [pytest.mark.anyio, pytest.mark.e2e]


class RasaWidget:
    """What rasa-webchat does: session_request, then user_uttered; bot_uttered arrives."""

    def __init__(self) -> None:
        self.client = socketio.AsyncClient(reconnection=False)
        self.session_id: str | None = None
        self.confirmed = asyncio.Event()
        self.utterances: asyncio.Queue[dict[str, Any]] = asyncio.Queue()

        @self.client.on("session_confirm")
        async def on_confirm(data: Any) -> None:
            self.session_id = data["session_id"] if isinstance(data, dict) else data
            self.confirmed.set()

        @self.client.on("bot_uttered")
        async def on_bot(data: dict[str, Any]) -> None:
            await self.utterances.put(data)

    async def open(self, url: str, session_id: str | None = None) -> RasaWidget:
        await self.client.connect(url, socketio_path="/socket.io", transports=["websocket"])
        await self.client.emit("session_request", {"session_id": session_id})
        await asyncio.wait_for(self.confirmed.wait(), 10)
        return self

    async def say(self, text: str, **custom: str) -> None:
        await self.client.emit("user_uttered", {"message": text, "session_id": self.session_id, "customData": custom})

    async def next(self, timeout: float = 30) -> dict[str, Any]:
        return await asyncio.wait_for(self.utterances.get(), timeout)

    async def close(self) -> None:
        await self.client.disconnect()


async def test_a_rasa_webchat_widget_gets_answers_with_quick_replies(gateway: Gateway) -> None:
    widget = await RasaWidget().open(gateway.url)
    assert widget.session_id and len(widget.session_id) >= 16

    await widget.say("Hello!", language="en")
    greeting = await widget.next()
    assert greeting["text"].startswith("Hello! I'm the after-sales assistant")
    assert greeting["quick_replies"][0] == {
        "content_type": "text",
        "title": greeting["quick_replies"][0]["title"],
        "payload": "/warranty_coverage",
    }

    await widget.say("/warranty_coverage")  # a pressed quick reply comes back as its payload
    answer = await widget.next()
    await widget.close()
    assert answer["text"].startswith("I can check exactly what is still covered on your vehicle")

    sql = "SELECT channel, kind, payload, status, intent FROM messages WHERE direction='in' ORDER BY id"
    stored = rows(gateway, sql)
    assert stored == [
        ("socketio", "text", None, "processed", "greet"),
        ("socketio", "button", "/warranty_coverage", "processed", "warranty_coverage"),
    ]
    [(meta,)] = rows(gateway, "SELECT meta FROM messages WHERE direction='in' AND kind='text'")
    assert '"customData": {"language": "en"}' in str(meta)


async def test_the_conversation_keeps_its_language_and_custom_data_is_only_a_hint(gateway: Gateway) -> None:
    widget = await RasaWidget().open(gateway.url)
    await widget.say("Салам! Кепілдік қанша жылға беріледі?", language="en")
    answer = await widget.next()
    await widget.close()
    assert rows(gateway, "SELECT language FROM conversations") == [("kk",)]
    assert answer["text"] != "" and rows(gateway, "SELECT language FROM messages WHERE direction='out'") == [("kk",)]


async def test_messages_that_find_no_open_widget_arrive_when_it_comes_back(gateway: Gateway) -> None:
    widget = await RasaWidget().open(gateway.url)
    session_id = widget.session_id
    await widget.say("hello")
    await widget.next()
    await widget.close()

    # Staff write while the customer's tab is closed: the message waits in the outbox.
    [(conversation,)] = rows(gateway, "SELECT public_id FROM conversations")
    async with httpx.AsyncClient(headers={"Authorization": f"Bearer {ADMIN_TOKEN}"}) as client:
        sent = await client.post(
            f"{gateway.url}/api/admin/conversations/{conversation}/messages", json={"text": "Your car is ready."}
        )
    assert sent.status_code == 202
    sql = "SELECT status FROM messages WHERE id = ?"
    assert rows(gateway, sql, sent.json()["message_id"]) == [("queued",)]

    again = await RasaWidget().open(gateway.url, session_id=session_id)
    assert again.session_id == session_id
    waiting = await again.next()
    await again.close()
    assert waiting == {"text": "Your car is ready."}
    probe = lambda: rows(gateway, sql, sent.json()["message_id"])  # noqa: E731
    assert await eventually(probe, lambda found: found == [("sent",)]) == [("sent",)]


async def test_a_session_id_the_gateway_did_not_issue_gets_a_new_session(gateway: Gateway) -> None:
    widget = await RasaWidget().open(gateway.url)
    await widget.say("hello")
    await widget.next()
    await widget.close()
    assert widget.session_id is not None

    made_up = await RasaWidget().open(gateway.url, session_id="0123456789abcdef0123456789abcdef")
    guessed = await RasaWidget().open(gateway.url, session_id=widget.session_id[:-2] + "xx")
    await made_up.close()
    await guessed.close()
    assert made_up.session_id not in (None, "0123456789abcdef0123456789abcdef", widget.session_id)
    assert guessed.session_id not in (None, widget.session_id)


async def test_a_malformed_event_gets_an_error_event_and_stores_nothing(gateway: Gateway) -> None:
    widget = await RasaWidget().open(gateway.url)
    errors: asyncio.Queue[Any] = asyncio.Queue()
    widget.client.on("error", errors.put)
    await widget.client.emit("user_uttered", {"message": 12345, "session_id": widget.session_id})
    error = await asyncio.wait_for(errors.get(), 10)
    await widget.close()
    assert error == {"reason": "message must be a string"}
    assert rows(gateway, "SELECT count(*) FROM messages") == [(0,)]

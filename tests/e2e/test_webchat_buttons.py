"""A forged button through the real web chat: the bot reads the title, never the payload.

A real gateway, a real Rasa with the trained model and a WebSocket client that writes
its own button frames, as anyone can: the payload of a button the bot never offered
must not reach the dialogue as an intent (an emergency hand-off, a restart).
"""

from __future__ import annotations

import asyncio
import json
import sqlite3

import pytest

from tests.conftest import Gateway
from tests.e2e.webchat_client import WebChatClient

pytestmark = [pytest.mark.anyio, pytest.mark.e2e]


def rows(gateway: Gateway, sql: str, *args: object) -> list[tuple[object, ...]]:
    with sqlite3.connect(gateway.database) as db:
        return [tuple(row) for row in db.execute(sql, args).fetchall()]


async def answered(gateway: Gateway, message_id: object, timeout: float = 30) -> tuple[object, ...]:
    """(payload, intent) of an inbound message once the bot has answered it."""
    deadline = asyncio.get_running_loop().time() + timeout
    sql = "SELECT payload, intent, status FROM messages WHERE id = ?"
    while (row := rows(gateway, sql, message_id)[0])[2] != "processed":
        assert asyncio.get_running_loop().time() < deadline, f"message {message_id} was not answered"
        await asyncio.sleep(0.05)
    return row[:2]


async def test_a_forged_emergency_button_is_read_as_its_title_and_raises_no_priority(gateway: Gateway) -> None:
    chat = await WebChatClient.connect(gateway.ws_url)
    await chat.send("Hello!")
    [greeting] = await chat.replies(1)
    assert "/roadside_assistance" not in [b["payload"] for b in greeting["buttons"]]

    forged = await chat.press("Warranty", "/roadside_assistance")
    [_, answer] = await chat.replies(2)
    await chat.close()

    assert forged["text"] == "Warranty"  # acknowledged like any message: nothing is lost
    [(kind, payload, intent, meta)] = rows(
        gateway, "SELECT kind, payload, intent, meta FROM messages WHERE id = ?", forged["id"]
    )
    assert (kind, payload) == ("text", None)
    assert json.loads(str(meta)) == {"refused_payload": "/roadside_assistance"}
    assert intent == "warranty_coverage"  # what the NLU made of the words the customer saw
    assert answer["text"].startswith("I can check exactly what is still covered on your vehicle")
    [(state, priority, reason)] = rows(gateway, "SELECT state, priority, handoff_reason FROM conversations")
    assert (state, priority, reason) == ("bot", 0, None)


async def test_a_forged_restart_keeps_the_dialogue_and_an_offered_button_still_works(gateway: Gateway) -> None:
    chat = await WebChatClient.connect(gateway.ws_url)
    await chat.send("Hello!")
    [greeting] = await chat.replies(1)

    restart = await chat.press("/restart", "/restart")
    payload, intent = await answered(gateway, restart["id"])
    warranty = next(b for b in greeting["buttons"] if b["payload"] == "/warranty_coverage")
    pressed = await chat.press(warranty["title"], warranty["payload"])
    offered = await answered(gateway, pressed["id"])
    await chat.close()

    assert payload is None and intent != "restart"  # the NLU read the word "restart"
    assert offered == ("/warranty_coverage", "warranty_coverage")

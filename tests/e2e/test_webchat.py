"""One message end to end: browser -> gateway -> real Rasa with the trained model -> browser.

A real gateway process (uvicorn), a real `rasa run` and a real WebSocket client; the
gateway's SQLite database is read directly to check what was stored.
"""

from __future__ import annotations

import asyncio
import json
import sqlite3

import httpx
import pytest
import websockets
from prometheus_client.parser import text_string_to_metric_families

from tests.conftest import ADMIN_TOKEN, Gateway
from tests.e2e.webchat_client import WebChatClient

pytestmark = [pytest.mark.anyio, pytest.mark.e2e]


def rows(gateway: Gateway, sql: str, *args: object) -> list[sqlite3.Row]:
    with sqlite3.connect(gateway.database) as db:
        db.row_factory = sqlite3.Row
        return db.execute(sql, args).fetchall()


async def settled(
    gateway: Gateway, sql: str, expected: list[tuple[object, ...]], timeout: float = 5
) -> list[tuple[object, ...]]:
    """The rows of `sql` once they equal `expected`, or whatever they are at `timeout`.

    A reply reaches the browser a moment before its `sent` status is committed.
    """
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        found = [tuple(r) for r in rows(gateway, sql)]
        if found == expected or asyncio.get_running_loop().time() > deadline:
            return found
        await asyncio.sleep(0.05)


async def test_a_greeting_is_answered_stored_and_restored_on_reconnect(gateway: Gateway) -> None:
    chat = await WebChatClient.connect(gateway.ws_url)
    assert chat.history == []

    ack = await chat.send("Hello!")
    [reply] = await chat.replies(1)
    await chat.close()

    assert ack["direction"] == "in" and ack["text"] == "Hello!"
    assert reply["sender"] == "bot"
    assert reply["text"].startswith("Hello! I'm the after-sales assistant")
    assert [b["payload"] for b in reply["buttons"]] == ["/warranty_coverage", "/maintenance_schedule", "/human_agent"]

    expected = [
        ("in", "customer", "processed", "greet", "en", None),
        ("out", "bot", "sent", None, "en", "utter_greet"),
    ]
    sql = "SELECT direction, sender_kind, status, intent, language, template FROM messages ORDER BY id"
    assert await settled(gateway, sql, expected) == expected

    again = await WebChatClient.connect(gateway.ws_url, session_id=chat.session_id)
    await again.close()
    assert again.session_id == chat.session_id
    assert [(m["id"], m["text"]) for m in again.history] == [(ack["id"], "Hello!"), (reply["id"], reply["text"])]


async def test_a_turn_of_the_real_bot_and_its_reply_are_counted_in_the_metrics(gateway: Gateway) -> None:
    chat = await WebChatClient.connect(gateway.ws_url)
    await chat.send("Hello!")
    await chat.replies(1)
    await chat.close()

    async with httpx.AsyncClient(base_url=gateway.url) as client:
        answer = await client.get("/metrics", headers={"Authorization": f"Bearer {ADMIN_TOKEN}"})
    assert answer.status_code == 200
    samples = {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(answer.text)
        for sample in family.samples
    }
    assert samples[("supportbot_inbound_messages_total", (("channel", "webchat"),))] == 1
    assert samples[("supportbot_bot_turns_total", (("outcome", "answered"),))] == 1
    assert samples[("supportbot_bot_turn_seconds_count", ())] == 1
    assert samples[("supportbot_outbound_messages_total", (("channel", "webchat"), ("outcome", "sent")))] == 1
    assert samples[("supportbot_pending_turns", ())] == 0


async def test_a_session_id_the_gateway_did_not_issue_starts_a_new_session(gateway: Gateway) -> None:
    chat = await WebChatClient.connect(gateway.ws_url)
    await chat.send("hello")
    await chat.replies(1)
    await chat.close()

    forged = await WebChatClient.connect(gateway.ws_url, session_id=chat.session_id[:-2] + "xx")
    await forged.close()

    assert forged.session_id != chat.session_id
    assert forged.history == []


async def test_a_button_press_reaches_the_bot_as_its_payload(gateway: Gateway) -> None:
    chat = await WebChatClient.connect(gateway.ws_url)
    await chat.send("Здравствуйте!")
    [greeting] = await chat.replies(1)
    warranty = next(b for b in greeting["buttons"] if b["payload"] == "/warranty_coverage")

    ack = await chat.press(warranty["title"], warranty["payload"])
    replies = await chat.replies(2)
    await chat.close()

    assert ack["text"] == warranty["title"] == "Гарантия"
    assert replies[1]["text"].startswith("Я могу точно проверить, что на вашем автомобиле ещё покрывает гарантия")
    [pressed] = rows(gateway, "SELECT payload, intent, confidence FROM messages WHERE id = ?", ack["id"])
    assert tuple(pressed) == ("/warranty_coverage", "warranty_coverage", 1.0)


async def test_messages_of_one_conversation_are_answered_in_order(gateway: Gateway) -> None:
    chat = await WebChatClient.connect(gateway.ws_url)
    questions = [
        "hi",
        "how do I charge my electric car at home",
        "do you have genuine brake pads in stock",
        "the yellow engine light is on",
        "thanks, bye",
    ]
    acks = [await chat.send(text) for text in questions]
    replies = await chat.replies(len(questions))
    await chat.close()

    answered = rows(
        gateway,
        "SELECT reply_to_id FROM messages WHERE direction = 'out' AND sender_kind = 'bot' ORDER BY id",
    )
    assert [r["reply_to_id"] for r in answered] == [a["id"] for a in acks]
    assert [r["id"] for r in replies] == sorted(r["id"] for r in replies)


async def test_a_message_re_sent_after_a_reconnect_is_processed_once(gateway: Gateway) -> None:
    chat = await WebChatClient.connect(gateway.ws_url)
    first = await chat.send("What is the warranty on the battery?", client_id="resent-0001")
    await chat.replies(1)
    await chat.close()

    again = await WebChatClient.connect(gateway.ws_url, session_id=chat.session_id)
    repeat = await again.send("What is the warranty on the battery?", client_id="resent-0001")
    await asyncio.sleep(1)
    await again.close()

    assert repeat["id"] == first["id"]
    assert len(rows(gateway, "SELECT id FROM messages WHERE direction = 'in'")) == 1
    assert len(rows(gateway, "SELECT id FROM messages WHERE direction = 'out'")) == 1


@pytest.mark.parametrize(
    ("frame", "reason"),
    [
        ("{not json", "frame is not valid JSON"),
        ("[1, 2]", "frame must be a JSON object"),
        (json.dumps({"type": "message", "client_id": "short", "text": "hi"}), "client_id must be"),
        (json.dumps({"type": "message", "client_id": "abcdefgh12", "text": "   "}), "text is empty"),
        (json.dumps({"type": "message", "client_id": "abcdefgh12", "text": "x" * 5000}), "longer than 4096"),
        (json.dumps({"type": "button", "client_id": "abcdefgh12", "title": "x", "payload": "<script>"}), "payload"),
        (json.dumps({"type": "typing", "client_id": "abcdefgh12"}), "type must be"),
    ],
)
async def test_bad_frames_get_a_reason_and_store_nothing(gateway: Gateway, frame: str, reason: str) -> None:
    chat = await WebChatClient.connect(gateway.ws_url)
    await chat.connection.send(frame)
    answer = await chat.frame()
    # The connection stays usable after a bad frame.
    await chat.send("hello")
    await chat.close()

    assert answer["type"] == "error" and reason in answer["reason"]
    assert len(rows(gateway, "SELECT id FROM messages WHERE direction = 'in'")) == 1


async def test_a_script_tag_is_stored_and_returned_as_plain_text(gateway: Gateway) -> None:
    chat = await WebChatClient.connect(gateway.ws_url)
    hostile = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    ack = await chat.send(hostile)
    await chat.replies(1)
    await chat.close()

    assert ack["text"] == hostile
    [stored] = rows(gateway, "SELECT text FROM messages WHERE id = ?", ack["id"])
    assert stored["text"] == hostile


async def test_oversized_websocket_messages_are_refused(gateway: Gateway) -> None:
    url = f"{gateway.ws_url}/webchat/ws"
    async with websockets.connect(url, max_size=None) as connection:
        await connection.recv()
        await connection.recv()
        await connection.send("x" * (2 * 1024 * 1024))
        with pytest.raises(websockets.ConnectionClosed):
            for _ in range(3):
                await asyncio.wait_for(connection.recv(), 10)
    assert rows(gateway, "SELECT id FROM messages") == []

"""Rasa stops mid-conversation: the message is kept, the customer is told, and it is
answered once when Rasa is back."""

from __future__ import annotations

import asyncio
import sqlite3

import httpx
import pytest

from api.settings import SUPPORTED_LANGUAGES, Settings
from conversations.answers import AnswerCatalogue
from tests.conftest import Gateway, RasaStack
from tests.e2e.webchat_client import WebChatClient

pytestmark = [pytest.mark.anyio, pytest.mark.e2e]


def catalogue_text(key: str, language: str) -> str:
    answer = AnswerCatalogue.load(Settings().responses_dir, SUPPORTED_LANGUAGES, "en").render(key, language)
    assert answer is not None
    return answer.text


async def test_a_message_sent_while_rasa_is_down_is_answered_once_when_it_is_back(
    gateway_factory: object, rasa_stack: RasaStack
) -> None:
    gateway: Gateway = gateway_factory(SUPPORTBOT_DELAY_NOTICE_AFTER="1")  # type: ignore[operator]
    chat = await WebChatClient.connect(gateway.ws_url)
    await chat.send("Привет")
    await chat.replies(1)

    rasa_stack.stop_rasa()
    try:
        ack = await chat.send("Как правильно заряжать электромобиль зимой?")
        [_, notice] = await chat.replies(2, timeout=30)
        assert notice["sender"] == "system"
        assert notice["text"].startswith("Мы получили ваше сообщение")
        async with httpx.AsyncClient() as client:
            readiness = await client.get(f"{gateway.url}/readyz")
        assert readiness.status_code == 503 and readiness.json()["rasa"] is False
    finally:
        rasa_stack.start_rasa()

    [_, _, answer] = await chat.replies(3, timeout=60)
    await asyncio.sleep(3)  # let any duplicate retry surface before counting
    await chat.close()

    assert answer["sender"] == "bot"
    assert answer["text"].startswith(catalogue_text("utter_ev_battery_charging", "ru")[:40])
    with sqlite3.connect(gateway.database) as db:
        replies = db.execute(
            "SELECT sender_kind, template FROM messages WHERE reply_to_id = ? ORDER BY id", (ack["id"],)
        ).fetchall()
        inbound = db.execute("SELECT status, attempts FROM messages WHERE id = ?", (ack["id"],)).fetchone()
        [sender] = db.execute("SELECT public_id FROM conversations").fetchone()
    assert replies == [("system", "utter_delay"), ("bot", "utter_ev_battery_charging")]
    assert inbound[0] == "processed" and inbound[1] >= 1
    async with httpx.AsyncClient() as client:
        answer = await client.get(
            f"{rasa_stack.url}/conversations/{sender}/tracker", params={"token": rasa_stack.config.rasa_token}
        )
    tracker = answer.json()
    handled = [e for e in tracker["events"] if e["event"] == "user" and e.get("message_id") == str(ack["id"])]
    assert len(handled) == 1

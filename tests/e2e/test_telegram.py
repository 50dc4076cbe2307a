"""Telegram end to end: webhook or long polling -> gateway -> real Rasa -> outbox -> Bot API.

A real gateway process talks to a fake Bot API on loopback (tests/fakes/telegram.py).
In webhook mode the test plays Telegram by posting updates with the secret token; in
polling mode the gateway fetches them from the fake with getUpdates.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.conftest import ADMIN_TOKEN, Gateway
from tests.e2e.console_client import agent_client
from tests.e2e.database import eventually, rows, scalar
from tests.fakes import telegram as tg

pytestmark = [pytest.mark.anyio, pytest.mark.e2e]

TOKEN = "7012345678:AAF-fake-telegram-token-for-tests"
SECRET = "telegram-secret-token-for-tests"
CHAT = 50912345


@pytest.fixture
def bot_api() -> Iterator[tg.FakeTelegram]:
    with tg.FakeTelegram(TOKEN) as fake:
        yield fake


def telegram_env(bot_api: tg.FakeTelegram, tmp_path: Path, mode: str) -> dict[str, str]:
    return {
        "SUPPORTBOT_TELEGRAM_TOKEN": TOKEN,
        "SUPPORTBOT_TELEGRAM_SECRET_TOKEN": SECRET,
        "SUPPORTBOT_TELEGRAM_MODE": mode,
        "SUPPORTBOT_TELEGRAM_API_URL": bot_api.url,
        "SUPPORTBOT_TELEGRAM_POLL_TIMEOUT": "1",
        "SUPPORTBOT_MEDIA_DIR": str(tmp_path / "media"),
    }


@pytest.fixture
def gateway(gateway_factory: Any, bot_api: tg.FakeTelegram, tmp_path: Path) -> Gateway:
    return gateway_factory(**telegram_env(bot_api, tmp_path, "webhook"))


class Telegram:
    """Posts updates to the gateway's webhook the way Telegram does."""

    def __init__(self, gateway: Gateway, client: httpx.AsyncClient) -> None:
        self.url = f"{gateway.url}/webhooks/telegram"
        self.client = client

    async def post(self, update: dict[str, Any], *, secret: str | None = SECRET) -> httpx.Response:
        headers = {"X-Telegram-Bot-Api-Secret-Token": secret} if secret is not None else {}
        return await self.client.post(self.url, json=update, headers=headers)


@pytest.fixture
async def telegram(gateway: Gateway) -> Any:
    async with httpx.AsyncClient(timeout=30) as client:
        yield Telegram(gateway, client)


async def sent(bot_api: tg.FakeTelegram, count: int, timeout: float = 30) -> list[dict[str, Any]]:
    return await bot_api.wait_for_sent_async(count, timeout)


# -- webhook mode --------------------------------------------------------------------


async def test_updates_without_the_secret_token_or_malformed_are_refused_and_nothing_is_stored(
    gateway: Gateway, telegram: Telegram
) -> None:
    update = tg.text_update(1, CHAT, "hello")
    missing = await telegram.post(update, secret=None)
    wrong = await telegram.post(update, secret="guess")
    malformed = await telegram.client.post(
        telegram.url, content=b'{"update_id": "one"', headers={"X-Telegram-Bot-Api-Secret-Token": SECRET}
    )

    assert missing.status_code == 401 and wrong.status_code == 403
    assert malformed.status_code == 400 and malformed.json()["detail"]
    assert rows(gateway, "SELECT count(*) FROM messages") == [(0,)]


async def test_a_customer_talks_to_the_bot_and_presses_an_inline_button(
    gateway: Gateway, telegram: Telegram, bot_api: tg.FakeTelegram
) -> None:
    answer = await telegram.post(tg.text_update(101, CHAT, "Здравствуйте!", first_name="Олег", language_code="ru"))
    assert answer.json() == {"stored": True, "duplicate": False}

    [greeting] = await sent(bot_api, 1)
    assert greeting["chat_id"] == str(CHAT) and greeting["text"].startswith("Здравствуйте")
    keyboard = greeting["reply_markup"]["inline_keyboard"]
    assert [row[0]["callback_data"] for row in keyboard] == [
        "/warranty_coverage",
        "/maintenance_schedule",
        "/human_agent",
    ]
    assert scalar(gateway, "SELECT display_name FROM customers") == "Олег"

    title, payload = keyboard[1][0]["text"], keyboard[1][0]["callback_data"]
    press = tg.callback_update(102, CHAT, payload, buttons=[(title, payload)], callback_query_id="cbq-press-1")
    await telegram.post(press)
    [_, schedule] = await sent(bot_api, 2)

    assert schedule["text"] != ""
    # The maintenance button starts the schedule form: which vehicle?
    assert scalar(gateway, "SELECT template FROM messages WHERE direction='out' ORDER BY id DESC LIMIT 1") == (
        "utter_ask_vehicle"
    )
    sql = "SELECT kind, text, payload, intent FROM messages WHERE direction='in' ORDER BY id"
    assert rows(gateway, sql)[-1] == ("button", title, "/maintenance_schedule", "maintenance_schedule")
    answered = await eventually(lambda: list(bot_api.callback_answers), bool, timeout=10)
    assert [a["callback_query_id"] for a in answered] == ["cbq-press-1"]  # the button stops spinning


async def test_a_resent_update_is_processed_once(
    gateway: Gateway, telegram: Telegram, bot_api: tg.FakeTelegram
) -> None:
    update = tg.text_update(201, CHAT, "hello", language_code="en")
    first = await telegram.post(update)
    again = await telegram.post(update)
    await sent(bot_api, 1)
    await asyncio.sleep(1.5)

    assert first.json()["duplicate"] is False and again.json()["duplicate"] is True
    assert len(bot_api.sent) == 1
    assert rows(gateway, "SELECT count(*) FROM messages WHERE direction='in'") == [(1,)]


async def test_a_photo_with_a_caption_is_stored_and_its_caption_answered(
    gateway: Gateway, telegram: Telegram, bot_api: tg.FakeTelegram
) -> None:
    photo = b"\xff\xd8\xff\xe0 a photo of the dashboard" * 100
    bot_api.add_file("dash-photo", photo, "photos/file_7.jpg")
    update = tg.photo_update(301, CHAT, file_id="dash-photo", caption="Check engine lamp is on", language_code="en")
    await telegram.post(update)

    [reply] = await sent(bot_api, 1)
    assert scalar(gateway, "SELECT intent FROM messages WHERE direction='in'") == "dashboard_warning"
    assert reply["text"] != ""
    sql = "SELECT status, size, mime_type FROM attachments"
    assert await eventually(lambda: rows(gateway, sql), lambda r: bool(r) and r[0][0] == "stored") == [
        ("stored", len(photo), "image/jpeg")
    ]


async def test_a_blocked_bot_leaves_a_dead_letter_for_admins(
    gateway: Gateway, telegram: Telegram, bot_api: tg.FakeTelegram
) -> None:
    bot_api.blocked_chats.add(str(CHAT))
    await telegram.post(tg.text_update(401, CHAT, "hello", language_code="en"))
    sql = "SELECT status FROM messages WHERE direction='out'"
    assert await eventually(lambda: rows(gateway, sql), lambda r: r == [("failed",)]) == [("failed",)]

    async with httpx.AsyncClient(headers={"Authorization": f"Bearer {ADMIN_TOKEN}"}) as client:
        [dead] = (await client.get(f"{gateway.url}/api/admin/outbox/failed")).json()
        assert dead["channel"] == "telegram" and "blocked" in dead["error"]
        bot_api.blocked_chats.clear()  # the customer unblocked the bot
        retried = await client.post(f"{gateway.url}/api/admin/outbox/{dead['message_id']}/retry")
    assert retried.status_code == 202
    [reply] = await sent(bot_api, 1)
    assert reply["text"].startswith("Hello")


async def test_a_technician_takes_over_on_telegram_and_hands_back_to_the_bot(
    gateway: Gateway, telegram: Telegram, bot_api: tg.FakeTelegram
) -> None:
    agent = await agent_client(gateway, "oleg", "Олег", "ru,kk")
    await telegram.post(tg.text_update(601, CHAT, "Хочу поговорить с живым человеком", language_code="ru"))
    [_, waiting] = await sent(bot_api, 2)
    assert waiting["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "/handoff_cancel"

    [queued] = (await agent.get("/api/console/queue")).json()["conversations"]
    await agent.post(f"/api/console/conversations/{queued['id']}/claim")
    await agent.post(f"/api/console/conversations/{queued['id']}/messages", json={"text": "Здравствуйте, я Олег."})
    [*_, joined, reply] = await sent(bot_api, 4)
    assert "Олег" in joined["text"] and reply["text"] == "Здравствуйте, я Олег."

    handed_back = await agent.post(f"/api/console/conversations/{queued['id']}/handback")
    assert handed_back.json()["state"] == "bot"
    await sent(bot_api, 5)  # "the technician passed you back"
    await telegram.post(tg.text_update(602, CHAT, "Привет", language_code="ru"))
    [*_, greeting] = await sent(bot_api, 6)
    assert greeting["text"].startswith("Здравствуйте")  # the bot answers again
    await agent.aclose()


# -- long polling ----------------------------------------------------------------------


async def test_long_polling_needs_no_public_address_and_never_doubles_a_message(
    gateway_factory: Any, bot_api: tg.FakeTelegram, tmp_path: Path
) -> None:
    gateway: Gateway = gateway_factory(**telegram_env(bot_api, tmp_path, "polling"))
    bot_api.push_update(
        tg.text_update(501, CHAT, "Сәлеметсіз бе! Электромобильді қыста қалай зарядтаймын?", language_code="kk")
    )
    bot_api.push_update(tg.text_update(502, CHAT, "рақмет", language_code="kk"))

    replies = await sent(bot_api, 2)
    await asyncio.sleep(2.5)  # further getUpdates rounds: confirmed updates are not handed out again

    assert len(bot_api.sent) == 2 and all(r["chat_id"] == str(CHAT) for r in replies)
    assert rows(gateway, "SELECT language FROM conversations") == [("kk",)]
    sql = "SELECT intent FROM messages WHERE direction='in' ORDER BY id"
    assert rows(gateway, sql) == [("ev_battery_charging",), ("thank",)]
    assert bot_api.pending_updates == []


def test_the_webhook_command_registers_the_secret_token(bot_api: tg.FakeTelegram, tmp_path: Path) -> None:
    env = {
        **os.environ,
        "SUPPORTBOT_TELEGRAM_TOKEN": TOKEN,
        "SUPPORTBOT_TELEGRAM_SECRET_TOKEN": SECRET,
        "SUPPORTBOT_TELEGRAM_API_URL": bot_api.url,
    }
    url = "https://support.example.com/webhooks/telegram"
    done = subprocess.run(
        [sys.executable, "-m", "api.cli", "telegram-webhook", "--url", url],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert bot_api.webhook is not None
    assert bot_api.webhook["url"] == url and bot_api.webhook["secret_token"] == SECRET
    assert set(bot_api.allowed_updates or []) == {"message", "edited_message", "callback_query"}
    assert TOKEN not in done.stdout + done.stderr

    insecure = subprocess.run(
        [sys.executable, "-m", "api.cli", "telegram-webhook", "--url", "http://plain.example.com/hook"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert insecure.returncode == 2 and "https://" in insecure.stderr


# -- the service desk over Telegram --------------------------------------------------


async def test_a_booking_from_a_shared_location_with_the_inline_keyboard(
    gateway: Gateway, telegram: Any, bot_api: tg.FakeTelegram
) -> None:
    await telegram.post(tg.text_update(701, CHAT, "Хочу записаться на сервис", language_code="ru"))
    [city] = await sent(bot_api, 1)
    assert "местоположение" in city["text"]
    await telegram.post(tg.location_update(702, CHAT, 41.7151, 44.8271))  # Tbilisi
    [*_, centres] = await sent(bot_api, 2)
    keyboard = centres["reply_markup"]["inline_keyboard"]
    first = keyboard[0][0]
    assert first["callback_data"].startswith('/choose{"booking_centre": ')
    await telegram.post(
        tg.callback_update(703, CHAT, first["callback_data"], buttons=[(first["text"], first["callback_data"])])
    )
    [*_, day] = await sent(bot_api, 3)
    await telegram.post(tg.text_update(704, CHAT, "в пятницу", language_code="ru"))
    [*_, slots] = await sent(bot_api, 4)
    slot = slots["reply_markup"]["inline_keyboard"][0][0]
    assert len(slot["callback_data"].encode()) <= 64  # Telegram's limit for callback data
    await telegram.post(
        tg.callback_update(705, CHAT, slot["callback_data"], buttons=[(slot["text"], slot["callback_data"])])
    )
    [*_, confirm] = await sent(bot_api, 5)
    yes = confirm["reply_markup"]["inline_keyboard"][0][0]
    await telegram.post(
        tg.callback_update(706, CHAT, yes["callback_data"], buttons=[(yes["text"], yes["callback_data"])])
    )
    [*_, booked] = await sent(bot_api, 6)

    assert scalar(gateway, "SELECT template FROM messages WHERE direction='out' ORDER BY id DESC LIMIT 1") == (
        "utter_booking_confirmed"
    )
    assert rows(gateway, "SELECT status FROM bookings") == [("confirmed",)]
    assert "BK-" in booked["text"] and day["text"]

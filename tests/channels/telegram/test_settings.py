"""The Telegram settings group: read from the flat variables deployments already set."""

from __future__ import annotations

import httpx
import pytest
from pydantic import ValidationError

from api.settings import Settings
from channels.telegram import MAX_BOT_DOWNLOAD_BYTES, TelegramAdapter, TelegramSettings
from coordination.ratelimit import Limits


def test_the_flat_variables_land_in_the_group(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SUPPORTBOT_TELEGRAM_CHAT_BURST", "5")
    monkeypatch.setenv("SUPPORTBOT_TELEGRAM_TOKEN", "123:abc")
    monkeypatch.setenv("SUPPORTBOT_TELEGRAM_MODE", "polling")

    group = Settings().telegram

    assert (group.chat_burst, group.token, group.mode) == (5, "123:abc", "polling")
    assert group.poll_timeout == 25  # untouched settings keep their defaults


def test_a_mode_other_than_webhook_or_polling_stops_the_start(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SUPPORTBOT_TELEGRAM_MODE", "push")
    with pytest.raises(ValidationError, match=r"telegram\.mode"):
        Settings()


def test_keywords_and_variables_combine(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SUPPORTBOT_TELEGRAM_CHAT_BURST", "5")
    group = Settings(telegram={"token": "from-code"}).telegram
    assert (group.token, group.chat_burst) == ("from-code", 5)


def test_telegram_is_on_with_a_token_and_keeps_it_out_of_the_repr() -> None:
    assert not TelegramSettings().enabled
    group = TelegramSettings(token="123:s3cret", secret_token="hook-s3cret")
    assert group.enabled and "s3cret" not in repr(group)


def test_the_defaults_are_telegrams_limits() -> None:
    assert TelegramSettings().limits() == Limits(30.0, 1.0, 3)


@pytest.mark.anyio
async def test_the_adapter_is_built_from_the_group_within_what_the_bot_api_serves() -> None:
    group = TelegramSettings(token="123:abc", rate_per_second=10, chat_rate_per_second=0.5, chat_burst=1)
    async with httpx.AsyncClient() as client:
        adapter = TelegramAdapter.from_settings(group, client, max_media_bytes=100 * 1024 * 1024)
        small = TelegramAdapter.from_settings(group, client, max_media_bytes=1000)

    assert adapter.name == "telegram"
    assert adapter.limits() == Limits(10, 0.5, 1)
    assert adapter.max_media_bytes == MAX_BOT_DOWNLOAD_BYTES and small.max_media_bytes == 1000

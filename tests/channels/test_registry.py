"""The channel registry: one line per provider channel, and the adapters built from it."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from api.settings import Settings
from channels.registry import CHANNELS, build_adapters, find_adapter
from channels.telegram import TelegramAdapter, TelegramSettings
from channels.whatsapp import WhatsAppAdapter, WhatsAppSettings

WHATSAPP_ON = WhatsAppSettings(app_secret="s", access_token="t", phone_number_id="1")
TELEGRAM_ON = TelegramSettings(token="123:abc")


@pytest.fixture
async def client() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient() as http:
        yield http


def test_every_registered_channel_has_its_settings_group_in_the_settings() -> None:
    # A channel registered without its field would never be configurable.
    for spec in CHANNELS:
        assert Settings.model_fields[spec.name].annotation is spec.settings
    assert [spec.name for spec in CHANNELS] == ["whatsapp", "telegram"]


@pytest.mark.anyio
async def test_only_enabled_channels_are_built_in_registry_order(client: httpx.AsyncClient) -> None:
    off = {"whatsapp": WhatsAppSettings(), "telegram": TelegramSettings()}
    assert build_adapters(off, client, max_media_bytes=1000) == {}

    both = build_adapters({"whatsapp": WHATSAPP_ON, "telegram": TELEGRAM_ON}, client, max_media_bytes=1000)
    assert list(both) == ["whatsapp", "telegram"]
    assert isinstance(both["whatsapp"], WhatsAppAdapter) and isinstance(both["telegram"], TelegramAdapter)

    only_telegram = build_adapters({"whatsapp": WhatsAppSettings(), "telegram": TELEGRAM_ON}, client, max_media_bytes=1)
    assert list(only_telegram) == ["telegram"]


@pytest.mark.anyio
async def test_a_registered_channel_without_settings_fails_at_start_up(client: httpx.AsyncClient) -> None:
    with pytest.raises(KeyError, match="telegram"):
        build_adapters({"whatsapp": WHATSAPP_ON}, client, max_media_bytes=1000)


@pytest.mark.anyio
async def test_the_settings_give_the_registry_every_group(
    client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SUPPORTBOT_TELEGRAM_TOKEN", "123:abc")
    monkeypatch.delenv("SUPPORTBOT_WHATSAPP_APP_SECRET", raising=False)
    settings = Settings()

    adapters = build_adapters(settings.channel_groups(), client, max_media_bytes=settings.media_max_bytes)

    assert list(adapters) == ["telegram"]
    assert adapters["telegram"].limits() == settings.telegram.limits()


@pytest.mark.anyio
async def test_a_built_adapter_is_found_by_its_class(client: httpx.AsyncClient) -> None:
    adapters = build_adapters({"whatsapp": WhatsAppSettings(), "telegram": TELEGRAM_ON}, client, max_media_bytes=1)

    assert find_adapter(adapters, TelegramAdapter) is adapters["telegram"]
    assert find_adapter(adapters, WhatsAppAdapter) is None

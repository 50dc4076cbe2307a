"""The WhatsApp settings group: read from the flat variables deployments already set."""

from __future__ import annotations

import httpx
import pytest

from api.settings import Settings
from channels.whatsapp import WhatsAppAdapter, WhatsAppSettings
from coordination.ratelimit import Limits


def test_the_flat_variables_land_in_the_group(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SUPPORTBOT_WHATSAPP_APP_SECRET", "x")
    monkeypatch.setenv("SUPPORTBOT_WHATSAPP_PHONE_NUMBER_ID", "1234567890")
    monkeypatch.setenv("SUPPORTBOT_WHATSAPP_TEMPLATE_LANGUAGES", '{"ru": "ru_RU"}')  # JSON, as before
    monkeypatch.setenv("SUPPORTBOT_WHATSAPP_CHAT_RATE_PER_SECOND", "0.5")

    group = Settings().whatsapp

    assert group.app_secret == "x" and group.phone_number_id == "1234567890"
    assert group.template_languages == {"ru": "ru_RU"}
    assert group.chat_rate_per_second == 0.5
    assert group.api_version == "v23.0"  # untouched settings keep their defaults


def test_whatsapp_is_on_only_with_all_three_credentials() -> None:
    assert not WhatsAppSettings().enabled
    assert not WhatsAppSettings(app_secret="s", access_token="t").enabled
    assert WhatsAppSettings(app_secret="s", access_token="t", phone_number_id="1").enabled


def test_secrets_stay_out_of_the_settings_repr() -> None:
    shown = repr(WhatsAppSettings(app_secret="app-s3cret", verify_token="verify-s3cret", access_token="access-s3cret"))
    assert "s3cret" not in shown and "phone_number_id" in shown


def test_the_defaults_are_metas_limits() -> None:
    assert WhatsAppSettings().limits() == Limits(80.0, 1 / 6, 10)


@pytest.mark.anyio
async def test_the_adapter_is_built_from_the_group() -> None:
    group = WhatsAppSettings(
        app_secret="s", access_token="t", phone_number_id="1", rate_per_second=20, chat_rate_per_second=1, chat_burst=2
    )
    async with httpx.AsyncClient() as client:
        adapter = WhatsAppAdapter.from_settings(group, client, max_media_bytes=1000)

    assert adapter.name == "whatsapp"
    assert adapter.limits() == Limits(20, 1, 2)

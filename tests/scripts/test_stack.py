"""How scripts/stack.py starts the gateway: uvicorn's own command-line parser reads the options,
so a misspelt flag or a lost SUPPORTBOT_TRUSTED_PROXIES fails here, not behind a proxy in production."""

from __future__ import annotations

from typing import Any

import uvicorn

from api.settings import Settings
from scripts import stack


def uvicorn_options(env: dict[str, str]) -> dict[str, Any]:
    command = stack.gateway_command(stack.StackConfig(ports=stack.Ports(gateway=8123)), env)
    assert command[1:3] == ["-m", "uvicorn"]
    return dict(uvicorn.main.make_context("uvicorn", command[3:]).params)


def test_x_forwarded_for_is_trusted_from_the_configured_proxies_only() -> None:
    options = uvicorn_options({"SUPPORTBOT_TRUSTED_PROXIES": "10.0.0.5,192.168.1.0/24"})
    assert options["proxy_headers"] is True
    assert options["forwarded_allow_ips"] == "10.0.0.5,192.168.1.0/24"


def test_by_default_only_a_proxy_on_this_machine_is_trusted_as_the_settings_say() -> None:
    assert uvicorn_options({})["forwarded_allow_ips"] == Settings.model_fields["trusted_proxies"].default == "127.0.0.1"

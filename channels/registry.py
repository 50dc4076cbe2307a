"""Every provider channel the gateway can speak, one line each (in the spirit of Rasa's BUILTIN_CHANNELS).

A provider channel is three things: its adapter (translates and verifies, nothing more),
its settings group, and its line in `CHANNELS`. The composition root builds the enabled
ones with `build_adapters` and gives each a rate limiter from `adapter.limits()`, so
adding a channel touches its own package, this registry and the one field of
`api.settings.Settings` that holds its group, instead of every module that wires things.

Live channels (web chat, socket.io) are not here: they have no provider between the
customer and the gateway, hence no adapter, no credentials and no rate limit. Their
sessions deliver in-process and are wired with the live senders.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar, Protocol, TypeVar

import httpx

from channels.base import ChannelAdapter
from channels.telegram import TelegramAdapter, TelegramSettings
from channels.whatsapp import WhatsAppAdapter, WhatsAppSettings
from coordination.ratelimit import Limits


class ChannelSettings(Protocol):
    """What the registry needs of a settings group: whether the operator switched it on."""

    @property
    def enabled(self) -> bool: ...


class ProviderAdapter(ChannelAdapter, Protocol):
    """A `ChannelAdapter` the registry can build from its settings group (Rasa's `from_credentials`)."""

    name: ClassVar[str]

    @classmethod
    def from_settings(cls, group: Any, client: httpx.AsyncClient, *, max_media_bytes: int) -> ProviderAdapter:
        """The adapter as configured; `max_media_bytes` is the gateway's, each channel may lower it."""
        ...

    def limits(self) -> Limits:
        """How fast the outbox may send through this channel."""
        ...


_Adapter = TypeVar("_Adapter", bound=ProviderAdapter)


@dataclass(frozen=True, slots=True)
class ChannelSpec:
    """One registry line: the adapter class and the settings group it is built from."""

    adapter: type[ProviderAdapter]
    settings: type[ChannelSettings]

    @property
    def name(self) -> str:
        """The channel's name is its adapter's, so stored messages and settings fields agree on one spelling."""
        return self.adapter.name


CHANNELS: tuple[ChannelSpec, ...] = (
    ChannelSpec(WhatsAppAdapter, WhatsAppSettings),
    ChannelSpec(TelegramAdapter, TelegramSettings),
)


def build_adapters(
    groups: Mapping[str, ChannelSettings], client: httpx.AsyncClient, *, max_media_bytes: int
) -> dict[str, ProviderAdapter]:
    """The adapters of the enabled channels, by name, in registry order.

    `groups` holds each registered channel's settings group under the channel's name; a
    missing one is a KeyError at start-up rather than a channel that silently never runs.
    """
    return {
        spec.name: spec.adapter.from_settings(groups[spec.name], client, max_media_bytes=max_media_bytes)
        for spec in CHANNELS
        if groups[spec.name].enabled
    }


def find_adapter(adapters: Mapping[str, object], adapter: type[_Adapter]) -> _Adapter | None:
    """The built adapter of that class, typed as such, or None when its channel is off.

    For the parts that use one provider's own API beyond sending (Telegram's long polling
    and callback answers), which need the concrete adapter rather than a ChannelAdapter.
    """
    built = adapters.get(adapter.name)
    return built if isinstance(built, adapter) else None

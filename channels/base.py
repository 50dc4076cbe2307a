"""The normalized messages that every channel adapter translates to and from.

An adapter turns a provider's payload into `InboundMessage`s and an `OutboundMessage`
into the provider's API call. It knows nothing of the database or of the bot.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


class ProtocolError(ValueError):
    """A payload the channel cannot accept; the text is the reason given to the sender."""


@dataclass(frozen=True, slots=True)
class Button:
    title: str
    payload: str


@dataclass(frozen=True, slots=True)
class InboundMessage:
    channel: str
    sender_id: str  # the customer's id on this channel
    text: str  # what the customer wrote, or the title of the button they pressed
    provider_message_id: str | None = None  # for de-duplication of re-sends
    payload: str | None = None  # a pressed button's payload ("/intent")
    sender_name: str | None = None
    language_hint: str | None = None  # e.g. the browser's language
    metadata: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class OutboundMessage:
    message_id: int
    recipient_id: str
    text: str
    buttons: tuple[Button, ...] = ()
    sender: str = "bot"  # bot, agent or system

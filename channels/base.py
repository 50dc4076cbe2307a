"""The normalized messages that every channel adapter translates to and from.

An adapter turns a provider's payload into `InboundMessage`s (and delivery
`StatusUpdate`s) and an `OutboundMessage` into the provider's API call. It knows nothing
of the database or of the bot: retries, rate limits and ordering are the outbox's.
An adapter reports how a send failed with `DeliveryError`, so the outbox can decide.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Protocol


class ProtocolError(ValueError):
    """A payload the channel cannot accept; the text is the reason given to the sender."""


@dataclass(frozen=True, slots=True)
class Button:
    title: str
    payload: str


class MessageKind:
    """What an inbound message is; the conversation service decides who answers it."""

    TEXT = "text"
    BUTTON = "button"  # a pressed button: `payload` is set
    IMAGE = "image"
    DOCUMENT = "document"
    AUDIO = "audio"  # voice notes included
    VIDEO = "video"
    STICKER = "sticker"
    LOCATION = "location"
    CONTACTS = "contacts"
    REACTION = "reaction"
    UNSUPPORTED = "unsupported"  # anything else the provider may invent

    MEDIA = frozenset({IMAGE, DOCUMENT, AUDIO, VIDEO, STICKER})


@dataclass(frozen=True, slots=True)
class MediaRef:
    """An attachment as the provider names it; fetched after the message is stored."""

    kind: str  # MessageKind.IMAGE, DOCUMENT, ...
    provider_id: str  # WhatsApp media id, Telegram file_id
    mime_type: str | None = None
    filename: str | None = None
    size: int | None = None  # bytes, when the provider says


@dataclass(frozen=True, slots=True)
class InboundMessage:
    channel: str
    sender_id: str  # the customer's id on this channel (also where replies go)
    text: str  # what the customer wrote, a caption, or the title of the button they pressed
    provider_message_id: str | None = None  # for de-duplication of re-sends
    payload: str | None = None  # a pressed button's payload ("/intent")
    sender_name: str | None = None
    language_hint: str | None = None  # e.g. the browser's or Telegram client's language
    kind: str = MessageKind.TEXT
    attachments: tuple[MediaRef, ...] = ()
    sent_at: datetime | None = None  # when the provider says the customer sent it
    metadata: dict[str, Any] = field(default_factory=dict)  # location, contacts, reaction, ids


@dataclass(frozen=True, slots=True)
class StatusUpdate:
    """The provider's news about one of our outbound messages (sent, delivered, read, failed)."""

    channel: str
    provider_message_id: str
    status: str  # sent | delivered | read | failed
    timestamp: datetime | None = None
    error: str | None = None


@dataclass(frozen=True, slots=True)
class OutboundMessage:
    message_id: int
    recipient_id: str
    text: str
    buttons: tuple[Button, ...] = ()
    sender: str = "bot"  # bot, agent or system
    language: str = "en"
    # False when the provider's customer-service window is closed (WhatsApp: 24 h after
    # the customer's last message): the adapter must then send an approved template.
    free_form_allowed: bool = True


@dataclass(frozen=True, slots=True)
class FetchedMedia:
    content: bytes
    mime_type: str | None
    filename: str | None = None


class DeliveryError(Exception):
    """A send or fetch the provider did not accept.

    retryable: a later attempt may succeed (network error before the request was
        sent, 5xx, 429).
    retry_after: seconds the provider asked us to wait (429), if it said.
    maybe_delivered: the request reached the provider and the answer was lost (read
        timeout); retrying could deliver the message twice, so the outbox does not.
    whole_channel: the limit hit (retry_after) is the bot's or number's, not one chat's.
    window_closed: the provider refused free text because its reply window is closed
        (WhatsApp 131047); the same message may go again as a template.
    """

    def __init__(
        self,
        reason: str,
        *,
        retryable: bool,
        retry_after: float | None = None,
        maybe_delivered: bool = False,
        status_code: int | None = None,
        whole_channel: bool = False,
        window_closed: bool = False,
    ) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retryable = retryable
        self.retry_after = retry_after
        self.maybe_delivered = maybe_delivered
        self.status_code = status_code
        self.whole_channel = whole_channel
        self.window_closed = window_closed


class ChannelAdapter(Protocol):
    """What the outbox and the media fetcher need of a provider channel."""

    name: str
    # How long after the customer's last message free-form replies are allowed (None: always).
    reply_window: timedelta | None

    def parts(self, message: OutboundMessage) -> int:
        """How many provider messages `send` makes of it (a long text is split)."""
        ...

    async def send(self, message: OutboundMessage) -> str:
        """Deliver the message; return the provider's message id, or raise DeliveryError."""
        ...

    async def fetch_media(self, ref: MediaRef) -> FetchedMedia:
        """Download an inbound attachment, or raise DeliveryError."""
        ...

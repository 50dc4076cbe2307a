"""WhatsApp Cloud API (Meta Graph API): webhooks in, messages out, media down.

Meta delivers webhooks at least once and keeps re-sending anything not answered with a
2xx for days, so parsing is strict about the envelope (a broken one is not ours to store)
and lenient about single messages: one malformed message is skipped and counted rather
than making Meta re-send the whole delivery forever. Over-long customer text is truncated
and marked, for the same reason.

Sending respects WhatsApp's shapes so that the provider never refuses a message for its
form: text is split at 4,096 characters, up to 3 buttons become reply buttons, 4-10 a
list, and outside the 24-hour customer-service window only the approved template may be
sent. That template must have exactly one body variable, {{1}}, which carries the reply;
Meta refuses newlines, tabs and runs of more than four spaces in a variable, so the reply
is flattened to one line there.

Failures become `DeliveryError`s that say whether a retry is safe: a request that never
left is retryable, one that may have reached Meta is not (WhatsApp has no idempotency
key, a retry could deliver the message twice).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import math
import re
import sys
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from typing import Any

import httpx

from channels.base import (
    DeliveryError,
    FetchedMedia,
    InboundMessage,
    MediaRef,
    MessageKind,
    OutboundMessage,
    ProtocolError,
    StatusUpdate,
)
from channels.webchat import clean_text

CHANNEL = "whatsapp"

MAX_TEXT_CHARS = 4096  # a text message's body
MAX_INTERACTIVE_BODY_CHARS = 1024  # reply-button messages; lists allow more, we keep one limit
MAX_TEMPLATE_PARAMETER_CHARS = 1024
MAX_REPLY_BUTTONS = 3
MAX_LIST_ROWS = 10
MAX_BUTTON_TITLE_CHARS = 20
MAX_ROW_TITLE_CHARS = 24
MAX_LIST_BUTTON_LABEL_CHARS = 20
DEFAULT_MAX_MEDIA_BYTES = 25 * 1024 * 1024

DEFAULT_LIST_BUTTON_LABELS: dict[str, str] = {
    "en": "Options",
    "ru": "Выбрать",
    "az": "Seçimlər",
    "kk": "Нұсқалар",
    "ka": "ვარიანტები",
    "ne": "विकल्पहरू",
}

# A business-scoped user id: country code, a dot, an opaque id ("US.13491208655302741918").
_BSUID = re.compile(r"^[A-Z]{2}\.[A-Za-z0-9]+$")
_SIGNATURE = re.compile(r"^sha256=([0-9a-fA-F]{64})$")

# Graph error codes that mean "too fast, try later" whatever the HTTP status says.
_RATE_LIMIT_CODES = frozenset({4, 80007, 130429, 131056})
_WINDOW_CLOSED_CODE = 131047
_PAIR_RATE_LIMIT_CODE = 131056

_MEDIA_KINDS = {
    "image": MessageKind.IMAGE,
    "document": MessageKind.DOCUMENT,
    "audio": MessageKind.AUDIO,
    "video": MessageKind.VIDEO,
    "sticker": MessageKind.STICKER,
}


# -- webhook verification -------------------------------------------------------------


def verify_subscription(mode: str | None, token: str | None, challenge: str | None, verify_token: str) -> str | None:
    """The challenge to echo when Meta's subscription handshake is ours, else None (answer 403).

    An empty configured token never matches, so a missing setting cannot open the endpoint.
    """
    if mode != "subscribe" or token is None or challenge is None or not verify_token:
        return None
    if not hmac.compare_digest(token.encode(), verify_token.encode()):
        return None
    return challenge


def verify_signature(body: bytes, header: str | None, app_secret: str) -> bool:
    """Whether X-Hub-Signature-256 proves Meta sent exactly these bytes.

    It must be checked on the raw body before parsing: re-serialised JSON would not match.
    """
    if not header or not app_secret:
        return False
    match = _SIGNATURE.match(header.strip())
    if match is None:
        return False
    expected = hmac.new(app_secret.encode(), body, hashlib.sha256).digest()
    return hmac.compare_digest(expected, bytes.fromhex(match.group(1)))


# -- inbound ---------------------------------------------------------------------------


@dataclass(frozen=True)
class WebhookBatch:
    """Everything one webhook delivery carried.

    skipped counts single messages and statuses too malformed to use; the delivery is still
    acknowledged, so the caller should log them rather than make Meta re-send.
    """

    messages: tuple[InboundMessage, ...]
    statuses: tuple[StatusUpdate, ...]
    skipped: int = 0


class _Malformed(Exception):
    """One message or status that cannot be used; the rest of the delivery can."""


def parse_webhook(body: bytes, max_chars: int) -> WebhookBatch:
    """A webhook delivery -> its messages and statuses, or ProtocolError if the envelope is broken."""
    try:
        payload = json.loads(body)
    except ValueError as error:  # UnicodeDecodeError included
        raise ProtocolError("body is not valid JSON") from error
    if not isinstance(payload, dict):
        raise ProtocolError("body must be a JSON object")
    if payload.get("object") != "whatsapp_business_account":
        raise ProtocolError("object must be 'whatsapp_business_account'")
    entries = _list(payload.get("entry"), "entry")
    messages: list[InboundMessage] = []
    statuses: list[StatusUpdate] = []
    skipped = 0
    for entry in entries:
        if not isinstance(entry, dict):
            raise ProtocolError("each entry must be an object")
        for change in _list(entry.get("changes", []), "entry.changes"):
            if not isinstance(change, dict):
                raise ProtocolError("each change must be an object")
            if change.get("field") != "messages":
                continue  # account, template and quality updates are not conversations
            value = change.get("value")
            if not isinstance(value, dict):
                raise ProtocolError("change.value must be an object")
            metadata = value.get("metadata", {})
            if not isinstance(metadata, dict):
                raise ProtocolError("value.metadata must be an object")
            phone_number_id = metadata.get("phone_number_id")
            contacts = [c for c in _list(value.get("contacts", []), "value.contacts") if isinstance(c, dict)]
            for raw in _list(value.get("messages", []), "value.messages"):
                try:
                    messages.append(_parse_message(raw, contacts, phone_number_id, max_chars))
                except _Malformed:
                    skipped += 1
            for raw in _list(value.get("statuses", []), "value.statuses"):
                try:
                    statuses.append(_parse_status(raw))
                except _Malformed:
                    skipped += 1
    return WebhookBatch(messages=tuple(messages), statuses=tuple(statuses), skipped=skipped)


def _list(value: Any, where: str) -> list[Any]:
    if not isinstance(value, list):
        raise ProtocolError(f"{where} must be a list")
    return value


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _required(container: Any, key: str) -> str:
    value = container.get(key) if isinstance(container, dict) else None
    if not isinstance(value, str) or not value:
        raise _Malformed(key)
    return value


def _timestamp(value: Any) -> datetime | None:
    try:
        return datetime.fromtimestamp(int(value), tz=UTC)
    except (TypeError, ValueError, OverflowError, OSError):
        return None


def _clean(text: Any, limit: int) -> tuple[str, bool]:
    """Normalised text (possibly empty) and whether it had to be truncated to `limit`."""
    if not isinstance(text, str):
        return "", False
    try:
        cleaned = clean_text(text, sys.maxsize)
    except ProtocolError:  # nothing left after dropping control characters
        return "", False
    if len(cleaned) <= limit:
        return cleaned, False
    return cleaned[:limit].rstrip(), True


def _find_contact(contacts: list[dict[str, Any]], wa_id: str | None, user_id: str | None) -> dict[str, Any] | None:
    for contact in contacts:
        if (wa_id and contact.get("wa_id") == wa_id) or (user_id and contact.get("user_id") == user_id):
            return contact
    return contacts[0] if len(contacts) == 1 else None


def _parse_message(raw: Any, contacts: list[dict[str, Any]], phone_number_id: Any, max_chars: int) -> InboundMessage:
    if not isinstance(raw, dict):
        raise _Malformed("message")
    message_id = _required(raw, "id")
    wa_id, user_id = _str(raw.get("from")), _str(raw.get("from_user_id"))
    sender_id = wa_id or user_id
    if sender_id is None:
        raise _Malformed("from")
    contact = _find_contact(contacts, wa_id, user_id)
    profile = contact.get("profile") if contact else None
    sender_name, _ = _clean(profile.get("name") if isinstance(profile, dict) else None, 256)
    user_id = user_id or (_str(contact.get("user_id")) if contact else None)

    metadata: dict[str, Any] = {}
    if isinstance(phone_number_id, str):
        metadata["phone_number_id"] = phone_number_id
    if user_id:
        metadata["user_id"] = user_id
    context = raw.get("context")
    if isinstance(context, dict) and _str(context.get("id")):
        metadata["reply_to"] = context["id"]

    errors = raw.get("errors")  # Meta explains "unsupported" messages here
    if isinstance(errors, list) and errors:
        metadata["errors"] = "; ".join(_describe_error(e) for e in errors if isinstance(e, dict))

    kind, text, payload, attachments = _content(raw, metadata, max_chars)
    return InboundMessage(
        channel=CHANNEL,
        sender_id=sender_id,
        text=text,
        provider_message_id=message_id,
        payload=payload,
        sender_name=sender_name or None,
        kind=kind,
        attachments=attachments,
        sent_at=_timestamp(raw.get("timestamp")),
        metadata=metadata,
    )


def _content(
    raw: dict[str, Any], metadata: dict[str, Any], max_chars: int
) -> tuple[str, str, str | None, tuple[MediaRef, ...]]:
    """(kind, text, payload, attachments) of one message; fills `metadata` on the way."""
    kind = raw.get("type")

    def text_of(value: Any) -> str:
        text, truncated = _clean(value, max_chars)
        if truncated:
            metadata["truncated"] = True
        return text

    if kind == "text":
        body = raw.get("text")
        text = text_of(body.get("body") if isinstance(body, dict) else None)
        if not text:
            raise _Malformed("text.body")
        return MessageKind.TEXT, text, None, ()

    if kind == "interactive":
        interactive = raw.get("interactive")
        reply_kind = interactive.get("type") if isinstance(interactive, dict) else None
        if reply_kind in ("button_reply", "list_reply"):
            reply = interactive.get(reply_kind)
            payload = _required(reply, "id")  # our button payload, passed through unchanged
            return MessageKind.BUTTON, text_of(reply.get("title")), payload, ()
        metadata["type"] = f"interactive.{reply_kind}"  # flows (nfm_reply) and the like
        return MessageKind.UNSUPPORTED, "", None, ()

    if kind == "button":  # a quick-reply button of a template message
        button = raw.get("button")
        if not isinstance(button, dict):
            raise _Malformed("button")
        text = text_of(button.get("text"))
        payload = _str(button.get("payload"))
        if payload is None:  # no payload configured: what the customer pressed is its text
            if not text:
                raise _Malformed("button")
            return MessageKind.TEXT, text, None, ()
        return MessageKind.BUTTON, text, payload, ()

    if kind in _MEDIA_KINDS:
        media = raw.get(kind)
        media_id = _required(media, "id")
        if media.get("voice") is True:
            metadata["voice"] = True
        ref = MediaRef(
            kind=_MEDIA_KINDS[kind],
            provider_id=media_id,
            mime_type=_str(media.get("mime_type")),
            filename=_str(media.get("filename")),
        )
        return _MEDIA_KINDS[kind], text_of(media.get("caption")), None, (ref,)

    if kind == "location":
        location = raw.get("location")
        if not isinstance(location, dict):
            raise _Malformed("location")
        latitude, longitude = location.get("latitude"), location.get("longitude")
        if not all(
            isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v) for v in (latitude, longitude)
        ):
            raise _Malformed("location")
        name, address = text_of(location.get("name")), text_of(location.get("address"))
        metadata.update(latitude=latitude, longitude=longitude, name=name or None, address=address or None)
        return MessageKind.LOCATION, ", ".join(part for part in (name, address) if part), None, ()

    if kind == "contacts":
        cards = raw.get("contacts")
        if not isinstance(cards, list):
            raise _Malformed("contacts")
        metadata["contacts"] = [_contact_card(card) for card in cards if isinstance(card, dict)]
        return MessageKind.CONTACTS, "", None, ()

    if kind == "reaction":
        reaction = raw.get("reaction")
        reacted_to = _required(reaction, "message_id")
        emoji, _ = _clean(reaction.get("emoji"), 32)  # empty: the customer removed the reaction
        metadata.update(emoji=emoji, message_id=reacted_to)
        return MessageKind.REACTION, emoji, None, ()

    metadata["type"] = kind if isinstance(kind, str) else None  # unsupported, system, order, ...
    return MessageKind.UNSUPPORTED, "", None, ()


def _contact_card(card: dict[str, Any]) -> dict[str, Any]:
    name = card.get("name")
    formatted = name.get("formatted_name") if isinstance(name, dict) else None
    phones = card.get("phones")
    numbers = (
        [p["phone"] for p in phones if isinstance(p, dict) and _str(p.get("phone"))] if isinstance(phones, list) else []
    )
    return {"name": _clean(formatted, 256)[0] or None, "phones": numbers}


def _parse_status(raw: Any) -> StatusUpdate:
    if not isinstance(raw, dict):
        raise _Malformed("status")
    errors = raw.get("errors")
    error = None
    if isinstance(errors, list) and errors:
        error = "; ".join(_describe_error(e) for e in errors if isinstance(e, dict)) or None
    return StatusUpdate(
        channel=CHANNEL,
        provider_message_id=_required(raw, "id"),
        status=_required(raw, "status"),
        timestamp=_timestamp(raw.get("timestamp")),
        error=error,
    )


def _describe_error(error: dict[str, Any]) -> str:
    return f"{error.get('code')}: {error.get('title') or error.get('message') or 'no description'}"


# -- outbound --------------------------------------------------------------------------


def is_bsuid(recipient_id: str) -> bool:
    """Whether the id is a business-scoped user id (sent as `recipient`) rather than a phone number (`to`)."""
    return _BSUID.match(recipient_id) is not None


def split_text(text: str, limit: int) -> list[str]:
    """Pieces of at most `limit` characters, cut at a paragraph, line or word boundary when there is one."""
    pieces: list[str] = []
    rest = text.strip()
    while len(rest) > limit:
        window = rest[: limit + 1]  # a boundary right after the limit still leaves a full piece
        # The latest paragraph break in the second half of the window, else a line break, else a
        # space; a single word longer than the window is cut where it must be.
        cut = next((c for c in (window.rfind(s) for s in ("\n\n", "\n", " ")) if c > limit // 2), limit)
        piece = rest[:cut].rstrip()
        if not piece:
            piece, cut = rest[:limit], limit
        pieces.append(piece)
        rest = rest[cut:].lstrip()
    if rest:
        pieces.append(rest)
    return pieces


def _split_tail(text: str, limit: int) -> tuple[str, str]:
    """(head, tail): the tail fits an interactive body, preferably the last paragraph or line.

    The head goes first as plain text, so nothing is shown twice.
    """
    text = text.strip()
    if len(text) <= limit:
        return "", text
    for separator in ("\n\n", "\n"):
        cut = text.rfind(separator)
        if cut > 0 and len(text) - cut - len(separator) <= limit:
            return text[:cut].rstrip(), text[cut:].strip()
    start = len(text) - limit
    space = text.find(" ", start)
    cut = space if 0 < space < len(text) - 1 else start
    return text[:cut].rstrip(), text[cut:].strip()


def _clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _template_parameter(text: str) -> str:
    # Meta rejects newlines, tabs and more than four consecutive spaces in a variable (132018).
    return _clip(text, MAX_TEMPLATE_PARAMETER_CHARS)


class WhatsAppAdapter:
    """Sends through the Cloud API and downloads inbound media; holds no state but the client."""

    name = CHANNEL
    reply_window: timedelta | None = timedelta(hours=24)

    def __init__(
        self,
        client: httpx.AsyncClient,
        *,
        base_url: str,
        api_version: str,
        phone_number_id: str,
        access_token: str,
        template_name: str,
        template_languages: dict[str, str],
        list_button_label: dict[str, str] | None = None,
        max_media_bytes: int = DEFAULT_MAX_MEDIA_BYTES,
    ) -> None:
        self._client = client
        self._base = f"{base_url.rstrip('/')}/{api_version.strip('/')}"
        self._phone_number_id = phone_number_id
        self._token = access_token
        self._template_name = template_name
        self._template_languages = dict(template_languages)
        self._list_labels = dict(DEFAULT_LIST_BUTTON_LABELS if list_button_label is None else list_button_label)
        self._max_media_bytes = max_media_bytes

    # -- send

    def parts(self, message: OutboundMessage) -> int:
        """How many WhatsApp messages `send` makes of it (for the per-chat rate limit)."""
        return max(1, len(self.build_requests(message)))

    async def send(self, message: OutboundMessage) -> str:
        """Send one reply; a reply WhatsApp needs several messages for returns the id of the last.

        If a later part fails after earlier parts were accepted, the error is not retryable and
        maybe_delivered is set: retrying would send the earlier parts again.
        """
        bodies = self.build_requests(message)
        message_id = ""
        for number, body in enumerate(bodies):
            try:
                message_id = await self._post_message(message.recipient_id, body)
            except DeliveryError as error:
                if number == 0:
                    raise
                raise DeliveryError(
                    f"part {number + 1} of {len(bodies)} failed after {number} were sent: {error.reason}",
                    retryable=False,
                    maybe_delivered=True,
                    status_code=error.status_code,
                ) from error
        return message_id

    def build_requests(self, message: OutboundMessage) -> list[dict[str, Any]]:
        """The message-specific part of each Graph request (`type` and its object), in order."""
        text = message.text.strip()
        if not text:
            raise DeliveryError("nothing to send: the text is empty", retryable=False)
        if not message.free_form_allowed:
            return [self._template(message, text)]
        buttons = message.buttons[:MAX_LIST_ROWS]
        if not buttons:
            return [_text(piece) for piece in split_text(text, MAX_TEXT_CHARS)]
        head, body = _split_tail(text, MAX_INTERACTIVE_BODY_CHARS)
        requests = [_text(piece) for piece in split_text(head, MAX_TEXT_CHARS)] if head else []
        if len(buttons) <= MAX_REPLY_BUTTONS:
            action: dict[str, Any] = {
                "buttons": [
                    {
                        "type": "reply",
                        "reply": {"id": b.payload, "title": _title(b.title, b.payload, MAX_BUTTON_TITLE_CHARS)},
                    }
                    for b in buttons
                ]
            }
            interactive = {"type": "button", "body": {"text": body}, "action": action}
        else:
            label = self._list_labels.get(message.language) or self._list_labels.get("en") or "Options"
            rows = [{"id": b.payload, "title": _title(b.title, b.payload, MAX_ROW_TITLE_CHARS)} for b in buttons]
            action = {"button": _clip(label, MAX_LIST_BUTTON_LABEL_CHARS), "sections": [{"rows": rows}]}
            interactive = {"type": "list", "body": {"text": body}, "action": action}
        requests.append({"type": "interactive", "interactive": interactive})
        return requests

    def _template(self, message: OutboundMessage, text: str) -> dict[str, Any]:
        language = self._template_languages.get(message.language, message.language)
        parameter = {"type": "text", "text": _template_parameter(text)}
        return {
            "type": "template",
            "template": {
                "name": self._template_name,
                "language": {"code": language},
                "components": [{"type": "body", "parameters": [parameter]}],
            },
        }

    async def _post_message(self, recipient_id: str, body: dict[str, Any]) -> str:
        address = {"recipient": recipient_id} if is_bsuid(recipient_id) else {"to": recipient_id}
        request = {"messaging_product": "whatsapp", "recipient_type": "individual", **address, **body}
        try:
            response = await self._client.post(
                f"{self._base}/{self._phone_number_id}/messages", json=request, headers=self._auth()
            )
        except httpx.HTTPError as error:
            raise self._transport_error(error, idempotent=False) from error
        if response.status_code >= 300:
            raise self._http_error(response)
        try:
            message_id = response.json()["messages"][0]["id"]
        except (ValueError, LookupError, TypeError):
            message_id = None
        if not isinstance(message_id, str) or not message_id:
            raise DeliveryError(
                f"Graph API accepted the message but answered without a message id (HTTP {response.status_code})",
                retryable=False,
                maybe_delivered=True,
                status_code=response.status_code,
            )
        return message_id

    # -- media

    async def fetch_media(self, ref: MediaRef) -> FetchedMedia:
        """Look the media id up, then download it; refuses anything over max_media_bytes."""
        try:
            response = await self._client.get(f"{self._base}/{ref.provider_id}", headers=self._auth())
        except httpx.HTTPError as error:
            raise self._transport_error(error, idempotent=True) from error
        if response.status_code >= 300:
            raise self._http_error(response)
        try:
            info = response.json()
        except ValueError:
            info = None
        url = info.get("url") if isinstance(info, dict) else None
        if not isinstance(url, str) or not url:
            raise DeliveryError("Graph API media lookup answered without a download url", retryable=False)
        size = info.get("file_size")
        if isinstance(size, int) and size > self._max_media_bytes:
            raise self._too_large(size)
        mime_type = _str(info.get("mime_type")) or ref.mime_type
        content = await self._download(url)
        return FetchedMedia(content=content, mime_type=mime_type, filename=ref.filename)

    async def _download(self, url: str) -> bytes:
        try:
            async with self._client.stream("GET", url, headers=self._auth()) as response:
                if response.status_code >= 300:
                    await response.aread()
                    raise self._http_error(response)
                declared = response.headers.get("content-length", "")
                if declared.isdigit() and int(declared) > self._max_media_bytes:
                    raise self._too_large(int(declared))
                chunks: list[bytes] = []
                received = 0
                async for chunk in response.aiter_bytes():
                    received += len(chunk)
                    if received > self._max_media_bytes:
                        raise self._too_large(received, at_least=True)
                    chunks.append(chunk)
                return b"".join(chunks)
        except httpx.HTTPError as error:
            raise self._transport_error(error, idempotent=True) from error

    def _too_large(self, size: int, *, at_least: bool = False) -> DeliveryError:
        more = "more than " if at_least else ""
        return DeliveryError(
            f"media is {more}{size} bytes, larger than the {self._max_media_bytes}-byte limit", retryable=False
        )

    # -- errors

    def _auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self._token}"}

    def _safe(self, reason: str) -> str:
        return reason.replace(self._token, "[token]") if self._token else reason

    def _transport_error(self, error: httpx.HTTPError, *, idempotent: bool) -> DeliveryError:
        """Classify by whether the request can have reached Meta.

        A fetch (idempotent GET) is always safe to retry; a send that may have arrived is not.
        """
        what = f"{type(error).__name__} talking to the Graph API: {error}".rstrip(": ")
        if isinstance(error, httpx.ConnectError | httpx.ConnectTimeout | httpx.PoolTimeout):
            return DeliveryError(self._safe(f"{what} (not sent)"), retryable=True)
        if isinstance(error, httpx.TimeoutException | httpx.NetworkError | httpx.RemoteProtocolError):
            if idempotent:
                return DeliveryError(self._safe(what), retryable=True)
            return DeliveryError(self._safe(f"{what} (may have been sent)"), retryable=False, maybe_delivered=True)
        # LocalProtocolError, UnsupportedProtocol, proxy errors...: our request could not be made.
        return DeliveryError(self._safe(what), retryable=False)

    def _http_error(self, response: httpx.Response) -> DeliveryError:
        status = response.status_code
        try:
            error = response.json().get("error")
        except (ValueError, AttributeError):
            error = None
        error = error if isinstance(error, dict) else {}
        code = error.get("code")
        message = error.get("message") if isinstance(error.get("message"), str) else response.reason_phrase
        data = error.get("error_data")
        details = data.get("details") if isinstance(data, dict) else None
        described = f"Graph API error {code} (HTTP {status}): {message}"
        if isinstance(details, str) and details and details != message:
            described += f" — {details}"
        if isinstance(error.get("fbtrace_id"), str):
            described += f" [fbtrace_id {error['fbtrace_id']}]"
        described = self._safe(described)

        if code == _WINDOW_CLOSED_CODE:
            return DeliveryError(
                self._safe(f"outside the 24-hour customer-service window, only a template can be sent: {described}"),
                retryable=False,
                status_code=status,
                window_closed=True,
            )
        if status == 429 or code in _RATE_LIMIT_CODES:
            return DeliveryError(
                f"rate limited: {described}",
                retryable=True,
                retry_after=_retry_after(response.headers.get("retry-after")),
                status_code=status,
                whole_channel=code != _PAIR_RATE_LIMIT_CODE,  # only 131056 is about one user
            )
        if status >= 500:
            retry_after = _retry_after(response.headers.get("retry-after"))
            return DeliveryError(described, retryable=True, retry_after=retry_after, status_code=status)
        return DeliveryError(described, retryable=False, status_code=status)


def _text(body: str) -> dict[str, Any]:
    return {"type": "text", "text": {"body": body, "preview_url": False}}


def _title(title: str, payload: str, limit: int) -> str:
    return _clip(title, limit) or _clip(payload, limit)


def _retry_after(value: str | None) -> float | None:
    """Seconds from a Retry-After header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        pass
    else:
        return max(0.0, seconds) if math.isfinite(seconds) else None
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())

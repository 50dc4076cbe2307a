"""WhatsApp out: replies shaped as the Cloud API accepts them, sent; inbound media fetched.

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

import math
import re
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from typing import Any

import httpx

from channels.base import DeliveryError, FetchedMedia, MediaRef, OutboundMessage
from channels.whatsapp.inbound import CHANNEL, _str
from channels.whatsapp.settings import WhatsAppSettings
from coordination.ratelimit import Limits

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

# Graph error codes that mean "too fast, try later" whatever the HTTP status says.
_RATE_LIMIT_CODES = frozenset({4, 80007, 130429, 131056})
_WINDOW_CLOSED_CODE = 131047
_PAIR_RATE_LIMIT_CODE = 131056


# -- shapes ----------------------------------------------------------------------------


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
        limits: Limits | None = None,
    ) -> None:
        self._client = client
        self._base = f"{base_url.rstrip('/')}/{api_version.strip('/')}"
        self._phone_number_id = phone_number_id
        self._token = access_token
        self._template_name = template_name
        self._template_languages = dict(template_languages)
        self._list_labels = dict(DEFAULT_LIST_BUTTON_LABELS if list_button_label is None else list_button_label)
        self._max_media_bytes = max_media_bytes
        self._limits = limits if limits is not None else WhatsAppSettings().limits()

    @classmethod
    def from_settings(
        cls, group: WhatsAppSettings, client: httpx.AsyncClient, *, max_media_bytes: int
    ) -> WhatsAppAdapter:
        """The adapter an operator configured: the registry builds every channel this one way."""
        return cls(
            client,
            base_url=group.api_url,
            api_version=group.api_version,
            phone_number_id=group.phone_number_id,
            access_token=group.access_token,
            template_name=group.template_name,
            template_languages=group.template_languages,
            max_media_bytes=max_media_bytes,
            limits=group.limits(),
        )

    def limits(self) -> Limits:
        """How fast the outbox may send through this number (Meta's limits, as configured)."""
        return self._limits

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

"""Telegram Bot API: updates to normalized messages, and outbound messages to `sendMessage`.

Only translation lives here; retries, rate limits and de-duplication are the outbox's and
the gateway's. A few choices follow from how Telegram behaves:

- Telegram re-sends an update with the same `update_id` until it gets a 2xx, so
  `update_id` is the de-duplication key. For the same reason an update is never refused
  for being too long: it is truncated and marked, or it would come back forever.
- Replies go to a chat, not to a user, so `sender_id` is the chat id (the same number as
  the user's id in a private chat).
- Text is sent without `parse_mode`: what customers and agents write is shown literally,
  and a stray `<` or `_` cannot make Telegram refuse the message.
- The bot token is part of every URL. httpx errors can quote the URL, so their text never
  reaches a `DeliveryError` unscrubbed, and exceptions are not chained onto ours.
- Telegram measures text in UTF-16 code units (emoji count twice); limits are checked that
  way so a split part is never refused as too long.
"""

from __future__ import annotations

import hmac
import json
import mimetypes
import posixpath
import re
import sys
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any, TypeGuard

import httpx

from channels.base import (
    DeliveryError,
    FetchedMedia,
    InboundMessage,
    MediaRef,
    MessageKind,
    OutboundMessage,
    ProtocolError,
)
from channels.webchat import clean_text

CHANNEL = "telegram"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"  # noqa: S105 - a header name, not a secret
# The update kinds the gateway handles; asking for only these keeps the rest off the wire.
ALLOWED_UPDATES = ["message", "edited_message", "callback_query"]
MAX_MESSAGE_UNITS = 4096  # sendMessage text, in UTF-16 code units
MAX_CALLBACK_DATA_BYTES = 64
MAX_BOT_DOWNLOAD_BYTES = 20 * 1024 * 1024  # the Bot API serves no larger file to a bot
_NAME_CHARS = 256
_LANGUAGE = re.compile(r"[A-Za-z]{2,3}")
_POLL_MARGIN_SECONDS = 15.0  # how much longer than Telegram's long-poll timeout we wait


# -- inbound ---------------------------------------------------------------------------


def verify_secret(header: str | None, secret_token: str) -> bool:
    """Whether a webhook request carries the secret we gave `setWebhook`.

    Compared in constant time so the secret cannot be guessed byte by byte; with no secret
    configured nothing matches, so a forgotten setting fails closed.
    """
    if not secret_token or header is None:
        return False
    return hmac.compare_digest(header.encode("utf-8"), secret_token.encode("utf-8"))


def parse_update(update: dict[str, Any] | bytes | str, max_chars: int) -> InboundMessage | None:
    """One webhook body or `getUpdates` item -> InboundMessage.

    None for update kinds the gateway does not handle (channel posts, chat member changes,
    polls, ...): the caller answers 200 and stores nothing. ProtocolError only for what
    cannot be a Telegram update at all.
    """
    if isinstance(update, bytes | bytearray | str):
        try:
            update = json.loads(update)
        except (ValueError, UnicodeDecodeError) as error:
            raise ProtocolError("update is not valid JSON") from error
    if not isinstance(update, dict):
        raise ProtocolError("update must be a JSON object")
    update_id = update.get("update_id")
    if not _is_int(update_id):
        raise ProtocolError("update_id must be an integer")
    if isinstance(update.get("message"), dict):
        return _parse_message(update_id, update["message"], max_chars, edited=False)
    if isinstance(update.get("edited_message"), dict):
        return _parse_message(update_id, update["edited_message"], max_chars, edited=True)
    if isinstance(update.get("callback_query"), dict):
        return _parse_callback(update_id, update["callback_query"], max_chars)
    return None


def _parse_message(update_id: int, message: dict[str, Any], max_chars: int, *, edited: bool) -> InboundMessage | None:
    chat = message.get("chat")
    if not isinstance(chat, dict) or not _is_int(chat.get("id")):
        raise ProtocolError("message.chat.id must be an integer")
    user = _dict(message.get("from"))
    metadata: dict[str, Any] = {"telegram_message_id": message.get("message_id"), "chat_type": chat.get("type")}
    if edited:
        metadata["edited"] = True
    stamp = message.get("edit_date") if edited and _is_int(message.get("edit_date")) else message.get("date")

    kind, raw_text, attachments, details = _content(message)
    text, truncated = _normalise(raw_text, max_chars)
    if kind == MessageKind.TEXT and not text:  # nothing but control characters: nothing to answer
        return None
    metadata.update(details)
    if truncated:
        metadata["truncated"] = True
    return InboundMessage(
        channel=CHANNEL,
        sender_id=str(chat["id"]),
        text=text,
        provider_message_id=str(update_id),
        sender_name=_sender_name(user),
        language_hint=_language(user),
        kind=kind,
        attachments=attachments,
        sent_at=_timestamp(stamp),
        metadata=metadata,
    )


def _content(message: dict[str, Any]) -> tuple[str, str, tuple[MediaRef, ...], dict[str, Any]]:
    """(kind, text, attachments, metadata) of a message; a message holds one kind of content."""
    caption = message.get("caption") if isinstance(message.get("caption"), str) else ""
    if isinstance(message.get("text"), str):
        return MessageKind.TEXT, message["text"], (), {}
    if isinstance(message.get("photo"), list):
        sizes = [size for size in message["photo"] if isinstance(size, dict) and isinstance(size.get("file_id"), str)]
        if sizes:
            largest = max(sizes, key=lambda s: (_int(s.get("width")) * _int(s.get("height")), _int(s.get("file_size"))))
            ref = MediaRef(MessageKind.IMAGE, largest["file_id"], size=_optional_int(largest.get("file_size")))
            return MessageKind.IMAGE, caption, (ref,), {}
    # An animation (GIF) also carries a `document` field; it is a video for the customer.
    for field, kind in (
        ("animation", MessageKind.VIDEO),
        ("document", MessageKind.DOCUMENT),
        ("voice", MessageKind.AUDIO),
        ("audio", MessageKind.AUDIO),
        ("video", MessageKind.VIDEO),
        ("video_note", MessageKind.VIDEO),
        ("sticker", MessageKind.STICKER),
    ):
        media = message.get(field)
        if isinstance(media, dict) and isinstance(media.get("file_id"), str):
            ref = MediaRef(
                kind,
                media["file_id"],
                mime_type=media.get("mime_type") if isinstance(media.get("mime_type"), str) else None,
                filename=media.get("file_name") if isinstance(media.get("file_name"), str) else None,
                size=_optional_int(media.get("file_size")),
            )
            details = {"emoji": media["emoji"]} if field == "sticker" and isinstance(media.get("emoji"), str) else {}
            return kind, caption, (ref,), details
    # A venue message carries a `location` as well; the venue says more.
    venue = message.get("venue")
    if isinstance(venue, dict) and isinstance(venue.get("location"), dict):
        details = _coordinates(venue["location"])
        details.update({"title": venue.get("title"), "address": venue.get("address")})
        return MessageKind.LOCATION, "", (), details
    if isinstance(message.get("location"), dict):
        return MessageKind.LOCATION, "", (), _coordinates(message["location"])
    contact = message.get("contact")
    if isinstance(contact, dict):
        name = _join_name(contact.get("first_name"), contact.get("last_name"))
        phones = [contact["phone_number"]] if isinstance(contact.get("phone_number"), str) else []
        return MessageKind.CONTACTS, "", (), {"contacts": [{"name": name, "phones": phones}]}
    return MessageKind.UNSUPPORTED, "", (), {}


def _parse_callback(update_id: int, query: dict[str, Any], max_chars: int) -> InboundMessage:
    """A pressed inline button. Telegram sends only its callback_data; the title the
    customer saw is looked up in the keyboard of the message that carried it."""
    query_id = query.get("id")
    if not isinstance(query_id, str) or not query_id:
        raise ProtocolError("callback_query.id must be a string")
    user = _dict(query.get("from"))
    message = _dict(query.get("message"))  # absent for inline-mode messages; may be "inaccessible" (> 48 h)
    chat = _dict(message.get("chat"))
    if _is_int(chat.get("id")):
        sender_id = str(chat["id"])
    elif _is_int(user.get("id")):
        sender_id = str(user["id"])
    else:
        raise ProtocolError("callback_query has neither message.chat.id nor from.id")
    metadata: dict[str, Any] = {"callback_query_id": query_id}
    if "message_id" in message:
        metadata["telegram_message_id"] = message["message_id"]
    if chat.get("type"):
        metadata["chat_type"] = chat["type"]

    data = query.get("data")
    if not isinstance(data, str):  # a game's "Play" button: nothing for us, but it still needs an answer
        return InboundMessage(
            channel=CHANNEL,
            sender_id=sender_id,
            text="",
            provider_message_id=str(update_id),
            sender_name=_sender_name(user),
            language_hint=_language(user),
            kind=MessageKind.UNSUPPORTED,
            metadata=metadata,
        )
    title = _button_title(message, data)
    text, truncated = _normalise(title if title is not None else data, max_chars)
    if not text:
        text, truncated = _normalise(data, max_chars)
    if truncated:
        metadata["truncated"] = True
    return InboundMessage(
        channel=CHANNEL,
        sender_id=sender_id,
        text=text,
        provider_message_id=str(update_id),
        payload=data,
        sender_name=_sender_name(user),
        language_hint=_language(user),
        kind=MessageKind.BUTTON,
        metadata=metadata,
    )


def _button_title(message: dict[str, Any], data: str) -> str | None:
    keyboard = _dict(message.get("reply_markup")).get("inline_keyboard")
    for row in keyboard if isinstance(keyboard, list) else ():
        for button in row if isinstance(row, list) else ():
            if isinstance(button, dict) and button.get("callback_data") == data and isinstance(button.get("text"), str):
                return str(button["text"])
    return None


def _normalise(raw: str, max_chars: int) -> tuple[str, bool]:
    """clean_text's normalisation, but empty is allowed and over-long is cut, not refused."""
    try:
        text = clean_text(raw, sys.maxsize)
    except ProtocolError:  # the only refusal left is "empty"
        return "", False
    if len(text) > max_chars:
        return text[:max_chars].rstrip(), True
    return text, False


def _sender_name(user: dict[str, Any]) -> str | None:
    name = _join_name(user.get("first_name"), user.get("last_name")) or user.get("username")
    if not isinstance(name, str):
        return None
    return _normalise(name, _NAME_CHARS)[0] or None


def _join_name(first: object, last: object) -> str:
    return " ".join(part.strip() for part in (first, last) if isinstance(part, str) and part.strip())


def _language(user: dict[str, Any]) -> str | None:
    """The primary subtag of the Telegram client's language ("ru" from "ru-RU")."""
    code = user.get("language_code")
    if not isinstance(code, str):
        return None
    primary = re.split(r"[-_]", code.strip(), maxsplit=1)[0]
    return primary.lower() if _LANGUAGE.fullmatch(primary) else None


def _timestamp(value: object) -> datetime | None:
    # An inaccessible message has date 0: unknown, not 1970. A date past year 9999 is nonsense.
    if not _is_int(value) or value <= 0:
        return None
    try:
        return datetime.fromtimestamp(value, UTC)
    except (OverflowError, OSError, ValueError):
        return None


def _coordinates(location: dict[str, Any]) -> dict[str, Any]:
    return {"latitude": location.get("latitude"), "longitude": location.get("longitude")}


def _dict(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _is_int(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def _int(value: object) -> int:
    return value if _is_int(value) else 0


def _optional_int(value: object) -> int | None:
    return value if _is_int(value) else None


# -- outbound --------------------------------------------------------------------------


def utf16_length(text: str) -> int:
    """Text length as Telegram counts it: characters outside the BMP (most emoji) count twice."""
    return len(text.encode("utf-16-le")) // 2


def split_text(text: str, limit: int = MAX_MESSAGE_UNITS) -> list[str]:
    """Split a long text into parts Telegram accepts, preferring paragraph, then line,
    then word boundaries, so each part still reads well on its own."""
    parts: list[str] = []
    rest = text
    while utf16_length(rest) > limit:
        window = _prefix_within(rest, limit)
        for separator in ("\n\n", "\n", " "):
            cut = window.rfind(separator)
            if cut > 0 and window[:cut].strip():
                part, rest = window[:cut].rstrip(), rest[cut:].lstrip()
                break
        else:  # one word longer than a message: cut it
            part, rest = window, rest[len(window) :]
        parts.append(part)
    if rest or not parts:
        parts.append(rest)
    return parts


def _prefix_within(text: str, limit: int) -> str:
    """The longest prefix of text that is at most `limit` UTF-16 code units long."""
    units = 0
    for index, char in enumerate(text):
        units += 2 if ord(char) > 0xFFFF else 1
        if units > limit:
            return text[:index]
    return text


class TelegramAdapter:
    """The outbox's and media fetcher's view of one Telegram bot."""

    name = CHANNEL
    reply_window: timedelta | None = None  # Telegram lets a bot answer a chat at any time

    def __init__(
        self,
        client: httpx.AsyncClient,
        *,
        base_url: str,
        token: str,
        max_media_bytes: int = MAX_BOT_DOWNLOAD_BYTES,
    ) -> None:
        self._client = client
        self._base_url = base_url.rstrip("/")
        self._token = token
        self.max_media_bytes = max_media_bytes

    def parts(self, message: OutboundMessage) -> int:
        """How many Telegram messages `send` makes of it (for the per-chat rate limit)."""
        return max(1, len(split_text(message.text)))

    async def send(self, message: OutboundMessage) -> str:
        """Send the text as one or more messages (buttons on the last); return the last id.

        When a later part fails after earlier parts were delivered, the error says
        maybe_delivered and not retryable: a retry would repeat the delivered parts.
        """
        keyboard = self._keyboard(message)
        parts = split_text(message.text)
        last: Any = None
        for number, part in enumerate(parts, start=1):
            params: dict[str, Any] = {"chat_id": message.recipient_id, "text": part}
            if keyboard is not None and number == len(parts):
                params["reply_markup"] = keyboard
            try:
                last = await self._call("sendMessage", params)
            except DeliveryError as error:
                if number == 1:
                    raise
                raise DeliveryError(
                    f"part {number} of {len(parts)} failed after {number - 1} were delivered: {error.reason}",
                    retryable=False,
                    maybe_delivered=True,
                    status_code=error.status_code,
                ) from None
        if not isinstance(last, dict) or not _is_int(last.get("message_id")):
            raise DeliveryError(
                "sendMessage: Telegram's answer has no message_id", retryable=False, maybe_delivered=True
            )
        return str(last["message_id"])

    @staticmethod
    def _keyboard(message: OutboundMessage) -> dict[str, Any] | None:
        """One button per row: titles are often long and rows squeeze them on a phone.

        An over-long payload is refused, not cut: a cut payload would name another intent.
        """
        if not message.buttons:
            return None
        for button in message.buttons:
            size = len(button.payload.encode("utf-8"))
            if not 1 <= size <= MAX_CALLBACK_DATA_BYTES:
                raise DeliveryError(
                    f"button payload {button.payload!r} is {size} bytes; Telegram's callback_data "
                    f"must be 1-{MAX_CALLBACK_DATA_BYTES} bytes",
                    retryable=False,
                )
        return {"inline_keyboard": [[{"text": b.title, "callback_data": b.payload}] for b in message.buttons]}

    async def fetch_media(self, ref: MediaRef) -> FetchedMedia:
        """getFile names a path valid for about an hour; the file is then downloaded from it."""
        if ref.size is not None and ref.size > self.max_media_bytes:
            raise DeliveryError(self._too_large(ref.size), retryable=False)
        info = await self._call("getFile", {"file_id": ref.provider_id})
        file_path = info.get("file_path") if isinstance(info, dict) else None
        size = _optional_int(info.get("file_size")) if isinstance(info, dict) else None
        if size is not None and size > self.max_media_bytes:
            raise DeliveryError(self._too_large(size), retryable=False)
        if not isinstance(file_path, str) or not file_path:
            raise DeliveryError("getFile: Telegram gave no file_path for this file", retryable=False)
        content = await self._download(file_path)
        mime_type = ref.mime_type or mimetypes.guess_type(file_path)[0]
        return FetchedMedia(
            content=content, mime_type=mime_type, filename=ref.filename or posixpath.basename(file_path)
        )

    def _too_large(self, size: int) -> str:
        return f"file is {size} bytes, more than the {self.max_media_bytes} bytes allowed"

    async def _download(self, file_path: str) -> bytes:
        url = f"{self._base_url}/file/bot{self._token}/{file_path.lstrip('/')}"
        try:
            async with self._client.stream("GET", url) as response:
                if response.status_code != 200:
                    await response.aread()
                    raise self._refusal("download", response)
                chunks: list[bytes] = []
                received = 0
                async for chunk in response.aiter_bytes():
                    received += len(chunk)
                    if received > self.max_media_bytes:
                        raise DeliveryError(self._too_large(received), retryable=False)
                    chunks.append(chunk)
                return b"".join(chunks)
        except httpx.HTTPError as error:
            raise self._transport_failure("download", error) from None

    async def answer_callback_query(self, callback_query_id: str, text: str | None = None) -> None:
        """Stops the spinner on the customer's button; `text` shows as a brief notice."""
        params: dict[str, Any] = {"callback_query_id": callback_query_id}
        if text is not None:
            params["text"] = text
        await self._call("answerCallbackQuery", params)

    async def get_updates(
        self,
        offset: int | None,
        timeout: int,  # noqa: ASYNC109 - Telegram's long-poll parameter, not a deadline of ours
        allowed_updates: list[str],
    ) -> list[dict[str, Any]]:
        """Long polling: waits up to `timeout` seconds on Telegram's side for new updates.

        Passing offset = last update_id + 1 confirms everything before it; unconfirmed
        updates come back on the next call.
        """
        params: dict[str, Any] = {"timeout": timeout, "allowed_updates": allowed_updates}
        if offset is not None:
            params["offset"] = offset
        configured = self._client.timeout
        wait = httpx.Timeout(
            connect=configured.connect,
            read=timeout + _POLL_MARGIN_SECONDS,
            write=configured.write,
            pool=configured.pool,
        )
        result = await self._call("getUpdates", params, http_timeout=wait)
        if not isinstance(result, list):
            raise DeliveryError("getUpdates: Telegram's answer is not a list", retryable=True)
        return [update for update in result if isinstance(update, dict)]

    async def set_webhook(
        self, url: str, secret_token: str, allowed_updates: list[str], drop_pending_updates: bool = False
    ) -> None:
        await self._call(
            "setWebhook",
            {
                "url": url,
                "secret_token": secret_token,
                "allowed_updates": allowed_updates,
                "drop_pending_updates": drop_pending_updates,
            },
        )

    async def delete_webhook(self, drop_pending_updates: bool = False) -> None:
        await self._call("deleteWebhook", {"drop_pending_updates": drop_pending_updates})

    async def get_me(self) -> dict[str, Any]:
        """The bot's own user; a cheap check that the token is valid."""
        result = await self._call("getMe", {})
        if not isinstance(result, dict):
            raise DeliveryError("getMe: Telegram's answer is not an object", retryable=False)
        return result

    # -- one Bot API call, and what its failures mean ------------------------------------

    async def _call(self, method: str, params: dict[str, Any], *, http_timeout: httpx.Timeout | None = None) -> Any:
        url = f"{self._base_url}/bot{self._token}/{method}"
        try:
            if http_timeout is None:
                response = await self._client.post(url, json=params)
            else:
                response = await self._client.post(url, json=params, timeout=http_timeout)
        except httpx.HTTPError as error:
            raise self._transport_failure(method, error) from None
        body = _json_object(response)
        if 200 <= response.status_code < 300 and body.get("ok") is True:
            return body.get("result")
        raise self._refusal(method, response, body)

    def _transport_failure(self, method: str, error: httpx.HTTPError) -> DeliveryError:
        """Whether the request may have reached Telegram decides whether a retry is safe."""
        detail = self._scrub(str(error)) or "no detail"
        name = type(error).__name__
        if isinstance(error, httpx.ConnectError | httpx.ConnectTimeout | httpx.PoolTimeout | httpx.ProxyError):
            return DeliveryError(f"{method}: could not reach Telegram ({name}: {detail})", retryable=True)
        if isinstance(error, httpx.UnsupportedProtocol | httpx.LocalProtocolError):  # never sent: a setting is wrong
            return DeliveryError(f"{method}: the request could not be made ({name}: {detail})", retryable=False)
        return DeliveryError(
            f"{method}: the answer from Telegram was lost ({name}: {detail}); it may have been done",
            retryable=False,
            maybe_delivered=True,
        )

    def _refusal(self, method: str, response: httpx.Response, body: Mapping[str, Any] | None = None) -> DeliveryError:
        body = body if body is not None else _json_object(response)
        code = body.get("error_code") if _is_int(body.get("error_code")) else response.status_code
        description = body.get("description")
        reason = self._scrub(description) if isinstance(description, str) and description else f"{method}: HTTP {code}"
        parameters = _dict(body.get("parameters"))
        if _is_int(parameters.get("migrate_to_chat_id")):
            return DeliveryError(
                f"{reason} (migrate_to_chat_id {parameters['migrate_to_chat_id']}: the group became a "
                "supergroup; send to that chat id instead)",
                retryable=False,
                status_code=code,
            )
        if code == 429 or response.status_code == 429:
            retry_after = parameters.get("retry_after")
            return DeliveryError(
                reason,
                retryable=True,
                retry_after=float(retry_after) if isinstance(retry_after, int | float) else None,
                status_code=429,
            )
        if method == "sendMessage" and response.status_code in (502, 504):
            # Telegram's front answers 502/504 when its backend is slow, and the message is
            # often delivered anyway: a retry could send it twice.
            return DeliveryError(
                f"{reason} (may have been delivered)", retryable=False, maybe_delivered=True, status_code=code
            )
        if code >= 500 or response.status_code >= 500:
            return DeliveryError(reason, retryable=True, status_code=code)
        return DeliveryError(reason, retryable=False, status_code=code)

    def _scrub(self, text: str) -> str:
        """The token must not leak into logs through an error message that quotes the URL."""
        return text.replace(self._token, "<token>") if self._token else text


def _json_object(response: httpx.Response) -> dict[str, Any]:
    try:
        body = response.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}

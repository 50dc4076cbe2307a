"""Telegram out: replies sent through the Bot API, media downloaded, the bot's webhook managed.

The adapter is the gateway's one client of the Bot API, so long polling and webhook
registration live here with sending. A few choices follow from how Telegram behaves:

- Text is sent without `parse_mode`: what customers and agents write is shown literally,
  and a stray `<` or `_` cannot make Telegram refuse the message.
- The bot token is part of every URL. httpx errors can quote the URL, so their text never
  reaches a `DeliveryError` unscrubbed, and exceptions are not chained onto ours.
- Telegram measures text in UTF-16 code units (emoji count twice); limits are checked that
  way so a split part is never refused as too long.
"""

from __future__ import annotations

import mimetypes
import posixpath
from collections.abc import Mapping
from datetime import timedelta
from typing import Any

import httpx

from channels.base import DeliveryError, FetchedMedia, MediaRef, OutboundMessage
from channels.telegram.inbound import CHANNEL, _dict, _is_int, _optional_int
from channels.telegram.settings import TelegramSettings
from coordination.ratelimit import Limits

MAX_MESSAGE_UNITS = 4096  # sendMessage text, in UTF-16 code units
MAX_CALLBACK_DATA_BYTES = 64
MAX_BOT_DOWNLOAD_BYTES = 20 * 1024 * 1024  # the Bot API serves no larger file to a bot
_POLL_MARGIN_SECONDS = 15.0  # how much longer than Telegram's long-poll timeout we wait


# -- splitting long replies ------------------------------------------------------------


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
        limits: Limits | None = None,
    ) -> None:
        self._client = client
        self._base_url = base_url.rstrip("/")
        self._token = token
        self.max_media_bytes = max_media_bytes
        self._limits = limits if limits is not None else TelegramSettings().limits()

    @classmethod
    def from_settings(
        cls, group: TelegramSettings, client: httpx.AsyncClient, *, max_media_bytes: int
    ) -> TelegramAdapter:
        """The adapter an operator configured: the registry builds every channel this one way.

        The gateway's media limit is capped at what the Bot API serves a bot at all, so a
        larger file is refused from its declared size instead of failing at getFile.
        """
        return cls(
            client,
            base_url=group.api_url,
            token=group.token,
            max_media_bytes=min(max_media_bytes, MAX_BOT_DOWNLOAD_BYTES),
            limits=group.limits(),
        )

    def limits(self) -> Limits:
        """How fast the outbox may send through this bot (Telegram's flood limits, as configured)."""
        return self._limits

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

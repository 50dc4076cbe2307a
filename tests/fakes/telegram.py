"""A fake Telegram Bot API: what the gateway can expect of Telegram, as a runnable spec.

    with FakeTelegram("123456:TEST-token") as telegram:
        adapter = TelegramAdapter(client, base_url=telegram.url, token=telegram.token)
        telegram.push_update(text_update(1, 42, "Salam"))   # what a customer writes
        ... telegram.sent ...                               # what the bot answered

How the real Bot API behaves, and so this fake:

- Every call is `POST {url}/bot{token}/{method}` (GET works too); parameters come as JSON,
  an urlencoded form or the query string, and in a form, structured parameters
  (`reply_markup`, `allowed_updates`) are JSON strings. Method names ignore case.
- Every answer is JSON: `{"ok": true, "result": ...}` or
  `{"ok": false, "error_code": N, "description": "...", "parameters": {...}?}`.
  A wrong token is 401 "Unauthorized"; an unknown method 404 "Not Found".
- `sendMessage` needs chat_id and 1-4096 characters of text (counted in UTF-16 code units,
  as Telegram counts), and inline buttons' callback_data of 1-64 bytes. A chat whose user
  blocked the bot answers 403 "Forbidden: bot was blocked by the user". Too many messages
  to one chat in a second answer 429 with `parameters.retry_after` (flood control).
- Files: `getFile(file_id)` names a `file_path`, downloaded from `{url}/file/bot{token}/{file_path}`;
  bots cannot get files over 20 MB.
- Updates reach the bot either by webhook (`setWebhook`) or by long polling
  (`getUpdates`), never both: `getUpdates` answers 409 while a webhook is set. Polling with
  `offset` confirms every update below it; unconfirmed updates are returned again. Only
  one poller may wait at a time: a second one ends the first with 409.

This fake does not call webhooks: tests post updates to the gateway themselves.
The fake runs in a thread of the test process, so all its state is guarded by one lock.
"""

from __future__ import annotations

import asyncio
import json
import re
import threading
import time
from collections import deque
from collections.abc import Awaitable, Callable
from types import TracebackType
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from tests.fakes.server import LoopbackServer

MAX_TEXT_UNITS = 4096
MAX_CALLBACK_DATA_BYTES = 64
MAX_BOT_DOWNLOAD_BYTES = 20 * 1024 * 1024
WEBHOOK_PORTS = {80, 88, 443, 8443}
_SECRET_TOKEN = re.compile(r"[A-Za-z0-9_-]{1,256}")
_REASONS = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    409: "Conflict",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
}


class BotApiError(Exception):
    """How a method refuses: becomes {"ok": false, "error_code", "description", "parameters"}."""

    def __init__(self, status: int, description: str, parameters: dict[str, Any] | None = None) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.parameters = parameters


def ok(result: Any, description: str | None = None) -> JSONResponse:
    body: dict[str, Any] = {"ok": True, "result": result}
    if description:
        body["description"] = description
    return JSONResponse(body)


def refusal(status: int, description: str, parameters: dict[str, Any] | None = None) -> JSONResponse:
    body: dict[str, Any] = {"ok": False, "error_code": status, "description": description}
    if parameters:
        body["parameters"] = parameters
    return JSONResponse(body, status_code=status)


def too_many_requests(retry_after: int) -> BotApiError:
    return BotApiError(429, f"Too Many Requests: retry after {retry_after}", {"retry_after": retry_after})


class FakeTelegram:
    """One bot on a fake Telegram. Start it with `with`; `.url` is the API base URL.

    Scripting, from the test:
        fail_next(n, status, retry_after=...)  the next n requests fail (429 has retry_after)
        delay = seconds                        every answer comes this late (the work is done first)
        blocked_chats.add("42")                the user blocked the bot: 403
        unknown_chats / migrated_chats         400 "chat not found" / group became a supergroup
        per_chat_limit = n                     more than n messages a second to one chat: 429
        push_update(update), add_file(...)     what customers send
    Observing: sent, callback_answers, webhook, allowed_updates, requests, wait_for_sent().
    """

    def __init__(self, token: str, *, per_chat_limit: int | None = None) -> None:
        self.token = token
        prefix = token.split(":", 1)[0]
        self.bot_id = int(prefix) if prefix.isdigit() else 1
        self.per_chat_limit = per_chat_limit
        self.on_sent: Callable[[dict[str, Any]], None] | None = None  # called (in the server's thread) per message
        self.delay = 0.0
        self.blocked_chats: set[str] = set()
        self.unknown_chats: set[str] = set()
        self.migrated_chats: dict[str, int] = {}  # old group chat id -> its supergroup's id

        self.sent: list[dict[str, Any]] = []  # accepted sendMessage calls, in order
        self.callback_answers: list[dict[str, Any]] = []
        self.requests: list[tuple[str, dict[str, Any]]] = []  # every API call: (method, parameters)
        self.webhook: dict[str, Any] | None = None
        self.allowed_updates: list[str] | None = None  # None: every kind

        self._lock = threading.Condition()
        self._updates: list[dict[str, Any]] = []  # not yet confirmed, in update_id order
        self._files: dict[str, tuple[bytes, str, int]] = {}  # file_id -> (content, file_path, size)
        self._faults: deque[tuple[int, int | None]] = deque()
        self._message_ids: dict[str, int] = {}
        self._recent_sends: dict[str, deque[float]] = {}
        self._answered_queries: set[str] = set()
        self._poller = 0  # which getUpdates call is the current one
        self._closing = False
        self._methods: dict[str, Callable[[dict[str, Any]], Awaitable[JSONResponse]]] = {
            "getme": self._get_me,
            "sendmessage": self._send_message,
            "answercallbackquery": self._answer_callback_query,
            "getfile": self._get_file,
            "setwebhook": self._set_webhook,
            "deletewebhook": self._delete_webhook,
            "getwebhookinfo": self._get_webhook_info,
            "getupdates": self._get_updates,
        }
        self.app = Starlette(
            routes=[
                Route("/bot{token}/{method}", self._api, methods=["GET", "POST"]),
                Route("/file/bot{token}/{file_path:path}", self._download, methods=["GET"]),
            ]
        )
        self._server: LoopbackServer | None = None

    # -- lifecycle ---------------------------------------------------------------------

    @property
    def url(self) -> str:
        if self._server is None:
            raise RuntimeError("FakeTelegram is not started: use `with FakeTelegram(token) as telegram:`")
        return self._server.url

    def __enter__(self) -> FakeTelegram:
        self._server = LoopbackServer(self.app).start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, traceback: TracebackType | None
    ) -> None:
        with self._lock:
            self._closing = True  # lets a waiting getUpdates return, so the server can stop
        if self._server is not None:
            self._server.stop()

    # -- scripting and observing, from the test ----------------------------------------

    def push_update(self, update: dict[str, Any]) -> None:
        """An update Telegram has for the bot (a customer wrote, pressed a button, ...)."""
        if not isinstance(update.get("update_id"), int):
            raise ValueError("an update needs an integer update_id")
        with self._lock:
            self._updates.append(update)
            self._updates.sort(key=lambda u: u["update_id"])

    @property
    def pending_updates(self) -> list[dict[str, Any]]:
        """Updates not yet confirmed by a getUpdates offset."""
        with self._lock:
            return list(self._updates)

    def add_file(self, file_id: str, content: bytes, file_path: str, *, size: int | None = None) -> None:
        """A file a customer sent; `size` overrides the size getFile reports."""
        with self._lock:
            self._files[file_id] = (content, file_path, len(content) if size is None else size)

    def fail_next(self, n: int, status: int = 500, *, retry_after: int | None = None) -> None:
        """The next n requests (any method, downloads included) fail with `status`."""
        with self._lock:
            self._faults.extend([(status, retry_after)] * n)

    def wait_for_sent(self, count: int, timeout: float = 5.0) -> list[dict[str, Any]]:
        """Block until at least `count` messages were accepted; for code running elsewhere."""
        with self._lock:
            if not self._lock.wait_for(lambda: len(self.sent) >= count, timeout):
                raise AssertionError(self._sent_summary(count))
            return list(self.sent)

    async def wait_for_sent_async(self, count: int, timeout: float = 5.0) -> list[dict[str, Any]]:
        """wait_for_sent for a test whose sender runs on the test's own event loop."""
        deadline = time.monotonic() + timeout
        while True:
            with self._lock:
                if len(self.sent) >= count:
                    return list(self.sent)
            if time.monotonic() > deadline:
                with self._lock:
                    raise AssertionError(self._sent_summary(count))
            await asyncio.sleep(0.02)

    def _sent_summary(self, count: int) -> str:
        texts = [message["text"][:60] for message in self.sent]
        return f"expected {count} sent messages, Telegram got {len(self.sent)}: {texts}"

    # -- HTTP ----------------------------------------------------------------------------

    async def _api(self, request: Request) -> Response:
        if request.path_params["token"] != self.token:
            return refusal(401, "Unauthorized")
        method = request.path_params["method"]
        try:
            params = await _read_params(request)
            with self._lock:
                self.requests.append((method, params))
            self._take_fault()
            handler = self._methods.get(method.lower())
            if handler is None:
                raise BotApiError(404, "Not Found")
            response = await handler(params)
        except BotApiError as error:
            response = refusal(error.status, error.description, error.parameters)
        if self.delay:
            await asyncio.sleep(self.delay)  # done, but the answer is late: the caller cannot tell
        return response

    async def _download(self, request: Request) -> Response:
        if request.path_params["token"] != self.token:
            return refusal(401, "Unauthorized")
        try:
            self._take_fault()
        except BotApiError as error:
            return refusal(error.status, error.description, error.parameters)
        with self._lock:
            found = [content for content, path, _ in self._files.values() if path == request.path_params["file_path"]]
        if self.delay:
            await asyncio.sleep(self.delay)
        if not found:
            return refusal(404, "Not Found")
        return Response(found[0], media_type="application/octet-stream")

    def _take_fault(self) -> None:
        with self._lock:
            if not self._faults:
                return
            status, retry_after = self._faults.popleft()
        if status == 429:
            raise too_many_requests(retry_after or 1)
        parameters = {"retry_after": retry_after} if retry_after is not None else None
        raise BotApiError(status, _REASONS.get(status, f"Error {status}"), parameters)

    # -- methods -------------------------------------------------------------------------

    async def _get_me(self, params: dict[str, Any]) -> JSONResponse:
        return ok(
            {
                "id": self.bot_id,
                "is_bot": True,
                "first_name": "Vehicle Support",
                "username": "vehicle_support_bot",
                "can_join_groups": True,
                "can_read_all_group_messages": False,
                "supports_inline_queries": False,
            }
        )

    async def _send_message(self, params: dict[str, Any]) -> JSONResponse:
        chat_id = _chat_id(params)
        text = params.get("text")
        if not isinstance(text, str) or not text.strip():
            raise BotApiError(400, "Bad Request: message text is empty")
        if _utf16_length(text) > MAX_TEXT_UNITS:
            raise BotApiError(400, "Bad Request: message is too long")
        markup = _structured(params.get("reply_markup"), "reply keyboard markup")
        _check_inline_keyboard(markup)
        if chat_id in self.unknown_chats:
            raise BotApiError(400, "Bad Request: chat not found")
        if chat_id in self.migrated_chats:
            raise BotApiError(
                400,
                "Bad Request: group chat was upgraded to a supergroup chat",
                {"migrate_to_chat_id": self.migrated_chats[chat_id]},
            )
        if chat_id in self.blocked_chats:
            raise BotApiError(403, "Forbidden: bot was blocked by the user")
        with self._lock:
            self._flood_control(chat_id)
            message_id = self._message_ids.get(chat_id, 0) + 1
            self._message_ids[chat_id] = message_id
            message: dict[str, Any] = {
                "message_id": message_id,
                "from": {"id": self.bot_id, "is_bot": True, "first_name": "Vehicle Support"},
                "chat": {"id": _as_number(chat_id), "type": "private"},
                "date": int(time.time()),
                "text": text,
            }
            if markup is not None:
                message["reply_markup"] = markup
            record = {"chat_id": chat_id, "text": text, "reply_markup": markup, "message_id": message_id}
            self.sent.append(record)
            self._lock.notify_all()
        if self.on_sent is not None:
            self.on_sent(record)
        return ok(message)

    def _flood_control(self, chat_id: str) -> None:
        """Called with the lock held: at most per_chat_limit messages to one chat per second."""
        now = time.monotonic()
        recent = self._recent_sends.setdefault(chat_id, deque())
        while recent and now - recent[0] >= 1.0:
            recent.popleft()
        if self.per_chat_limit is not None and len(recent) >= self.per_chat_limit:
            raise too_many_requests(1)
        recent.append(now)

    async def _answer_callback_query(self, params: dict[str, Any]) -> JSONResponse:
        query_id = params.get("callback_query_id")
        if not isinstance(query_id, str) or not query_id:
            raise BotApiError(400, 'Bad Request: parameter "callback_query_id" is required')
        with self._lock:
            if query_id in self._answered_queries:  # a query is answered once
                raise BotApiError(
                    400, "Bad Request: query is too old and response timeout expired or query ID is invalid"
                )
            self._answered_queries.add(query_id)
            self.callback_answers.append(
                {
                    "callback_query_id": query_id,
                    "text": params.get("text"),
                    "show_alert": _boolean(params.get("show_alert")),
                }
            )
        return ok(True)

    async def _get_file(self, params: dict[str, Any]) -> JSONResponse:
        file_id = params.get("file_id")
        with self._lock:
            stored = self._files.get(file_id) if isinstance(file_id, str) else None
        if stored is None:
            raise BotApiError(400, "Bad Request: invalid file_id")
        _, file_path, size = stored
        if size > MAX_BOT_DOWNLOAD_BYTES:
            raise BotApiError(400, "Bad Request: file is too big")
        return ok(
            {"file_id": file_id, "file_unique_id": f"unique-{file_id}", "file_size": size, "file_path": file_path}
        )

    async def _set_webhook(self, params: dict[str, Any]) -> JSONResponse:
        url = params.get("url", "")
        if url == "":  # an empty URL removes the webhook
            return await self._delete_webhook(params)
        parts = urlsplit(str(url))
        if parts.scheme != "https":
            raise BotApiError(400, "Bad Request: bad webhook: An HTTPS URL must be provided for webhook")
        if (parts.port or 443) not in WEBHOOK_PORTS:
            raise BotApiError(400, "Bad Request: bad webhook: Webhook can be set up only on ports 80, 88, 443 or 8443")
        secret = params.get("secret_token")
        if secret is not None and not (isinstance(secret, str) and _SECRET_TOKEN.fullmatch(secret)):
            raise BotApiError(400, "Bad Request: secret token contains unallowed characters")
        allowed = _structured(params.get("allowed_updates"), "allowed updates")
        with self._lock:
            self.webhook = {"url": url, "secret_token": secret, "allowed_updates": allowed}
            if isinstance(allowed, list):
                self.allowed_updates = allowed or None
            if _boolean(params.get("drop_pending_updates")):
                self._updates.clear()
        return ok(True, "Webhook was set")

    async def _delete_webhook(self, params: dict[str, Any]) -> JSONResponse:
        with self._lock:
            had_webhook = self.webhook is not None
            self.webhook = None
            if _boolean(params.get("drop_pending_updates")):
                self._updates.clear()
        return ok(True, "Webhook was deleted" if had_webhook else "Webhook is already deleted")

    async def _get_webhook_info(self, params: dict[str, Any]) -> JSONResponse:
        with self._lock:
            info: dict[str, Any] = {
                "url": self.webhook["url"] if self.webhook else "",
                "has_custom_certificate": False,
                "pending_update_count": len(self._updates),
            }
            if self.webhook and self.allowed_updates:
                info["allowed_updates"] = list(self.allowed_updates)
        return ok(info)

    async def _get_updates(self, params: dict[str, Any]) -> JSONResponse:
        """Long polling: confirm below `offset`, then wait up to `timeout` s for updates."""
        offset = _integer(params, "offset", 0)
        limit = min(max(_integer(params, "limit", 100), 1), 100)
        timeout = max(_integer(params, "timeout", 0), 0)
        allowed = _structured(params.get("allowed_updates"), "allowed updates")
        with self._lock:
            if self.webhook is not None:
                raise BotApiError(
                    409,
                    "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete "
                    "the webhook first",
                )
            if isinstance(allowed, list):  # remembered for later calls, as Telegram does
                self.allowed_updates = allowed or None
            self._confirm(offset)
            self._poller += 1
            me = self._poller
        deadline = time.monotonic() + timeout
        while True:
            with self._lock:
                if self._poller != me:
                    raise BotApiError(
                        409,
                        "Conflict: terminated by other getUpdates request; make sure that only one bot instance "
                        "is running",
                    )
                self._updates = [u for u in self._updates if self._is_allowed(u)]
                ready = self._updates[:limit]
                if ready or self._closing or time.monotonic() >= deadline:
                    return ok(ready)
            await asyncio.sleep(0.02)

    def _confirm(self, offset: int) -> None:
        """Called with the lock held. Positive: forget updates below it; negative: keep the last -offset."""
        if offset > 0:
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
        elif offset < 0:
            self._updates = self._updates[offset:]

    def _is_allowed(self, update: dict[str, Any]) -> bool:
        if not self.allowed_updates:
            return True
        return any(kind in update for kind in self.allowed_updates)


# -- reading parameters the way the Bot API does ---------------------------------------


async def _read_params(request: Request) -> dict[str, Any]:
    params: dict[str, Any] = dict(request.query_params)
    body = await request.body()
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if body and content_type == "application/json":
        try:
            data = json.loads(body)
        except ValueError as error:
            raise BotApiError(400, "Bad Request: can't parse JSON body") from error
        if not isinstance(data, dict):
            raise BotApiError(400, "Bad Request: JSON body must be an object")
        params.update(data)
    elif body and content_type == "application/x-www-form-urlencoded":
        params.update(parse_qsl(body.decode("utf-8"), keep_blank_values=True))
    return params


def _structured(value: Any, what: str) -> Any:
    """reply_markup and allowed_updates: an object in JSON, a JSON string in a form."""
    if not isinstance(value, str):
        return value
    try:
        return json.loads(value)
    except ValueError as error:
        raise BotApiError(400, f"Bad Request: can't parse {what} JSON object") from error


def _chat_id(params: dict[str, Any]) -> str:
    value = params.get("chat_id")
    if value is None or value == "":
        raise BotApiError(400, "Bad Request: chat_id is empty")
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise BotApiError(400, "Bad Request: chat not found")
    return str(value)


def _check_inline_keyboard(markup: Any) -> None:
    if markup is None:
        return
    if not isinstance(markup, dict):
        raise BotApiError(400, "Bad Request: can't parse reply keyboard markup JSON object")
    keyboard = markup.get("inline_keyboard")
    if keyboard is None:
        return
    if not isinstance(keyboard, list) or not all(isinstance(row, list) for row in keyboard):
        raise BotApiError(400, 'Bad Request: field "inline_keyboard" of the InlineKeyboardMarkup must be an Array')
    for button in (button for row in keyboard for button in row):
        if not isinstance(button, dict) or not isinstance(button.get("text"), str) or not button["text"]:
            raise BotApiError(400, "Bad Request: can't parse inline keyboard button: Text buttons are unallowed")
        data = button.get("callback_data")
        if data is not None and not (isinstance(data, str) and 1 <= len(data.encode()) <= MAX_CALLBACK_DATA_BYTES):
            raise BotApiError(400, "Bad Request: BUTTON_DATA_INVALID")


def _integer(params: dict[str, Any], name: str, default: int) -> int:
    value = params.get(name, default)
    try:
        return int(value)
    except (TypeError, ValueError) as error:
        raise BotApiError(400, f'Bad Request: field "{name}" must be of type Integer') from error


def _boolean(value: Any) -> bool:
    return value is True or (isinstance(value, str) and value.lower() in {"true", "1"})


def _as_number(chat_id: str) -> int | str:
    return int(chat_id) if re.fullmatch(r"-?\d+", chat_id) else chat_id


def _utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


# -- updates as Telegram sends them ----------------------------------------------------


def sender(
    user_id: int,
    *,
    first_name: str = "Aysel",
    last_name: str | None = None,
    username: str | None = None,
    language_code: str | None = "az",
) -> dict[str, Any]:
    """A Telegram user (`from`). In a private chat the chat id is the user id."""
    user: dict[str, Any] = {"id": user_id, "is_bot": False, "first_name": first_name}
    if last_name is not None:
        user["last_name"] = last_name
    if username is not None:
        user["username"] = username
    if language_code is not None:
        user["language_code"] = language_code
    return user


def message_update(
    update_id: int,
    chat_id: int,
    content: dict[str, Any],
    *,
    message_id: int | None = None,
    date: int | None = None,
    chat_type: str = "private",
    field: str = "message",
    **user: Any,
) -> dict[str, Any]:
    """An update carrying a message with `content` (text, photo, location, ...)."""
    message = {
        "message_id": update_id if message_id is None else message_id,
        "from": sender(chat_id, **user),
        "chat": {"id": chat_id, "type": chat_type},
        "date": int(time.time()) if date is None else date,
        **content,
    }
    if chat_type == "private":
        message["chat"]["first_name"] = message["from"]["first_name"]
    return {"update_id": update_id, field: message}


def text_update(update_id: int, chat_id: int, text: str, **options: Any) -> dict[str, Any]:
    """A customer wrote text. Options: message_id, date, chat_type, first_name, last_name,
    username, language_code."""
    return message_update(update_id, chat_id, {"text": text}, **options)


def edited_update(
    update_id: int, chat_id: int, text: str, *, message_id: int, edit_date: int | None = None, **options: Any
) -> dict[str, Any]:
    """A customer edited an earlier message: a new update_id, the same message_id."""
    edited = int(time.time()) if edit_date is None else edit_date
    return message_update(
        update_id,
        chat_id,
        {"text": text, "edit_date": edited},
        message_id=message_id,
        field="edited_message",
        **options,
    )


def callback_update(
    update_id: int,
    chat_id: int,
    data: str,
    *,
    buttons: list[tuple[str, str]] | None = None,
    message_text: str = "How can I help?",
    callback_query_id: str | None = None,
    message_id: int = 1,
    **user: Any,
) -> dict[str, Any]:
    """A customer pressed an inline button; Telegram sends its callback_data and the bot's
    message that carried the keyboard, one (title, payload) button per row."""
    keyboard = [[{"text": title, "callback_data": payload}] for title, payload in buttons or [(data, data)]]
    return {
        "update_id": update_id,
        "callback_query": {
            "id": callback_query_id or f"cbq-{update_id}",
            "from": sender(chat_id, **user),
            "chat_instance": f"instance-{chat_id}",
            "message": {
                "message_id": message_id,
                "from": {"id": 1, "is_bot": True, "first_name": "Vehicle Support"},
                "chat": {"id": chat_id, "type": "private"},
                "date": int(time.time()),
                "text": message_text,
                "reply_markup": {"inline_keyboard": keyboard},
            },
            "data": data,
        },
    }


def photo_update(
    update_id: int, chat_id: int, *, file_id: str = "photo-1", caption: str | None = None, **options: Any
) -> dict[str, Any]:
    """A photo: Telegram sends several sizes, smallest first; `file_id` names the largest."""
    sizes = [
        {"file_id": f"{file_id}-s", "file_unique_id": f"{file_id}-us", "file_size": 1_400, "width": 90, "height": 68},
        {
            "file_id": f"{file_id}-m",
            "file_unique_id": f"{file_id}-um",
            "file_size": 21_000,
            "width": 320,
            "height": 240,
        },
        {"file_id": file_id, "file_unique_id": f"{file_id}-u", "file_size": 143_000, "width": 1280, "height": 960},
    ]
    content: dict[str, Any] = {"photo": sizes}
    if caption is not None:
        content["caption"] = caption
    return message_update(update_id, chat_id, content, **options)


def document_update(
    update_id: int,
    chat_id: int,
    *,
    file_id: str = "document-1",
    file_name: str = "service-invoice.pdf",
    mime_type: str = "application/pdf",
    file_size: int = 48_213,
    caption: str | None = None,
    **options: Any,
) -> dict[str, Any]:
    document = {
        "file_id": file_id,
        "file_unique_id": f"{file_id}-u",
        "file_name": file_name,
        "mime_type": mime_type,
        "file_size": file_size,
    }
    content: dict[str, Any] = {"document": document}
    if caption is not None:
        content["caption"] = caption
    return message_update(update_id, chat_id, content, **options)


def location_update(
    update_id: int, chat_id: int, latitude: float = 40.409264, longitude: float = 49.867092, **options: Any
) -> dict[str, Any]:
    return message_update(update_id, chat_id, {"location": {"latitude": latitude, "longitude": longitude}}, **options)


def contact_update(
    update_id: int,
    chat_id: int,
    phone_number: str = "+994501234567",
    contact_first_name: str = "Rauf",
    contact_last_name: str | None = None,
    **options: Any,
) -> dict[str, Any]:
    """A shared contact card (the contact's name, not the sender's)."""
    contact: dict[str, Any] = {"phone_number": phone_number, "first_name": contact_first_name}
    if contact_last_name is not None:
        contact["last_name"] = contact_last_name
    return message_update(update_id, chat_id, {"contact": contact}, **options)

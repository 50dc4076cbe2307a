"""A fake WhatsApp Cloud API (Graph API), served over real HTTP on loopback.

It is a specification, in code, of what the gateway may rely on from Meta:

- every request needs `Authorization: Bearer <access token>`, else 401 with Graph error 190;
- `POST /{version}/{phone-number-id}/messages` accepts text, interactive (reply buttons,
  lists) and template messages only in the shapes and sizes WhatsApp accepts; anything else
  is a 400 with Graph error 100, as Meta answers;
- free-form (non-template) messages to a customer whose 24-hour window is closed fail with
  400 and error 131047; templates must be approved for the language and get exactly their
  number of body variables, without newlines or tabs (errors 132001, 132000, 132018);
- an accepted message gets a unique `wamid.…` id and is recorded in `sent`;
- `GET /{version}/{media-id}` describes an uploaded media (its download url, type, size);
  the url answers the bytes, with the Bearer token again; unknown media ids are a 400 with
  error 100 (as Graph does for any unknown object), an expired download a 404.

Faults are scriptable: `fail_next` (5xx, 429 with Retry-After, a given Graph error code),
`delay` (slow answers, for client timeouts) and `window_closed_for`.

The module also builds inbound webhooks exactly as Meta posts them (`text_message`,
`webhook`, `status`, `sign`, ...), so tests describe deliveries in Meta's own shape.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import itertools
import json
import re
import threading
import time
import uuid
from collections.abc import AsyncIterator, Callable, Iterable
from dataclasses import dataclass
from types import TracebackType
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from tests.fakes.server import LoopbackServer

ACCESS_TOKEN = "EAAG-fake-access-token"
API_VERSION = "v23.0"
PHONE_NUMBER_ID = "106540352242922"
DISPLAY_PHONE_NUMBER = "15550783881"
WABA_ID = "102290129340398"
CUSTOMER_WA_ID = "994501234567"
CUSTOMER_NAME = "Aysel Mammadova"
TEMPLATE_NAME = "support_reply"
# Languages the template is approved in, as Meta names them.
TEMPLATE_LANGUAGES = frozenset({"en_US", "en", "ru", "az", "kk", "ka", "ne"})

_BSUID = re.compile(r"^[A-Z]{2}\.[A-Za-z0-9]+$")
_PHONE = re.compile(r"^\+?[0-9]{6,20}$")
_TEMPLATE_VARIABLE = re.compile(r"\{\{\d+\}\}")

# Graph error codes the fake answers with, and Meta's titles for them.
ERROR_TITLES = {
    4: "Application request limit reached",
    100: "Invalid parameter",
    190: "Invalid OAuth access token",
    80007: "Rate limit issues",
    130429: "Rate limit hit",
    131000: "Something went wrong",
    131047: "Re-engagement message",
    131056: "(Business Account, Consumer Account) pair rate limit hit",
    132000: "Number of parameters does not match the expected number of params",
    132001: "Template name does not exist in the translation",
    132018: "There was an issue with the parameters in your template",
}
_DEFAULT_CODES = {400: 100, 401: 190, 429: 130429}


class GraphError(Exception):
    """Raised inside a handler; becomes a Graph-style error answer."""

    def __init__(self, status: int, code: int, details: str = "", *, headers: dict[str, str] | None = None) -> None:
        super().__init__(details)
        self.status, self.code, self.details, self.headers = status, code, details, headers or {}


def graph_error_body(code: int, details: str = "") -> dict[str, Any]:
    """An error as the Graph API words it."""
    title = ERROR_TITLES.get(code, "Error")
    return {
        "error": {
            "message": f"(#{code}) {title}",
            "type": "OAuthException",
            "code": code,
            "error_data": {"messaging_product": "whatsapp", "details": details or title},
            "fbtrace_id": f"A{uuid.uuid4().hex[:22]}",
        }
    }


@dataclass
class _Fault:
    skip: int
    remaining: int
    status: int
    code: int
    retry_after: float | None


@dataclass
class _Media:
    content: bytes
    mime_type: str
    report_size: bool
    expired: bool = False


class FakeWhatsApp:
    """`with FakeWhatsApp() as fake:` — a Graph API at `fake.url` for one test."""

    def __init__(
        self,
        *,
        access_token: str = ACCESS_TOKEN,
        phone_number_id: str = PHONE_NUMBER_ID,
        templates: dict[str, frozenset[str]] | None = None,
    ) -> None:
        self.access_token = access_token
        self.phone_number_id = phone_number_id
        # Approved templates: name -> languages. Each has one body variable, {{1}}.
        self.templates = templates if templates is not None else {TEMPLATE_NAME: TEMPLATE_LANGUAGES}
        self.sent: list[dict[str, Any]] = []  # accepted messages: the request body plus "wamid"
        self.attempts: list[dict[str, Any]] = []  # every send request that reached us, accepted or not
        self.delay = 0.0  # seconds to wait before answering any request
        self.window_closed_for: set[str] = set()
        self.on_sent: Callable[[dict[str, Any]], None] | None = None  # called (in the server's thread) per message
        self._faults: list[_Fault] = []
        self._media: dict[str, _Media] = {}
        self._changed = threading.Condition()
        self._ids = itertools.count(1)
        app = Starlette(
            routes=[
                # Listed first: the download path would otherwise match /{version}/{media_id}.
                Route("/media-download/{media_id}", self._download, methods=["GET"]),
                Route("/{version}/{phone_number_id}/messages", self._send, methods=["POST"]),
                Route("/{version}/{media_id}", self._media_info, methods=["GET"]),
            ],
        )
        self._server = LoopbackServer(app)
        self.url = self._server.url

    def __enter__(self) -> FakeWhatsApp:
        self._server.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self._server.stop()

    # -- scripting ---------------------------------------------------------------------

    def fail_next(
        self,
        n: int,
        status: int = 500,
        *,
        error_code: int | None = None,
        retry_after: float | None = None,
        after: int = 0,
    ) -> None:
        """Answer the next `n` sends with `status` and a Graph error (default code by status).

        after: let that many sends through first (to fail the second part of a long reply).
        """
        code = error_code if error_code is not None else _DEFAULT_CODES.get(status, 131000)
        with self._changed:
            self._faults.append(_Fault(after, n, status, code, retry_after))

    def recover(self) -> None:
        """Forget the faults still scripted: the API answers normally from now on."""
        with self._changed:
            self._faults.clear()

    def add_media(self, media_id: str, content: bytes, mime_type: str, *, report_size: bool = True) -> None:
        """Media a customer sent. report_size=False leaves out file_size and Content-Length."""
        with self._changed:
            self._media[media_id] = _Media(content, mime_type, report_size)

    def expire_media(self, media_id: str) -> None:
        """Meta's download urls expire; the lookup still works, the download answers 404."""
        with self._changed:
            self._media[media_id].expired = True

    def wait_for_sent(self, count: int, timeout: float = 5.0) -> list[dict[str, Any]]:
        """Block until at least `count` messages were accepted; a copy of them."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while len(self.sent) < count:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(f"expected {count} sent messages within {timeout} s, got {self.sent!r}")
                self._changed.wait(remaining)
            return list(self.sent)

    # -- the API -----------------------------------------------------------------------

    async def _send(self, request: Request) -> Response:
        try:
            await self._before(request)
            try:
                body = json.loads(await request.body())
            except ValueError as error:
                raise GraphError(400, 100, "request body is not JSON") from error
            with self._changed:
                self.attempts.append(body)
            self._take_fault()
            if request.path_params["phone_number_id"] != self.phone_number_id:
                raise GraphError(400, 100, f"Object with ID '{request.path_params['phone_number_id']}' does not exist")
            recipient, id_field = _validate_send(body, self.templates)
            if body["type"] != "template" and recipient in self.window_closed_for:
                raise GraphError(400, 131047, "Message failed to send because more than 24 hours have passed")
        except GraphError as error:
            return _error_response(error)
        wamid = f"wamid.{next(self._ids):06d}{uuid.uuid4().hex[:16].upper()}"
        record = {**body, "wamid": wamid}
        with self._changed:
            self.sent.append(record)
            self._changed.notify_all()
        if self.on_sent is not None:
            self.on_sent(record)
        return JSONResponse(
            {
                "messaging_product": "whatsapp",
                "contacts": [{"input": recipient, id_field: recipient}],
                "messages": [{"id": wamid}],
            }
        )

    async def _media_info(self, request: Request) -> Response:
        media_id = request.path_params["media_id"]
        try:
            await self._before(request)
            media = self._media.get(media_id)
            if media is None:
                raise GraphError(400, 100, f"Unsupported get request. Object with ID '{media_id}' does not exist")
        except GraphError as error:
            return _error_response(error)
        info: dict[str, Any] = {
            "messaging_product": "whatsapp",
            "url": f"{self.url}/media-download/{media_id}",
            "mime_type": media.mime_type,
            "sha256": hashlib.sha256(media.content).hexdigest(),
            "id": media_id,
        }
        if media.report_size:
            info["file_size"] = len(media.content)
        return JSONResponse(info)

    async def _download(self, request: Request) -> Response:
        try:
            await self._before(request)
        except GraphError as error:
            return _error_response(error)
        media = self._media.get(request.path_params["media_id"])
        if media is None or media.expired:
            return Response("Not Found", status_code=404, media_type="text/plain")
        if media.report_size:
            return Response(media.content, media_type=media.mime_type)

        async def chunks() -> AsyncIterator[bytes]:  # no Content-Length: the size shows while reading
            for start in range(0, len(media.content), 64 * 1024):
                yield media.content[start : start + 64 * 1024]

        return StreamingResponse(chunks(), media_type=media.mime_type)

    async def _before(self, request: Request) -> None:
        await request.body()  # the whole request arrives before Meta is slow to answer it
        if self.delay:
            await asyncio.sleep(self.delay)
        if request.headers.get("authorization") != f"Bearer {self.access_token}":
            raise GraphError(401, 190, "Invalid OAuth access token - Cannot parse access token")

    def _take_fault(self) -> None:
        with self._changed:
            if not self._faults:
                return
            fault = self._faults[0]
            if fault.skip > 0:
                fault.skip -= 1
                return
            fault.remaining -= 1
            if fault.remaining <= 0:
                self._faults.pop(0)
        headers = {"Retry-After": f"{fault.retry_after:g}"} if fault.retry_after is not None else None
        raise GraphError(fault.status, fault.code, headers=headers)


def _error_response(error: GraphError) -> JSONResponse:
    return JSONResponse(graph_error_body(error.code, error.details), status_code=error.status, headers=error.headers)


# -- what a valid send looks like --------------------------------------------------------


def _validate_send(body: Any, templates: dict[str, frozenset[str]]) -> tuple[str, str]:
    """(recipient, "wa_id" or "user_id"), or GraphError 400 naming the broken parameter."""

    def check(condition: bool, details: str, code: int = 100) -> None:
        if not condition:
            raise GraphError(400, code, details)

    def text(value: Any, limit: int, name: str) -> str:
        check(isinstance(value, str) and 0 < len(value) <= limit, f"{name} must be 1-{limit} characters")
        return str(value)

    check(isinstance(body, dict), "body must be an object")
    check(body.get("messaging_product") == "whatsapp", "messaging_product must be 'whatsapp'")
    check(body.get("recipient_type", "individual") == "individual", "recipient_type must be 'individual'")
    to, recipient = body.get("to"), body.get("recipient")
    if to is not None:  # `to` wins when both are given
        check(isinstance(to, str) and bool(_PHONE.match(to)), "to must be a phone number")
        address, id_field = to.lstrip("+"), "wa_id"
    else:
        check(isinstance(recipient, str) and bool(_BSUID.match(recipient)), "recipient must be a BSUID or 'to' given")
        address, id_field = recipient, "user_id"

    kind = body.get("type")
    if kind == "text":
        content = body.get("text")
        check(isinstance(content, dict), "text must be an object")
        text(content.get("body"), 4096, "text.body")
        check(isinstance(content.get("preview_url", False), bool), "text.preview_url must be a boolean")
    elif kind == "interactive":
        _validate_interactive(body.get("interactive"), check, text)
    elif kind == "template":
        _validate_template(body.get("template"), templates, check)
    else:
        check(
            False, f"type {kind!r} is not implemented by the fake (the gateway only sends text, interactive, template)"
        )
    return address, id_field


def _validate_interactive(interactive: Any, check: Any, text: Any) -> None:
    check(isinstance(interactive, dict), "interactive must be an object")
    body, action = interactive.get("body"), interactive.get("action")
    check(isinstance(body, dict) and isinstance(action, dict), "interactive.body and interactive.action are required")
    if interactive.get("type") == "button":
        text(body.get("text"), 1024, "interactive.body.text")
        buttons = action.get("buttons")
        check(isinstance(buttons, list) and 1 <= len(buttons) <= 3, "action.buttons must hold 1-3 buttons")
        for button in buttons:
            check(isinstance(button, dict) and button.get("type") == "reply", "each button must be of type reply")
            reply = button.get("reply")
            check(isinstance(reply, dict), "button.reply must be an object")
            text(reply.get("id"), 256, "button.reply.id")
            text(reply.get("title"), 20, "button.reply.title")
        check(len({b["reply"]["id"] for b in buttons}) == len(buttons), "button ids must be unique")
        check(len({b["reply"]["title"] for b in buttons}) == len(buttons), "button titles must be unique")
    elif interactive.get("type") == "list":
        text(body.get("text"), 4096, "interactive.body.text")
        text(action.get("button"), 20, "action.button")
        sections = action.get("sections")
        check(isinstance(sections, list) and 1 <= len(sections) <= 10, "action.sections must hold 1-10 sections")
        rows = [row for section in sections if isinstance(section, dict) for row in section.get("rows") or []]
        check(1 <= len(rows) <= 10, "a list holds 1-10 rows in all")
        check(len(sections) == 1 or all("title" in s for s in sections), "several sections each need a title")
        for row in rows:
            check(isinstance(row, dict), "each row must be an object")
            text(row.get("id"), 200, "row.id")
            text(row.get("title"), 24, "row.title")
            if "description" in row:
                text(row["description"], 72, "row.description")
        check(len({row["id"] for row in rows}) == len(rows), "row ids must be unique")
    else:
        check(False, f"interactive.type {interactive.get('type')!r} is not implemented by the fake")


def _validate_template(template: Any, templates: dict[str, frozenset[str]], check: Any) -> None:
    check(isinstance(template, dict), "template must be an object")
    language = template.get("language")
    code = language.get("code") if isinstance(language, dict) else None
    check(isinstance(code, str), "template.language.code is required")
    check(
        code in templates.get(template.get("name"), frozenset()),
        f"template {template.get('name')!r} in {code!r}",
        132001,
    )
    components = template.get("components", [])
    check(isinstance(components, list), "template.components must be a list")
    parameters = [
        p for c in components if isinstance(c, dict) and c.get("type") == "body" for p in c.get("parameters") or []
    ]
    check(len(parameters) == 1, "the template has one body variable", 132000)
    value = parameters[0].get("text") if isinstance(parameters[0], dict) else None
    check(isinstance(value, str) and 0 < len(value) <= 1024, "the body variable must be 1-1024 characters")
    check(
        "\n" not in value and "\t" not in value and "     " not in value,
        "Param text cannot have new-line/tab characters or more than 4 consecutive spaces",
        132018,
    )


# -- inbound webhooks, as Meta posts them ------------------------------------------------

_message_ids = itertools.count(1)


def raw_message(
    kind: str,
    content: dict[str, Any] | list[Any] | None,
    *,
    wa_id: str | None = CUSTOMER_WA_ID,
    user_id: str | None = None,
    message_id: str | None = None,
    timestamp: int | None = None,
    context_id: str | None = None,
) -> dict[str, Any]:
    """One entry of value.messages (sent now, unless `timestamp` says when). Without wa_id the
    sender is known by their BSUID only."""
    message: dict[str, Any] = {}
    if wa_id is not None:
        message["from"] = wa_id
    if user_id is not None:
        message["from_user_id"] = user_id
    sent = int(time.time()) if timestamp is None else timestamp
    message.update(id=message_id or f"wamid.IN{next(_message_ids):06d}", timestamp=str(sent), type=kind)
    if content is not None:
        message[kind] = content
    if context_id is not None:
        message["context"] = {"from": DISPLAY_PHONE_NUMBER, "id": context_id}
    return message


def text_message(body: str, **sender: Any) -> dict[str, Any]:
    return raw_message("text", {"body": body}, **sender)


def button_reply(payload: str, title: str, **sender: Any) -> dict[str, Any]:
    """The customer pressed one of our reply buttons; its id is the payload we sent."""
    return raw_message("interactive", None, **sender) | {
        "interactive": {"type": "button_reply", "button_reply": {"id": payload, "title": title}}
    }


def list_reply(payload: str, title: str, description: str | None = None, **sender: Any) -> dict[str, Any]:
    reply = {"id": payload, "title": title} | ({"description": description} if description else {})
    return raw_message("interactive", None, **sender) | {"interactive": {"type": "list_reply", "list_reply": reply}}


def template_button(payload: str, text: str, **sender: Any) -> dict[str, Any]:
    """A quick-reply button of a template message (type "button", not "interactive")."""
    return raw_message("button", {"payload": payload, "text": text}, **sender)


def media_message(
    kind: str,
    media_id: str,
    mime_type: str,
    *,
    caption: str | None = None,
    filename: str | None = None,
    voice: bool = False,
    **sender: Any,
) -> dict[str, Any]:
    """image, document, audio, video or sticker."""
    media: dict[str, Any] = {
        "id": media_id,
        "mime_type": mime_type,
        "sha256": hashlib.sha256(media_id.encode()).hexdigest(),
    }
    if caption is not None:
        media["caption"] = caption
    if filename is not None:
        media["filename"] = filename
    if voice:
        media["voice"] = True
    return raw_message(kind, media, **sender)


def image_message(media_id: str, caption: str | None = None, **sender: Any) -> dict[str, Any]:
    return media_message("image", media_id, "image/jpeg", caption=caption, **sender)


def document_message(media_id: str, filename: str, mime_type: str = "application/pdf", **sender: Any) -> dict[str, Any]:
    return media_message("document", media_id, mime_type, filename=filename, **sender)


def voice_message(media_id: str, **sender: Any) -> dict[str, Any]:
    return media_message("audio", media_id, "audio/ogg; codecs=opus", voice=True, **sender)


def location_message(
    latitude: float, longitude: float, name: str | None = None, address: str | None = None, **sender: Any
) -> dict[str, Any]:
    location: dict[str, Any] = {"latitude": latitude, "longitude": longitude}
    if name is not None:
        location["name"] = name
    if address is not None:
        location["address"] = address
    return raw_message("location", location, **sender)


def contacts_message(cards: Iterable[tuple[str, list[str]]], **sender: Any) -> dict[str, Any]:
    """Shared contact cards: (formatted name, phone numbers)."""
    return raw_message(
        "contacts",
        [
            {
                "name": {"formatted_name": name, "first_name": name.split()[0]},
                "phones": [{"phone": phone, "type": "CELL"} for phone in phones],
            }
            for name, phones in cards
        ],
        **sender,
    )


def reaction_message(reacted_to: str, emoji: str, **sender: Any) -> dict[str, Any]:
    """emoji="" is how Meta reports a removed reaction."""
    return raw_message("reaction", {"message_id": reacted_to, "emoji": emoji}, **sender)


def unsupported_message(**sender: Any) -> dict[str, Any]:
    """What Meta sends for message types the Cloud API cannot pass on (polls, view-once, ...)."""
    message = raw_message("unsupported", None, **sender)
    message["errors"] = [
        {
            "code": 131051,
            "title": "Message type unknown",
            "message": "Message type unknown",
            "error_data": {"details": "Message type is currently not supported."},
        }
    ]
    return message


def contact(name: str, *, wa_id: str | None = CUSTOMER_WA_ID, user_id: str | None = None) -> dict[str, Any]:
    """An entry of value.contacts: who sent the messages of this change."""
    entry: dict[str, Any] = {"profile": {"name": name}}
    if wa_id is not None:
        entry["wa_id"] = wa_id
    if user_id is not None:
        entry["user_id"] = user_id
    return entry


def status(
    message_id: str,
    status: str = "delivered",
    *,
    recipient_id: str = CUSTOMER_WA_ID,
    timestamp: int = 1795000100,
    error_code: int | None = None,
) -> dict[str, Any]:
    """An entry of value.statuses: news about a message we sent."""
    update: dict[str, Any] = {
        "id": message_id,
        "status": status,
        "timestamp": str(timestamp),
        "recipient_id": recipient_id,
    }
    if error_code is not None:
        title = ERROR_TITLES.get(error_code, "Error")
        update["errors"] = [{"code": error_code, "title": title, "message": title, "error_data": {"details": title}}]
    return update


def webhook(
    messages: Iterable[dict[str, Any]] = (),
    *,
    contacts: Iterable[dict[str, Any]] | None = None,
    statuses: Iterable[dict[str, Any]] = (),
    phone_number_id: str = PHONE_NUMBER_ID,
    waba_id: str = WABA_ID,
) -> dict[str, Any]:
    """A delivery with one entry and one change. contacts=None: one per distinct sender, named CUSTOMER_NAME."""
    messages, statuses = list(messages), list(statuses)
    value: dict[str, Any] = {
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": DISPLAY_PHONE_NUMBER, "phone_number_id": phone_number_id},
    }
    if contacts is None:
        senders = dict.fromkeys((m.get("from"), m.get("from_user_id")) for m in messages if isinstance(m, dict))
        contacts = [contact(CUSTOMER_NAME, wa_id=wa_id, user_id=user_id) for wa_id, user_id in senders]
    contacts = list(contacts)
    if contacts:
        value["contacts"] = contacts
    if messages:
        value["messages"] = messages
    if statuses:
        value["statuses"] = statuses
    return {
        "object": "whatsapp_business_account",
        "entry": [{"id": waba_id, "changes": [{"value": value, "field": "messages"}]}],
    }


def combine(*deliveries: dict[str, Any]) -> dict[str, Any]:
    """One delivery holding the entries of several (Meta batches them under load)."""
    return {"object": "whatsapp_business_account", "entry": [e for d in deliveries for e in d["entry"]]}


def encode(delivery: dict[str, Any]) -> bytes:
    """The raw body Meta posts (and signs)."""
    return json.dumps(delivery, ensure_ascii=False).encode()


def sign(body: bytes, app_secret: str) -> dict[str, str]:
    """Headers of a webhook POST, with the X-Hub-Signature-256 Meta computes."""
    digest = hmac.new(app_secret.encode(), body, hashlib.sha256).hexdigest()
    return {"Content-Type": "application/json", "X-Hub-Signature-256": f"sha256={digest}"}

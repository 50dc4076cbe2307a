"""The socket.io endpoint's defences against malformed packets: one log line, a close, never a traceback.

python-socketio and python-engineio log every packet they cannot decode with a
traceback (`4zz{`, cut-off or deeply nested JSON, a stray binary frame, an unknown
packet type) and keep reading, and an empty or non-numeric Engine.IO packet escapes
into uvicorn as "Exception in ASGI application": anyone could fill the log. So:

- `EngineIOGuard` (around the ASGI app) closes a WebSocket that sends a text frame
  which is not an Engine.IO v4 packet (a digit 0-6, or `b` and base64) with 1003;
- `CheckedPacket` (python-socketio's `serializer` hook) turns any failure to decode a
  socket.io packet into MalformedPacket, and `CheckedServer` ends that session and has
  the guard close its WebSocket with 1003 too (socket.io's reference server also closes
  on a parse error); python-engineio alone would only queue a close packet and keep the
  socket open until its ping timeout;
- `OneLineLogger` is what both libraries log through (their `logger` arguments):
  `exception()` writes one line.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import json
import logging
import sys
from collections.abc import Awaitable, Callable
from urllib.parse import parse_qs

import socketio
from starlette.types import ASGIApp, Message, Receive, Scope, Send

logger = logging.getLogger("api.sockets")
ENGINEIO_TYPES = frozenset("0123456")  # open, close, ping, pong, message, upgrade, noop
UNSUPPORTED_DATA = 1003


class MalformedPacket(ValueError):
    """A socket.io packet that does not decode, whatever the reason (the only error `CheckedPacket` raises)."""


class CheckedPacket(socketio.packet.Packet):
    """socket.io's packet; decoding raises only MalformedPacket."""

    def decode(self, encoded_packet: str | bytes) -> int:
        try:
            return int(super().decode(encoded_packet) or 0)
        except Exception as error:  # ValueError, RecursionError (deep JSON), TypeError, IndexError: all the client's
            raise MalformedPacket(f"{type(error).__name__}: {str(error)[:120]}") from error


Closer = Callable[[str, int, str], Awaitable[None]]  # (Engine.IO session id, close code, reason)


class CheckedServer(socketio.AsyncServer):
    """python-socketio's server; a malformed packet closes its connection with one log line."""

    closer: Closer | None = None  # set by the EngineIOGuard that serves this server

    async def _handle_eio_message(self, eio_sid: str, data: str | bytes) -> None:
        # Overrides python-socketio's dispatch (pinned in requirements/gateway.txt; the
        # e2e fuzz fails if it changes): the one place that sees both the packet's error
        # and the connection to close.
        try:
            await super()._handle_eio_message(eio_sid, data)
        # MalformedPacket, "Unknown packet type.", "Unexpected binary packet"; an event without a name (`42[]`)
        except (ValueError, IndexError, TypeError) as error:
            logger.info("socket.io socket: refused a packet (%s): closed with %d", error, UNSUPPORTED_DATA)
            self._binary_packet.pop(eio_sid, None)
            await self.eio.disconnect(eio_sid)
            if self.closer is not None:
                await self.closer(eio_sid, UNSUPPORTED_DATA, "malformed socket.io packet")


class OneLineLogger(logging.LoggerAdapter):  # type: ignore[type-arg]
    """A logger whose `exception()` is one WARNING line: the error's type and message, no traceback."""

    def exception(self, msg: object, *args: object, exc_info: object = True, **kwargs: object) -> None:
        error = sys.exc_info()[1]
        detail = f" ({type(error).__name__}: {str(error)[:120]})" if error is not None else ""
        self.log(logging.WARNING, f"{msg}{detail}", *args)


def engineio_problem(text: str) -> str | None:
    """Why a WebSocket text frame is not an Engine.IO v4 packet, or None if it is one."""
    if not text:
        return "empty packet"
    if text[0] == "b":
        try:
            base64.b64decode(text[1:], validate=True)
        except (binascii.Error, ValueError):
            return "binary packet that is not base64"
        return None
    if text[0] not in ENGINEIO_TYPES:
        return "unknown packet type"
    return None


class EngineIOGuard:
    """ASGI wrapper of the socket.io app: closes a WebSocket (1003) on a frame that is no Engine.IO packet,
    or when CheckedServer asks (it knows the Engine.IO session id; the guard learns which WebSocket
    that is from the open packet, or from `?sid=` on an upgrade from polling)."""

    def __init__(self, app: ASGIApp, server: socketio.AsyncServer | None = None) -> None:
        self.app = app
        self._closers: dict[str, Callable[[int, str], Awaitable[None]]] = {}
        if isinstance(server, CheckedServer):
            server.closer = self.close

    async def close(self, eio_sid: str, code: int, reason: str) -> None:
        closer = self._closers.get(eio_sid)
        if closer is not None:
            await closer(code, reason)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "websocket":
            await self.app(scope, receive, send)
            return
        closed = False
        sid = (parse_qs(scope.get("query_string", b"").decode("latin-1")).get("sid") or [None])[0]

        async def close(code: int, reason: str) -> None:
            nonlocal closed
            if not closed:
                closed = True
                await send({"type": "websocket.close", "code": code, "reason": reason})

        async def checked_receive() -> Message:
            message = await receive()
            text = message.get("text") if message["type"] == "websocket.receive" else None
            problem = engineio_problem(text) if text is not None else None
            if problem is None:
                return message
            logger.info("socket.io socket: refused a frame (%s): closed with %d", problem, UNSUPPORTED_DATA)
            await close(UNSUPPORTED_DATA, problem)
            return {"type": "websocket.disconnect", "code": UNSUPPORTED_DATA}

        async def checked_send(message: Message) -> None:
            nonlocal sid
            if closed:  # python-engineio's own goodbye after our close has nowhere to go
                return
            text = message.get("text") or ""
            if sid is None and message["type"] == "websocket.send" and text.startswith("0{"):
                with contextlib.suppress(ValueError, AttributeError):
                    sid = json.loads(text[1:]).get("sid")
            if sid is not None:
                self._closers.setdefault(sid, close)
            await send(message)

        try:
            await self.app(scope, checked_receive, checked_send)
        finally:
            if sid is not None and self._closers.get(sid) is close:
                del self._closers[sid]

"""The socket.io endpoint (/socket.io) and the browsers connected to it.

python-socketio (Engine.IO v4) serves the protocol that channels/socketio.py
translates. Each customer's session is a socket.io room, so every open tab gets the
bot's replies; a reply that finds no tab stays queued and is sent when the customer
comes back (session_request with the same id). Session ids are issued and signed by
the gateway (api/security.py); a widget keeps the one session_confirm gave it. With several gateway replicas, rooms
must be shared through socket.io's Redis manager (README, "Scaling").
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import socketio

from api.security import issue_session_token, verify_session_token
from channels.base import ProtocolError
from channels.socketio import CHANNEL, bot_uttered, parse_user_uttered, session_id_from
from conversations.service import Outgoing

if TYPE_CHECKING:
    from api.wiring import Services

logger = logging.getLogger(__name__)


class SocketIOSessions:
    """The outbox's live sender for the socket.io channel."""

    def __init__(self, server: socketio.AsyncServer) -> None:
        self._server = server
        self._members: dict[str, set[str]] = {}  # session id -> connected sids

    def connected(self, session_id: str) -> bool:
        return bool(self._members.get(session_id))

    def join(self, session_id: str, sid: str) -> None:
        self._members.setdefault(session_id, set()).add(sid)

    def leave(self, session_id: str, sid: str) -> None:
        members = self._members.get(session_id)
        if members is not None:
            members.discard(sid)
            if not members:
                del self._members[session_id]

    async def send(self, outgoing: Outgoing) -> bool:
        session_id = outgoing.message.recipient_id
        if not self._members.get(session_id):
            return False
        await self._server.emit("bot_uttered", bot_uttered(outgoing.message), room=session_id)
        return True


def create_server(services: Callable[[], Services], cors_origins: list[str] | str) -> socketio.AsyncServer:
    server = socketio.AsyncServer(async_mode="asgi", cors_allowed_origins=cors_origins, max_http_buffer_size=64 * 1024)

    async def start_session(sid: str, wanted: str | None) -> str:
        current = await server.get_session(sid)
        if current.get("session_id"):
            return str(current["session_id"])
        # Only ids this gateway issued (HMAC-signed, like the web chat's) are kept: the
        # session id is the customer's only credential, a guessed or seen one gets nothing.
        bundle = services()
        session_id = wanted if verify_session_token(bundle.secret_key, wanted) else None
        session_id = session_id or issue_session_token(bundle.secret_key)
        await server.save_session(sid, {"session_id": session_id})
        await server.enter_room(sid, session_id)
        services().socketio.join(session_id, sid)
        return session_id

    @server.event
    async def connect(sid: str, environ: dict[str, Any], auth: Any = None) -> None:
        await server.save_session(sid, {})

    @server.event
    async def disconnect(sid: str, reason: Any = None) -> None:
        session = await server.get_session(sid)
        if session.get("session_id"):
            services().socketio.leave(str(session["session_id"]), sid)

    @server.event
    async def session_request(sid: str, data: Any = None) -> None:
        session_id = await start_session(sid, session_id_from(data))
        await server.emit("session_confirm", {"session_id": session_id}, to=sid)
        # Replies that came while no tab was open (each pushed once, however many tabs ask).
        bundle = services()
        waiting = await bundle.conversations.undelivered(CHANNEL, session_id)
        await bundle.outbox.deliver(waiting)

    @server.event
    async def user_uttered(sid: str, data: Any = None) -> None:
        bundle = services()
        session_id = await start_session(sid, session_id_from(data))
        try:
            inbound = parse_user_uttered(data, session_id, bundle.settings.max_message_chars)
        except ProtocolError as error:
            await server.emit("error", {"reason": str(error)}, to=sid)
            return
        received = await bundle.conversations.receive(inbound)
        bundle.dispatcher.kick(received.conversation_id)

    return server

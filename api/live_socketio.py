"""The browsers connected to the socket.io endpoint, as the outbox's live sender.

Each customer's session is a socket.io room, so every open tab gets the bot's replies;
a reply that finds no tab stays queued and is sent when the customer comes back
(api/routers/socketio.py). With several gateway replicas, rooms must be shared through
socket.io's Redis manager (README, "Scaling").

A packet that does not decode ends its connection with one log line, no traceback
(api/socketio_guard.py).
"""

from __future__ import annotations

import logging

import socketio

from api.socketio_guard import CheckedPacket, CheckedServer, OneLineLogger
from channels.socketio import bot_uttered
from conversations.records import Outgoing
from coordination.members import InProcessMembers, Members

logger = logging.getLogger(__name__)


class SocketIOSessions:
    """The outbox's live sender for the socket.io channel."""

    def __init__(self, server: socketio.AsyncServer, members: Members | None = None) -> None:
        self._server = server
        self._members: dict[str, set[str]] = {}  # session id -> connected sids, in this process
        self._shared = members or InProcessMembers()  # which sessions have a tab open, for every replica

    def connected(self, session_id: str) -> bool:
        return bool(self._members.get(session_id))

    async def join(self, session_id: str, sid: str) -> None:
        self._members.setdefault(session_id, set()).add(sid)
        await self._shared.join(session_id)

    async def leave(self, session_id: str, sid: str) -> None:
        members = self._members.get(session_id)
        if members is not None and sid in members:
            members.discard(sid)
            if not members:
                del self._members[session_id]
            await self._shared.leave(session_id)

    async def send(self, outgoing: Outgoing) -> bool:
        session_id = outgoing.message.recipient_id
        if not self._members.get(session_id):
            return False
        await self._server.emit("bot_uttered", bot_uttered(outgoing.message), room=session_id)
        return True


def create_server(cors_origins: list[str] | str) -> socketio.AsyncServer:
    """The socket.io server; its events are registered by api/routers/socketio.py once the inbox exists."""
    loggers = {name: logging.getLogger(name) for name in ("socketio.server", "engineio.server")}
    for named in loggers.values():
        if named.level == logging.NOTSET:  # both log every packet at INFO; their own default is ERROR
            named.setLevel(logging.WARNING)
    return CheckedServer(
        async_mode="asgi",
        cors_allowed_origins=cors_origins,
        max_http_buffer_size=64 * 1024,
        serializer=CheckedPacket,
        logger=OneLineLogger(loggers["socketio.server"]),
        engineio_logger=OneLineLogger(loggers["engineio.server"]),
    )

"""The browsers currently connected to the web chat, by session.

The outbox's sender for the web chat channel: it pushes a message to every open tab of
the customer's session. A customer may have several tabs; none at all is normal.
"""

from __future__ import annotations

import logging
from collections import defaultdict

from fastapi import WebSocket

from channels.webchat import outbound_frame
from conversations.records import Outgoing
from coordination.members import InProcessMembers, Members

logger = logging.getLogger(__name__)


class WebChatSessions:
    """The sockets themselves stay in this process; that a session has one open is shared
    state (`coordination.members`), so that other replicas can learn it."""

    def __init__(self, members: Members | None = None) -> None:
        self._sockets: dict[str, set[WebSocket]] = defaultdict(set)
        self._members = members or InProcessMembers()

    async def connect(self, session_id: str, socket: WebSocket) -> None:
        self._sockets[session_id].add(socket)
        await self._members.join(session_id)

    async def disconnect(self, session_id: str, socket: WebSocket) -> None:
        sockets = self._sockets.get(session_id)
        if sockets is not None and socket in sockets:
            sockets.discard(socket)
            if not sockets:
                del self._sockets[session_id]
            await self._members.leave(session_id)

    def connected(self, session_id: str) -> bool:
        return bool(self._sockets.get(session_id))

    async def send(self, outgoing: Outgoing) -> bool:
        frame = outbound_frame(outgoing.message, outgoing.created_at)
        delivered = False
        for socket in list(self._sockets.get(outgoing.message.recipient_id, ())):
            try:
                await socket.send_json(frame)
                delivered = True
            except Exception:  # the tab went away between two frames
                await self.disconnect(outgoing.message.recipient_id, socket)
        return delivered

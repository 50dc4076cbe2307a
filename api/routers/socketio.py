"""The socket.io endpoint (/socket.io): Rasa's socket.io web chat protocol, as `rasa-webchat` speaks it.

python-socketio (Engine.IO v4) serves the protocol that channels/socketio.py
translates. Session ids are issued and signed by the gateway (api/security.py); a
widget keeps the one session_confirm gave it. Every `user_uttered` goes to the inbox,
unless the client's address is over its budget (api/address_flood.py): then an `error`
event {"reason", "retry_after"} says why and nothing is stored, as for a malformed one;
a `session_request` also sends what was queued while no tab was open.
"""

from __future__ import annotations

from typing import Any

import socketio

from api.address_flood import AddressFlood, note_refused
from api.live_socketio import SocketIOSessions
from api.security import issue_session_token, verify_session_token
from channels.base import ProtocolError
from channels.socketio import CHANNEL, parse_user_uttered, session_id_from
from conversations.deliveries import Deliveries
from conversations.inbox import Inbox
from conversations.outbox import Outbox


def register_events(
    server: socketio.AsyncServer,
    *,
    members: SocketIOSessions,
    secret_key: bytes,
    inbox: Inbox,
    outbox: Outbox,
    deliveries: Deliveries,
    max_message_chars: int,
    address_flood: AddressFlood,
) -> None:
    """Attach the protocol's events to the server; the parts come from the app's wiring."""

    async def start_session(sid: str, wanted: str | None) -> str:
        current = await server.get_session(sid)
        if current.get("session_id"):
            return str(current["session_id"])
        # Only ids this gateway issued (HMAC-signed, like the web chat's) are kept: the
        # session id is the customer's only credential, a guessed or seen one gets nothing.
        session_id = wanted if verify_session_token(secret_key, wanted) else None
        session_id = session_id or issue_session_token(secret_key)
        await server.save_session(sid, {**current, "session_id": session_id})
        await server.enter_room(sid, session_id)
        await members.join(session_id, sid)
        return session_id

    @server.event
    async def connect(sid: str, environ: dict[str, Any], auth: Any = None) -> None:
        # The ASGI scope's client, as uvicorn resolved it from a trusted proxy's X-Forwarded-For;
        # python-engineio's REMOTE_ADDR is always 127.0.0.1 under ASGI.
        client = environ.get("asgi.scope", {}).get("client")
        await server.save_session(sid, {"address": client[0] if client else None})

    @server.event
    async def disconnect(sid: str, reason: Any = None) -> None:
        session = await server.get_session(sid)
        if session.get("session_id"):
            await members.leave(str(session["session_id"]), sid)

    @server.event
    async def session_request(sid: str, data: Any = None) -> None:
        session_id = await start_session(sid, session_id_from(data))
        await server.emit("session_confirm", {"session_id": session_id}, to=sid)
        # Replies that came while no tab was open (each pushed once, however many tabs ask).
        await outbox.deliver(await deliveries.undelivered(CHANNEL, session_id))

    @server.event
    async def user_uttered(sid: str, data: Any = None) -> None:
        session_id = await start_session(sid, session_id_from(data))
        try:
            inbound = parse_user_uttered(data, session_id, max_message_chars)
        except ProtocolError as error:
            await server.emit("error", {"reason": str(error)}, to=sid)
            return
        session = await server.get_session(sid)
        host = session.get("address")
        refusal = await address_flood.refusal(host, inbound.text, inbound.language_hint)
        if refusal is not None:
            if host and not session.get("refused"):
                note_refused("socket.io", host)
                await server.save_session(sid, {**session, "refused": True})
            await server.emit("error", {"reason": refusal.reason, "retry_after": refusal.retry_after}, to=sid)
            return
        await inbox.receive(inbound)

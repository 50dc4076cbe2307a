"""Reading a frame from a browser's WebSocket, whatever it holds, and noting a refused one in one line.

Starlette's `receive_text()` raises `KeyError('text')` when the frame is binary, which
ended the socket without a close frame and wrote a traceback: any visitor could fill
the log. Here a frame is text or bytes and the caller's parser decides; a refused frame
is one log line (level INFO: a broken or hostile client is not the server's error).
"""

from __future__ import annotations

import logging

from starlette.websockets import WebSocket, WebSocketDisconnect

logger = logging.getLogger("api.sockets")


async def receive_frame(socket: WebSocket) -> str | bytes:
    """The next frame's text or bytes; WebSocketDisconnect when the client has gone."""
    message = await socket.receive()
    if message["type"] == "websocket.disconnect":
        raise WebSocketDisconnect(message.get("code", 1000), message.get("reason"))
    text = message.get("text")
    if text is not None:
        return str(text)
    return bytes(message.get("bytes") or b"")


def refused(socket_name: str, reason: str) -> None:
    """One line per refused frame, without the client's data (it may be anything, and large)."""
    logger.info("%s socket: refused a frame: %s", socket_name, reason[:200])

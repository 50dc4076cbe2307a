"""A real WebSocket client that speaks the widget's protocol (channels/webchat.py)."""

from __future__ import annotations

import asyncio
import json
import uuid
from typing import Any

import websockets


class WebChatClient:
    def __init__(self, connection: websockets.ClientConnection, session_id: str, history: list[dict[str, Any]]) -> None:
        self.connection = connection
        self.session_id = session_id
        self.history = history
        self.received: list[dict[str, Any]] = []  # messages pushed after connecting

    @classmethod
    async def connect(cls, ws_url: str, session_id: str | None = None, lang: str = "en") -> WebChatClient:
        url = f"{ws_url}/webchat/ws?lang={lang}" + (f"&session_id={session_id}" if session_id else "")
        connection = await websockets.connect(url)
        session = json.loads(await connection.recv())
        history = json.loads(await connection.recv())
        assert session["type"] == "session" and history["type"] == "history"
        return cls(connection, session["session_id"], history["messages"])

    async def close(self) -> None:
        await self.connection.close()

    async def frame(self, timeout: float = 30) -> dict[str, Any]:
        frame = json.loads(await asyncio.wait_for(self.connection.recv(), timeout))
        if frame["type"] == "message":
            self.received.append(frame["message"])
        return frame

    async def send(self, text: str, client_id: str | None = None, timeout: float = 30) -> dict[str, Any]:
        """Send a message and return the gateway's acknowledgement."""
        client_id = client_id or uuid.uuid4().hex
        await self.connection.send(json.dumps({"type": "message", "client_id": client_id, "text": text}))
        return await self._ack(client_id, timeout)

    async def press(self, title: str, payload: str, timeout: float = 30) -> dict[str, Any]:
        client_id = uuid.uuid4().hex
        await self.connection.send(
            json.dumps({"type": "button", "client_id": client_id, "title": title, "payload": payload})
        )
        return await self._ack(client_id, timeout)

    async def _ack(self, client_id: str, timeout: float) -> dict[str, Any]:
        while True:
            frame = await self.frame(timeout)
            if frame["type"] == "ack" and frame["client_id"] == client_id:
                return frame["message"]
            if frame["type"] == "error":
                raise AssertionError(f"gateway refused the message: {frame['reason']}")

    async def replies(self, count: int, timeout: float = 30) -> list[dict[str, Any]]:
        """Wait until `count` messages from the bot side have arrived; return them all."""
        while len(self.received) < count:
            await self.frame(timeout)
        return self.received[:count]

"""A customer's side of a multi-turn conversation in the web chat, turn by turn.

Each `say` waits for exactly the replies the gateway stored for that message (the bot's
answers and any hand-off notice), so a test reads as the conversation itself: what the
customer writes, which answers come back, in which language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from tests.conftest import Gateway
from tests.e2e.database import eventually, rows, scalar
from tests.e2e.webchat_client import WebChatClient

REFERENCE = re.compile(r"\b(WC|BK)-[2-9A-HJ-NP-Z]{6}\b")


@dataclass
class Reply:
    text: str
    template: str | None
    language: str | None
    buttons: list[dict[str, str]]

    def button(self, title_part: str = "") -> dict[str, str]:
        """The first button whose title contains `title_part` (the first one when empty)."""
        return next(b for b in self.buttons if title_part in b["title"])

    def button_by_payload(self, payload: str) -> dict[str, str]:
        return next(b for b in self.buttons if b["payload"] == payload)

    def reference(self) -> str:
        found = REFERENCE.search(self.text)
        assert found, self.text
        return found.group(0)


@dataclass
class Dialogue:
    gateway: Gateway
    chat: WebChatClient

    @classmethod
    async def open(cls, gateway: Gateway, lang: str = "en") -> Dialogue:
        return cls(gateway, await WebChatClient.connect(gateway.ws_url, lang=lang))

    async def close(self) -> None:
        await self.chat.close()

    async def say(self, text: str) -> list[Reply]:
        ack = await self.chat.send(text)
        return await self._answers(ack)

    async def press(self, button: dict[str, str]) -> list[Reply]:
        ack = await self.chat.press(button["title"], button["payload"])
        return await self._answers(ack)

    async def _answers(self, ack: dict[str, Any]) -> list[Reply]:
        message_id = ack["id"]
        status = await eventually(
            lambda: scalar(self.gateway, "SELECT status FROM messages WHERE id = ?", message_id),
            lambda found: found == "processed",
            timeout=60,
        )
        assert status == "processed", f"message {message_id} not answered"
        stored = rows(
            self.gateway,
            "SELECT id, template, language FROM messages WHERE reply_to_id = ? AND direction = 'out' ORDER BY id",
            message_id,
        )
        wanted = {int(row[0]) for row in stored}  # type: ignore[call-overload]
        seen: dict[int, dict[str, Any]] = {}
        while not wanted <= set(seen):
            frame = await self.chat.frame(timeout=30)
            if frame["type"] == "message" and frame["message"].get("id") in wanted:
                seen[frame["message"]["id"]] = frame["message"]
        return [
            Reply(
                text=seen[int(row[0])]["text"],  # type: ignore[call-overload]
                template=row[1],  # type: ignore[arg-type]
                language=row[2],  # type: ignore[arg-type]
                buttons=seen[int(row[0])].get("buttons") or [],  # type: ignore[call-overload]
            )
            for row in stored
        ]


def templates(replies: list[Reply]) -> list[str | None]:
    return [reply.template for reply in replies]


def the(template: str, replies: list[Reply]) -> Reply:
    """The reply of that template among a turn's replies."""
    found = [reply for reply in replies if reply.template == template]
    assert found, f"no {template} in {templates(replies)}"
    return found[0]

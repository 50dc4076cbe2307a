"""The live senders: sockets stay in their process, the fact that a session has one open is
shared (coordination.members), counted once per socket however often a socket says goodbye."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from api.live_webchat import WebChatSessions
from channels.base import OutboundMessage
from conversations.records import Outgoing
from coordination.members import InProcessMembers

pytestmark = pytest.mark.anyio


class Tab:
    """What the sender uses of a browser's WebSocket."""

    def __init__(self, *, broken: bool = False) -> None:
        self.frames: list[dict[str, Any]] = []
        self.broken = broken

    async def send_json(self, frame: dict[str, Any]) -> None:
        if self.broken:
            raise RuntimeError("the tab went away")
        self.frames.append(frame)


async def test_a_session_is_connected_while_any_of_its_tabs_is_open() -> None:
    members = InProcessMembers()
    live = WebChatSessions(members)
    one, two = Tab(), Tab()
    await live.connect("s-1", one)  # type: ignore[arg-type]
    await live.connect("s-1", two)  # type: ignore[arg-type]
    await live.disconnect("s-1", one)  # type: ignore[arg-type]
    await live.disconnect("s-1", one)  # type: ignore[arg-type]  # a second goodbye changes nothing

    assert live.connected("s-1") and await members.connected("s-1")
    await live.disconnect("s-1", two)  # type: ignore[arg-type]
    assert not live.connected("s-1") and not await members.connected("s-1")


async def test_a_tab_that_broke_mid_send_is_let_go_and_counted_out() -> None:
    members = InProcessMembers()
    live = WebChatSessions(members)
    await live.connect("s-2", Tab(broken=True))  # type: ignore[arg-type]
    reply = Outgoing("webchat", 1, datetime.now(UTC), OutboundMessage(message_id=7, recipient_id="s-2", text="Hi"))

    assert not await live.send(reply)
    assert not live.connected("s-2") and not await members.connected("s-2")

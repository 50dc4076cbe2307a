"""The console's live updates: `WS /api/console/ws` streams the feed's events (docs/console-api.md).

Authenticated by the session cookie, so the socket refuses a foreign Origin (a page
elsewhere could open it with the agent's cookie). The session is checked again at least
every SESSION_RECHECK seconds: a logout, a password change or a deactivation ends the
stream. While it is open, the agent counts as online (shown when transferring).

A refusal is a close code after the handshake (4401, 4403), not an HTTP 403 before it: a
browser sees only 1006 for a refused handshake, and the console needs the code to tell
"log in again" from "wrong address". The console sends nothing; a frame it does send,
text or binary, is answered with an error frame.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any
from urllib.parse import urlsplit

from fastapi import APIRouter, WebSocket
from starlette.websockets import WebSocketDisconnect

from api.deps import AccountsDep, FeedDep, PresenceDep
from api.socket_frames import receive_frame, refused
from staff.accounts import COOKIE, Accounts

logger = logging.getLogger(__name__)
SESSION_RECHECK = 30.0  # seconds between checks that a live console's session still exists
router = APIRouter(prefix="/api/console", tags=["agent console"])


def _foreign(socket: WebSocket) -> bool:
    origin = socket.headers.get("origin")
    try:
        return origin is not None and urlsplit(origin).netloc != socket.headers.get("host")
    except ValueError:
        return True


@router.websocket("/ws")
async def live(socket: WebSocket, accounts: AccountsDep, feed: FeedDep, presence: PresenceDep) -> None:
    if _foreign(socket):
        await _refuse(socket, 4403, "foreign origin")
        return
    token = socket.cookies.get(COOKIE)
    found = await accounts.session(token)
    if found is None:
        await _refuse(socket, 4401, "log in first")
        return
    account, _ = found
    await socket.accept()
    await presence.arrive(account.id)
    try:
        async with feed.bus.subscribe() as events:
            tasks = [
                asyncio.create_task(_forward(socket, events, accounts, token)),
                asyncio.create_task(_drain(socket)),
            ]
            done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
            for task in pending:
                task.cancel()
            for task in done:  # retrieved here, or asyncio logs "Task exception was never retrieved" with a traceback
                if not task.cancelled() and task.exception() is not None:
                    logger.info("console socket ended: %r", task.exception())
    except Exception:
        logger.debug("console socket ended", exc_info=True)
    finally:
        await presence.leave(account.id)


async def _forward(
    socket: WebSocket, events: asyncio.Queue[dict[str, Any] | None], accounts: Accounts, token: str | None
) -> None:
    """Events to the browser until the feed cuts it off (too slow) or the session ends."""
    loop = asyncio.get_running_loop()
    last_check = loop.time()
    while True:
        try:
            event = await asyncio.wait_for(events.get(), SESSION_RECHECK)
        except TimeoutError:
            event = {}
        if event is None:
            await socket.close(code=4408, reason="too slow; reload")
            return
        # Logged out, password changed or expired: the stream stops. Checked after a quiet
        # spell, and between events at most every SESSION_RECHECK seconds.
        due = bool(event) and loop.time() - last_check >= SESSION_RECHECK
        if due:
            last_check = loop.time()
        if (not event or due) and await accounts.session(token) is None:
            await socket.close(code=4401, reason="session ended")
            return
        if event:
            await socket.send_json(event)


async def _refuse(socket: WebSocket, code: int, reason: str) -> None:
    """Accepted only to be closed with `code` at once: nothing is sent before the close frame."""
    await socket.accept()
    await socket.close(code=code, reason=reason)


async def _drain(socket: WebSocket) -> None:
    """The console sends nothing: whatever arrives (text, binary, garbage) gets an error frame."""
    with contextlib.suppress(WebSocketDisconnect):
        while True:
            await receive_frame(socket)
            refused("console", "the console socket takes no frames")
            await socket.send_json({"type": "error", "reason": "the console socket takes no frames"})

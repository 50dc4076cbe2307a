"""Telegram updates, however they come: the webhook's handling and long polling.

Long polling (SUPPORTBOT_TELEGRAM_MODE=polling) needs no public HTTPS address.

getUpdates hands out updates until we confirm them with a higher offset; we confirm
an update only after it is stored, so a crash between the two makes Telegram send it
again and the update_id de-duplication drops the copy. Long polling and a webhook
exclude each other at Telegram (409): the poller says so in the log and waits.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

from channels import telegram
from channels.base import DeliveryError, InboundMessage, ProtocolError
from channels.telegram import ALLOWED_UPDATES, TelegramAdapter
from conversations.inbox import Inbox
from conversations.records import Received
from coordination.leader import Leadership

logger = logging.getLogger(__name__)


MAX_UPDATE_FAILURES = 5


class TelegramUpdates:
    """One Telegram update into the inbox, however it came (the webhook or long polling)."""

    def __init__(self, inbox: Inbox, adapter: TelegramAdapter, max_message_chars: int) -> None:
        self._inbox = inbox
        self._adapter = adapter
        self._max_message_chars = max_message_chars
        self._background: set[asyncio.Task[None]] = set()  # callback answers in flight, kept alive

    async def handle(self, update: dict[str, Any] | bytes) -> Received | None:
        """Store the update (None: a kind of update we do not handle); raises ProtocolError on garbage."""
        inbound = telegram.parse_update(update, self._max_message_chars)
        if inbound is None:
            return None
        received = await self._inbox.receive(inbound)
        self._answer_callback(inbound)
        return received

    def _answer_callback(self, inbound: InboundMessage) -> None:
        """Stop the spinner on the pressed button; best effort, after the update is stored."""
        callback_id = inbound.metadata.get("callback_query_id")
        if not isinstance(callback_id, str):
            return

        async def answer() -> None:
            try:
                await self._adapter.answer_callback_query(callback_id)
            except DeliveryError as error:
                logger.warning("answerCallbackQuery failed: %s", error)

        task = asyncio.create_task(answer())
        self._background.add(task)
        task.add_done_callback(self._background.discard)

    async def stop(self) -> None:
        for task in list(self._background):
            task.cancel()


class TelegramPoller:
    def __init__(
        self, updates: TelegramUpdates, adapter: TelegramAdapter, timeout: int, leadership: Leadership | None = None
    ) -> None:
        self._updates = updates
        self._leadership = leadership
        self._adapter = adapter
        self._timeout = timeout
        self._offset: int | None = None
        self._failures: dict[int, int] = {}
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        """Poll here, or — with several replicas — on whichever replica holds the polling lease
        (Telegram hands each update to one getUpdates caller; two would fight with 409s)."""
        job = self._run() if self._leadership is None else self._leadership.run("telegram-polling", self._run)
        self._task = asyncio.create_task(job, name="telegram-poller")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._task

    async def poll_once(self) -> int:
        """One getUpdates round; returns how many updates were taken."""
        updates = await self._adapter.get_updates(self._offset, self._timeout, ALLOWED_UPDATES)
        for update in updates:
            update_id = update.get("update_id") if isinstance(update, dict) else None
            try:
                await self._updates.handle(update)
            except ProtocolError as error:
                logger.warning("dropping a malformed Telegram update: %s", error)
            except Exception:
                # Not confirmed: Telegram hands it out again. One that keeps failing is
                # dropped after a few rounds, or it would hold back every later update.
                key = update_id if isinstance(update_id, int) else -1
                self._failures[key] = self._failures.get(key, 0) + 1
                if self._failures[key] < MAX_UPDATE_FAILURES:
                    logger.exception("storing Telegram update %s failed; it comes again", update_id)
                    return len(updates)
                logger.exception("dropping Telegram update %s after %s failures", update_id, self._failures[key])
            self._failures.clear()
            if isinstance(update_id, int):
                self._offset = max(self._offset or 0, update_id + 1)
        return len(updates)

    async def _run(self) -> None:
        failures = 0
        while True:
            try:
                await self.poll_once()
                failures = 0
            except DeliveryError as error:
                failures += 1
                delay = error.retry_after or min(2.0**failures, 60.0)
                if error.status_code == 409:
                    logger.error("Telegram has a webhook set; long polling waits (delete it or use webhook mode)")
                    delay = 30.0
                else:
                    logger.warning("getUpdates failed (%s); again in %.0f s", error, delay)
                await asyncio.sleep(delay)
            except Exception:
                failures += 1
                logger.exception("Telegram polling failed")
                await asyncio.sleep(min(2.0**failures, 60.0))

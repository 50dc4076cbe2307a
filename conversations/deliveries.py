"""What happens to messages on their way out, outside the bot's turns: staff messages
queued for a customer, the provider's delivery statuses, and the claims that make a
live channel (web chat, socket.io) push each reply once.
"""

from __future__ import annotations

from sqlalchemy.orm import Session, sessionmaker

from channels.base import StatusUpdate
from conversations.records import Outgoing, outgoing
from storage.engine import run_in_thread, run_ingest
from storage.models import Direction, Message, MessageStatus, SenderKind, utcnow
from storage.repositories import messages


class Deliveries:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    async def queue_outbound(
        self, conversation_public_id: str, text: str, sender_kind: str = SenderKind.AGENT
    ) -> Outgoing | None:
        """Queue a message from staff to the customer (agent reply, notification); None if no such conversation."""
        return await run_in_thread(self._queue_outbound, conversation_public_id, text, sender_kind)

    def _queue_outbound(self, conversation_public_id: str, text: str, sender_kind: str) -> Outgoing | None:
        with self._sessions.begin() as session:
            row = messages.conversation_with_recipient(session, conversation_public_id)
            if row is None:
                return None
            conversation, recipient_id = row
            message = Message(
                conversation_id=conversation.id,
                direction=Direction.OUT,
                sender_kind=sender_kind,
                channel=conversation.channel,
                text=text,
                language=conversation.language,
                status=MessageStatus.QUEUED,
                created_at=utcnow(),
            )
            session.add(message)
            session.flush()
            return outgoing(message, recipient_id)

    async def apply_statuses(self, updates: list[StatusUpdate]) -> int:
        """Record the provider's delivery news on our outbound messages; returns how many matched."""
        if not updates:
            return 0
        return await run_ingest(self._apply_statuses, updates)  # part of storing a delivery

    def _apply_statuses(self, updates: list[StatusUpdate]) -> int:
        # Statuses arrive out of order and more than once: only move forward
        # (sent < delivered < read); `failed` wins over everything but `read`.
        rank = {
            MessageStatus.QUEUED: 0,
            MessageStatus.SENDING: 0,
            MessageStatus.SENT: 1,
            MessageStatus.DELIVERED: 2,
            MessageStatus.FAILED: 3,
            MessageStatus.READ: 4,
        }
        matched = 0
        with self._sessions.begin() as session:
            for news in updates:
                if news.status not in rank:
                    continue
                # Only messages the provider accepted: a re-queued message (its old id
                # cleared) or one in flight must not be moved by an old status.
                message = messages.accepted_by_provider(session, news.channel, news.provider_message_id)
                if message is None:
                    continue
                matched += 1
                if rank[news.status] > rank.get(message.status, 0):
                    message.status = news.status
                    if news.status == MessageStatus.FAILED:
                        message.error = (news.error or "the provider reported a failure")[:2000]
        return matched

    async def claim_for_push(self, message_ids: list[int]) -> set[int]:
        """queued -> sent for the ones still queued; a live channel pushes only what it claimed.

        Two pushes of one reply (a reply and a reconnecting tab at the same moment, two
        tabs reconnecting) race here, and exactly one wins each message.
        """
        if not message_ids:
            return set()
        return await run_in_thread(self._claim_for_push, message_ids)

    def _claim_for_push(self, message_ids: list[int]) -> set[int]:
        with self._sessions.begin() as session:
            return messages.claim_queued(session, message_ids, utcnow())

    async def unclaim(self, message_ids: list[int]) -> None:
        """A push that found no open connection after all: back to queued, for the next reconnect."""
        if message_ids:
            await run_in_thread(self._unclaim, message_ids)

    def _unclaim(self, message_ids: list[int]) -> None:
        with self._sessions.begin() as session:
            messages.unclaim(session, message_ids)

    async def undelivered(self, channel: str, external_id: str) -> list[Outgoing]:
        """The customer's queued outbound messages, oldest first (a live channel reconnected)."""
        return await run_in_thread(self._undelivered, channel, external_id)

    def _undelivered(self, channel: str, external_id: str) -> list[Outgoing]:
        with self._sessions() as session:
            return [outgoing(m, external_id) for m in messages.queued_for_customer(session, channel, external_id)]

    async def history(self, channel: str, external_id: str, limit: int) -> list[Message]:
        """The customer's latest `limit` messages, oldest first, across conversations."""
        return await run_in_thread(self._history, channel, external_id, limit)

    def _history(self, channel: str, external_id: str, limit: int) -> list[Message]:
        with self._sessions() as session:
            return messages.history(session, channel, external_id, limit)

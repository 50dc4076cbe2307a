"""What the agent console reads: the queue, a technician's conversations, a conversation with
its context, colleagues and canned responses, and the single views the live feed sends.

`ConsoleService` is also what the console does (it inherits `staff.actions.ConsoleActions`),
so the gateway and the command line build one object. Views are typed
(`staff.views`) and built in the database threads.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import Concatenate, ParamSpec, TypeVar

from sqlalchemy.orm import Session

from conversations.handoff import OPEN_STATES
from staff.accounts import Account
from staff.actions import ActionResult, ConsoleActions, ConsoleError, find_readable
from staff.views import (
    AgentView,
    CannedView,
    ConversationDetail,
    ConversationSummary,
    MessageView,
    agent_view,
    canned_view,
    detail_view,
    message_view,
    summary_view,
)
from storage.engine import run_in_thread
from storage.models import Conversation, Message
from storage.repositories import accounts, canned, desk, queue
from storage.repositories import console as queries

__all__ = ["OPEN_STATES", "ActionResult", "ConsoleError", "ConsoleService"]

P = ParamSpec("P")
T = TypeVar("T")
QUEUE_LIMIT = 500  # the queue a console shows; more waiting than this is a staffing problem, not a list


class ConsoleService(ConsoleActions):
    """The console's reads; reads never lock and never write, so they need no transaction of their own."""

    async def _read(self, step: Callable[Concatenate[Session, P], T], *args: P.args, **kwargs: P.kwargs) -> T:
        """`step(session, ...)` in a database thread, in a session of its own that writes nothing."""

        def run() -> T:
            with self._sessions() as session:
                return step(session, *args, **kwargs)

        return await run_in_thread(run)

    async def queue(self, account: Account) -> list[ConversationSummary]:
        """Waiting conversations; what this agent can answer first, the order within each group priority, wait."""
        views = await self._read(
            lambda session: [summary_view(session, c, account) for c in queue.waiting(session, QUEUE_LIMIT)]
        )
        return sorted(views, key=lambda view: not view.matches_my_languages)

    async def mine(self, account: Account) -> list[ConversationSummary]:
        return await self._read(
            lambda session: [summary_view(session, c, account) for c in queue.held_by(session, account.id)]
        )

    async def detail(self, public_id: str, account: Account) -> ConversationDetail:
        """The transcript, for a conversation the account may read (`find_readable`), else a 404."""
        return await self._read(
            lambda session: detail_view(session, find_readable(session, public_id, account), account)
        )

    async def summary(self, conversation_id: int) -> tuple[str, ConversationSummary] | None:
        """(state, summary) of a conversation by its row id, for the live feed."""
        return await self._read(self._summary, conversation_id)

    @staticmethod
    def _summary(session: Session, conversation_id: int) -> tuple[str, ConversationSummary] | None:
        conversation = session.get(Conversation, conversation_id)
        if conversation is None:
            return None
        return conversation.state, summary_view(session, conversation)

    async def message(self, message_id: int) -> tuple[str, MessageView] | None:
        """(conversation public id, message view), for the live feed."""
        return await self._read(self._message, message_id)

    @staticmethod
    def _message(session: Session, message_id: int) -> tuple[str, MessageView] | None:
        message = session.get(Message, message_id)
        if message is None:
            return None
        conversation = session.get(Conversation, message.conversation_id)
        assert conversation is not None
        return conversation.public_id, message_view(session, message)

    async def messages_since(self, conversation_id: int, after_id: int) -> list[int]:
        return await self._read(queries.message_ids_after, conversation_id, after_id)

    async def agents(self, online: Collection[int] = ()) -> list[AgentView]:
        """Everyone who may hold a conversation; `online`: the ids of those with a console open."""
        return await self._read(lambda session: [agent_view(u, online) for u in accounts.active_users(session)])

    async def canned(self, language: str | None) -> list[CannedView]:
        return await self._read(lambda session: [canned_view(c) for c in canned.listing(session, language)])

    async def may_see_attachment(self, attachment_id: int, account: Account) -> bool:
        """Agents see files of conversations that were handed to a person and of claims; admins see all."""
        if account.is_admin:
            return True
        return await self._read(
            lambda session: (
                queries.attachment_was_handed_off(session, attachment_id)
                or desk.attachment_is_on_claim(session, attachment_id)
            )
        )

"""What a technician does in the console: claim, transfer, hand back, close, reply, note; and
what an admin does to a colleague's account (deactivate).

Every action is one transaction that locks the conversation and checks the state it
starts from, so two agents racing for a conversation, or a customer cancelling while an
agent claims, end in one consistent state. The state changes themselves are the
hand-off's (`conversations/handoff.py`); this module decides who may make them and what
the customer is told.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Concatenate, ParamSpec, TypeVar

from sqlalchemy.orm import Session, sessionmaker

from conversations import handoff
from conversations.handoff import OPEN_STATES, Handoff
from conversations.records import Outgoing, outgoing
from staff.accounts import Account
from staff.audit import AuditLog
from staff.views import ConversationSummary, MessageView, message_view, summary_view
from storage.engine import run_in_thread
from storage.models import (
    Conversation,
    ConversationState,
    Direction,
    Message,
    MessageStatus,
    SenderKind,
    User,
    utcnow,
)
from storage.repositories import accounts, messages, queue
from storage.repositories import console as queries

P = ParamSpec("P")
T = TypeVar("T")


class ConsoleError(Exception):
    """An action that cannot be done now; `status` is the HTTP status to answer with."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


@dataclass(frozen=True, slots=True)
class ActionResult:
    """What an action leaves for after its transaction: the new summary for the caller and the
    other consoles, the notices for the outbox (sent only once the transaction committed)."""

    conversation_id: int
    summary: ConversationSummary
    outgoing: list[Outgoing]
    handed_back_sender: str | None = None  # Rasa sender id whose form must be ended


def find(session: Session, public_id: str, *, lock: bool = False) -> Conversation:
    """The conversation, or a 404 for the console; `lock`: see `storage.repositories.console.conversation`."""
    conversation = queries.conversation(session, public_id, lock=lock)
    if conversation is None:
        raise ConsoleError(404, f"no conversation {public_id}")
    return conversation


def find_readable(session: Session, public_id: str, account: Account) -> Conversation:
    """The conversation if `account` may read it, else the same 404 as for none.

    Agents read what was handed to a person and what they hold; a conversation only ever
    with the bot is the customer's business with the bot. Admins read everything. The
    answer does not tell "exists" from "not yours", so ids cannot be probed.
    """
    conversation = find(session, public_id)
    if account.is_admin or conversation.assigned_agent_id == account.id:
        return conversation
    if not queries.was_handed_off(session, conversation.id):
        raise ConsoleError(404, f"no conversation {public_id}")
    return conversation


# How an agent's part ends: the hand-off's step, and the notice that tells the customer.
_ENDINGS = {"handback": (handoff.hand_back, "utter_handback"), "close": (handoff.close, "utter_csat_question")}


class ConsoleActions:
    """The console's actions, each one transaction in a database thread; `ConsoleService` adds the reading."""

    def __init__(self, sessions: sessionmaker[Session], handoff: Handoff) -> None:
        self._sessions = sessions
        self._handoff = handoff

    def _transaction(
        self, step: Callable[Concatenate[Session, datetime, P], T], *args: P.args, **kwargs: P.kwargs
    ) -> T:
        """`step(session, now, ...)` as one transaction: everything it changed, or nothing."""
        now = utcnow()
        with self._sessions.begin() as session:
            return step(session, now, *args, **kwargs)

    def _holder_check(self, conversation: Conversation, account: Account) -> None:
        if conversation.state != ConversationState.AGENT:
            raise ConsoleError(409, f"the conversation is {conversation.state.replace('_', ' ')}, not held by an agent")
        if conversation.assigned_agent_id != account.id and not account.is_admin:
            raise ConsoleError(409, "another agent holds this conversation")

    def _telling_customer(
        self,
        session: Session,
        conversation: Conversation,
        account: Account,
        template: str,
        at: datetime,
        params: dict[str, Any] | None = None,
    ) -> ActionResult:
        """An action's result, with the notice that tells the customer about it queued."""
        notice = self._handoff.notice(session, conversation, template, at=at, params=params)
        session.flush()
        recipient = messages.recipient(session, conversation.customer_id)
        return ActionResult(
            conversation.id,
            summary_view(session, conversation, account),
            [outgoing(notice, recipient)] if notice is not None else [],
        )

    async def claim(self, public_id: str, account: Account) -> ActionResult:
        return await run_in_thread(self._transaction, self._claim, public_id, account)

    def _claim(self, session: Session, now: datetime, public_id: str, account: Account) -> ActionResult:
        conversation = find(session, public_id, lock=True)
        if not handoff.claim(session, conversation, account.id, now):
            holder = session.get(User, conversation.assigned_agent_id) if conversation.assigned_agent_id else None
            if holder is not None and conversation.state == ConversationState.AGENT:
                raise ConsoleError(409, f"already taken by {holder.display_name}")
            raise ConsoleError(409, f"the conversation is {conversation.state.replace('_', ' ')}")
        return self._telling_customer(
            session, conversation, account, "utter_agent_joined", now, params={"agent": account.display_name}
        )

    async def transfer(self, public_id: str, account: Account, agent_id: int | None) -> ActionResult:
        """To another active agent, or back to the queue when `agent_id` is None."""
        return await run_in_thread(self._transaction, self._transfer, public_id, account, agent_id)

    def _transfer(
        self, session: Session, now: datetime, public_id: str, account: Account, agent_id: int | None
    ) -> ActionResult:
        conversation = find(session, public_id, lock=True)
        self._holder_check(conversation, account)
        if agent_id is None:
            self._handoff.return_to_queue(
                session, conversation, agent_id=account.id, agent_name=account.display_name, at=now
            )
        else:
            target = session.get(User, agent_id)
            if target is None or not target.active:
                raise ConsoleError(404, f"no agent {agent_id}")
            handoff.transfer(
                session,
                conversation,
                to_agent_id=target.id,
                to_name=target.display_name,
                by_agent_id=account.id,
                at=now,
            )
        conversation.updated_at = now
        session.flush()
        return ActionResult(conversation.id, summary_view(session, conversation, account), [])

    async def handback(self, public_id: str, account: Account) -> ActionResult:
        """Back to the bot; the result names the Rasa conversation whose half-filled form must end."""
        result = await run_in_thread(self._transaction, self._end, public_id, account, "handback")
        return dataclasses.replace(result, handed_back_sender=public_id)

    async def close(self, public_id: str, account: Account) -> ActionResult:
        """Closed; the customer is asked for a rating."""
        return await run_in_thread(self._transaction, self._end, public_id, account, "close")

    def _end(self, session: Session, now: datetime, public_id: str, account: Account, ending: str) -> ActionResult:
        conversation = find(session, public_id, lock=True)
        # An admin may close what nobody claimed (spam, duplicates); everything else only its holder.
        if not (ending == "close" and conversation.state == ConversationState.WAITING_FOR_AGENT and account.is_admin):
            self._holder_check(conversation, account)
        step, template = _ENDINGS[ending]
        step(session, conversation, agent_id=account.id, agent_name=account.display_name, at=now)
        return self._telling_customer(session, conversation, account, template, now)

    async def reply(
        self, public_id: str, account: Account, text: str, *, internal: bool
    ) -> tuple[int, MessageView, Outgoing | None]:
        """(conversation row id, the message's view, what the outbox must send or None for a note)."""
        return await run_in_thread(self._transaction, self._reply, public_id, account, text, internal)

    def _reply(
        self, session: Session, now: datetime, public_id: str, account: Account, text: str, internal: bool
    ) -> tuple[int, MessageView, Outgoing | None]:
        conversation = find(session, public_id, lock=True)
        if not internal:
            self._holder_check(conversation, account)
        elif conversation.state not in OPEN_STATES and not account.is_admin:
            raise ConsoleError(409, "notes go on conversations waiting for or held by an agent")
        message = Message(
            conversation_id=conversation.id,
            direction=Direction.OUT,
            sender_kind=SenderKind.AGENT,
            channel=conversation.channel,
            text=text,
            language=conversation.language,
            internal=internal,
            author_id=account.id,
            # A note is never sent: it is born in a final state the outbox does not look at.
            status=MessageStatus.PROCESSED if internal else MessageStatus.QUEUED,
            created_at=now,
        )
        session.add(message)
        conversation.updated_at = now
        session.flush()
        view = message_view(session, message)
        if internal:
            return conversation.id, view, None
        return conversation.id, view, outgoing(message, messages.recipient(session, conversation.customer_id))

    async def deactivate(self, username: str, by: str, actor: str | None = None) -> list[int] | None:
        """Lock an account out: its sessions end and the conversations it held go back to the queue.

        `by` names who did it in the conversations' events; `actor`, when given, is the
        admin the audit log records (action user.deactivate), in the same transaction.
        Returns the released conversations' row ids, or None when there is no such user.
        """
        return await run_in_thread(self.deactivate_now, username, by, actor)

    def deactivate_now(self, username: str, by: str, actor: str | None = None) -> list[int] | None:
        """`deactivate`, in this thread (the command line has no event loop)."""
        return self._transaction(self._deactivate, username, by, actor)

    def _deactivate(
        self, session: Session, now: datetime, username: str, by: str, actor: str | None
    ) -> list[int] | None:
        user = accounts.user(session, username)
        if user is None:
            return None
        was_active = user.active
        user.active = False
        accounts.end_sessions_of(session, user.id)
        released = []
        for conversation in queue.held_by(session, user.id, lock=True):
            self._handoff.release(session, conversation, agent_name=user.display_name, by=by, at=now)
            released.append(conversation.id)
        if actor is not None:
            after = {"active": False, "conversations_returned_to_queue": len(released)}
            AuditLog.add(session, actor, "user.deactivate", username, {"active": was_active}, after)
        return released

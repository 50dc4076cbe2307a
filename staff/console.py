"""What the agent console reads and does: the queue, a conversation with its context, and
the technicians' actions (claim, transfer, hand back, close, reply, note).

Views are plain dicts in the shapes of docs/console-api.md, built in the database
threads. Every action is one transaction that checks the state it starts from, so two
agents racing for a conversation, or a customer cancelling while an agent claims, end
in one consistent state.
"""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, sessionmaker

from conversations.handoff import PRIORITY_LABELS, Handoff, claim, record_transition
from conversations.service import Outgoing, outgoing
from staff.accounts import Account
from storage.engine import run_in_thread
from storage.models import (
    Attachment,
    CannedResponse,
    Conversation,
    ConversationEvent,
    ConversationState,
    Customer,
    Direction,
    Message,
    MessageStatus,
    SenderKind,
    User,
    UserSession,
    utcnow,
)

OPEN_STATES = (ConversationState.WAITING_FOR_AGENT, ConversationState.AGENT)


class ConsoleError(Exception):
    """An action that cannot be done now; `status` is the HTTP status to answer with."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


@dataclass(frozen=True, slots=True)
class ActionResult:
    conversation_id: int
    summary: dict[str, Any]
    outgoing: list[Outgoing]
    handed_back_sender: str | None = None  # Rasa sender id whose form must be ended


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


# Channels whose customer id is the customer's session credential: agents see an alias.
SESSION_CHANNELS = ("webchat", "socketio")


def customer_alias(channel: str, external_id: str) -> str:
    """What the console shows for a customer: the phone or chat id, or for a browser an alias."""
    if channel in SESSION_CHANNELS:
        return "Visitor " + hashlib.sha256(external_id.encode()).hexdigest()[:6]
    return external_id


def summary_view(
    session: Session, conversation: Conversation, account: Account | None = None, *, last: Message | None = None
) -> dict[str, Any]:
    customer = session.get(Customer, conversation.customer_id)
    agent = session.get(User, conversation.assigned_agent_id) if conversation.assigned_agent_id else None
    if last is None:
        last = session.execute(
            select(Message)
            .where(Message.conversation_id == conversation.id, Message.internal.is_(False))
            .order_by(Message.id.desc())
            .limit(1)
        ).scalar_one_or_none()
    return {
        "id": conversation.public_id,
        "state": conversation.state,
        "channel": conversation.channel,
        "language": conversation.language,
        "customer": {
            "name": customer.display_name if customer else None,
            "external_id": customer_alias(conversation.channel, customer.external_id) if customer else None,
        },
        "priority": conversation.priority,
        "priority_label": PRIORITY_LABELS.get(conversation.priority, "normal"),
        "handoff_reason": conversation.handoff_reason,
        "waiting_since": _iso(conversation.waiting_since),
        "assigned_agent": {"id": agent.id, "display_name": agent.display_name} if agent else None,
        "matches_my_languages": account is None
        or not account.languages
        or (conversation.language or "") in account.languages,
        "last_message": (
            {"text": last.text[:200], "sender": last.sender_kind, "created_at": _iso(last.created_at)} if last else None
        ),
        "csat_score": conversation.csat_score,
    }


def message_view(session: Session, message: Message) -> dict[str, Any]:
    author = session.get(User, message.author_id) if message.author_id else None
    attachments = session.execute(select(Attachment).where(Attachment.message_id == message.id)).scalars()
    return {
        "id": message.id,
        "direction": message.direction,
        "sender": message.sender_kind,
        "agent_name": author.display_name if author else None,
        "text": message.text,
        "buttons": message.buttons or [],
        "created_at": _iso(message.created_at),
        "status": message.status,
        "internal": message.internal,
        "intent": message.intent,
        "confidence": message.confidence,
        "kind": message.kind,
        "attachments": [
            {
                "id": a.id,
                "kind": a.kind,
                "mime_type": a.mime_type,
                "filename": a.filename,
                "status": a.status,
                "url": f"/api/console/attachments/{a.id}",
            }
            for a in attachments
        ],
    }


class ConsoleService:
    def __init__(self, sessions: sessionmaker[Session], handoff: Handoff) -> None:
        self._sessions = sessions
        self._handoff = handoff

    # -- reading -------------------------------------------------------------------

    async def queue(self, account: Account) -> list[dict[str, Any]]:
        return await run_in_thread(self._queue, account)

    def _queue(self, account: Account) -> list[dict[str, Any]]:
        with self._sessions() as session:
            waiting = session.execute(
                select(Conversation)
                .where(Conversation.state == ConversationState.WAITING_FOR_AGENT)
                .order_by(Conversation.priority.desc(), Conversation.waiting_since)
                .limit(500)
            ).scalars()
            views = [summary_view(session, c, account) for c in waiting]
        # What this agent can answer first; the order within each group stays priority, wait.
        return sorted(views, key=lambda view: not view["matches_my_languages"])

    async def mine(self, account: Account) -> list[dict[str, Any]]:
        return await run_in_thread(self._mine, account)

    def _mine(self, account: Account) -> list[dict[str, Any]]:
        with self._sessions() as session:
            held = session.execute(
                select(Conversation)
                .where(Conversation.state == ConversationState.AGENT, Conversation.assigned_agent_id == account.id)
                .order_by(Conversation.updated_at.desc())
            ).scalars()
            return [summary_view(session, c, account) for c in held]

    async def detail(self, public_id: str, account: Account) -> dict[str, Any]:
        return await run_in_thread(self._detail, public_id, account)

    def _detail(self, public_id: str, account: Account) -> dict[str, Any]:
        with self._sessions() as session:
            conversation = self._find(session, public_id)
            messages = list(
                session.execute(
                    select(Message).where(Message.conversation_id == conversation.id).order_by(Message.id)
                ).scalars()
            )
            events = session.execute(
                select(ConversationEvent, User.display_name)
                .outerjoin(User, ConversationEvent.actor_id == User.id)
                .where(ConversationEvent.conversation_id == conversation.id)
                .order_by(ConversationEvent.id)
            ).all()
            customer_messages = [m for m in messages if m.direction == Direction.IN]
            slots: dict[str, Any] = {}
            for message in customer_messages:
                for entity in message.entities or ():
                    if isinstance(entity, dict) and entity.get("entity"):
                        slots[str(entity["entity"])] = entity.get("value")
            return {
                "conversation": summary_view(session, conversation, account),
                "messages": [message_view(session, m) for m in messages],
                "context": {
                    "handoff_reason": conversation.handoff_reason,
                    "intents": [
                        {
                            "intent": m.intent,
                            "confidence": m.confidence,
                            "text": m.text[:200],
                            "at": _iso(m.created_at),
                        }
                        for m in reversed(customer_messages[-10:])
                        if m.intent
                    ],
                    "slots": slots,
                    "events": [
                        {
                            "from": e.from_state,
                            "to": e.to_state,
                            "actor": name or e.actor_kind,
                            "reason": e.reason,
                            "at": _iso(e.created_at),
                        }
                        for e, name in events
                    ],
                },
            }

    async def summary(self, conversation_id: int) -> tuple[str, dict[str, Any]] | None:
        """(state, summary) of a conversation by its row id, for the live feed."""
        return await run_in_thread(self._summary, conversation_id)

    def _summary(self, conversation_id: int) -> tuple[str, dict[str, Any]] | None:
        with self._sessions() as session:
            conversation = session.get(Conversation, conversation_id)
            if conversation is None:
                return None
            return conversation.state, summary_view(session, conversation)

    async def message(self, message_id: int) -> tuple[str, dict[str, Any]] | None:
        """(conversation public id, message view), for the live feed."""
        return await run_in_thread(self._message, message_id)

    def _message(self, message_id: int) -> tuple[str, dict[str, Any]] | None:
        with self._sessions() as session:
            message = session.get(Message, message_id)
            if message is None:
                return None
            conversation = session.get(Conversation, message.conversation_id)
            assert conversation is not None
            return conversation.public_id, message_view(session, message)

    async def messages_since(self, conversation_id: int, after_id: int) -> list[int]:
        return await run_in_thread(self._messages_since, conversation_id, after_id)

    def _messages_since(self, conversation_id: int, after_id: int) -> list[int]:
        with self._sessions() as session:
            rows = session.execute(
                select(Message.id)
                .where(Message.conversation_id == conversation_id, Message.id > after_id)
                .order_by(Message.id)
            )
            return [row[0] for row in rows]

    async def agents(self) -> list[dict[str, Any]]:
        return await run_in_thread(self._agents)

    def _agents(self) -> list[dict[str, Any]]:
        with self._sessions() as session:
            users = session.execute(select(User).where(User.active.is_(True)).order_by(User.display_name)).scalars()
            return [
                {"id": u.id, "display_name": u.display_name, "languages": list(u.languages or []), "role": u.role}
                for u in users
            ]

    async def canned(self, language: str | None) -> list[dict[str, Any]]:
        return await run_in_thread(self._canned, language)

    def _canned(self, language: str | None) -> list[dict[str, Any]]:
        with self._sessions() as session:
            query = select(CannedResponse).order_by(CannedResponse.shortcut)
            if language:
                query = query.where(CannedResponse.language == language)
            return [
                {"shortcut": c.shortcut, "language": c.language, "title": c.title, "text": c.text}
                for c in session.execute(query).scalars()
            ]

    async def may_see_attachment(self, attachment_id: int, account: Account) -> bool:
        """Agents see files of conversations that were handed to a person; admins see all."""
        return account.is_admin or await run_in_thread(self._handed_off_attachment, attachment_id)

    def _handed_off_attachment(self, attachment_id: int) -> bool:
        with self._sessions() as session:
            found = session.execute(
                select(ConversationEvent.id)
                .join(Message, Message.conversation_id == ConversationEvent.conversation_id)
                .join(Attachment, Attachment.message_id == Message.id)
                .where(Attachment.id == attachment_id)
                .limit(1)
            ).first()
            return found is not None

    # -- acting --------------------------------------------------------------------

    def _find(self, session: Session, public_id: str, *, lock: bool = False) -> Conversation:
        """The conversation; `lock` (every action) holds its row until the transaction ends,
        so two actions on one conversation (or an action and the customer's cancel) queue."""
        query = select(Conversation).where(Conversation.public_id == public_id)
        if lock:
            query = query.with_for_update()
        conversation = session.execute(query).scalar_one_or_none()
        if conversation is None:
            raise ConsoleError(404, f"no conversation {public_id}")
        return conversation

    def _holder_check(self, conversation: Conversation, account: Account) -> None:
        if conversation.state != ConversationState.AGENT:
            raise ConsoleError(409, f"the conversation is {conversation.state.replace('_', ' ')}, not held by an agent")
        if conversation.assigned_agent_id != account.id and not account.is_admin:
            raise ConsoleError(409, "another agent holds this conversation")

    def _recipient(self, session: Session, conversation: Conversation) -> str:
        return session.execute(select(Customer.external_id).where(Customer.id == conversation.customer_id)).scalar_one()

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
        recipient = self._recipient(session, conversation)
        return ActionResult(
            conversation.id,
            summary_view(session, conversation, account),
            [outgoing(notice, recipient)] if notice is not None else [],
        )

    async def claim(self, public_id: str, account: Account) -> ActionResult:
        return await run_in_thread(self._claim, public_id, account)

    def _claim(self, public_id: str, account: Account) -> ActionResult:
        now = utcnow()
        with self._sessions.begin() as session:
            conversation = self._find(session, public_id, lock=True)
            if not claim(session, conversation.id, account.id, now):
                session.refresh(conversation)
                holder = session.get(User, conversation.assigned_agent_id) if conversation.assigned_agent_id else None
                if holder is not None and conversation.state == ConversationState.AGENT:
                    raise ConsoleError(409, f"already taken by {holder.display_name}")
                raise ConsoleError(409, f"the conversation is {conversation.state.replace('_', ' ')}")
            session.add(
                ConversationEvent(
                    conversation_id=conversation.id,
                    from_state=ConversationState.WAITING_FOR_AGENT,
                    to_state=ConversationState.AGENT,
                    actor_kind=SenderKind.AGENT,
                    actor_id=account.id,
                    reason="claimed",
                    created_at=now,
                )
            )
            session.refresh(conversation)
            return self._telling_customer(
                session, conversation, account, "utter_agent_joined", now, params={"agent": account.display_name}
            )

    async def transfer(self, public_id: str, account: Account, agent_id: int | None) -> ActionResult:
        return await run_in_thread(self._transfer, public_id, account, agent_id)

    def _transfer(self, public_id: str, account: Account, agent_id: int | None) -> ActionResult:
        now = utcnow()
        with self._sessions.begin() as session:
            conversation = self._find(session, public_id, lock=True)
            self._holder_check(conversation, account)
            if agent_id is None:
                self._handoff.to_queue(
                    session,
                    conversation,
                    priority=conversation.priority,
                    reason=f"returned to the queue by {account.display_name}",
                    actor_kind=SenderKind.AGENT,
                    actor_id=account.id,
                    at=now,
                    tell_customer=False,
                )
            else:
                target = session.get(User, agent_id)
                if target is None or not target.active:
                    raise ConsoleError(404, f"no agent {agent_id}")
                session.add(
                    ConversationEvent(
                        conversation_id=conversation.id,
                        from_state=ConversationState.AGENT,
                        to_state=ConversationState.AGENT,
                        actor_kind=SenderKind.AGENT,
                        actor_id=account.id,
                        reason=f"transferred to {target.display_name}",
                        created_at=now,
                    )
                )
                conversation.assigned_agent_id = target.id
            conversation.updated_at = now
            session.flush()
            return ActionResult(conversation.id, summary_view(session, conversation, account), [])

    async def handback(self, public_id: str, account: Account) -> ActionResult:
        return await run_in_thread(self._handback, public_id, account)

    def _handback(self, public_id: str, account: Account) -> ActionResult:
        now = utcnow()
        with self._sessions.begin() as session:
            conversation = self._find(session, public_id, lock=True)
            self._holder_check(conversation, account)
            record_transition(
                session,
                conversation,
                ConversationState.BOT,
                actor_kind=SenderKind.AGENT,
                actor_id=account.id,
                reason=f"handed back to the bot by {account.display_name}",
                at=now,
            )
            conversation.assigned_agent_id = None
            conversation.waiting_since = None
            conversation.low_confidence_turns = 0
            result = self._telling_customer(session, conversation, account, "utter_handback", now)
            return dataclasses.replace(result, handed_back_sender=conversation.public_id)

    async def close(self, public_id: str, account: Account) -> ActionResult:
        return await run_in_thread(self._close, public_id, account)

    def _close(self, public_id: str, account: Account) -> ActionResult:
        now = utcnow()
        with self._sessions.begin() as session:
            conversation = self._find(session, public_id, lock=True)
            if conversation.state == ConversationState.WAITING_FOR_AGENT and account.is_admin:
                pass  # an admin may close what nobody claimed (spam, duplicates)
            else:
                self._holder_check(conversation, account)
            record_transition(
                session,
                conversation,
                ConversationState.CLOSED,
                actor_kind=SenderKind.AGENT,
                actor_id=account.id,
                reason=f"closed by {account.display_name}",
                at=now,
            )
            conversation.closed_at = now
            conversation.csat_requested_at = now
            return self._telling_customer(session, conversation, account, "utter_csat_question", now)

    async def reply(
        self, public_id: str, account: Account, text: str, *, internal: bool
    ) -> tuple[int, dict[str, Any], Outgoing | None]:
        """(conversation row id, the message's view, what the outbox must send or None for a note)."""
        return await run_in_thread(self._reply, public_id, account, text, internal)

    def _reply(
        self, public_id: str, account: Account, text: str, internal: bool
    ) -> tuple[int, dict[str, Any], Outgoing | None]:
        now = utcnow()
        with self._sessions.begin() as session:
            conversation = self._find(session, public_id, lock=True)
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
            return conversation.id, view, outgoing(message, self._recipient(session, conversation))

    async def deactivate(self, username: str, by: str) -> list[int] | None:
        """Lock an account out: its sessions end and the conversations it held go back to the queue.

        Returns the released conversations' row ids, or None when there is no such user.
        """
        return await run_in_thread(self.deactivate_now, username, by)

    def deactivate_now(self, username: str, by: str) -> list[int] | None:
        now = utcnow()
        with self._sessions.begin() as session:
            user = session.execute(select(User).where(User.username == username)).scalar_one_or_none()
            if user is None:
                return None
            user.active = False
            session.execute(delete(UserSession).where(UserSession.user_id == user.id))
            held = session.execute(
                select(Conversation)
                .where(Conversation.assigned_agent_id == user.id, Conversation.state == ConversationState.AGENT)
                .with_for_update()
            ).scalars()
            released = []
            for conversation in held:
                self._handoff.to_queue(
                    session,
                    conversation,
                    priority=conversation.priority,
                    reason=f"{user.display_name} was deactivated by {by}",
                    actor_kind=SenderKind.SYSTEM,
                    at=now,
                    tell_customer=False,
                )
                released.append(conversation.id)
            return released

"""What the console shows, typed: the views of a conversation, a message, a user, an agent, a
canned response, and the functions that build them from rows.

The same classes are the HTTP answers (`api/schemas/console.py` re-exports them, so the
OpenAPI document describes exactly what is sent) and the live feed's payloads. Field
names and their order are the wire format of docs/console-api.md; `api/static/console.js`
reads them. Built in the database threads, inside the caller's session.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field, PlainSerializer, WithJsonSchema
from sqlalchemy.orm import Session

from conversations.handoff import PRIORITY_LABELS
from staff.accounts import Account
from storage.models import (
    AttachmentStatus,
    CannedResponse,
    Conversation,
    ConversationState,
    Customer,
    Direction,
    Message,
    MessageStatus,
    SenderKind,
    User,
    UserRole,
)
from storage.repositories import console as queries

# Sent as Python's isoformat() ("2025-01-02T03:04:05.123456+00:00"), as the console has always read them.
Timestamp = Annotated[
    datetime,
    PlainSerializer(datetime.isoformat, return_type=str),
    WithJsonSchema({"type": "string", "format": "date-time"}),
]
PriorityLabel = Literal["normal", "high", "urgent", "emergency"]

# Channels whose customer id is the customer's session credential: agents see an alias.
SESSION_CHANNELS = ("webchat", "socketio")


def customer_alias(channel: str, external_id: str) -> str:
    """What the console shows for a customer: the phone or chat id, or for a browser an alias."""
    if channel in SESSION_CHANNELS:
        return "Visitor " + hashlib.sha256(external_id.encode()).hexdigest()[:6]
    return external_id


class CustomerRef(BaseModel):
    name: str | None
    external_id: str | None = Field(description="phone or chat id; for a browser an alias, never its session id")


class AgentRef(BaseModel):
    id: int
    display_name: str


class LastMessage(BaseModel):
    text: str = Field(description="the first 200 characters")
    sender: SenderKind
    created_at: Timestamp


class ConversationSummary(BaseModel):
    """A conversation as the queue and the lists show it (`Summary` in docs/console-api.md)."""

    id: str = Field(description="the conversation's public id")
    state: ConversationState
    channel: str
    language: str | None
    customer: CustomerRef
    priority: int = Field(ge=0, le=3)
    priority_label: PriorityLabel
    handoff_reason: str | None
    waiting_since: Timestamp | None
    assigned_agent: AgentRef | None
    matches_my_languages: bool
    last_message: LastMessage | None
    csat_score: int | None


class ButtonView(BaseModel):
    title: str
    payload: str


class AttachmentView(BaseModel):
    id: int
    kind: str
    mime_type: str | None
    filename: str | None
    status: AttachmentStatus
    url: str = Field(description="where the console fetches the file")


class MessageView(BaseModel):
    """One message of a transcript (`Message` in docs/console-api.md)."""

    id: int
    direction: Direction
    sender: SenderKind
    agent_name: str | None
    text: str
    buttons: list[ButtonView]
    created_at: Timestamp
    status: MessageStatus
    internal: bool = Field(description="an agents' note: never sent to the customer")
    intent: str | None
    confidence: float | None
    kind: str
    attachments: list[AttachmentView]


class IntentSeen(BaseModel):
    intent: str | None
    confidence: float | None
    text: str = Field(description="the first 200 characters")
    at: Timestamp


class TransitionView(BaseModel):
    from_: ConversationState = Field(serialization_alias="from")
    to: ConversationState
    actor: str = Field(description="the agent's name, or who else acted (customer, bot, system)")
    reason: str
    at: Timestamp


class Context(BaseModel):
    handoff_reason: str | None
    intents: list[IntentSeen] = Field(description="of the customer's last 10 messages, newest first")
    slots: dict[str, Any] = Field(description="the latest value of each entity the bot saw")
    events: list[TransitionView] = Field(description="state transitions, oldest first")


class ConversationDetail(BaseModel):
    conversation: ConversationSummary
    messages: list[MessageView]
    context: Context


class UserView(BaseModel):
    """A console account (`User` in docs/console-api.md)."""

    id: int
    username: str
    display_name: str
    role: UserRole
    languages: list[str]


class AgentView(BaseModel):
    """A colleague a conversation can be transferred to."""

    id: int
    display_name: str
    languages: list[str]
    role: UserRole
    online: bool = Field(description="has the console open now")


class CannedView(BaseModel):
    shortcut: str
    language: str
    title: str
    text: str


def _matches(conversation: Conversation, account: Account | None) -> bool:
    return account is None or not account.languages or (conversation.language or "") in account.languages


def summary_view(
    session: Session, conversation: Conversation, account: Account | None = None, *, last: Message | None = None
) -> ConversationSummary:
    """`account`: whose languages `matches_my_languages` compares with (None: everybody's)."""
    customer = session.get(Customer, conversation.customer_id)
    agent = session.get(User, conversation.assigned_agent_id) if conversation.assigned_agent_id else None
    if last is None:
        last = queries.last_visible_message(session, conversation.id)
    return ConversationSummary(
        id=conversation.public_id,
        state=conversation.state,
        channel=conversation.channel,
        language=conversation.language,
        customer=CustomerRef(
            name=customer.display_name if customer else None,
            external_id=customer_alias(conversation.channel, customer.external_id) if customer else None,
        ),
        priority=conversation.priority,
        priority_label=PRIORITY_LABELS.get(conversation.priority, "normal"),
        handoff_reason=conversation.handoff_reason,
        waiting_since=conversation.waiting_since,
        assigned_agent=AgentRef(id=agent.id, display_name=agent.display_name) if agent else None,
        matches_my_languages=_matches(conversation, account),
        last_message=(
            LastMessage(text=last.text[:200], sender=last.sender_kind, created_at=last.created_at) if last else None
        ),
        csat_score=conversation.csat_score,
    )


def message_view(session: Session, message: Message) -> MessageView:
    """A message with its author's name (agents sign their replies) and its files, linked for the console."""
    author = session.get(User, message.author_id) if message.author_id else None
    return MessageView(
        id=message.id,
        direction=message.direction,
        sender=message.sender_kind,
        agent_name=author.display_name if author else None,
        text=message.text,
        buttons=[ButtonView(title=b["title"], payload=b["payload"]) for b in message.buttons or ()],
        created_at=message.created_at,
        status=message.status,
        internal=message.internal,
        intent=message.intent,
        confidence=message.confidence,
        kind=message.kind,
        attachments=[
            AttachmentView(
                id=a.id,
                kind=a.kind,
                mime_type=a.mime_type,
                filename=a.filename,
                status=a.status,
                url=f"/api/console/attachments/{a.id}",
            )
            for a in queries.attachments(session, message.id)
        ],
    )


def detail_view(session: Session, conversation: Conversation, account: Account) -> ConversationDetail:
    """The transcript and what the bot knew: the intents it saw, the entities it kept, the hand-off's history."""
    messages = queries.messages(session, conversation.id)
    customer_messages = [m for m in messages if m.direction == Direction.IN]
    slots: dict[str, Any] = {}
    for message in customer_messages:
        for entity in message.entities or ():
            if isinstance(entity, dict) and entity.get("entity"):
                slots[str(entity["entity"])] = entity.get("value")
    return ConversationDetail(
        conversation=summary_view(session, conversation, account),
        messages=[message_view(session, m) for m in messages],
        context=Context(
            handoff_reason=conversation.handoff_reason,
            intents=[
                IntentSeen(intent=m.intent, confidence=m.confidence, text=m.text[:200], at=m.created_at)
                for m in reversed(customer_messages[-10:])
                if m.intent
            ],
            slots=slots,
            events=[
                TransitionView(
                    from_=e.from_state, to=e.to_state, actor=name or e.actor_kind, reason=e.reason, at=e.created_at
                )
                for e, name in queries.events(session, conversation.id)
            ],
        ),
    )


def user_view(account: Account) -> UserView:
    """What the console knows of the logged-in account (never its password hash or sessions)."""
    return UserView(
        id=account.id,
        username=account.username,
        display_name=account.display_name,
        role=account.role,
        languages=list(account.languages),
    )


def agent_view(user: User, online: Collection[int]) -> AgentView:
    """A colleague; `online`: ids of agents with a console open (presence lives outside the database)."""
    return AgentView(
        id=user.id,
        display_name=user.display_name,
        languages=list(user.languages or []),
        role=user.role,
        online=user.id in online,
    )


def canned_view(canned: CannedResponse) -> CannedView:
    return CannedView(shortcut=canned.shortcut, language=canned.language, title=canned.title, text=canned.text)

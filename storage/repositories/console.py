"""Queries of what the agent console reads: a conversation by its public id, its messages,
their files and its recorded transitions.

Each function takes an open Session; the console's service (`staff/`) owns the transaction.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.models import Attachment, Conversation, ConversationEvent, Message, User


def conversation(session: Session, public_id: str, *, lock: bool = False) -> Conversation | None:
    """The conversation; `lock` (every console action) holds its row until the transaction ends,
    so two actions on one conversation (or an action and the customer's cancel) queue."""
    query = select(Conversation).where(Conversation.public_id == public_id)
    if lock:
        query = query.with_for_update()
    return session.execute(query).scalar_one_or_none()


def was_handed_off(session: Session, conversation_id: int) -> bool:
    """Whether the conversation was ever handed to a person: every hand-off records a transition."""
    found = session.execute(
        select(ConversationEvent.id).where(ConversationEvent.conversation_id == conversation_id).limit(1)
    ).first()
    return found is not None


def last_visible_message(session: Session, conversation_id: int) -> Message | None:
    """The newest message that is not an internal note (what a queue entry previews)."""
    return session.execute(
        select(Message)
        .where(Message.conversation_id == conversation_id, Message.internal.is_(False))
        .order_by(Message.id.desc())
        .limit(1)
    ).scalar_one_or_none()


def messages(session: Session, conversation_id: int) -> list[Message]:
    """The whole transcript, notes included, oldest first."""
    return list(
        session.execute(
            select(Message).where(Message.conversation_id == conversation_id).order_by(Message.id)
        ).scalars()
    )


def message_ids_after(session: Session, conversation_id: int, after_id: int) -> list[int]:
    """Ids of the conversation's messages newer than `after_id`, oldest first (the live feed's catch-up)."""
    rows = session.execute(
        select(Message.id).where(Message.conversation_id == conversation_id, Message.id > after_id).order_by(Message.id)
    )
    return [row[0] for row in rows]


def attachments(session: Session, message_id: int) -> list[Attachment]:
    return list(session.execute(select(Attachment).where(Attachment.message_id == message_id)).scalars())


def events(session: Session, conversation_id: int) -> list[tuple[ConversationEvent, str | None]]:
    """The conversation's transitions, oldest first, each with its actor's display name (None for non-agents)."""
    rows = session.execute(
        select(ConversationEvent, User.display_name)
        .outerjoin(User, ConversationEvent.actor_id == User.id)
        .where(ConversationEvent.conversation_id == conversation_id)
        .order_by(ConversationEvent.id)
    )
    return [(event, name) for event, name in rows]


def attachment_was_handed_off(session: Session, attachment_id: int) -> bool:
    """Whether the file belongs to a conversation that was ever handed to a person (it has a transition)."""
    found = session.execute(
        select(ConversationEvent.id)
        .join(Message, Message.conversation_id == ConversationEvent.conversation_id)
        .join(Attachment, Attachment.message_id == Message.id)
        .where(Attachment.id == attachment_id)
        .limit(1)
    ).first()
    return found is not None

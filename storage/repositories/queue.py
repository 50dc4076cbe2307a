"""Queries of the hand-off queue: who waits, who is ahead, who holds what, and the claim itself.

The hand-off state machine (`conversations/handoff.py`) and the console (`staff/`) decide
what a transaction holds; these functions only build and run the queries in it.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from storage.models import Conversation, ConversationState


def waiting(session: Session, limit: int) -> list[Conversation]:
    """Conversations waiting for an agent: highest priority first, then the longest waiting."""
    return list(
        session.execute(
            select(Conversation)
            .where(Conversation.state == ConversationState.WAITING_FOR_AGENT)
            .order_by(Conversation.priority.desc(), Conversation.waiting_since)
            .limit(limit)
        ).scalars()
    )


def held_by(session: Session, agent_id: int, *, lock: bool = False) -> list[Conversation]:
    """The conversations an agent holds, most recently touched first.

    `lock` holds the rows until the transaction ends, so releasing them (a deactivation)
    cannot race an action on one of them.
    """
    query = (
        select(Conversation)
        .where(Conversation.state == ConversationState.AGENT, Conversation.assigned_agent_id == agent_id)
        .order_by(Conversation.updated_at.desc())
    )
    if lock:
        query = query.with_for_update()
    return list(session.execute(query).scalars())


def count_ahead(session: Session, conversation: Conversation, at: datetime) -> int:
    """How many waiting conversations an agent takes before this one (for the expected wait)."""
    return session.execute(
        select(func.count())
        .select_from(Conversation)
        .where(
            Conversation.state == ConversationState.WAITING_FOR_AGENT,
            Conversation.id != conversation.id,
            (Conversation.priority > conversation.priority)
            | ((Conversation.priority == conversation.priority) & (Conversation.waiting_since <= at)),
        )
    ).scalar_one()


def claim(session: Session, conversation_id: int, agent_id: int, at: datetime) -> bool:
    """waiting_for_agent -> agent for exactly one agent: one conditional UPDATE decides, so two
    agents racing for a conversation cannot both win (the ORM object is stale afterwards)."""
    taken = session.execute(
        update(Conversation)
        .where(Conversation.id == conversation_id, Conversation.state == ConversationState.WAITING_FOR_AGENT)
        .values(state=ConversationState.AGENT, assigned_agent_id=agent_id, updated_at=at)
    )
    return taken.rowcount == 1

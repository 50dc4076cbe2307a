"""Queries of the unsure inbox: customer messages the bot was unsure about, and their reviews.

Each function takes an open Session; `training/unsure.py` owns the transactions. The inbox
is derived from the stored messages on every read (nothing is copied into a table of its
own), so a message shows the moment the bot answered it, and leaves once an `UnsureReview`
row names it. Every reason is one SQL expression, so a filter by reason, the page and its
total are the same query on SQLite and PostgreSQL.

The reasons (training.unsure.Reason):
- fallback: the bot's NLU said `nlu_fallback`;
- low_confidence: the intent's confidence was under the inbox's threshold;
- handed_off: the conversation went to a person because the bot did not understand it
  (conversations/handoff.py records a ConversationEvent whose reason starts with
  NOT_UNDERSTOOD); the messages are those of the bot stretch that ended in that hand-off
  (processed after the conversation's previous event, up to the hand-off) that the hand-off
  policy counted as not understood;
- rated_badly: the customer rated the conversation 1 or 2 (Conversation.csat_score); the
  messages are those the bot answered (a bot reply points at them);
- not_ours: the bot answered that the message is not its business (`out_of_scope`): where an
  admin finds the topics the model takes for chatter ("lost my key, can I get a duplicate?").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, Select, and_, exists, false, func, or_, select
from sqlalchemy.orm import Session, aliased

from storage.models import (
    Conversation,
    ConversationEvent,
    ConversationState,
    Direction,
    Message,
    SenderKind,
    UnsureReview,
)

FALLBACK_INTENT = "nlu_fallback"
NOT_UNDERSTOOD = "the bot did not understand"  # the start of the hand-off's reason (conversations/handoff.py)
BAD_RATINGS = (1, 2)
TEXT_KIND = "text"  # channels.base.MessageKind.TEXT (storage does not import the channels)
OUT_OF_SCOPE_INTENT = "out_of_scope"
REASONS = ("fallback", "low_confidence", "handed_off", "rated_badly", "not_ours")


@dataclass(frozen=True, slots=True)
class Thresholds:
    unsure: float  # under this confidence a message is low_confidence (settings.unsure_confidence)
    handoff: float  # under this the hand-off policy counts a turn as not understood (settings.handoff_low_confidence)


@dataclass(frozen=True, slots=True)
class UnsureRow:
    message_id: int
    conversation_id: str  # the conversation's public id
    text: str
    language: str | None
    intent: str | None
    confidence: float | None
    at: datetime
    reasons: tuple[str, ...]


def _reason_expressions(thresholds: Thresholds) -> dict[str, ColumnElement[bool]]:
    """reason -> a condition on Message (joined with its Conversation), in the order reasons are listed."""
    previous = aliased(ConversationEvent)
    handoff = aliased(ConversationEvent)
    stretch_start = (
        select(func.max(previous.created_at))
        .where(previous.conversation_id == handoff.conversation_id, previous.created_at < handoff.created_at)
        .scalar_subquery()
    )
    not_understood = or_(
        Message.intent.is_(None),
        Message.intent == FALLBACK_INTENT,
        func.coalesce(Message.confidence, 0.0) < thresholds.handoff,
    )
    handed_off = and_(
        not_understood,
        Message.processed_at.is_not(None),
        exists().where(
            handoff.conversation_id == Message.conversation_id,
            handoff.to_state == ConversationState.WAITING_FOR_AGENT,
            handoff.actor_kind == SenderKind.BOT,
            handoff.reason.startswith(NOT_UNDERSTOOD, autoescape=True),
            Message.processed_at <= handoff.created_at,
            or_(stretch_start.is_(None), Message.processed_at > stretch_start),
        ),
    )
    reply = aliased(Message)
    rated_badly = and_(
        Conversation.csat_score.in_(BAD_RATINGS),
        exists().where(
            reply.conversation_id == Message.conversation_id,  # uses the (conversation_id, id) index
            reply.reply_to_id == Message.id,
            reply.sender_kind == SenderKind.BOT,
        ),
    )
    return {
        "fallback": Message.intent == FALLBACK_INTENT,
        "low_confidence": and_(Message.confidence.is_not(None), Message.confidence < thresholds.unsure),
        "handed_off": handed_off,
        "rated_badly": rated_badly,
        "not_ours": Message.intent == OUT_OF_SCOPE_INTENT,
    }


def _customer_text() -> ColumnElement[bool]:
    """What can be a training example: a customer's typed text, not a button press, not yet reviewed."""
    return and_(
        Message.direction == Direction.IN,
        Message.sender_kind == SenderKind.CUSTOMER,
        Message.kind == TEXT_KIND,
        Message.payload.is_(None),
        Message.internal == false(),
        Message.text != "",
        ~exists().where(UnsureReview.message_id == Message.id),
    )


def _filtered(
    query: Select[tuple[object, ...]], reasons: dict[str, ColumnElement[bool]], reason: str | None, language: str | None
) -> Select[tuple[object, ...]]:
    query = query.join(Conversation, Conversation.id == Message.conversation_id).where(
        _customer_text(), reasons[reason] if reason else or_(*reasons.values())
    )
    if language:
        query = query.where(Message.language == language)
    return query


def listing(
    session: Session,
    thresholds: Thresholds,
    *,
    reason: str | None,
    language: str | None,
    before_id: int | None,
    limit: int,
) -> tuple[list[UnsureRow], int]:
    """Newest first, a page of at most `limit` below `before_id`, and how many there are in all (with the filters)."""
    reasons = _reason_expressions(thresholds)
    flags = [expression.label(name) for name, expression in reasons.items()]
    columns = (
        Message.id,
        Conversation.public_id,
        Message.text,
        Message.language,
        Message.intent,
        Message.confidence,
        Message.created_at,
    )
    query = _filtered(select(*columns, *flags), reasons, reason, language).order_by(Message.id.desc()).limit(limit)
    if before_id is not None:
        query = query.where(Message.id < before_id)
    rows = [
        UnsureRow(
            *row[: len(columns)],
            reasons=tuple(name for name, flag in zip(REASONS, row[len(columns) :], strict=True) if flag),
        )
        for row in session.execute(query)
    ]
    total = session.execute(_filtered(select(func.count(Message.id)), reasons, reason, language)).scalar_one()
    return rows, int(total)


def customer_text(session: Session, message_id: int) -> Message | None:
    """The message if it is a customer's typed text (what the inbox may review), else None."""
    return session.execute(
        select(Message).where(
            Message.id == message_id,
            Message.direction == Direction.IN,
            Message.sender_kind == SenderKind.CUSTOMER,
            Message.kind == TEXT_KIND,
            Message.payload.is_(None),
            Message.internal == false(),
        )
    ).scalar_one_or_none()


def review(session: Session, message_id: int) -> UnsureReview | None:
    return session.get(UnsureReview, message_id)

"""Hand-off between the bot and human technicians: the state machine and its triggers.

A conversation is in one state: `bot` -> `waiting_for_agent` -> `agent` -> `closed`
(or back to `bot`). Every transition is stored as a ConversationEvent (who, why, when).

Triggers (SUPPORTBOT_HANDOFF_*): an intent that needs a person (the customer asks for
one, a complaint, a roadside emergency — highest priority —, a claim or claim status a
technician must look up) hands off at once; so do two low-confidence or fallback turns
in a row. The customer is told, in their language, what happens next: the expected
wait, or — outside their market's hours — when a technician will answer; a button takes
them back to the bot. Claiming is one conditional UPDATE, so two agents can never hold
the same conversation.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from conversations.answers import AnswerCatalogue
from conversations.markets import Markets
from conversations.notices import queue_notice
from storage.models import (
    Conversation,
    ConversationEvent,
    ConversationState,
    Customer,
    Message,
    Priority,
    SenderKind,
)

CANCEL_PAYLOAD = "/handoff_cancel"
CSAT_PAYLOADS = {f"/csat_{score}": score for score in range(1, 6)}

PRIORITY_NAMES = {
    "normal": Priority.NORMAL,
    "high": Priority.HIGH,
    "urgent": Priority.URGENT,
    "emergency": Priority.EMERGENCY,
}
PRIORITY_LABELS = {value: name for name, value in PRIORITY_NAMES.items()}

REASONS = {
    "human_agent": "the customer asked for a person",
    "complaint": "a complaint",
    "roadside_assistance": "a roadside emergency",
    "warranty_claim": "a warranty claim to open",
    "claim_status": "a claim or repair to look up",
}


@dataclass(frozen=True, slots=True)
class HandoffPolicy:
    intents: dict[str, int]  # intent -> Priority
    low_confidence: float  # below this (or nlu_fallback) a turn counts as not understood
    low_confidence_turns: int  # that many in a row hand off
    minutes_per_waiting: int  # expected wait: this many minutes per conversation ahead, plus one

    def trigger(self, intent: str | None, confidence: float | None, low_turns: int) -> tuple[int, str] | None:
        """(priority, reason) when this turn hands the conversation to a person."""
        if intent in self.intents:
            return self.intents[intent], REASONS.get(intent, f"intent {intent}")
        if low_turns >= self.low_confidence_turns:
            return Priority.NORMAL, f"the bot did not understand {low_turns} messages in a row"
        return None

    def understood(self, intent: str | None, confidence: float | None) -> bool:
        return intent not in (None, "nlu_fallback") and (confidence or 0.0) >= self.low_confidence


def record_transition(
    session: Session,
    conversation: Conversation,
    to_state: str,
    *,
    actor_kind: str,
    reason: str,
    actor_id: int | None = None,
    at: datetime,
) -> None:
    session.add(
        ConversationEvent(
            conversation_id=conversation.id,
            from_state=conversation.state,
            to_state=to_state,
            actor_kind=actor_kind,
            actor_id=actor_id,
            reason=reason[:256],
            created_at=at,
        )
    )
    conversation.state = to_state


class Handoff:
    """The hand-off steps that run inside the conversation service's transactions."""

    def __init__(self, policy: HandoffPolicy, catalogue: AnswerCatalogue, markets: Markets) -> None:
        self.policy = policy
        self._catalogue = catalogue
        self._markets = markets

    def notice(
        self,
        session: Session,
        conversation: Conversation,
        template: str,
        *,
        at: datetime,
        reply_to_id: int | None = None,
        params: dict[str, Any] | None = None,
    ) -> Message | None:
        """A gateway message to the customer in their language, queued in this transaction."""
        return queue_notice(
            session,
            self._catalogue,
            conversation_id=conversation.id,
            channel=conversation.channel,
            language=conversation.language or self._catalogue.default_language,
            template=template,
            at=at,
            reply_to_id=reply_to_id,
            params=params,
        )

    def after_turn(
        self,
        session: Session,
        conversation: Conversation,
        intent: str | None,
        confidence: float | None,
        message_id: int,
        at: datetime,
    ) -> list[Message]:
        """Count a bot turn; when it triggers a hand-off, move the conversation to the queue."""
        if conversation.state != ConversationState.BOT:
            return []
        if self.policy.understood(intent, confidence):
            conversation.low_confidence_turns = 0
        else:
            conversation.low_confidence_turns += 1
        triggered = self.policy.trigger(intent, confidence, conversation.low_confidence_turns)
        if triggered is None:
            return []
        priority, reason = triggered
        return self.to_queue(
            session,
            conversation,
            priority=priority,
            reason=reason,
            actor_kind=SenderKind.BOT,
            at=at,
            reply_to_id=message_id,
        )

    def to_queue(
        self,
        session: Session,
        conversation: Conversation,
        *,
        priority: int,
        reason: str,
        actor_kind: str,
        at: datetime,
        actor_id: int | None = None,
        reply_to_id: int | None = None,
        tell_customer: bool = True,
    ) -> list[Message]:
        record_transition(
            session,
            conversation,
            ConversationState.WAITING_FOR_AGENT,
            actor_kind=actor_kind,
            actor_id=actor_id,
            reason=reason,
            at=at,
        )
        conversation.priority = priority
        conversation.handoff_reason = reason[:256]
        conversation.waiting_since = at
        conversation.assigned_agent_id = None
        conversation.low_confidence_turns = 0
        if not tell_customer:
            return []
        session.flush()
        notice = self._waiting_notice(session, conversation, at, reply_to_id)
        return [notice] if notice is not None else []

    def _waiting_notice(
        self, session: Session, conversation: Conversation, at: datetime, reply_to_id: int | None
    ) -> Message | None:
        external_id = session.execute(
            select(Customer.external_id).where(Customer.id == conversation.customer_id)
        ).scalar_one()
        market = self._markets.for_customer(conversation.channel, external_id, conversation.language)
        if not market.is_open(at):
            opens = market.next_opening(at)
            return self.notice(
                session,
                conversation,
                "utter_handoff_after_hours",
                at=at,
                reply_to_id=reply_to_id,
                params={"opens_at": f"{opens:%H:%M} ({opens:%d.%m})"},
            )
        ahead = session.execute(
            select(func.count())
            .select_from(Conversation)
            .where(
                Conversation.state == ConversationState.WAITING_FOR_AGENT,
                Conversation.id != conversation.id,
                (Conversation.priority > conversation.priority)
                | ((Conversation.priority == conversation.priority) & (Conversation.waiting_since <= at)),
            )
        ).scalar_one()
        minutes = self.policy.minutes_per_waiting * (ahead + 1)
        return self.notice(
            session, conversation, "utter_handoff_waiting", at=at, reply_to_id=reply_to_id, params={"minutes": minutes}
        )

    def cancel(self, session: Session, conversation: Conversation, message_id: int, at: datetime) -> list[Message]:
        """The customer pressed "back to the assistant" while waiting."""
        if conversation.state != ConversationState.WAITING_FOR_AGENT:
            return []
        record_transition(
            session,
            conversation,
            ConversationState.BOT,
            actor_kind=SenderKind.CUSTOMER,
            reason="the customer went back to the bot",
            at=at,
        )
        conversation.waiting_since = None
        conversation.handoff_reason = None
        notice = self.notice(session, conversation, "utter_handoff_cancelled", at=at, reply_to_id=message_id)
        return [notice] if notice is not None else []

    def record_csat(
        self, session: Session, conversation: Conversation, score: int, message_id: int, at: datetime
    ) -> list[Message]:
        if conversation.csat_requested_at is None or conversation.csat_score is not None:
            return []
        conversation.csat_score = score
        conversation.csat_at = at
        notice = self.notice(session, conversation, "utter_csat_thanks", at=at, reply_to_id=message_id)
        return [notice] if notice is not None else []


def claim(session: Session, conversation_id: int, agent_id: int, at: datetime) -> bool:
    """waiting_for_agent -> agent, for exactly one agent: a conditional UPDATE decides."""
    taken = session.execute(
        update(Conversation)
        .where(Conversation.id == conversation_id, Conversation.state == ConversationState.WAITING_FOR_AGENT)
        .values(state=ConversationState.AGENT, assigned_agent_id=agent_id, updated_at=at)
    )
    return taken.rowcount == 1

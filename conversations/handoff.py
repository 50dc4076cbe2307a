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

This module is the only code that changes a conversation's state or holder: the
console's actions (claim, transfer, back to the queue, hand back, close, releasing a
deactivated agent's conversations) call it, so each change records its event the same
way. Its queries are in `storage.repositories.queue`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from conversations.answers import AnswerCatalogue
from conversations.markets import Markets
from conversations.notices import queue_notice
from storage.models import Conversation, ConversationEvent, ConversationState, Message, Priority, SenderKind
from storage.repositories import messages, queue

CANCEL_PAYLOAD = "/handoff_cancel"
CSAT_PAYLOADS = {f"/csat_{score}": score for score in range(1, 6)}

PRIORITY_NAMES = {
    "normal": Priority.NORMAL,
    "high": Priority.HIGH,
    "urgent": Priority.URGENT,
    "emergency": Priority.EMERGENCY,
}
PRIORITY_LABELS = {value: name for name, value in PRIORITY_NAMES.items()}
# The states in which a person is involved: the console shows these, and only these take notes.
OPEN_STATES = (ConversationState.WAITING_FOR_AGENT, ConversationState.AGENT)

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
        """Not ours (`out_of_scope`) is understood whatever its confidence: the scope answer is the
        answer, and a customer chatting about the weather is no reason to bring in a technician."""
        if intent == "out_of_scope":
            return True
        return intent not in (None, "nlu_fallback") and (confidence or 0.0) >= self.low_confidence


def _record_event(
    session: Session,
    conversation_id: int,
    from_state: str,
    to_state: str,
    *,
    actor_kind: str,
    reason: str,
    actor_id: int | None,
    at: datetime,
) -> None:
    session.add(
        ConversationEvent(
            conversation_id=conversation_id,
            from_state=from_state,
            to_state=to_state,
            actor_kind=actor_kind,
            actor_id=actor_id,
            reason=reason[:256],
            created_at=at,
        )
    )


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
    """Move the conversation to `to_state` and record who did it and why."""
    _record_event(
        session,
        conversation.id,
        conversation.state,
        to_state,
        actor_kind=actor_kind,
        actor_id=actor_id,
        reason=reason,
        at=at,
    )
    conversation.state = to_state


def claim(session: Session, conversation: Conversation, agent_id: int, at: datetime) -> bool:
    """waiting_for_agent -> agent, for exactly one agent; False when someone else was first
    or the conversation left the queue. The row is re-read either way (the UPDATE bypassed it)."""
    taken = queue.claim(session, conversation.id, agent_id, at)
    if taken:
        _record_event(
            session,
            conversation.id,
            ConversationState.WAITING_FOR_AGENT,
            ConversationState.AGENT,
            actor_kind=SenderKind.AGENT,
            actor_id=agent_id,
            reason="claimed",
            at=at,
        )
    session.refresh(conversation)
    return taken


def transfer(
    session: Session, conversation: Conversation, *, to_agent_id: int, to_name: str, by_agent_id: int, at: datetime
) -> None:
    """agent -> agent: another agent holds it now (recorded as a transition between agents)."""
    _by_agent(session, conversation, ConversationState.AGENT, by_agent_id, f"transferred to {to_name}", at)
    conversation.assigned_agent_id = to_agent_id


def hand_back(session: Session, conversation: Conversation, *, agent_id: int, agent_name: str, at: datetime) -> None:
    """agent -> bot: the bot answers again, counting misunderstood turns from zero."""
    _by_agent(session, conversation, ConversationState.BOT, agent_id, f"handed back to the bot by {agent_name}", at)
    conversation.assigned_agent_id = None
    conversation.waiting_since = None
    conversation.low_confidence_turns = 0


def close(session: Session, conversation: Conversation, *, agent_id: int, agent_name: str, at: datetime) -> None:
    """-> closed; the customer's rating is asked for now (a CSAT answer is accepted from here on)."""
    _by_agent(session, conversation, ConversationState.CLOSED, agent_id, f"closed by {agent_name}", at)
    conversation.closed_at = at
    conversation.csat_requested_at = at


def _by_agent(
    session: Session, conversation: Conversation, to_state: str, agent_id: int, reason: str, at: datetime
) -> None:
    record_transition(
        session, conversation, to_state, actor_kind=SenderKind.AGENT, actor_id=agent_id, reason=reason, at=at
    )


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
        *,
        answered: bool = False,
    ) -> list[Message]:
        """Count a bot turn; when it triggers a hand-off, move the conversation to the queue.

        `answered`: a form took the message as the answer to the question it asked, so it
        counts as understood and its intent triggers nothing, whatever the classifier made
        of it ("the AC blows warm air, I'm fed up" describes a defect; it is no complaint
        to escalate). A customer who asks for a person mid-form leaves the form: not answered.
        """
        if conversation.state != ConversationState.BOT:
            return []
        if answered:
            conversation.low_confidence_turns = 0
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

    def requested_by_bot(
        self, session: Session, conversation: Conversation, priority: int, reason: str, message_id: int, at: datetime
    ) -> list[Message]:
        """The bot's own decision that a person must take over (a custom action asked for it)."""
        if conversation.state != ConversationState.BOT:
            return []
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

    def return_to_queue(
        self, session: Session, conversation: Conversation, *, agent_id: int, agent_name: str, at: datetime
    ) -> None:
        """agent -> waiting_for_agent: its agent gives it back (the customer is not told: nothing changes for them)."""
        self._requeue(session, conversation, f"returned to the queue by {agent_name}", SenderKind.AGENT, agent_id, at)

    def release(self, session: Session, conversation: Conversation, *, agent_name: str, by: str, at: datetime) -> None:
        """agent -> waiting_for_agent because its agent was deactivated (by an admin or the command line)."""
        self._requeue(session, conversation, f"{agent_name} was deactivated by {by}", SenderKind.SYSTEM, None, at)

    def _requeue(
        self,
        session: Session,
        conversation: Conversation,
        reason: str,
        actor_kind: str,
        actor_id: int | None,
        at: datetime,
    ) -> None:
        self.to_queue(
            session,
            conversation,
            priority=conversation.priority,
            reason=reason,
            actor_kind=actor_kind,
            actor_id=actor_id,
            at=at,
            tell_customer=False,
        )

    def _waiting_notice(
        self, session: Session, conversation: Conversation, at: datetime, reply_to_id: int | None
    ) -> Message | None:
        external_id = messages.recipient(session, conversation.customer_id)
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
        ahead = queue.count_ahead(session, conversation, at)
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

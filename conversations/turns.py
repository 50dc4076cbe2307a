"""Recording what became of each customer message: the bot's turn, a person's, or the gateway's notice.

A message becomes `processed` in the same transaction that queues its replies in the
outbox, so a reply is produced once: a crash before the commit leaves the message
`pending` for a retry, a crash after it leaves the replies queued. The hand-off
(conversations/handoff.py) runs inside these transactions.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from channels.base import Button, MessageKind
from conversations.answers import AnswerCatalogue
from conversations.buttons import bot_text
from conversations.clarify import CLARIFY, REPHRASE, topic_buttons
from conversations.handoff import Handoff
from conversations.intake import open_or_start
from conversations.notices import queue_notice
from conversations.records import Outgoing, PendingMessage, csat_score, location_intent, outgoing
from nlu.rasa_client import BotTurn
from storage.engine import run_in_thread
from storage.models import Conversation, Customer, Direction, Message, MessageStatus, SenderKind, utcnow
from storage.repositories import messages

logger = logging.getLogger(__name__)


SLOW_DOWN = "utter_slow_down"  # the notice to a customer who writes faster than the bot answers
SLOW_DOWN_EVERY = timedelta(minutes=1)

# Files a customer's new photos with the conversation's open claim: (session, conversation id, now) -> its reference.
FileMedia = Callable[[Session, int, datetime], str | None]


def handoff_requested(bot_message: dict[str, Any]) -> tuple[int, str] | None:
    """(priority, reason) when this bot message asks for a technician rather than being shown.

    A custom action hands off with `{"handoff": {"priority": 0-3, "reason": "..."}}` as its
    message's custom payload: a claim that needs judgement now, with the claim named.
    """
    custom = bot_message.get("custom")
    if not isinstance(custom, dict) or not isinstance(custom.get("handoff"), dict):
        return None
    request = custom["handoff"]
    priority = request.get("priority")
    reason = request.get("reason")
    if not isinstance(priority, int) or not 0 <= priority <= 3:
        priority = 0
    return priority, str(reason or "the bot asked for a technician")[:256]


class TurnRecorder:
    def __init__(
        self,
        sessions: sessionmaker[Session],
        catalogue: AnswerCatalogue,
        *,
        default_language: str,
        delay_notice_after: float,
        handoff: Handoff | None = None,
        file_media: FileMedia | None = None,
    ) -> None:
        self._sessions = sessions
        self._file_media = file_media
        self._catalogue = catalogue
        self._default_language = default_language
        self._delay_notice_after = timedelta(seconds=delay_notice_after)
        self._handoff = handoff

    async def next_pending(self, conversation_id: int) -> PendingMessage | None:
        """The conversation's oldest unanswered inbound message (order is per conversation)."""
        return await run_in_thread(self._next_pending, conversation_id)

    def _next_pending(self, conversation_id: int) -> PendingMessage | None:
        with self._sessions() as session:
            rows = messages.oldest_pending(session, conversation_id, limit=2)
        if not rows:
            return None
        message, conversation, recipient_id = rows[0]
        return PendingMessage(
            id=message.id,
            conversation_id=conversation.id,
            conversation_public_id=conversation.public_id,
            customer_id=conversation.customer_id,
            recipient_id=recipient_id,
            channel=message.channel,
            kind=message.kind,
            text=message.payload or location_intent(message.kind, message.meta) or bot_text(message.text),
            payload=message.payload,
            language=conversation.language or self._default_language,
            state=conversation.state,
            attempts=message.attempts,
            created_at=message.created_at,
            next_attempt_at=message.next_attempt_at,
            more_pending=len(rows) > 1,
        )

    async def conversations_due(self) -> list[tuple[int, datetime]]:
        """Conversations whose oldest pending message may be retried now, with when it was written."""
        return await run_in_thread(self._conversations_due)

    def _conversations_due(self) -> list[tuple[int, datetime]]:
        now = utcnow()
        with self._sessions() as session:
            return messages.conversations_with_due_pending(session, now)

    def _render(
        self, bot_message: dict[str, Any], language: str, ranking: list[dict[str, Any]] | None = None
    ) -> tuple[str, list[dict[str, str]], str | None] | None:
        """One Rasa message -> (text, buttons, template) in `language`; `ranking`, the turn's
        intents, gives a clarifying question its topics (conversations/clarify.py)."""
        custom = bot_message.get("custom")
        if isinstance(custom, dict) and isinstance(custom.get("template"), str):
            key = custom["template"]
            params = {k: v for k, v in custom.items() if k not in ("template", "buttons")}
            offered: list[Button] = []
            if key == CLARIFY:
                offered = topic_buttons(ranking or [], self._catalogue.topics(language))
                key = key if offered else REPHRASE
            answer = self._catalogue.render(key, language, params)
            if answer is None:
                logger.error("no answer %s in the catalogue", key)
                return None
            # An action's own choices (the free slots, the centres of a city) come before the template's.
            choices = [
                {"title": str(b["title"]), "payload": str(b["payload"])}
                for b in custom.get("buttons") or ()
                if isinstance(b, dict) and b.get("title") and b.get("payload")
            ]
            own = [b for b in answer.buttons if all(b.payload != o.payload for o in offered)]  # no button twice
            choices += [{"title": b.title, "payload": b.payload} for b in (*offered, *own)]
            return answer.text, choices, key
        text = bot_message.get("text")
        if isinstance(text, str) and text.strip():
            buttons = [
                {"title": str(b.get("title", "")), "payload": str(b.get("payload", ""))}
                for b in bot_message.get("buttons") or ()
                if isinstance(b, dict)
            ]
            return text, buttons, None
        logger.warning("dropping a bot message the channels cannot show: %s", sorted(bot_message))
        return None

    async def record_turn(self, pending: PendingMessage, turn: BotTurn) -> list[Outgoing]:
        """Mark the message answered and queue the bot's replies, in one transaction."""
        return await run_in_thread(self._record_turn, pending, turn)

    def _record_turn(self, pending: PendingMessage, turn: BotTurn) -> list[Outgoing]:
        now = utcnow()
        with self._sessions.begin() as session:
            answered = messages.mark_processed(
                session,
                pending.id,
                intent=turn.intent,
                confidence=turn.confidence,
                entities=turn.entities or None,
                processed_at=now,
                next_attempt_at=None,
            )
            if not answered:
                return []  # answered meanwhile (cannot happen with one dispatcher; cheap to guard)
            if pending.kind in MessageKind.MEDIA and self._file_media is not None:
                self._file_media(session, pending.conversation_id, now)  # a captioned photo of a claimed defect
            replies: list[Message] = []
            handoff_request = None
            for bot_message in turn.messages:
                request = handoff_requested(bot_message)
                if request is not None:
                    handoff_request = request
                    continue
                rendered = self._render(bot_message, pending.language, turn.intent_ranking)
                if rendered is None:
                    continue
                text, buttons, template = rendered
                replies.append(
                    Message(
                        conversation_id=pending.conversation_id,
                        direction=Direction.OUT,
                        sender_kind=SenderKind.BOT,
                        channel=pending.channel,
                        text=text,
                        buttons=buttons or None,
                        language=pending.language,
                        template=template,
                        reply_to_id=pending.id,
                        status=MessageStatus.QUEUED,
                        created_at=now,
                    )
                )
            session.add_all(replies)
            if self._handoff is not None:
                conversation = session.get(Conversation, pending.conversation_id, with_for_update=True)
                if conversation is not None and handoff_request is not None:
                    replies += self._handoff.requested_by_bot(session, conversation, *handoff_request, pending.id, now)
                elif conversation is not None:
                    replies += self._handoff.after_turn(
                        session,
                        conversation,
                        turn.intent,
                        turn.confidence,
                        pending.id,
                        now,
                        answered=turn.answered,
                    )
            session.flush()
            return [outgoing(reply, pending.recipient_id) for reply in replies]

    async def record_without_bot(self, pending: PendingMessage, nlu: BotTurn | None = None) -> None:
        """A message a human will answer: processed, the bot stays silent; its NLU, if any, is kept for the agent."""
        await run_in_thread(self._record_without_bot, pending, nlu)

    def _record_without_bot(self, pending: PendingMessage, nlu: BotTurn | None) -> None:
        with self._sessions.begin() as session:
            messages.mark_processed(
                session,
                pending.id,
                processed_at=utcnow(),
                intent=nlu.intent if nlu else None,
                confidence=nlu.confidence if nlu else None,
                entities=(nlu.entities or None) if nlu else None,
            )

    async def rehome(self, pending: PendingMessage) -> int:
        """A message that reached a conversation just closed (and is no rating): into the customer's open one.

        Returns the conversation it now belongs to (a new one if none is open).
        """
        return await run_in_thread(self._rehome, pending)

    def _rehome(self, pending: PendingMessage) -> int:
        with self._sessions.begin() as session:
            message = session.get(Message, pending.id)
            customer = session.get(Customer, pending.customer_id)
            if message is None or customer is None:
                return pending.conversation_id
            conversation = open_or_start(session, customer)
            message.conversation_id = conversation.id
            conversation.last_inbound_at = message.created_at
            return conversation.id

    async def record_cancel(self, pending: PendingMessage) -> list[Outgoing]:
        """The customer left the queue ("back to the assistant")."""
        return await run_in_thread(self._record_with_handoff, pending, "cancel")

    async def record_csat(self, pending: PendingMessage) -> list[Outgoing]:
        """A rating for a closed conversation."""
        return await run_in_thread(self._record_with_handoff, pending, "csat")

    def _record_with_handoff(self, pending: PendingMessage, step: str) -> list[Outgoing]:
        now = utcnow()
        with self._sessions.begin() as session:
            answered = messages.mark_processed(session, pending.id, processed_at=now, next_attempt_at=None)
            # Locked: an agent's claim and the customer's cancel must not both win.
            conversation = session.get(Conversation, pending.conversation_id, with_for_update=True)
            if not answered or conversation is None or self._handoff is None:
                return []
            if step == "cancel":
                notices = self._handoff.cancel(session, conversation, pending.id, now)
            else:
                score = csat_score(pending.payload, pending.text)
                notices = (
                    [] if score is None else self._handoff.record_csat(session, conversation, score, pending.id, now)
                )
            session.flush()
            return [outgoing(notice, pending.recipient_id) for notice in notices]

    async def record_notice(self, pending: PendingMessage, template: str | None) -> list[Outgoing]:
        """Answer a message the bot cannot read with the gateway's own notice (or nothing)."""
        return await run_in_thread(self._record_notice, pending, template)

    def _record_notice(self, pending: PendingMessage, template: str | None) -> list[Outgoing]:
        now = utcnow()
        with self._sessions.begin() as session:
            answered = messages.mark_processed(session, pending.id, processed_at=now, next_attempt_at=None)
            if not answered or template is None:
                return []
            params = None
            if pending.kind in MessageKind.MEDIA and self._file_media is not None:
                reference = self._file_media(session, pending.conversation_id, now)
                if reference is not None:
                    template, params = "utter_photo_filed_with_claim", {"reference": reference}
            return self._tell(session, pending, template, now, params)

    async def record_bot_failure(self, pending: PendingMessage, error: str, retry_at: datetime) -> list[Outgoing]:
        """Keep the message pending for a retry; tell the customer once if the wait is long."""
        return await run_in_thread(self._record_bot_failure, pending, error, retry_at, None)

    async def defer(self, pending: PendingMessage, reason: str, wait: float) -> list[Outgoing]:
        """The bot is not being called (its breaker is open): look at the message again later.

        Not counted as a try. The message comes back when the customer is due the delay
        notice, or after `wait` seconds once told; `resume_deferred` brings every such
        message back at once when the bot answers again.
        """
        return await run_in_thread(self._record_bot_failure, pending, reason, None, wait)

    async def pace(self, pending: PendingMessage, wait: float) -> list[Outgoing]:
        """The customer writes faster than the bot answers one customer: the message waits `wait` seconds.

        Not counted as a try, nothing dropped: it is answered in its turn. The customer is
        told to slow down once a minute at most, however long the burst.
        """
        return await run_in_thread(self._pace, pending, wait)

    def _pace(self, pending: PendingMessage, wait: float) -> list[Outgoing]:
        now = utcnow()
        with self._sessions.begin() as session:
            message = session.get(Message, pending.id)
            if message is None or message.status != MessageStatus.PENDING:
                return []
            message.next_attempt_at = now + timedelta(seconds=wait)
            if messages.notice_since(session, pending.conversation_id, SLOW_DOWN, now - SLOW_DOWN_EVERY):
                return []
            return self._tell(session, pending, SLOW_DOWN, now)

    async def resume_deferred(self) -> int:
        """Every pending message backing off becomes due now (the bot is back); returns how many."""
        return await run_in_thread(self._resume_deferred)

    def _resume_deferred(self) -> int:
        with self._sessions.begin() as session:
            return messages.make_pending_due(session, utcnow())

    def _record_bot_failure(
        self, pending: PendingMessage, error: str, retry_at: datetime | None, defer_for: float | None
    ) -> list[Outgoing]:
        now = utcnow()
        with self._sessions.begin() as session:
            message = session.get(Message, pending.id)
            conversation = session.get(Conversation, pending.conversation_id)
            if message is None or conversation is None or message.status != MessageStatus.PENDING:
                return []
            message.error = error[:2000]
            waited_long = now - message.created_at >= self._delay_notice_after
            told_already = (
                conversation.delay_notice_at is not None and conversation.delay_notice_at >= message.created_at
            )
            if defer_for is None:
                message.attempts += 1
                message.next_attempt_at = retry_at
            elif not waited_long and not told_already:
                message.next_attempt_at = message.created_at + self._delay_notice_after  # back in time to tell
            else:
                message.next_attempt_at = now + timedelta(seconds=defer_for)
            if not waited_long or told_already:
                return []
            told = self._tell(session, pending, "utter_delay", now)
            if told:
                conversation.delay_notice_at = now
            return told

    def _tell(
        self,
        session: Session,
        pending: PendingMessage,
        template: str,
        at: datetime,
        params: dict[str, Any] | None = None,
    ) -> list[Outgoing]:
        """A gateway notice answering `pending`, in the customer's language, queued for the outbox
        (nothing when the answer files have no such line)."""
        notice = queue_notice(
            session,
            self._catalogue,
            conversation_id=pending.conversation_id,
            channel=pending.channel,
            language=pending.language,
            template=template,
            at=at,
            reply_to_id=pending.id,
            params=params,
        )
        if notice is None:
            return []
        session.flush()
        return [outgoing(notice, pending.recipient_id)]

"""Storing what customers send: once, durably, in the right conversation and language.

Every step is one short transaction in a database worker thread (storage/engine.py):
an inbound message is committed (status `pending`) before its channel is answered, so
whatever the process dies after is on disk. A provider's re-send, or two first messages
of a new customer at once, meet the unique constraints; the loser finds the winner's
rows and reports a duplicate.
"""

from __future__ import annotations

import dataclasses
import math
import unicodedata
from datetime import datetime
from typing import Any

from sqlalchemy import Connection
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from channels.base import InboundMessage, MessageKind
from conversations.buttons import vetted
from conversations.handoff import OPEN_STATES
from conversations.records import CSAT_WINDOW, Received, csat_score
from nlu.language import LanguageDetector
from storage.engine import run_ingest
from storage.models import (
    Conversation,
    ConversationState,
    Customer,
    Direction,
    MessageStatus,
    SenderKind,
    utcnow,
)
from storage.repositories import inbound as inbound_rows
from storage.repositories import messages


def _clip(value: str | None, limit: int) -> str | None:
    """A provider string made safe for a length-limited column: no control or surrogate characters."""
    if value is None:
        return None
    cleaned = "".join(ch for ch in value if unicodedata.category(ch) not in {"Cc", "Cs"})
    return cleaned[:limit]


def _json_safe(value: Any) -> Any:
    """Metadata as every JSON column stores it: finite numbers, strings without NUL or surrogates."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, str):
        return _clip(value, 4096)
    if isinstance(value, dict):
        return {str(_clip(str(k), 128)): _json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json_safe(v) for v in value]
    return value


def sanitized(inbound: InboundMessage) -> InboundMessage:
    """What an adapter made of a provider's payload, clipped to what the database holds.

    Providers are trusted for shapes, not for sizes: a 300-character file name or a NUL
    in a caption must not turn a delivery into a 500 (and the provider's endless re-sends).
    """
    return dataclasses.replace(
        inbound,
        sender_id=_clip(inbound.sender_id, 128) or "",
        provider_message_id=_clip(inbound.provider_message_id, 127),
        payload=_clip(inbound.payload, 512),
        sender_name=_clip(inbound.sender_name, 256),
        language_hint=_clip(inbound.language_hint, 8),
        attachments=tuple(
            dataclasses.replace(
                ref,
                provider_id=_clip(ref.provider_id, 512) or "",
                mime_type=_clip(ref.mime_type, 128),
                filename=_clip(ref.filename, 256),
                size=ref.size if isinstance(ref.size, int) and 0 <= ref.size < 2**31 else None,
            )
            for ref in inbound.attachments
        ),
        metadata=_json_safe(inbound.metadata),
    )


class InboundStore:
    def __init__(self, sessions: sessionmaker[Session], detector: LanguageDetector) -> None:
        self._sessions = sessions
        self._detector = detector

    async def receive(self, inbound: InboundMessage) -> Received:
        """Store one inbound message durably, once, whatever the provider re-sends."""
        return await run_ingest(self._receive, sanitized(inbound))

    def _receive(self, inbound: InboundMessage) -> Received:
        # A re-send, or two concurrent first messages of a new customer, hit the unique
        # constraints; the loser finds the winner's message or rows and goes on.
        dedupe_key = f"{inbound.sender_id}:{inbound.provider_message_id}" if inbound.provider_message_id else None
        for attempt in range(3):
            try:
                return self._store_inbound(inbound, dedupe_key)
            except IntegrityError:
                duplicate = self._find_duplicate(inbound.channel, dedupe_key)
                if duplicate is not None:
                    return duplicate
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def _find_duplicate(self, channel: str, dedupe_key: str | None) -> Received | None:
        if dedupe_key is None:
            return None
        with self._sessions() as session:
            row = messages.inbound_by_dedupe_key(session, channel, dedupe_key)
        if row is None:
            return None
        return Received(row.id, row.conversation_id, row.language or self._detector.default, row.created_at, True)

    def _store_inbound(self, inbound: InboundMessage, dedupe_key: str | None) -> Received:
        now = utcnow()
        with self._sessions.begin() as session:
            db = session.connection()
            customer = self._customer(db, inbound)
            awaiting = self._awaiting_csat(session, customer.id, inbound, now)
            conversation = awaiting or inbound_rows.open_conversation(db, customer.id)
            conversation = conversation or inbound_rows.start_conversation(db, customer)
            urgent = conversation.last_inbound_at is None or conversation.state in OPEN_STATES
            # A pressed button, a photo's caption-less upload or a location carry no
            # language; the conversation keeps its own.
            sample = inbound.text if inbound.kind == MessageKind.TEXT or inbound.kind in MessageKind.MEDIA else ""
            if inbound.payload:
                sample = ""
                # One place for every channel: a payload the bot never offered here is its title's text.
                inbound = vetted(session, conversation.id, inbound)
            language = self._detector.choose(sample, conversation.language or customer.language, inbound.language_hint)
            # The provider's reply window runs from when the customer wrote; a delivery
            # re-sent after an outage must not make it look newer than it is.
            written = min(now, inbound.sent_at) if inbound.sent_at is not None else now
            last_inbound = conversation.last_inbound_at
            if last_inbound is None or written > last_inbound:
                last_inbound = written
            inbound_rows.update_conversation(db, conversation.id, language=language, last_inbound_at=last_inbound)
            if customer.language != language:
                inbound_rows.update_customer(db, customer.id, language=language)
            message_id = inbound_rows.add_message(
                db,
                conversation_id=conversation.id,
                direction=Direction.IN,
                sender_kind=SenderKind.CUSTOMER,
                channel=inbound.channel,
                kind=inbound.kind,
                text=inbound.text,
                payload=inbound.payload,
                language=language,
                dedupe_key=dedupe_key,
                status=MessageStatus.PENDING,
                meta=inbound.metadata or None,
                created_at=now,
            )
            inbound_rows.add_attachments(
                db,
                [
                    {
                        "message_id": message_id,
                        "channel": inbound.channel,
                        "kind": ref.kind,
                        "provider_id": ref.provider_id,
                        "mime_type": ref.mime_type,
                        "filename": ref.filename,
                        "size": ref.size,
                        "created_at": now,
                    }
                    for ref in inbound.attachments
                ],
            )
            return Received(message_id, conversation.id, language, now, False, bool(inbound.attachments), urgent)

    def _customer(self, db: Connection, inbound: InboundMessage) -> inbound_rows.CustomerRow:
        customer = inbound_rows.find_customer(db, inbound.channel, inbound.sender_id)
        if customer is None:
            return inbound_rows.add_customer(db, inbound.channel, inbound.sender_id, inbound.sender_name)
        if inbound.sender_name and customer.display_name != inbound.sender_name:
            inbound_rows.update_customer(db, customer.id, display_name=inbound.sender_name)
        return customer

    def _awaiting_csat(
        self, session: Session, customer_id: int, inbound: InboundMessage, now: datetime
    ) -> inbound_rows.ConversationRow | None:
        """The just-closed conversation a rating (a pressed 1-5 button, or a lone digit) belongs to."""
        if csat_score(inbound.payload, inbound.text) is None:
            return None
        # Only the customer's latest conversation: a "2" typed in a newer one is an answer there.
        latest = messages.latest_conversation(session, customer_id)
        if (
            latest is None
            or latest.state != ConversationState.CLOSED
            or latest.csat_score is not None
            or latest.csat_requested_at is None
            or latest.csat_requested_at < now - CSAT_WINDOW
        ):
            return None
        return inbound_rows.ConversationRow(latest.id, latest.state, latest.language, latest.last_inbound_at)


def open_or_start(session: Session, customer: Customer) -> Conversation:
    """The customer's open conversation, or a new one with the bot (the same statements as intake's)."""
    db = session.connection()
    row = inbound_rows.open_conversation(db, customer.id) or inbound_rows.start_conversation(
        db, inbound_rows.CustomerRow(customer.id, customer.channel, customer.language, customer.display_name)
    )
    conversation = session.get(Conversation, row.id)
    assert conversation is not None
    return conversation

"""The unsure inbox: real customer messages the bot was unsure about, for an admin to teach it with.

Why derived from the stored messages rather than a queue of its own: every message keeps
what the bot made of it (intent, confidence) and the conversation keeps how it ended (a
hand-off because the bot did not understand, a bad rating), so the inbox needs no writer
in the message flow, and it can never miss a message or hold one twice. A review (added to
the training data, or dismissed) is the only thing stored; a reviewed message leaves the
inbox. The reasons are defined, as SQL, in `storage.repositories.unsure`.

Adding writes the example through the training data's facade (`ExampleSink`: in the
gateway `training.content.BotContent`), then records the review and its audit entry in one
transaction. The files are written first because they can refuse (the example under
another intent, too long...): a refused example leaves the message in the inbox.
"""

from __future__ import annotations

import asyncio
import enum
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from staff.audit import AuditLog
from storage.engine import run_in_thread
from storage.models import UnsureReview, utcnow
from storage.repositories import unsure as queries
from storage.repositories.unsure import REASONS, Thresholds, UnsureRow

__all__ = [
    "REASONS",
    "AlreadyReviewed",
    "ExampleSink",
    "NoSuchMessage",
    "Outcome",
    "Refused",
    "Review",
    "Thresholds",
    "UnsureInbox",
    "UnsurePage",
    "UnsureRow",
]


class Outcome(enum.StrEnum):
    ADDED = "added"
    DISMISSED = "dismissed"


class ExampleSink(Protocol):
    """Where a reviewed message becomes a training example (`training.content.BotContent`)."""

    def intent_names(self) -> list[str]:
        """The intents an example may be added to."""
        ...

    async def add_example(self, intent: str, language: str, text: str, actor: str) -> Any:
        """Validate and write the example, audited as `actor`; raises ValueError with the reason when refused."""
        ...


class UnsureError(Exception):
    """A review the inbox refuses; the message says why."""


class NoSuchMessage(UnsureError):
    pass


class AlreadyReviewed(UnsureError):
    pass


class Refused(UnsureError):
    """Bad input: unknown intent or language, or an example the training data refuses."""


@dataclass(frozen=True, slots=True)
class UnsurePage:
    items: list[UnsureRow]
    total: int


@dataclass(frozen=True, slots=True)
class Review:
    message_id: int
    outcome: str
    intent: str | None
    language: str | None
    example: str | None
    reviewed_by: str
    reviewed_at: datetime


def _review(row: UnsureReview) -> Review:
    return Review(row.message_id, row.outcome, row.intent, row.language, row.example, row.reviewed_by, row.reviewed_at)


@dataclass(frozen=True, slots=True)
class _Target:
    """The message under review, as read before the training data is written."""

    text: str
    language: str | None
    intent: str | None
    confidence: float | None


class UnsureInbox:
    def __init__(
        self,
        sessions: sessionmaker[Session],
        content: ExampleSink,
        *,
        languages: Sequence[str],
        thresholds: Thresholds,
    ) -> None:
        self._sessions = sessions
        self._content = content
        self._languages = tuple(languages)
        self._thresholds = thresholds
        # One review at a time in this process: two admins adding the same message write the example once.
        self._lock = asyncio.Lock()

    async def page(
        self, *, reason: str | None = None, language: str | None = None, before_id: int | None = None, limit: int = 50
    ) -> UnsurePage:
        """Newest first; `reason` one of REASONS; `before_id` pages on from the last item's message_id."""
        if reason is not None and reason not in REASONS:
            raise Refused(f"unknown reason {reason!r}; one of {', '.join(REASONS)}")
        return await run_in_thread(self._page, reason, language, before_id, limit)

    def _page(self, reason: str | None, language: str | None, before_id: int | None, limit: int) -> UnsurePage:
        with self._sessions() as session:
            rows, total = queries.listing(
                session, self._thresholds, reason=reason, language=language, before_id=before_id, limit=limit
            )
            return UnsurePage(rows, total)

    async def add(
        self, message_id: int, actor: str, *, intent: str, language: str | None = None, text: str | None = None
    ) -> Review:
        """Add the message (or `text`, an admin's cleaned-up version of it) under `intent` in its language.

        An example that is already under that intent is no refusal: the message was right to
        be there, and the review is recorded all the same.
        """
        async with self._lock:
            target = await run_in_thread(self._target, message_id)
            language = language or target.language
            if language is None:
                raise Refused("the message has no detected language: choose one")
            if language not in self._languages:
                raise Refused(f"unknown language {language!r}")
            if intent not in await asyncio.to_thread(self._content.intent_names):
                raise Refused(f"no intent {intent!r}")
            example = (text if text is not None else target.text).strip()
            try:
                await self._content.add_example(intent, language, example, actor)
            except LookupError as error:  # the intent was deleted since it was listed
                raise Refused(str(error.args[0] if error.args else error)) from error
            except ValueError as error:
                if not _already_under(error, intent):
                    raise Refused(str(error)) from error
            after = {"outcome": Outcome.ADDED.value, "intent": intent, "language": language, "example": example}
            return await run_in_thread(self._record, message_id, actor, target, after)

    async def dismiss(self, message_id: int, actor: str) -> Review:
        """Not a question the bot should learn (a greeting typed oddly, spam, a name): out of the inbox."""
        async with self._lock:
            target = await run_in_thread(self._target, message_id)
            return await run_in_thread(self._record, message_id, actor, target, {"outcome": Outcome.DISMISSED.value})

    def _target(self, message_id: int) -> _Target:
        with self._sessions() as session:
            message = queries.customer_text(session, message_id)
            if message is None:
                raise NoSuchMessage(f"no customer message {message_id}")
            if queries.review(session, message_id) is not None:
                raise AlreadyReviewed(f"message {message_id} was already reviewed")
            return _Target(message.text, message.language, message.intent, message.confidence)

    def _record(self, message_id: int, actor: str, target: _Target, after: dict[str, Any]) -> Review:
        """The review and its audit entry, together or not at all."""
        action = "unsure.add" if after["outcome"] == Outcome.ADDED else "unsure.dismiss"
        before = {"text": target.text, "intent": target.intent, "confidence": target.confidence}
        row = UnsureReview(
            message_id=message_id,
            outcome=after["outcome"],
            intent=after.get("intent"),
            language=after.get("language"),
            example=after.get("example"),
            reviewed_by=actor,
            reviewed_at=utcnow(),
        )
        try:
            with self._sessions.begin() as session:
                session.add(row)
                session.flush()  # another gateway reviewing it at the same moment fails here
                AuditLog.add(session, actor, action, f"message {message_id}", before, after)
                return _review(row)
        except IntegrityError as error:
            raise AlreadyReviewed(f"message {message_id} was already reviewed") from error


def _already_under(error: ValueError, intent: str) -> bool:
    """Whether the training data refused the example only because `intent` already has it."""
    return getattr(error, "existing_intent", None) == intent

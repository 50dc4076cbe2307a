"""Bodies of the admin API (`/api/admin`, README "Admin access"): NLU checks, the outbox's
dead letters, messages from staff."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from api.schemas.common import refusals
from channels.text import HAS_TEXT

# Every admin route: the admin token, or a logged-in admin's console session.
ADMIN = refusals(
    {
        401: "no admin token and no console session",
        403: "wrong admin token, not an admin, or a missing or wrong X-CSRF-Token",
    }
)


class ParseRequest(BaseModel):
    text: str = Field(
        min_length=1,
        max_length=4096,
        examples=["Salam, zəmanət neçə ildir? VIN LGXCE4CB8N0123457"],
        json_schema_extra={"pattern": HAS_TEXT},  # what clean_text leaves something of
    )
    language: str | None = Field(
        default=None, description="the conversation's language so far; short messages keep it", examples=["az"]
    )


class ParsedEntity(BaseModel):
    entity: str
    value: Any


class RankedIntent(BaseModel):
    name: str
    confidence: float


class ParseResult(BaseModel):
    language: str
    intent: str | None
    confidence: float
    entities: list[ParsedEntity]
    intent_ranking: list[RankedIntent]


class DeadLetterView(BaseModel):
    """An outbound message the outbox gave up on (`conversations.outbox.DeadLetter`, read by its attributes)."""

    model_config = ConfigDict(from_attributes=True)

    message_id: int
    conversation_id: str = Field(validation_alias="conversation_public_id")
    channel: str
    recipient_id: str
    text: str
    attempts: int
    error: str | None
    created_at: datetime


class Requeued(BaseModel):
    status: Literal["queued"] = "queued"


class StaffMessage(BaseModel):
    text: str = Field(
        min_length=1,
        max_length=4096,
        examples=["Your car is ready for pick-up."],
        json_schema_extra={"pattern": HAS_TEXT},
    )


class QueuedMessage(BaseModel):
    message_id: int
    channel: str
    status: str


class BreakerView(BaseModel):
    """One dependency's circuit breaker, as this replica sees it."""

    name: str = Field(description="rasa, or a provider channel (whatsapp, telegram)")
    state: Literal["closed", "open", "half_open"]
    consecutive_failures: int
    opened_for_seconds: float | None = Field(description="how long it has been open or probing")
    retry_in_seconds: float | None = Field(description="until the next probe may go (open only)")
    failures_total: int
    successes_total: int
    last_error: str | None


class BacklogView(BaseModel):
    """What waits, since when, and how the dependencies are doing."""

    pending_turns: int = Field(description="customer messages not answered yet (all replicas)")
    oldest_pending_seconds: float | None
    retrying_turns: int = Field(description="of those, backing off after a failed try")
    queued_sends: int = Field(description="replies not yet accepted by their channel (all replicas)")
    oldest_queued_seconds: float | None
    retrying_sends: int
    dead_letters: int
    turns_running: int = Field(description="conversations with the bot now, in this replica")
    turns_waiting_for_a_slot: int
    sends_running: int
    sends_waiting_for_a_slot: int
    breakers: list[BreakerView]

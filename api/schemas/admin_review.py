"""Bodies of the admin API's review pages: the unsure inbox, the audit log, canned responses."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from api.schemas.admin_content import IntentName
from api.schemas.console import PlainText

# storage.repositories.unsure.REASONS
Reason = Literal["fallback", "low_confidence", "handed_off", "rated_badly", "not_ours"]


class UnsureItem(BaseModel):
    """A customer message the bot was unsure about (`training.unsure.UnsureRow`, read by its attributes)."""

    model_config = ConfigDict(from_attributes=True)

    message_id: int
    conversation_id: str = Field(description="the conversation's public id, as the console names it")
    text: str = Field(description="as the customer typed it: show it as text, never as markup")
    language: str | None
    intent: str | None = Field(description="what the bot predicted")
    confidence: float | None
    reasons: list[Reason]
    at: datetime


class UnsureList(BaseModel):
    items: list[UnsureItem] = Field(description="newest first")
    total: int = Field(description="how many match the filters, on every page")


class AddToTraining(BaseModel):
    """Teach the bot this message: an example of `intent`, by default the message's own text in its language.
    Unknown fields are refused: a misspelt `text` would otherwise teach the message's own words."""

    model_config = ConfigDict(extra="forbid")

    intent: Annotated[IntentName, Field(max_length=64)] = Field(examples=["warranty_info"])
    language: str | None = Field(default=None, min_length=2, max_length=8, description="default: the message's")
    text: PlainText | None = Field(
        default=None, min_length=1, max_length=4096, description="default: the message's text (e.g. a typo fixed)"
    )


class ReviewView(BaseModel):
    """What was done with a message of the inbox (`training.unsure.Review`)."""

    model_config = ConfigDict(from_attributes=True)

    message_id: int
    outcome: Literal["added", "dismissed"]
    intent: str | None
    language: str | None
    example: str | None = Field(description="the text added to the training data")
    reviewed_by: str
    reviewed_at: datetime


class AuditEntryView(BaseModel):
    """One admin change or console login (`staff.audit.AuditRecord`)."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    at: datetime
    actor: str = Field(description='a username, or "admin-token"')
    action: str = Field(examples=["intent.create", "login.failed", "canned.put"])
    subject: str
    before: Any = Field(description="the value before the change; null when it was created")
    after: Any = Field(description="the value after the change; null when it was deleted")


class CannedDeleted(BaseModel):
    shortcut: str
    language: str
    deleted: Literal[True] = True

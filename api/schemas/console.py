"""Bodies of the agent console's API (docs/console-api.md): what it accepts and answers.

The views (`ConversationSummary`, `MessageView`, ...) come from `staff.views`, where the
service builds them; this module adds the envelopes the routes wrap them in, the request
bodies, and the error answers each route declares.
"""

from __future__ import annotations

import unicodedata
from typing import Annotated, Literal

from fastapi import Path
from pydantic import AfterValidator, BaseModel, Field

from api.schemas.common import LanguageCode, refusals
from channels.text import HAS_TEXT
from staff.views import (
    AgentView,
    CannedView,
    ConversationDetail,
    ConversationSummary,
    MessageView,
    UserView,
)

__all__ = [
    "ADMIN_WRITES",
    "AGENT",
    "AGENT_WRITES",
    "AgentList",
    "Canned",
    "CannedList",
    "ConversationDetail",
    "ConversationId",
    "ConversationList",
    "ConversationSummary",
    "Credentials",
    "Deactivated",
    "MessageView",
    "NewUser",
    "SessionInfo",
    "Text",
    "Transfer",
    "UserView",
]


def _no_control_characters(value: str) -> str:
    """Names, titles and passwords never hold control characters (NUL would even break PostgreSQL)."""
    if any(unicodedata.category(ch) in ("Cc", "Cs") and ch not in "\n\t" for ch in value):
        raise ValueError("must not contain control characters")
    return value


# The rule is in the schema too (a pattern clients and schemathesis can read); the validator
# also refuses lone surrogates, which a JSON Schema pattern cannot express.
NO_CONTROL_CHARACTERS = r"^[^\x00-\x08\x0B-\x1F\x7F-\x9F]*$"
PlainText = Annotated[str, Field(pattern=NO_CONTROL_CHARACTERS), AfterValidator(_no_control_characters)]

ConversationId = Annotated[str, Path(max_length=32, pattern=r"^[0-9a-f]{1,32}$", description="its public id")]


NOT_LOGGED_IN = {401: "not logged in (no session cookie, or the session ended)"}
AGENT = refusals(NOT_LOGGED_IN)  # reading
AGENT_WRITES = refusals({**NOT_LOGGED_IN, 403: "missing or wrong X-CSRF-Token"})
ADMIN_WRITES = refusals({**NOT_LOGGED_IN, 403: "admins only, or a missing or wrong X-CSRF-Token"})


# -- session


class Credentials(BaseModel):
    username: PlainText = Field(min_length=1, max_length=64)
    password: PlainText = Field(min_length=1, max_length=1024)


class SessionInfo(BaseModel):
    """Who is logged in, and the token every state-changing request echoes in X-CSRF-Token."""

    user: UserView
    csrf_token: str


# -- conversations


class ConversationList(BaseModel):
    conversations: list[ConversationSummary]


class AgentList(BaseModel):
    agents: list[AgentView]


class CannedList(BaseModel):
    responses: list[CannedView]


class Transfer(BaseModel):
    agent_id: int | None = Field(
        ge=1, le=2**31 - 1, description="the agent to hand it to; null puts it back in the queue"
    )


class Text(BaseModel):
    # Cleaned by channels.text.clean_text (422 when nothing is left); the schema shows what survives it.
    text: str = Field(min_length=1, max_length=4096, json_schema_extra={"pattern": HAS_TEXT})


# -- admin


class NewUser(BaseModel):
    username: PlainText = Field(min_length=1, max_length=64)
    password: PlainText = Field(min_length=10, max_length=1024)
    display_name: PlainText = Field(default="", max_length=128)
    role: str = Field(default="agent", pattern="^(agent|admin)$")
    languages: list[LanguageCode] = Field(default_factory=list, max_length=6)


class Deactivated(BaseModel):
    username: str
    active: Literal[False]
    conversations_returned_to_queue: int = Field(description="what the account held, now waiting again")


class Canned(BaseModel):
    """A canned response to add or replace; the answer repeats it."""

    shortcut: str = Field(min_length=1, max_length=32, pattern=r"^[a-z0-9_-]+$")
    language: LanguageCode
    title: PlainText = Field(min_length=1, max_length=128)
    text: PlainText = Field(min_length=1, max_length=4096)

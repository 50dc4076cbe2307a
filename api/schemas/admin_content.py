"""Bodies of the admin API's training data and answers (`/api/admin/intents`, `/examples`, `/answers`).

Texts are answered as stored: an example or an answer may hold `<script>`, and the pages
show it with textContent. Limits here are generous outer bounds (a 422 from FastAPI);
the exact rules (400 characters, three buttons, ...) are training/validation.py's, with
their reasons.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Text = Field(max_length=5000)


class IntentRow(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    name: str
    examples: dict[str, int] = Field(description="examples per language")
    answer: str | None = Field(description="the response its rule sends, if a rule answers it directly")
    used_by: list[str] = Field(description="rules, stories, forms and buttons that use it: it cannot be deleted")
    protected: bool = Field(description="named by the gateway's or the actions' code: no rename or delete")


class IntentList(BaseModel):
    version: str = Field(description="the content's version: send it back as If-Match with a write")
    languages: list[str]
    intents: list[IntentRow]


class ButtonBody(BaseModel):
    title: str = Field(max_length=200)
    payload: str = Field(max_length=500, examples=["/human_agent"])


class AnswerTextBody(BaseModel):
    text: str = Field(max_length=20000)
    buttons: list[ButtonBody] = Field(default_factory=list, max_length=20)


class IntentCreate(BaseModel):
    name: str = Field(max_length=100, examples=["opening_hours"])
    examples: dict[str, list[str]] = Field(description="at least one example in every language")
    answer: dict[str, AnswerTextBody] | None = Field(
        default=None, description="utter_<name> in every language, sent by a new rule 'answer <name>'"
    )


class IntentRename(BaseModel):
    new_name: str = Field(max_length=100)


class EntitySpanView(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    start: int
    end: int
    value: str
    entity: str


class ExampleView(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    intent: str
    language: str
    text: str = Field(description="as written, with entity markup")
    plain: str = Field(description="what a customer would type")
    entities: list[EntitySpanView]
    file: str


class ExampleCreate(BaseModel):
    language: str = Field(max_length=8)
    text: str = Field(max_length=5000)


class ExampleEdit(BaseModel):
    text: str | None = Field(default=None, max_length=5000)
    intent: str | None = Field(default=None, max_length=100, description="move it to this intent")


class CoverageRow(BaseModel):
    intent: str
    counts: dict[str, int]


class Coverage(BaseModel):
    version: str
    languages: list[str]
    rows: list[CoverageRow]


class AnswerRow(BaseModel):
    name: str
    kind: Literal["bot", "notice"]
    languages: list[str]


class AnswerList(BaseModel):
    version: str
    answers: list[AnswerRow]


class AnswerView(BaseModel):
    name: str
    kind: Literal["bot", "notice"]
    texts: dict[str, AnswerTextBody]
    version: str


class AnswerPut(BaseModel):
    texts: dict[str, AnswerTextBody] = Field(description="every language")


class Deleted(BaseModel):
    deleted: str
    version: str

"""Bodies of the admin API's training data and answers (`/api/admin/intents`, `/examples`, `/answers`).

Texts are answered as stored: an example or an answer may hold `<script>`, and the pages
show it with textContent. Limits here are generous outer bounds (a 422 from FastAPI);
the exact rules (400 characters, three buttons, ...) are training/validation.py's, with
their reasons. A body with a field not listed here is refused (422): a misspelt field
would otherwise be dropped and the edit would silently do less than asked.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, WithJsonSchema

from api.schemas.common import LanguageCode
from api.settings import SUPPORTED_LANGUAGES
from training.validation import INTENT_NAME

# FastAPI checks the outer bound; training/validation.py checks the name, with its reason.
IntentName = Annotated[str, Field(max_length=100), WithJsonSchema({"type": "string", "pattern": f"^{INTENT_NAME}$"})]


class Body(BaseModel):
    """A request body: unknown fields are refused (additionalProperties: false)."""

    model_config = ConfigDict(extra="forbid")


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


class ButtonBody(Body):
    title: str = Field(max_length=200)
    payload: str = Field(max_length=500, examples=["/human_agent"])


class AnswerTextBody(Body):
    text: str = Field(max_length=20000)
    buttons: list[ButtonBody] = Field(default_factory=list, max_length=20)


class IntentCreate(Body):
    name: IntentName = Field(examples=["opening_hours"])
    examples: Annotated[
        dict[LanguageCode, list[str]],
        # The content checks "every language" itself, naming the missing ones; the schema says it too.
        WithJsonSchema(
            {
                "type": "object",
                "properties": {
                    key: {"type": "array", "items": {"type": "string"}, "minItems": 1} for key in SUPPORTED_LANGUAGES
                },
                "required": list(SUPPORTED_LANGUAGES),
                "additionalProperties": False,
            }
        ),
    ] = Field(description="at least one example in every language")
    answer: dict[str, AnswerTextBody] | None = Field(
        default=None, description="utter_<name> in every language, sent by a new rule 'answer <name>'"
    )


class IntentRename(Body):
    new_name: IntentName


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


class ExampleCreate(Body):
    language: str = Field(max_length=8)
    text: str = Field(max_length=5000)


class ExampleEdit(Body):
    text: str | None = Field(default=None, max_length=5000)
    intent: IntentName | None = Field(default=None, description="move it to this intent")


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


class AnswerPut(Body):
    texts: dict[str, AnswerTextBody] = Field(description="every language")


class Deleted(BaseModel):
    deleted: str
    version: str

"""Intents and their training examples, per language: `/api/admin/intents`, `/examples`, `/coverage`.

The files under nlu_data/ and bot/ are the data (training.content.BotContent): every
listing reads them, so a change made in git shows at once, and returns their `version`;
a write sent with `If-Match: <version>` is refused with 412 when the files changed in
between. Each change is audited with the admin's name.

Include with `app.include_router(admin_intents.router)`.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, status

from api.deps import AdminActorDep, ContentDep
from api.routers.admin_content_support import READ, TAGS, WRITE, IfMatch, refused_as_http
from api.schemas.admin_content import (
    Coverage,
    CoverageRow,
    Deleted,
    ExampleCreate,
    ExampleEdit,
    ExampleView,
    IntentCreate,
    IntentList,
    IntentRename,
    IntentRow,
)
from api.schemas.common import LanguageCode, refusals
from storage.engine import run_in_thread
from training.answer_files import AnswerText, Button
from training.nlu_files import EXAMPLE_ID

router = APIRouter(prefix="/api/admin", tags=TAGS)
IntentName = Annotated[str, Path(min_length=1, max_length=100)]
ExampleId = Annotated[str, Path(pattern=f"^{EXAMPLE_ID}$", description="as a listing returned it")]
NOT_FOUND = refusals({404: "no such intent"})
NO_EXAMPLE = refusals({404: "no such example (changed or deleted since it was read)"})


@router.get("/intents", summary="Every intent: examples per language, its answer, who uses it", responses=READ)
async def intents(_: AdminActorDep, content: ContentDep) -> IntentList:
    snapshot = await refused_as_http(run_in_thread(content.snapshot))
    rows = [IntentRow.model_validate(info) for info in await run_in_thread(content.intents, snapshot)]
    return IntentList(version=snapshot.version, languages=list(snapshot.languages), intents=rows)


@router.post(
    "/intents",
    status_code=status.HTTP_201_CREATED,
    summary="A new intent with examples in every language, and optionally its answer",
    responses=WRITE,
)
async def create_intent(
    body: IntentCreate, actor: AdminActorDep, content: ContentDep, if_match: IfMatch = None
) -> IntentRow:
    answer = None
    if body.answer is not None:
        answer = {
            lang: AnswerText(a.text, tuple(Button(b.title, b.payload) for b in a.buttons))
            for lang, a in body.answer.items()
        }
    info = await refused_as_http(content.create_intent(body.name, body.examples, answer, actor, if_match))
    return IntentRow.model_validate(info)


@router.patch("/intents/{name}", summary="Rename an intent everywhere it is used", responses=WRITE | NOT_FOUND)
async def rename_intent(
    name: IntentName, body: IntentRename, actor: AdminActorDep, content: ContentDep, if_match: IfMatch = None
) -> IntentRow:
    return IntentRow.model_validate(await refused_as_http(content.rename_intent(name, body.new_name, actor, if_match)))


@router.delete(
    "/intents/{name}",
    summary="Delete an intent (409 while rules, stories or forms use it)",
    responses=WRITE | NOT_FOUND,
)
async def delete_intent(
    name: IntentName, actor: AdminActorDep, content: ContentDep, if_match: IfMatch = None
) -> Deleted:
    await refused_as_http(content.delete_intent(name, actor, if_match))
    return Deleted(deleted=name, version=(await run_in_thread(content.snapshot)).version)


@router.get(
    "/intents/{name}/examples",
    summary="An intent's examples, in one language or all",
    responses=READ | NOT_FOUND | refusals({422: "unknown language"}),
)
async def intent_examples(
    name: IntentName,
    _: AdminActorDep,
    content: ContentDep,
    language: LanguageCode | None = None,
) -> list[ExampleView]:
    found = await refused_as_http(run_in_thread(content.examples, name, language))
    return [ExampleView.model_validate(e) for e in found]


@router.post(
    "/intents/{name}/examples",
    status_code=status.HTTP_201_CREATED,
    summary="Add an example in one language (to nlu_data/<language>/nlu.yml)",
    responses=WRITE | NOT_FOUND,
)
async def add_example(
    name: IntentName, body: ExampleCreate, actor: AdminActorDep, content: ContentDep, if_match: IfMatch = None
) -> ExampleView:
    example = await refused_as_http(content.add_example(name, body.language, body.text, actor, if_match))
    return ExampleView.model_validate(example)


@router.put(
    "/examples/{example_id}",
    summary="Edit an example's text, or move it to another intent",
    responses=WRITE | NO_EXAMPLE,
)
async def edit_example(
    example_id: ExampleId, body: ExampleEdit, actor: AdminActorDep, content: ContentDep, if_match: IfMatch = None
) -> ExampleView:
    example = await refused_as_http(content.edit_example(example_id, actor, body.text, body.intent, if_match))
    return ExampleView.model_validate(example)


@router.delete("/examples/{example_id}", summary="Delete an example", responses=WRITE | NO_EXAMPLE)
async def delete_example(
    example_id: ExampleId, actor: AdminActorDep, content: ContentDep, if_match: IfMatch = None
) -> ExampleView:
    return ExampleView.model_validate(await refused_as_http(content.delete_example(example_id, actor, if_match)))


@router.get(
    "/examples",
    summary="Search the examples of every language (case-insensitive, also in the plain text)",
    responses=READ | refusals({422: "unknown language"}),
)
async def search_examples(
    _: AdminActorDep,
    content: ContentDep,
    q: Annotated[str, Query(min_length=1, max_length=200)],
    language: LanguageCode | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> list[ExampleView]:
    found = await refused_as_http(run_in_thread(content.search, q, language, limit))
    return [ExampleView.model_validate(e) for e in found]


@router.get("/coverage", summary="Examples per intent and language, at a glance", responses=READ)
async def coverage(_: AdminActorDep, content: ContentDep) -> Coverage:
    snapshot = await refused_as_http(run_in_thread(content.snapshot))
    infos = await run_in_thread(content.intents, snapshot)
    rows = [CoverageRow(intent=i.name, counts=i.examples) for i in infos]
    return Coverage(version=snapshot.version, languages=list(snapshot.languages), rows=rows)

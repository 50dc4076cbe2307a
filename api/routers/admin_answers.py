"""The bot's answers and the gateway's notices, in every language: `/api/admin/answers`.

An answer is edited in all languages at once (every key must exist in each), and goes
live without training: the gateway's answer catalogue reloads a changed file within
seconds. A brand-new answer comes only with a new intent (POST /api/admin/intents): an
answer nothing sends would be dead text.

Include with `app.include_router(admin_answers.router)`.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from api.deps import AdminActorDep, ContentDep
from api.routers.admin_content_support import READ, TAGS, WRITE, IfMatch, refused_as_http
from api.schemas.admin_content import AnswerList, AnswerPut, AnswerRow, AnswerTextBody, AnswerView, ButtonBody
from api.schemas.common import refusals
from storage.engine import run_in_thread
from training.answer_files import AnswerText, Button
from training.content import AnswerInfo

router = APIRouter(prefix="/api/admin/answers", tags=TAGS)
AnswerName = Annotated[str, Path(min_length=1, max_length=100)]
NOT_FOUND = refusals({404: "no such answer"})


def _view(info: AnswerInfo, version: str) -> AnswerView:
    texts = {
        lang: AnswerTextBody(text=a.text, buttons=[ButtonBody(title=b.title, payload=b.payload) for b in a.buttons])
        for lang, a in info.texts.items()
    }
    return AnswerView(name=info.name, kind=info.kind, texts=texts, version=version)  # type: ignore[arg-type]


@router.get("", summary="Every answer: the bot's (its domain's responses) and the gateway's notices", responses=READ)
async def answers(_: AdminActorDep, content: ContentDep) -> AnswerList:
    snapshot = await refused_as_http(run_in_thread(content.snapshot))
    rows = [AnswerRow(name=n, kind=k, languages=langs) for n, k, langs in content.answer_names(snapshot)]  # type: ignore[arg-type]
    return AnswerList(version=snapshot.version, answers=rows)


@router.get("/{name}", summary="One answer in every language", responses=READ | NOT_FOUND)
async def answer(name: AnswerName, _: AdminActorDep, content: ContentDep) -> AnswerView:
    snapshot = await refused_as_http(run_in_thread(content.snapshot))
    info = await refused_as_http(run_in_thread(content.answer, name, snapshot))
    return _view(info, snapshot.version)


@router.put("/{name}", summary="Replace an answer in every language (live within seconds)", responses=WRITE | NOT_FOUND)
async def put_answer(
    name: AnswerName, body: AnswerPut, actor: AdminActorDep, content: ContentDep, if_match: IfMatch = None
) -> AnswerView:
    texts = {
        lang: AnswerText(a.text, tuple(Button(b.title, b.payload) for b in a.buttons)) for lang, a in body.texts.items()
    }
    info = await refused_as_http(content.put_answer(name, texts, actor, if_match))
    return _view(info, (await run_in_thread(content.snapshot)).version)

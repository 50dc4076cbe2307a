"""Liveness and readiness, for process supervisors and load balancers."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from api.deps import BotDep, EngineDep
from storage.engine import database_answers, run_in_thread

router = APIRouter(tags=["health"])


class Health(BaseModel):
    status: str


class Readiness(BaseModel):
    status: str
    database: bool
    rasa: bool
    model: str | None = None


@router.get("/healthz", response_model=Health, summary="The process is up")
async def healthz() -> Health:
    return Health(status="ok")


@router.get(
    "/readyz",
    response_model=Readiness,
    responses={503: {"model": Readiness}},
    summary="Database reachable and Rasa reachable with a model loaded",
)
async def readyz(engine: EngineDep, bot: BotDep) -> JSONResponse:
    database = await run_in_thread(database_answers, engine)
    status = await bot.status()
    model = (status or {}).get("model_file") or None
    ready = database and model is not None
    body = Readiness(status="ok" if ready else "unavailable", database=database, rasa=model is not None, model=model)
    return JSONResponse(body.model_dump(), status_code=200 if ready else 503)

"""Liveness and readiness, for process supervisors and load balancers.

`/healthz` says the process is alive and touches nothing else: no database, no pool, no
dependency, so no backlog can make it slow. `/readyz` says whether this replica can
serve: the database answers and Rasa answers with a model loaded, each checked on its
own short-timeout path (never through the pools the backlog uses), plus the state of
every circuit breaker, so a supervisor can tell "a dependency is down" from "the
gateway is not answering".
"""

from __future__ import annotations

import asyncio

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from api.deps import BotDep, DispatcherDep, EngineDep, OutboxDep
from storage.engine import database_answers

router = APIRouter(tags=["health"])
CHECK_TIMEOUT = 0.5  # seconds for each check: readiness answers within a second, whatever is down


class Health(BaseModel):
    status: str


class BreakerState(BaseModel):
    name: str
    state: str  # closed, open, half_open


class Readiness(BaseModel):
    status: str
    database: bool
    rasa: bool
    model: str | None = None
    breakers: list[BreakerState] = []


@router.get("/healthz", response_model=Health, summary="The process is up")
async def healthz() -> Health:
    return Health(status="ok")


@router.get(
    "/readyz",
    response_model=Readiness,
    responses={503: {"model": Readiness, "description": "the database or Rasa is not answering"}},
    summary="Database reachable, Rasa reachable with a model loaded, and the breakers' states",
)
async def readyz(engine: EngineDep, bot: BotDep, dispatcher: DispatcherDep, outbox: OutboxDep) -> JSONResponse:
    database_check = asyncio.wait_for(asyncio.to_thread(database_answers, engine), CHECK_TIMEOUT)
    rasa_check = asyncio.wait_for(bot.status(), CHECK_TIMEOUT)
    database, status = await asyncio.gather(database_check, rasa_check, return_exceptions=True)
    database_ok = database is True
    model = status.get("model_file") if isinstance(status, dict) else None
    ready = database_ok and bool(model)
    breakers = [dispatcher.breaker, *outbox.breakers.values()]
    body = Readiness(
        status="ok" if ready else "unavailable",
        database=database_ok,
        rasa=bool(model),
        model=model or None,
        breakers=[BreakerState(name=b.name, state=b.state.value) for b in breakers],
    )
    return JSONResponse(body.model_dump(), status_code=200 if ready else 503)

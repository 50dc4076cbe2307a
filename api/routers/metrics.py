"""`GET /metrics`: the gateway's figures in Prometheus' text format (conversations/metrics.py)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends
from fastapi.responses import Response

from api.deps import BacklogDep, MetricsDep, require_admin
from api.schemas.admin import ADMIN
from conversations.metrics import CONTENT_TYPE

router = APIRouter(tags=["metrics"])

EXPOSITION: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "Prometheus' text exposition format, version 0.0.4",
        "content": {CONTENT_TYPE.split(";")[0]: {"schema": {"type": "string"}}},
    }
}


@router.get(
    "/metrics",
    summary="Messages in and out, bot turns, provider sends, the backlog and breakers, for Prometheus",
    response_class=Response,
    responses=EXPOSITION | ADMIN,
    dependencies=[Depends(require_admin)],
)
async def metrics(figures: MetricsDep, report: BacklogDep) -> Response:
    """This process's counters and histograms, and the backlog read now.

    Access: the admin token as a Bearer token (Prometheus' `authorization: credentials_file`
    pointing at `var/admin.token`), or an admin's console session, like every admin
    endpoint: one secret to keep, and the figures (queue depths, dead letters) are an
    admin's view. A separate read-only token would let a monitoring system in without admin
    rights; it can come with the deployment that needs it.

    Several replicas: each process exposes its own counters (and the same database-wide
    backlog gauges); scrape every replica and sum the counters with `sum(rate(...))`, but
    take the backlog gauges with `max`, not `sum`, since each replica reads the same database.
    The backlog is computed at scrape time by the code behind `GET /api/admin/backlog`.
    """
    body = figures.render(await report.now())
    return Response(body, media_type=CONTENT_TYPE)

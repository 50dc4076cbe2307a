"""Warranty claims in the console (api/routers/console_claims.py)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, Field, StringConstraints

from storage.models import ClaimStage

ClaimReference = Annotated[str, StringConstraints(pattern=r"^WC-[2-9A-HJ-NP-Z]{6}$")]


class ClaimStepView(BaseModel):
    stage: str
    note: str | None
    actor: str = Field(description="bot, or the technician who moved the claim")
    at: datetime


class ClaimView(BaseModel):
    reference: str
    vin: str
    model_code: str | None
    mileage_km: int
    symptom: str
    stage: str
    needs_review_reason: str | None = Field(description="why a technician must judge it (safety, registry, warranty)")
    conversation_id: str | None
    created_at: datetime
    history: list[ClaimStepView]
    attachment_ids: list[int] = Field(description="files at /api/console/attachments/{id}")
    next_stages: list[str] = Field(description="the stages it may move to now")


class ClaimList(BaseModel):
    claims: list[ClaimView]


class StageMove(BaseModel):
    stage: Annotated[str, Field(description=f"one of {', '.join(ClaimStage.ALL)}")]
    note: Annotated[str, StringConstraints(max_length=1000)] | None = Field(
        default=None, description="told to the customer with the new stage"
    )

"""Bodies of the admin's training and model routes (`/api/admin/training`, `/api/admin/models`)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field


class LanguageScore(BaseModel):
    accuracy: float = Field(description="share of the language's held-out intent examples classified right")
    examples: int


class EvaluationReport(BaseModel):
    languages: dict[str, LanguageScore]
    overall: float | None
    seconds: float | None = Field(default=None, description="how long the evaluation took")


class GateVerdict(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    passes: bool
    reason: str
    drops: dict[str, float] = Field(description="per language, accuracy points lost against the live model")


class ModelView(BaseModel):
    """One training run and the model it made (the registry's row)."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    fingerprint: str = Field(description="hash of the training data the model learned")
    status: str = Field(description="training, evaluating, ready, failed or cancelled")
    started_by: str
    started_at: datetime
    finished_at: datetime | None
    training_seconds: float | None
    progress: str | None
    error: str | None
    active: bool
    activated_at: datetime | None
    activated_by: str | None
    report: EvaluationReport | None
    gate: GateVerdict | None = Field(description="the evaluation gate's verdict against the live model, when ready")


class CurrentTraining(BaseModel):
    model: ModelView | None = Field(description="the run in progress, or the latest one")
    log_tail: list[str]


class ModelLog(BaseModel):
    lines: list[str]

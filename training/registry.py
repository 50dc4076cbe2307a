"""The model registry: every training run, the model it made, its evaluation, and which one is live.

Rows live in the database (so every gateway replica and the admin pages see the same
registry); the model files live in `models_dir`. Which model is live is also written to
`models_dir/active.json`, because the process that starts Rasa (`./supportbot run`) reads
it before any database is open: the active model survives a restart.

The evaluation gate compares a candidate's held-out accuracy with the live model's, per
language: activating a new model is refused when any language drops more than
`max_drop` points. Going back to a model that was live before (a rollback) is not
gated: it is the way out of a bad activation, and it was accepted once.
"""

from __future__ import annotations

import asyncio
import enum
import json
import os
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from staff.audit import AuditLog
from storage.engine import run_in_thread
from storage.models import BotModel, utcnow
from storage.repositories import models as queries

ACTIVE_FILE = "active.json"


class ModelStatus(enum.StrEnum):
    TRAINING = "training"
    EVALUATING = "evaluating"
    READY = "ready"
    FAILED = "failed"
    CANCELLED = "cancelled"


class TrainingBusy(Exception):
    """Another model is training: one at a time."""


class RegistryError(Exception):
    """The model cannot be used as asked (not ready, unknown, refused by the gate)."""


class SwapFailed(RegistryError):
    """Rasa did not load the model; the one serving before still serves."""


@dataclass(frozen=True, slots=True)
class Gate:
    passes: bool
    reason: str
    drops: dict[str, float]  # language -> accuracy points lost against the live model (negative: gained)


@dataclass(frozen=True, slots=True)
class ModelInfo:
    id: int
    fingerprint: str
    file: str | None
    status: str
    started_by: str
    started_at: datetime
    finished_at: datetime | None
    training_seconds: float | None
    progress: str | None
    error: str | None
    report: dict[str, Any] | None
    active: bool
    activated_at: datetime | None
    activated_by: str | None
    gate: Gate | None = None


def _info(row: BotModel, gate: Gate | None = None) -> ModelInfo:
    return ModelInfo(
        row.id,
        row.fingerprint,
        row.file,
        row.status,
        row.started_by,
        row.started_at,
        row.finished_at,
        row.training_seconds,
        row.progress,
        row.error,
        row.report,
        row.active,
        row.activated_at,
        row.activated_by,
        gate,
    )


def judge(candidate: dict[str, Any] | None, live: dict[str, Any] | None, max_drop: float) -> Gate | None:
    """The gate's verdict on a candidate's report against the live model's; None until both exist."""
    if not candidate or not live:
        return None
    drops: dict[str, float] = {}
    for language, scores in (candidate.get("languages") or {}).items():
        before = (live.get("languages") or {}).get(language)
        if before is not None:
            drops[language] = round((before["accuracy"] - scores["accuracy"]) * 100, 2)
    worst = max(drops.items(), key=lambda item: item[1], default=None)
    if worst is not None and worst[1] > max_drop:
        return Gate(False, f"{worst[0]} drops {worst[1]:.1f} points (at most {max_drop:g} allowed)", drops)
    return Gate(True, f"no language drops more than {max_drop:g} points", drops)


class ModelRegistry:
    def __init__(self, sessions: sessionmaker[Session], models_dir: Path, audit: AuditLog, max_drop: float) -> None:
        self._sessions = sessions
        self.models_dir = models_dir
        self._audit = audit
        self.max_drop = max_drop

    # -- reading -------------------------------------------------------------------

    async def models(self, limit: int = 200) -> list[ModelInfo]:
        return await run_in_thread(self._models, limit)

    def _models(self, limit: int) -> list[ModelInfo]:
        with self._sessions() as session:
            live = queries.active(session)
            live_report = live.report if live is not None else None
            return [self._with_gate(row, live_report) for row in queries.listing(session, limit)]

    async def get(self, model_id: int) -> ModelInfo | None:
        return await run_in_thread(self._get, model_id)

    def _get(self, model_id: int) -> ModelInfo | None:
        with self._sessions() as session:
            row = queries.get(session, model_id)
            if row is None:
                return None
            live = queries.active(session)
            return self._with_gate(row, live.report if live is not None else None)

    def _with_gate(self, row: BotModel, live_report: dict[str, Any] | None) -> ModelInfo:
        if row.active or row.status != ModelStatus.READY:
            return _info(row)
        return _info(row, judge(row.report, live_report, self.max_drop))

    async def active(self) -> ModelInfo | None:
        return await run_in_thread(self._active)

    def _active(self) -> ModelInfo | None:
        with self._sessions() as session:
            row = queries.active(session)
            return _info(row) if row is not None else None

    # -- training runs (training/trainer.py) -------------------------------------------

    async def begin(self, fingerprint: str, actor: str) -> ModelInfo:
        """A new training run; TrainingBusy while another trains (one at a time, across replicas too)."""
        return await run_in_thread(self._begin, fingerprint, actor)

    def _begin(self, fingerprint: str, actor: str) -> ModelInfo:
        try:
            with self._sessions.begin() as session:
                # The index covers 'training' only: a run still evaluating holds the trainer's
                # processes and task too, so it blocks a new run as well.
                if queries.in_progress(session, (ModelStatus.EVALUATING,)):
                    raise TrainingBusy("a model is being evaluated; wait for it or cancel it")
                row = BotModel(
                    fingerprint=fingerprint, status=ModelStatus.TRAINING, started_by=actor, progress="starting"
                )
                session.add(row)
                session.flush()
                AuditLog.add(session, actor, "model.train", f"model {row.id}", None, {"fingerprint": fingerprint})
                return _info(row)
        except IntegrityError as error:  # the partial unique index on status = 'training'
            raise TrainingBusy("a model is training already; wait for it or cancel it") from error

    async def update(self, model_id: int, **values: Any) -> None:
        await run_in_thread(self._update, model_id, values)

    def _update(self, model_id: int, values: dict[str, Any]) -> None:
        with self._sessions.begin() as session:
            row = queries.get(session, model_id)
            if row is not None:
                for name, value in values.items():
                    setattr(row, name, value)
                if values.get("status") in (ModelStatus.READY, ModelStatus.FAILED, ModelStatus.CANCELLED):
                    row.finished_at = row.finished_at or utcnow()

    async def cancelled(self, model_id: int, actor: str) -> None:
        """Mark a run cancelled, with its audit entry, unless it finished meanwhile (a ready model stays ready)."""
        await run_in_thread(self._cancelled, model_id, actor)

    def _cancelled(self, model_id: int, actor: str) -> None:
        with self._sessions.begin() as session:
            row = queries.get(session, model_id)
            if row is None or row.status not in (ModelStatus.TRAINING, ModelStatus.EVALUATING):
                return
            before = row.status
            row.status, row.progress, row.finished_at = ModelStatus.CANCELLED, "cancelled", utcnow()
            AuditLog.add(
                session, actor, "model.cancel", f"model {model_id}", {"status": before}, {"status": row.status}
            )

    async def abandon_interrupted(self) -> int:
        """Runs that a stopped gateway left training or evaluating are failed: nothing finishes them now."""
        return await run_in_thread(self._abandon_interrupted)

    def _abandon_interrupted(self) -> int:
        with self._sessions.begin() as session:
            rows = queries.in_progress(session, (ModelStatus.TRAINING, ModelStatus.EVALUATING))
            for row in rows:
                row.status, row.error, row.finished_at = (
                    ModelStatus.FAILED,
                    "the gateway stopped during the run",
                    utcnow(),
                )
            return len(rows)

    # -- what is live ----------------------------------------------------------------

    async def register_running(self, file: Path, fingerprint: str, started_by: str) -> ModelInfo:
        """Record the model Rasa was started with, when the registry names none as live
        (a fresh install, or a model trained by `./supportbot train`)."""
        return await run_in_thread(self._register_running, file, fingerprint, started_by)

    def _register_running(self, file: Path, fingerprint: str, started_by: str) -> ModelInfo:
        with self._sessions.begin() as session:
            live = queries.active(session)
            if live is not None:
                return _info(live)
            row = queries.by_file(session, str(file))
            if row is None:
                now = utcnow()
                row = BotModel(
                    fingerprint=fingerprint,
                    file=str(file),
                    status=ModelStatus.READY,
                    started_by=started_by,
                    started_at=now,
                    finished_at=now,
                )
                session.add(row)
            row.active, row.activated_at, row.activated_by = True, utcnow(), started_by
            session.flush()
            return _info(row)

    async def check_activation(self, model_id: int) -> ModelInfo:
        """The model, if it may go live now: ready, its file present, and passed by the gate
        unless it was live before (a rollback). RegistryError with the reason otherwise."""
        model = await self.get(model_id)
        if model is None:
            raise LookupError(f"no model {model_id}")
        if model.status != ModelStatus.READY or model.file is None:
            raise RegistryError(f"model {model_id} is {model.status}, not ready")
        if not await asyncio.to_thread(Path(model.file).is_file):
            raise RegistryError(f"model {model_id}'s file is gone: {model.file}")
        if model.activated_at is None and model.gate is not None and not model.gate.passes:
            raise RegistryError(f"the evaluation gate refuses model {model_id}: {model.gate.reason}")
        return model

    async def mark_active(self, model_id: int, actor: str, action: str) -> ModelInfo:
        """Record `model_id` as live (Rasa has loaded it), in the database and in active.json."""
        model = await run_in_thread(self._mark_active, model_id, actor, action)
        self._write_pointer(model)
        return model

    def _mark_active(self, model_id: int, actor: str, action: str) -> ModelInfo:
        with self._sessions.begin() as session:
            before = queries.active(session)
            queries.clear_active(session)
            row = queries.get(session, model_id)
            assert row is not None  # checked by check_activation; rows are never deleted
            row.active, row.activated_at, row.activated_by = True, utcnow(), actor
            AuditLog.add(
                session, actor, action, f"model {model_id}", {"model": before.id if before else None}, {"model": row.id}
            )
            return _info(row)

    async def previous(self) -> ModelInfo | None:
        """The model to roll back to: the one live before the current one."""
        return await run_in_thread(self._previous)

    def _previous(self) -> ModelInfo | None:
        with self._sessions() as session:
            live = queries.active(session)
            row = queries.previously_active(session, live.id if live is not None else None)
            return _info(row) if row is not None else None

    def _write_pointer(self, model: ModelInfo) -> None:
        """active.json, replaced atomically: a crash leaves the old pointer or the new, never half."""
        self.models_dir.mkdir(parents=True, exist_ok=True)
        body = json.dumps({"model": model.file, "id": model.id, "fingerprint": model.fingerprint}, indent=2)
        handle, temporary = tempfile.mkstemp(dir=self.models_dir, prefix=".active-", suffix=".json")
        with os.fdopen(handle, "w") as out:
            out.write(body + "\n")
        os.replace(temporary, self.models_dir / ACTIVE_FILE)


def read_pointer(models_dir: Path) -> Path | None:
    """The model file active.json names, if it is there (scripts/supervisor.py starts Rasa with it)."""
    try:
        data = json.loads((models_dir / ACTIVE_FILE).read_text())
    except (OSError, ValueError):
        return None
    model = data.get("model") if isinstance(data, dict) else None
    return Path(model) if isinstance(model, str) and Path(model).is_file() else None

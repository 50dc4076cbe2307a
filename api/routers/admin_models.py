"""Training, the model registry, activation and rollback (README, "Admin pages").

Training runs in the background (training/trainer.py): the POST answers 202 at once and
the page polls `/training/current` for progress and the log's tail. Activation swaps the
live model in Rasa behind the dispatcher's gate (training/activation.py); it answers once
the new model serves.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, HTTPException, status

from api.deps import ActivatorDep, AdminActorDep, RegistryDep, TrainerDep, require_admin
from api.schemas.admin import ADMIN
from api.schemas.admin_models import CurrentTraining, ModelLog, ModelView
from api.schemas.common import RowId, refusals
from training.registry import ModelInfo, RegistryError, SwapFailed, TrainingBusy

router = APIRouter(prefix="/api/admin", tags=["admin: models"], dependencies=[Depends(require_admin)])


def _view(model: ModelInfo) -> ModelView:
    return ModelView.model_validate(model)


@router.post(
    "/training",
    status_code=status.HTTP_202_ACCEPTED,
    summary="Train a model on the training data as it is now (one at a time)",
    responses=ADMIN | refusals({409: "a model is training already", 503: "no Rasa environment to train with"}),
)
async def start_training(actor: AdminActorDep, trainer: TrainerDep) -> ModelView:
    try:
        return _view(await trainer.start(actor))
    except TrainingBusy as error:
        raise HTTPException(status.HTTP_409_CONFLICT, str(error)) from error
    except RegistryError as error:
        raise HTTPException(status.HTTP_503_SERVICE_UNAVAILABLE, str(error)) from error


@router.get(
    "/training/current",
    summary="The run in progress (or the latest), with the tail of its log",
    responses=ADMIN,
)
async def current_training(registry: RegistryDep, trainer: TrainerDep) -> CurrentTraining:
    models = await registry.models(limit=20)
    run = next((m for m in models if m.status in ("training", "evaluating")), None)
    run = run or next((m for m in models if m.started_by != "./supportbot"), None)
    return CurrentTraining(model=_view(run) if run else None, log_tail=trainer.log_tail(run.id) if run else [])


@router.post(
    "/training/{model_id}/cancel",
    summary="Stop a run; the live model is untouched",
    responses=ADMIN | refusals({404: "no such run"}),
)
async def cancel_training(model_id: RowId, actor: AdminActorDep, trainer: TrainerDep) -> ModelView:
    model = await trainer.cancel(model_id, actor)
    if model is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no model {model_id}")
    return _view(model)


@router.get(
    "/models", summary="Every trained model, newest first, with its evaluation and gate verdict", responses=ADMIN
)
async def list_models(registry: RegistryDep, activator: ActivatorDep) -> list[ModelView]:
    await activator.live()  # the model Rasa was started with is listed too
    return [_view(model) for model in await registry.models()]


@router.get(
    "/models/{model_id}/log",
    summary="A run's whole log (its last 2,000 lines)",
    responses=ADMIN | refusals({404: "no such model"}),
)
async def model_log(model_id: RowId, registry: RegistryDep, trainer: TrainerDep) -> ModelLog:
    if await registry.get(model_id) is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no model {model_id}")
    return ModelLog(lines=trainer.log_tail(model_id, 2000))


@router.post(
    "/models/{model_id}/activate",
    summary="Make a model live: Rasa loads it while the gateway holds turns back; none is lost or doubled",
    responses=ADMIN
    | refusals(
        {
            404: "no such model",
            409: "not ready, its file is gone, or the evaluation gate refuses it",
            502: "Rasa did not load it (the old model keeps serving)",
        }
    ),
)
async def activate(model_id: RowId, actor: AdminActorDep, activator: ActivatorDep) -> ModelView:
    try:
        return _view(await activator.activate(model_id, actor))
    except LookupError as error:
        raise HTTPException(status.HTTP_404_NOT_FOUND, str(error)) from error
    except SwapFailed as error:
        raise HTTPException(status.HTTP_502_BAD_GATEWAY, str(error)) from error
    except RegistryError as error:
        raise HTTPException(status.HTTP_409_CONFLICT, str(error)) from error


@router.post(
    "/models/rollback",
    summary="Go back to the model that was live before this one (not gated)",
    responses=ADMIN
    | refusals(
        {409: "no earlier model, or its file is gone", 502: "Rasa did not load it (the old model keeps serving)"}
    ),
)
async def rollback(actor: AdminActorDep, activator: ActivatorDep) -> ModelView:
    try:
        return _view(await activator.rollback(actor))
    except SwapFailed as error:
        raise HTTPException(status.HTTP_502_BAD_GATEWAY, str(error)) from error
    except RegistryError as error:
        raise HTTPException(status.HTTP_409_CONFLICT, str(error)) from error

"""The model registry (training/registry.py): one run at a time, the evaluation gate, what is
live and what a rollback goes back to, and the pointer `./supportbot run` starts Rasa with.
On SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

from staff.audit import AuditLog
from training.registry import ModelRegistry, ModelStatus, RegistryError, TrainingBusy, judge, read_pointer

pytestmark = pytest.mark.anyio

GOOD = {"languages": {"ka": {"accuracy": 0.95, "examples": 292}, "en": {"accuracy": 0.96, "examples": 292}}}


@pytest.fixture
def registry(sessions: sessionmaker[Session], tmp_path: Path) -> ModelRegistry:
    return ModelRegistry(sessions, tmp_path, AuditLog(sessions), max_drop=1.0)


async def ready_model(registry: ModelRegistry, tmp_path: Path, name: str, report: dict | None) -> int:
    model = await registry.begin(name, "ana")
    file = tmp_path / f"{name}.tar.gz"
    file.write_bytes(b"model")
    await registry.update(model.id, file=str(file), status=ModelStatus.READY, report=report)
    return model.id


def test_the_gate_refuses_a_drop_of_more_than_the_allowed_points_in_any_language() -> None:
    worse = {"languages": {"ka": {"accuracy": 0.935, "examples": 292}, "en": {"accuracy": 0.97, "examples": 292}}}
    gate = judge(worse, GOOD, max_drop=1.0)
    assert gate is not None and not gate.passes
    assert gate.drops == {"ka": 1.5, "en": -1.0}
    assert "ka drops 1.5 points" in gate.reason


def test_the_gate_passes_a_drop_within_the_allowed_points() -> None:
    slightly = {"languages": {"ka": {"accuracy": 0.941, "examples": 292}, "en": {"accuracy": 0.96, "examples": 292}}}
    gate = judge(slightly, GOOD, max_drop=1.0)
    assert gate is not None and gate.passes


def test_without_both_reports_there_is_no_verdict() -> None:
    assert judge(GOOD, None, 1.0) is None
    assert judge(None, GOOD, 1.0) is None


async def test_only_one_model_trains_at_a_time(registry: ModelRegistry) -> None:
    first = await registry.begin("aaa", "ana")
    with pytest.raises(TrainingBusy):
        await registry.begin("bbb", "bo")
    await registry.update(first.id, status=ModelStatus.CANCELLED)
    assert (await registry.begin("bbb", "bo")).status == ModelStatus.TRAINING


async def test_a_run_still_evaluating_blocks_a_new_one(registry: ModelRegistry) -> None:
    # the trainer keeps one run's processes and task: a second run started while the first
    # evaluates would share them (a cancel of one would stop the other)
    first = await registry.begin("aaa", "ana")
    await registry.update(first.id, status=ModelStatus.EVALUATING)
    with pytest.raises(TrainingBusy):
        await registry.begin("bbb", "bo")
    await registry.update(first.id, status=ModelStatus.READY)
    assert (await registry.begin("bbb", "bo")).status == ModelStatus.TRAINING


async def test_a_run_left_by_a_stopped_gateway_is_failed_on_the_next_start(registry: ModelRegistry) -> None:
    model = await registry.begin("aaa", "ana")
    assert await registry.abandon_interrupted() == 1
    again = await registry.get(model.id)
    assert again is not None and again.status == ModelStatus.FAILED and again.finished_at is not None


async def test_a_model_worse_than_the_live_one_cannot_be_activated(registry: ModelRegistry, tmp_path: Path) -> None:
    live = await ready_model(registry, tmp_path, "live", GOOD)
    await registry.mark_active(live, "ana", "model.activate")
    worse = {"languages": {"ka": {"accuracy": 0.90, "examples": 292}, "en": {"accuracy": 0.96, "examples": 292}}}
    candidate = await ready_model(registry, tmp_path, "worse", worse)
    with pytest.raises(RegistryError, match="gate refuses"):
        await registry.check_activation(candidate)


async def test_a_model_still_training_or_without_its_file_cannot_be_activated(
    registry: ModelRegistry, tmp_path: Path
) -> None:
    training = await registry.begin("aaa", "ana")
    with pytest.raises(RegistryError, match="not ready"):
        await registry.check_activation(training.id)
    await registry.update(training.id, status=ModelStatus.CANCELLED)
    gone = await ready_model(registry, tmp_path, "gone", GOOD)
    (tmp_path / "gone.tar.gz").unlink()
    with pytest.raises(RegistryError, match="file is gone"):
        await registry.check_activation(gone)


async def test_one_model_is_live_and_the_one_before_is_what_a_rollback_goes_to(
    registry: ModelRegistry, tmp_path: Path
) -> None:
    first = await ready_model(registry, tmp_path, "first", GOOD)
    await registry.mark_active(first, "ana", "model.activate")
    second = await ready_model(registry, tmp_path, "second", GOOD)
    await registry.mark_active(second, "bo", "model.activate")
    live = await registry.active()
    assert live is not None and live.id == second and live.activated_by == "bo"
    assert [m.id for m in await registry.models() if m.active] == [second]
    previous = await registry.previous()
    assert previous is not None and previous.id == first
    # a model that was live before passes without the gate (a rollback), even if it would not now
    await registry.update(first, report={"languages": {"ka": {"accuracy": 0.5, "examples": 292}}})
    assert (await registry.check_activation(first)).id == first


async def test_activation_writes_the_pointer_and_the_audit_log(
    registry: ModelRegistry, sessions: sessionmaker[Session], tmp_path: Path
) -> None:
    model = await ready_model(registry, tmp_path, "pointed", GOOD)
    await registry.mark_active(model, "ana", "model.activate")
    assert read_pointer(tmp_path) == tmp_path / "pointed.tar.gz"
    entries = await AuditLog(sessions).entries(action="model.")
    assert (entries[0].actor, entries[0].action, entries[0].after) == ("ana", "model.activate", {"model": model})


async def test_the_model_rasa_was_started_with_is_registered_as_live_once(
    registry: ModelRegistry, tmp_path: Path
) -> None:
    file = tmp_path / "5c4e.tar.gz"
    file.write_bytes(b"model")
    first = await registry.register_running(file, "5c4e", "./supportbot")
    again = await registry.register_running(file, "5c4e", "./supportbot")
    assert first.id == again.id and first.active and first.status == ModelStatus.READY
    assert len(await registry.models()) == 1


def test_a_missing_or_broken_pointer_names_no_model(tmp_path: Path) -> None:
    assert read_pointer(tmp_path) is None
    (tmp_path / "active.json").write_text("{not json")
    assert read_pointer(tmp_path) is None
    (tmp_path / "active.json").write_text('{"model": "/nowhere/x.tar.gz"}')
    assert read_pointer(tmp_path) is None

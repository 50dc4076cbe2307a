"""What the background training run (training/trainer.py) tells the admin pages while `rasa train` works.
The run itself, on a real Rasa, is tests/e2e/test_model_cycle.py."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

from nlu.rasa_client import RasaClient
from staff.audit import AuditLog
from training import evaluation
from training.registry import ModelRegistry, ModelStatus
from training.trainer import TrainingJobs, _snapshot, training_stage
from training.yaml_files import ContentLock


def test_a_training_log_says_which_stage_rasa_is_in() -> None:
    started = "INFO rasa.cli.train  - Started validating domain and training data...\n"
    assert training_stage("", 8) is None
    assert training_stage(started, 8) == "reading and checking the training data"
    graph = started + "INFO rasa.validator  - No story structure conflicts found.\n"
    assert training_stage(graph, 8) == "preparing the training graph"
    components = (
        graph
        + "INFO hooks - Restored component 'CountVectorsFeaturizer' from cache.\n"
        + "INFO hooks - Starting to train component 'LinearSVMIntentClassifier'.\n"
    )
    assert training_stage(components, 8) == "training LinearSVMIntentClassifier (2 of 8)"
    assert training_stage(components + "Your Rasa model is trained and saved at 'x'.\n", 8) == "saving the model"


# -- the run's processes and a cancel, with stand-ins for Rasa ------------------------------------------


@pytest.fixture
def jobs(sessions: sessionmaker[Session], tmp_path: Path) -> TrainingJobs:
    registry = ModelRegistry(sessions, tmp_path, AuditLog(sessions), max_drop=1.0)
    return TrainingJobs(
        registry,
        RasaClient("http://127.0.0.1:9"),
        content_dir=tmp_path,
        rasa_env=tmp_path,
        rasa_token="t",
        languages=("ka",),
    )


@pytest.mark.anyio
async def test_the_scratch_rasa_s_process_is_forgotten_once_it_stops(
    jobs: TrainingJobs, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a later cancel signals every process group the trainer remembers: a stopped one's id may be reused
    @contextlib.asynccontextmanager
    async def scratch(*_: object, on_start: Callable[[int], None]) -> AsyncIterator[tuple[str, str]]:
        on_start(4_000_000)
        yield "http://127.0.0.1:9", "t"

    async def report(*_: object) -> dict[str, object]:
        return {"languages": {}, "overall": None}

    monkeypatch.setattr(evaluation, "scratch_rasa", scratch)
    monkeypatch.setattr(evaluation, "report", report)
    model = await jobs._registry.begin("aaa", "ana")
    await jobs._evaluate(model.id, tmp_path / "aaa.tar.gz", tmp_path / "log")
    assert jobs._pids == set()


@pytest.mark.anyio
async def test_a_run_that_becomes_ready_while_a_cancel_stops_it_stays_ready(
    jobs: TrainingJobs, monkeypatch: pytest.MonkeyPatch
) -> None:
    model = await jobs._registry.begin("aaa", "ana")
    await jobs._registry.update(model.id, status=ModelStatus.EVALUATING)

    async def finishes_first() -> None:  # the run's last write lands as the cancel arrives
        await jobs._registry.update(model.id, status=ModelStatus.READY, file="aaa.tar.gz", progress="ready")

    monkeypatch.setattr(jobs, "stop", finishes_first)
    after = await jobs.cancel(model.id, "ana")
    assert after is not None and after.status == ModelStatus.READY


@pytest.mark.anyio
async def test_a_failed_rasa_train_leaves_no_half_written_model_to_be_reused(
    jobs: TrainingJobs, tmp_path: Path
) -> None:
    # `rasa train` writes its archive in place; one killed while saving leaves a truncated file,
    # which the next run of the same data would take as "a model of this training data exists"
    rasa = tmp_path / "bin" / "rasa"
    rasa.parent.mkdir()
    rasa.write_text(
        "#!/bin/sh\n"
        "while [ $# -gt 0 ]; do case $1 in --out) out=$2;; --fixed-model-name) name=$2;; esac; shift; done\n"
        'printf half > "$out/$name.tar.gz"\n'
        "exit 1\n"
    )
    rasa.chmod(0o755)
    (tmp_path / "bot").mkdir()
    (tmp_path / "bot" / "config.yml").write_text("pipeline: []\n")
    model = await jobs.start("ana")
    assert jobs._task is not None
    await jobs._task
    after = await jobs._registry.get(model.id)
    assert after is not None and after.status == ModelStatus.FAILED
    assert "rasa train failed" in (after.error or "")
    assert not (tmp_path / f"{model.fingerprint}.tar.gz").exists()


def test_the_training_copy_waits_for_an_edit_that_is_writing_its_files(tmp_path: Path) -> None:
    # an edit writes several files one after the other (domain, then nlu) under the content lock:
    # a copy taken between them would train on half an edit
    content = tmp_path / "content"
    for name in ("bot/config.yml", "bot/domain.yml", "nlu_data/en/nlu.yml"):
        (content / name).parent.mkdir(parents=True, exist_ok=True)
        (content / name).write_text("version: '3.1'  # before\n")
    work = tmp_path / "work"
    with ContentLock(content).held():
        (content / "bot/domain.yml").write_text("version: '3.1'  # after\n")
        copying = threading.Thread(target=_snapshot, args=(content, work))
        copying.start()
        copying.join(0.5)
        (content / "nlu_data/en/nlu.yml").write_text("version: '3.1'  # after\n")
    copying.join()
    assert (work / "bot/domain.yml").read_text() == (work / "nlu_data/en/nlu.yml").read_text()

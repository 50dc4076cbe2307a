"""Training as a background job: one at a time, with progress and a log, cancellable.

A run trains on a snapshot of the training files taken when it starts, so edits made
while it trains go into the next run, and the model's fingerprint names exactly the data
it learned. The live bot keeps serving the old model throughout: training and evaluation
run in processes of their own, and nothing goes live until an admin activates it.

Steps: copy the training inputs (scripts/stack.TRAINING_INPUTS) from the content
checkout into `models_dir/work/<id>/`; `rasa train` there (skipped when a model of that
fingerprint exists already); evaluate it on the held-out files on a scratch Rasa; make
sure the live model has a report too, so the gate has something to compare with.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import re
import shutil
import time
from collections import deque
from pathlib import Path

import yaml

from nlu.rasa_client import RasaClient
from scripts import stack
from training import evaluation
from training.registry import ModelInfo, ModelRegistry, ModelStatus, RegistryError
from training.yaml_files import ContentLock

logger = logging.getLogger(__name__)
# Rasa's graph trainer names each component as it trains it, or takes it from its cache.
COMPONENT = re.compile(r"(?:Starting to train|Restored) component '([^']+)'")
# Before the first component, a minute goes to reading and checking the data: its log lines say where.
STAGES = (
    ("Started validating domain and training data", "reading and checking the training data"),
    ("No story structure conflicts found", "preparing the training graph"),
    ("Your Rasa model is trained and saved", "saving the model"),
)
LOG_TAIL = 40


class TrainingJobs:
    def __init__(
        self,
        registry: ModelRegistry,
        bot: RasaClient,
        *,
        content_dir: Path,
        rasa_env: Path | None,
        rasa_token: str,
        languages: tuple[str, ...],
    ) -> None:
        self._registry = registry
        self._bot = bot
        self._content_dir = content_dir
        self._rasa_env = rasa_env
        self._rasa_token = rasa_token
        self._languages = languages
        self._task: asyncio.Task[None] | None = None
        self._pids: set[int] = set()  # process groups of the running job (rasa train, the scratch Rasa)
        self._cancelled: set[int] = set()

    @property
    def models_dir(self) -> Path:
        return self._registry.models_dir

    def log_path(self, model_id: int) -> Path:
        return self.models_dir / "logs" / f"{model_id}.log"

    async def start(self, actor: str) -> ModelInfo:
        """Begin a run; TrainingBusy while one runs (the registry's one-at-a-time rule)."""
        if self._rasa_env is None:
            raise RegistryError("no Rasa environment to train with (start the service with ./supportbot)")
        fingerprint = await asyncio.to_thread(_fingerprint, self._content_dir)
        model = await self._registry.begin(fingerprint, actor)
        self._task = asyncio.create_task(self._run(model), name=f"training-{model.id}")
        return model

    async def cancel(self, model_id: int, actor: str) -> ModelInfo | None:
        model = await self._registry.get(model_id)
        if model is None or model.status not in (ModelStatus.TRAINING, ModelStatus.EVALUATING):
            return model
        self._cancelled.add(model_id)
        await self.stop()
        # The run may have finished while it was being stopped (its last write is not
        # interrupted): a model that became ready stays ready.
        await self._registry.cancelled(model_id, actor)
        return await self._registry.get(model_id)

    async def stop(self) -> None:
        """Stop the run's processes (rasa train, the scratch Rasa) and its task. At a gateway's
        shutdown the registry keeps the run as it was and marks it failed on the next start."""
        for pid in list(self._pids):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(pid, 15)
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._task

    def log_tail(self, model_id: int, lines: int = LOG_TAIL) -> list[str]:
        """The last lines of a run's log, progress bars folded to their latest state."""
        try:
            with open(self.log_path(model_id), encoding="utf-8", errors="replace", newline="\n") as log:
                tail = deque(log, maxlen=lines)
        except OSError:
            return []
        return [line.rstrip("\n").split("\r")[-1][:300] for line in tail]

    # -- the run ---------------------------------------------------------------------

    async def _run(self, model: ModelInfo) -> None:
        log = self.log_path(model.id)
        log.parent.mkdir(parents=True, exist_ok=True)
        work = self.models_dir / "work" / str(model.id)
        try:
            started = time.monotonic()
            target = self.models_dir / f"{model.fingerprint}.tar.gz"
            if await asyncio.to_thread(target.is_file):
                await self._note(log, f"a model of this training data exists already: {target.name}")
            else:
                await asyncio.to_thread(_snapshot, self._content_dir, work)
                if stack.training_fingerprint(work) != model.fingerprint:
                    raise RegistryError("the training data changed while it was copied; start again")
                await self._train(model.id, work, target, log)
            seconds = round(time.monotonic() - started, 1)
            await self._registry.update(
                model.id,
                file=str(target),
                training_seconds=seconds,
                status=ModelStatus.EVALUATING,
                progress="evaluating",
            )
            report = await self._evaluate(model.id, target, log)
            await self._registry.update(model.id, report=report, status=ModelStatus.READY, progress="ready")
            await self._note(log, f"ready: overall held-out accuracy {report['overall']}")
        except asyncio.CancelledError:
            await self._note(log, "cancelled")
            raise
        except Exception as error:
            if model.id in self._cancelled:
                return
            logger.exception("training run %s failed", model.id)
            await self._registry.update(model.id, status=ModelStatus.FAILED, error=str(error)[:2000], progress="failed")
            await self._note(log, f"failed: {error}")
        finally:
            shutil.rmtree(work, ignore_errors=True)

    async def _train(self, model_id: int, work: Path, target: Path, log: Path) -> None:
        assert self._rasa_env is not None
        components = _component_count(work / "bot" / "config.yml")
        # Rasa writes its archive in place: into the run's folder, moved beside the others only
        # once complete, so a run killed while saving leaves no truncated model to be reused.
        built = Path(await asyncio.to_thread(os.path.abspath, work / ".model" / target.name))  # rasa runs in work
        await asyncio.to_thread(built.parent.mkdir, parents=True, exist_ok=True)
        out = await asyncio.to_thread(open, log, "ab")
        with out:
            process = await asyncio.create_subprocess_exec(
                *stack.train_command(self._rasa_env, built.parent, target.name.removesuffix(".tar.gz")),
                cwd=work,
                env=stack.rasa_process_env(),
                stdout=out,
                stderr=out,
                start_new_session=True,
            )
        self._pids.add(process.pid)
        try:
            shown = ""
            while process.returncode is None:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(process.wait(), 1.0)
                text = await asyncio.to_thread(log.read_text, encoding="utf-8", errors="replace")
                progress = training_stage(text, components)
                if progress and progress != shown:
                    shown = progress
                    await self._registry.update(model_id, progress=progress)
        finally:
            self._pids.discard(process.pid)
            await evaluation.stop_group(process)
        if process.returncode != 0 or not await asyncio.to_thread(built.is_file):
            raise RuntimeError(f"rasa train failed (exit {process.returncode}); see the log")
        await asyncio.to_thread(os.replace, built, target)

    async def _evaluate(self, model_id: int, target: Path, log: Path) -> dict[str, object]:
        """The candidate on a scratch Rasa; at the same time, when the live model has no report
        yet, the live model on the live Rasa (two processes, two cores: no longer in all)."""
        assert self._rasa_env is not None
        await self._registry.update(model_id, progress="loading the model for evaluation")
        live = await self._registry.active()
        scratch: set[int] = set()

        def started(pid: int) -> None:
            scratch.add(pid)
            self._pids.add(pid)

        try:
            async with evaluation.scratch_rasa(self._rasa_env, target, log, on_start=started) as (url, token):
                await self._registry.update(model_id, progress="evaluating on the held-out data")
                candidate = evaluation.report(url, token, self._languages)
                if live is None or live.report is not None:
                    return await candidate
                report, _ = await asyncio.gather(candidate, self._evaluate_live(live.id))
                return report
        finally:
            self._pids -= scratch  # stopped: its process group id may be reused by another process

    async def _evaluate_live(self, live_id: int) -> None:
        """The gate's other side. Without it the gate has no verdict (and says so): not a failure of the run."""
        try:
            report = await evaluation.report(self._bot.base_url, self._rasa_token, self._languages)
        except Exception as error:
            logger.warning("the live model could not be evaluated: %s", error)
            return
        still_live = await self._registry.active()
        if still_live is None or still_live.id != live_id:
            # Another model went live while it was measured: part of the score is that one's.
            logger.info("the live model changed during its evaluation; its score is not kept")
            return
        await self._registry.update(live_id, report=report)

    async def _note(self, log: Path, line: str) -> None:
        await asyncio.to_thread(_append, log, f"[supportbot] {line}\n")


def training_stage(log: str, components: int) -> str | None:
    """Where `rasa train` is, read from its log: the last stage it named, or the component it is on."""
    names = COMPONENT.findall(log)
    stage = None
    for marker, label in STAGES:
        if marker in log:
            stage = label
    if stage == "saving the model" or not names:
        return stage
    return f"training {names[-1]} ({len(names)} of {components})"


def _append(path: Path, text: str) -> None:
    with open(path, "a", encoding="utf-8") as out:
        out.write(text)


def _snapshot(content_dir: Path, work: Path) -> None:
    """Copy the training inputs, and nothing else, keeping their relative paths. Under the content
    lock: an edit writes its files one after the other, and half of one must not be trained on."""
    with ContentLock(content_dir).held():
        shutil.rmtree(work, ignore_errors=True)
        for path in stack.training_files(content_dir):
            copy = work / path.relative_to(content_dir)
            copy.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, copy)


def _fingerprint(content_dir: Path) -> str:
    with ContentLock(content_dir).held():
        return stack.training_fingerprint(content_dir)


def _component_count(config: Path) -> int:
    with contextlib.suppress(OSError, yaml.YAMLError, AttributeError):
        data = yaml.safe_load(config.read_text(encoding="utf-8"))
        return len(data.get("pipeline") or ()) + len(data.get("policies") or ())
    return 0

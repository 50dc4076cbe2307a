"""Activation and rollback (training/activation.py) with a stand-in for Rasa's model API:
two swaps asked for at once are judged one after the other, each against the model live
when its turn comes."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

from conversations.bot_gate import BotGate
from staff.audit import AuditLog
from training.activation import Activator
from training.registry import ModelRegistry, ModelStatus, RegistryError

pytestmark = pytest.mark.anyio


def report(accuracy: float) -> dict:
    return {"languages": {"ka": {"accuracy": accuracy, "examples": 292}}, "overall": accuracy}


class SlowRasa:
    """`PUT /model` that takes a while, as Rasa's does; remembers what it loaded."""

    def __init__(self) -> None:
        self.loaded: list[str] = []

    async def load_model(self, model_file: str) -> None:
        await asyncio.sleep(0.2)
        self.loaded.append(Path(model_file).stem)

    async def status(self) -> dict:
        return {}


async def ready_model(registry: ModelRegistry, tmp_path: Path, name: str, accuracy: float) -> int:
    model = await registry.begin(name, "ana")
    file = tmp_path / f"{name}.tar"
    file.write_bytes(b"model")
    await registry.update(model.id, file=str(file), status=ModelStatus.READY, report=report(accuracy))
    return model.id


async def test_a_second_activation_is_gated_against_the_model_the_first_made_live(
    sessions: sessionmaker[Session], tmp_path: Path
) -> None:
    registry = ModelRegistry(sessions, tmp_path, AuditLog(sessions), max_drop=1.0)
    rasa = SlowRasa()
    activator = Activator(registry, rasa, BotGate())  # type: ignore[arg-type]
    live = await ready_model(registry, tmp_path, "live", 0.90)
    await registry.mark_active(live, "ana", "model.activate")
    better = await ready_model(registry, tmp_path, "better", 0.96)
    middling = await ready_model(registry, tmp_path, "middling", 0.905)  # passes against live, not against better
    first = asyncio.create_task(activator.activate(better, "ana"))
    await asyncio.sleep(0.05)  # the first swap is under way
    with pytest.raises(RegistryError, match="gate refuses"):
        await activator.activate(middling, "bo")
    assert (await first).id == better
    assert rasa.loaded == ["better"]
    active = await registry.active()
    assert active is not None and active.id == better

"""Putting a model live, and back: Rasa's model API behind the dispatcher's gate.

Activate = check the model may go live (ready, its file there, the evaluation gate), close
the dispatcher's gate (turns with the bot finish, new ones wait with their messages
pending in the database), ask Rasa to load the file (`PUT /model`, on loopback with the
token), record it as live, open the gate. The waiting turns then go to the new model in
their order: no message is dropped, none is answered twice, and webhooks are stored and
acknowledged throughout. A rollback is the same swap to the model that was live before.

Why not a second Rasa loaded beside the first and a switch of URL: the embedded default
runs one Rasa under `./supportbot run`, and a second would hold another ~1 GB for the
length of every swap; with several Rasa replicas (issue 20) the same swap runs on each in
turn while the others serve.
"""

from __future__ import annotations

import asyncio
import logging
import time
from pathlib import Path

from conversations.bot_gate import BotGate
from nlu.rasa_client import BotUnavailable, RasaClient
from scripts import stack
from training.registry import ModelInfo, ModelRegistry, RegistryError, SwapFailed

logger = logging.getLogger(__name__)


class Activator:
    def __init__(self, registry: ModelRegistry, bot: RasaClient, gate: BotGate) -> None:
        self._registry = registry
        self._bot = bot
        self._gate = gate
        self._swapping = asyncio.Lock()
        self.last_swap_seconds: float | None = None

    async def live(self) -> ModelInfo | None:
        """The live model; the one Rasa runs is registered first when the registry names none."""
        active = await self._registry.active()
        if active is not None:
            return active
        status = await self._bot.status()
        name = (status or {}).get("model_file")
        if not isinstance(name, str) or not name:
            return None
        # Rasa reports the file's name only: look where models are trained (the registry's
        # folder, then the checkout's, where `./supportbot run` trains the shipped data).
        folders = (self._registry.models_dir, stack.MODELS_DIR)
        file = next((f / Path(name).name for f in folders if (f / Path(name).name).is_file()), folders[0] / name)
        fingerprint = Path(name).name.removesuffix(".tar.gz")
        return await self._registry.register_running(file, fingerprint, "./supportbot")

    async def activate(self, model_id: int, actor: str) -> ModelInfo:
        # Judged under the swap lock: against the model live once an earlier swap is done.
        async with self._swapping:
            await self.live()  # the model being replaced is in the registry, so a rollback can find it
            model = await self._registry.check_activation(model_id)
            return await self._swap(model, actor, "model.activate")

    async def rollback(self, actor: str) -> ModelInfo:
        async with self._swapping:
            await self.live()
            previous = await self._registry.previous()
            if previous is None:
                raise RegistryError("no earlier model to roll back to")
            model = await self._registry.check_activation(previous.id)
            return await self._swap(model, actor, "model.rollback")

    async def _swap(self, model: ModelInfo, actor: str, action: str) -> ModelInfo:
        """Called with `_swapping` held."""
        assert model.file is not None
        started = time.monotonic()
        async with self._gate.closed():
            try:
                await self._bot.load_model(model.file)
            except BotUnavailable as error:
                raise SwapFailed(f"Rasa did not load model {model.id}: {error}") from error
            live = await self._registry.mark_active(model.id, actor, action)
        self.last_swap_seconds = round(time.monotonic() - started, 2)
        logger.info("model %s is live (%s by %s, %.1f s)", model.id, action, actor, self.last_swap_seconds)
        return live

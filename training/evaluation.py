"""A model's held-out report: per-language intent accuracy, measured through a real Rasa server.

Why through Rasa and not by loading the model here: the gateway never imports rasa (it
pins pydantic 1 and Python 3.10); and what goes live is the whole pipeline as Rasa runs
it. A candidate is measured on a scratch `rasa run` of its own on a loopback port (the
live one keeps serving customers meanwhile); the live model is measured on the live
Rasa, since parsing changes no conversation.

The held-out files are those of `./supportbot eval` (scripts/heldout.py): never trained
on. This report is the gate's input, so it covers what the gate compares, intent
accuracy per language; the full evaluation (entities, language ID) stays `./supportbot eval`.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import time
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import httpx

from scripts import stack
from scripts.heldout import intent_examples

PARSERS = 4  # parses in flight: Rasa's one worker is busy, the gateway's loop is not


async def report(url: str, token: str, languages: tuple[str, ...]) -> dict[str, Any]:
    """{"languages": {lang: {"accuracy", "examples"}}, "overall": accuracy, "seconds"} on the held-out files."""
    started = time.monotonic()
    cases = [(language, text, intent) for language in languages for text, intent in intent_examples(language)]
    hits: dict[str, list[int]] = {language: [0, 0] for language in languages}
    queue: asyncio.Queue[tuple[str, str, str]] = asyncio.Queue()
    for case in cases:
        queue.put_nowait(case)
    async with httpx.AsyncClient(base_url=url, timeout=30) as client:

        async def parse_all() -> None:
            while not queue.empty():
                language, text, intent = queue.get_nowait()
                answer = await client.post("/model/parse", params={"token": token}, json={"text": text})
                answer.raise_for_status()
                predicted = (answer.json().get("intent") or {}).get("name")
                hits[language][0] += predicted == intent
                hits[language][1] += 1

        await asyncio.gather(*(parse_all() for _ in range(PARSERS)))
    scored = {
        language: {"accuracy": round(right / total, 4), "examples": total}
        for language, (right, total) in hits.items()
        if total
    }
    right = sum(hit for hit, _ in hits.values())
    total = sum(count for _, count in hits.values())
    return {
        "languages": scored,
        "overall": round(right / total, 4) if total else None,
        "seconds": round(time.monotonic() - started, 1),
    }


@contextlib.asynccontextmanager
async def scratch_rasa(
    rasa_env: Path, model: Path, log: Path, on_start: Callable[[int], None] | None = None
) -> AsyncIterator[tuple[str, str]]:
    """A private `rasa run` with `model` on a free loopback port, for parsing only: no
    channels, no tracker store, no action server. Yields (url, token); stopped on exit.
    `on_start` gets the process id, so a cancelled run can stop it."""
    port, token = stack.free_port(), os.urandom(16).hex()
    argv = [
        str(rasa_env / "bin" / "rasa"),
        "run",
        "--model",
        str(model),
        "--enable-api",
        "--auth-token",
        token,
        "--interface",
        "127.0.0.1",
        "--port",
        str(port),
    ]
    out = await asyncio.to_thread(open, log, "ab")
    with out:
        process = await asyncio.create_subprocess_exec(
            *argv, cwd=stack.ROOT, env=stack.rasa_process_env(), stdout=out, stderr=out, start_new_session=True
        )
    if on_start is not None:
        on_start(process.pid)
    url = f"http://127.0.0.1:{port}"
    try:
        await _wait_ready(url, token, process)
        yield url, token
    finally:
        await stop_group(process)


async def _wait_ready(url: str, token: str, process: asyncio.subprocess.Process, within: float = 300) -> None:
    deadline = time.monotonic() + within
    async with httpx.AsyncClient(base_url=url, timeout=2) as client:
        while time.monotonic() < deadline:
            if process.returncode is not None:
                raise RuntimeError(f"the evaluation Rasa exited with {process.returncode}")
            with contextlib.suppress(httpx.HTTPError):
                if (await client.get("/status", params={"token": token})).status_code == 200:
                    return
            await asyncio.sleep(0.5)
    raise TimeoutError("the evaluation Rasa did not load the model in time")


async def stop_group(process: asyncio.subprocess.Process, grace: float = 10) -> None:
    """SIGTERM the process group, SIGKILL what is left after `grace` seconds."""
    if process.returncode is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, 15)
    try:
        await asyncio.wait_for(process.wait(), grace)
    except TimeoutError:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, 9)
        await process.wait()

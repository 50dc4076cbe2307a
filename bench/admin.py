"""Edit-to-live benchmark: how long from an admin's edit to a live model that answers it, and
what customers see while the model is swapped.

Starts its own action server, Rasa and gateway on a copy of the shipped training data
(fresh SQLite databases, the current model live), then, through the admin API only:

    edit      add one example to an intent in one language
    train     POST /api/admin/training, polled until the run is ready (rasa train on the
              snapshot, then the held-out evaluation on a scratch Rasa)
    activate  POST /api/admin/models/{id}/activate while `--customers` web chat customers
              keep writing (one message at a time each)

and prints each step's time, the whole edit-to-live time, the swap's length, and the
messages customers sent during the swap with their reply latency (none may be lost or
answered twice: that is counted too). Timing is printed, never asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from pathlib import Path

import httpx

from bench.e2e import BOT_ONLY
from scripts import stack
from tests.e2e.webchat_client import WebChatClient

TOKEN = "bench-admin-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


async def customers_during(ws_url: str, customers: int, stop: asyncio.Event) -> list[tuple[float, float]]:
    """(sent at, answered after) of every message, monotonic seconds."""
    timings: list[tuple[float, float]] = []

    async def customer(number: int) -> None:
        chat = await WebChatClient.connect(ws_url, lang="en")
        try:
            count = 0
            while not stop.is_set():
                sent = time.monotonic()
                await chat.send(f"thank you {number}.{count}")
                count += 1
                await chat.replies(count, timeout=120)
                timings.append((sent, time.monotonic() - sent))
        finally:
            await chat.close()

    await asyncio.gather(*(customer(n) for n in range(customers)))
    return timings


async def cycle(url: str, ws_url: str, customers: int, example: tuple[str, str, str]) -> dict[str, float | int]:
    intent, language, text = example
    figures: dict[str, float | int] = {}
    async with httpx.AsyncClient(base_url=url, headers=AUTH, timeout=600) as client:
        started = time.monotonic()
        edit = await client.post(f"/api/admin/intents/{intent}/examples", json={"language": language, "text": text})
        edit.raise_for_status()
        figures["edit (s)"] = time.monotonic() - started
        run = (await client.post("/api/admin/training")).raise_for_status().json()
        while run["status"] in ("training", "evaluating"):
            await asyncio.sleep(0.5)
            run = (await client.get("/api/admin/training/current")).json()["model"]
        if run["status"] != "ready":
            raise RuntimeError(f"the run ended {run['status']}: {run.get('error')}")
        figures["train + evaluate (s)"] = time.monotonic() - started - figures["edit (s)"]
        figures["of which training (s)"] = run["training_seconds"]
        figures["of which evaluation (s)"] = (run["report"] or {}).get("seconds") or 0.0

        stop = asyncio.Event()
        writing = asyncio.create_task(customers_during(ws_url, customers, stop))
        await asyncio.sleep(3)
        swap_started = time.monotonic()
        (await client.post(f"/api/admin/models/{run['id']}/activate")).raise_for_status()
        swap_ended = time.monotonic()
        await asyncio.sleep(3)
        stop.set()
        timings = await writing
        figures["activate: the swap (s)"] = swap_ended - swap_started
        figures["edit to live (s)"] = swap_ended - started
        during = [latency for sent, latency in timings if swap_started - 0.5 <= sent <= swap_ended]
        others = [latency for sent, latency in timings if sent > swap_ended + 0.5]
        figures["messages sent during the swap"] = len(during)
        figures["their latency max (s)"] = max(during, default=0.0)
        figures["latency p50 after it (s)"] = statistics.median(others) if others else 0.0
        figures["messages in all"] = len(timings)
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="./supportbot bench admin", description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=4, help="web chat customers writing during the swap")
    args = parser.parse_args(argv)
    model = stack.ensure_model()
    with tempfile.TemporaryDirectory(prefix="supportbot-bench-") as home_name:
        home = Path(home_name)
        content = stack.copy_content(home / "content")
        config = stack.StackConfig(
            ports=stack.Ports(gateway=stack.free_port(), rasa=stack.free_port(), actions=stack.free_port()),
            database_url=f"sqlite:///{home}/gateway.db",
            tracker_db=home / "tracker.db",
            log_dir=home / "log",
            gateway_env={
                "SUPPORTBOT_SECRET_KEY_FILE": f"{home}/secret.key",
                "SUPPORTBOT_ADMIN_TOKEN": TOKEN,
                "SUPPORTBOT_CONTENT_DIR": str(content),
                "SUPPORTBOT_MODELS_DIR": str(home / "models"),
                "SUPPORTBOT_EVAL_MAX_DROP": "100",  # the bench times the path; the gate has its tests
                **BOT_ONLY,
            },
        )
        processes = [stack.start_actions(config), stack.start_rasa(config, model), stack.start_gateway(config)]
        try:
            stack.wait_rasa_model(config, timeout=240, process=processes[1])
            stack.wait_http(f"http://127.0.0.1:{config.ports.gateway}/readyz", timeout=60, process=processes[2])
            example = ("spare_parts", "ka", "გასაღები დავკარგე, დუბლიკატი შეიძლება?")
            gateway = f"127.0.0.1:{config.ports.gateway}"
            figures = asyncio.run(cycle(f"http://{gateway}", f"ws://{gateway}", args.customers, example))
        finally:
            for process in reversed(processes):
                stack.stop(process)
    print(f"edit to live on the shipped data (model {model.name} live before), {args.customers} customers writing")
    for name, value in figures.items():
        print(f"  {name:34s} {value:.2f}" if isinstance(value, float) else f"  {name:34s} {value}")
    return 0

"""Service desk benchmark: a form turn (action server and desk API included) next to an FAQ turn.

Starts its own action server, Rasa and gateway (fresh SQLite databases, the seed
catalogue, the current model) and plays customers in the web chat, each through one
conversation after another:

    FAQ            "how should I charge my EV in winter?"        rule -> one answer
    claim: start   "I want to file a warranty claim"              form activated, asks the VIN
    claim: VIN     "<a registered VIN>"                           validation asks the desk (/vehicle)
    claim: km      "45000"                                         validation, asks the defect
    claim: defect  "<a defect>"                                    validation + action_open_claim (/claims writes)
    maintenance    "next service, Chery Tiggo 7, 28000 km"        form filled at once + /maintenance

Latency is from sending a message to the bot's first reply, per step, sequential (one
customer) and with `--concurrency` customers at once. Timing is printed, never asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import tempfile
import time
import uuid
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path

import websockets
import yaml

from bench.e2e import BOT_ONLY
from scripts import stack

ROOT = Path(__file__).resolve().parent.parent
DEFECTS = [
    "the air conditioning blows warm air",
    "the infotainment screen goes black while driving",
    "a rattle from the rear suspension on bumps",
    "the tailgate does not open with the button",
    "the paint is bubbling on the bonnet",
    "the parking sensors beep with nothing behind",
]
STEPS = ("FAQ", "claim: start", "claim: VIN", "claim: km", "claim: defect", "maintenance")


def registered_vins() -> list[str]:
    """Registered vehicles still under their basic warranty: their claims need no technician,
    so the conversation stays with the bot for the next step (the bot's path is measured)."""
    data = yaml.safe_load((ROOT / "config" / "service_desk" / "vehicles.yml").read_text(encoding="utf-8"))
    recent = date.today() - timedelta(days=3 * 365)
    return [str(v["vin"]) for v in data["vehicles"] if date.fromisoformat(str(v["sale_date"])) > recent]


async def conversation(ws_url: str, vin: str, defect: str, timings: dict[str, list[float]]) -> None:
    """One customer's conversation in a new web chat session; each step's latency in ms."""
    async with websockets.connect(f"{ws_url}/webchat/ws?lang=en") as connection:
        await connection.recv()
        await connection.recv()

        async def step(name: str, text: str) -> None:
            started = time.perf_counter()
            await connection.send(json.dumps({"type": "message", "client_id": uuid.uuid4().hex, "text": text}))
            while True:
                frame = json.loads(await asyncio.wait_for(connection.recv(), 60))
                if frame["type"] == "message" and frame["message"]["sender"] == "bot":
                    timings[name].append((time.perf_counter() - started) * 1000)
                    break
                if frame["type"] == "error":
                    raise RuntimeError(frame["reason"])
            await asyncio.sleep(0.3)  # the rest of this turn's replies arrive before the next message

        await step("FAQ", "how should I charge my electric car in winter?")
        await step("claim: start", "I want to file a warranty claim")
        await step("claim: VIN", vin)
        await step("claim: km", "45000")
        await step("claim: defect", defect)
        await step("maintenance", "when is my next service, Chery Tiggo 7, 28000 km")


async def run(ws_url: str, customers: int, rounds: int) -> dict[str, list[float]]:
    timings: dict[str, list[float]] = defaultdict(list)
    vins = registered_vins()
    rng = random.Random(7)

    async def customer() -> None:
        for _ in range(rounds):
            await conversation(ws_url, rng.choice(vins), rng.choice(DEFECTS), timings)

    await asyncio.gather(*(customer() for _ in range(customers)))
    return timings


def table(title: str, timings: dict[str, list[float]]) -> list[str]:
    lines = [title, f"  {'step':16} {'n':>5} {'p50 ms':>9} {'p95 ms':>9} {'max ms':>9}"]
    for name in STEPS:
        values = sorted(timings.get(name, []))
        if not values:
            continue

        def pct(p: float, values: list[float] = values) -> float:
            return values[min(len(values) - 1, int(p / 100 * len(values)))]

        lines.append(f"  {name:16} {len(values):5d} {pct(50):9.1f} {pct(95):9.1f} {values[-1]:9.1f}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="./supportbot bench desk", description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20, help="conversations per customer")
    parser.add_argument("--concurrency", type=int, default=8, help="customers at once in the second run")
    args = parser.parse_args(argv)

    model = stack.ensure_model()
    with (
        tempfile.TemporaryDirectory(prefix="supportbot-bench-") as home,
        stack.scratch_stack(Path(home), model, BOT_ONLY) as config,
    ):
        ws_url = f"ws://127.0.0.1:{config.ports.gateway}"
        asyncio.run(run(ws_url, 1, 2))  # warm-up: first calls load code paths and caches
        sequential = asyncio.run(run(ws_url, 1, args.rounds))
        concurrent = asyncio.run(run(ws_url, args.concurrency, max(args.rounds // 2, 1)))

    print(f"model {model.name}; latency from sending a message to the bot's first reply")
    for line in table("one customer at a time", sequential):
        print(line)
    for line in table(f"{args.concurrency} customers at once", concurrent):
        print(line)
    return 0

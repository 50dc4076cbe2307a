"""Flood benchmark (issue 19): how long another customer waits while one session floods the bot.

Starts its own action server, Rasa and gateway (fresh SQLite databases, the current trained
model) with the shipped per-session flood limits. Then, per round: a quiet customer writes
`--messages` times, `--interval` seconds apart, and the reply latency of each is taken (send to
the bot's first reply on the customer's socket); first with nobody else writing (the control),
then while a second web chat session sends `--burst` messages at once. The issue's bound for
the second figure is one second; tests/e2e/test_flood.py checks the ordering behind it (the
quiet customer overtakes the burst) without timing anything.

Every client here connects from 127.0.0.1, so the per-IP limit is switched off: it would
refuse the quiet customer's messages once the burst had spent the address's budget, which is
its job on the internet and not what this measures.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import tempfile
import time
import uuid
from pathlib import Path

from api.settings import Settings
from bench.e2e import BOT_ONLY
from scripts import stack
from tests.e2e.webchat_client import WebChatClient


async def quiet_customer(ws_url: str, messages: int, interval: float) -> list[float]:
    """Reply latencies (ms) of one customer writing `messages` times."""
    client = await WebChatClient.connect(ws_url)
    latencies = []
    try:
        for _ in range(messages):
            await asyncio.sleep(interval)
            # A turn may answer with several messages: the latency is to the first of this one's.
            while True:  # whatever the last turn still had on its way arrives before we time the next
                try:
                    await client.frame(timeout=0.2)
                except TimeoutError:
                    break
            before = len(client.received)
            started = time.perf_counter()
            await client.send("Hello!")
            await client.replies(before + 1, timeout=120)
            latencies.append((time.perf_counter() - started) * 1000)
    finally:
        await client.close()
    return latencies


async def flood(ws_url: str, burst: int, started: asyncio.Event) -> float:
    """Send `burst` messages at once from one session; seconds until all were acknowledged."""
    client = await WebChatClient.connect(ws_url)
    began = time.perf_counter()
    ids = {uuid.uuid4().hex for _ in range(burst)}
    for n, client_id in enumerate(ids):
        await client.connection.send(json.dumps({"type": "message", "client_id": client_id, "text": f"hello {n}"}))
    started.set()
    acked: set[str] = set()
    try:
        while acked != ids:
            frame = await client.frame(timeout=120)
            if frame["type"] == "ack":
                acked.add(str(frame["client_id"]))
        return time.perf_counter() - began
    finally:
        await client.close()


async def run(args: argparse.Namespace, ws_url: str) -> list[str]:
    lines = []
    for round_number in range(1, args.rounds + 1):
        control = await quiet_customer(ws_url, args.messages, args.interval)
        started = asyncio.Event()
        flooding = asyncio.create_task(flood(ws_url, args.burst, started))
        await started.wait()
        during = await quiet_customer(ws_url, args.messages, args.interval)
        acked_in = await flooding
        lines.append(
            f"round {round_number}: quiet customer alone p50 {statistics.median(control):6.1f} ms "
            f"max {max(control):6.1f} ms | beside a burst of {args.burst} p50 {statistics.median(during):6.1f} ms "
            f"max {max(during):6.1f} ms (bound 1000 ms) | burst acknowledged in {acked_in:4.2f} s"
        )
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="./supportbot bench flood", description=__doc__.splitlines()[0])
    parser.add_argument("--burst", type=int, default=200, help="messages the flooding session sends at once")
    parser.add_argument("--messages", type=int, default=5, help="messages of the quiet customer per phase")
    parser.add_argument("--interval", type=float, default=0.3, help="seconds between the quiet customer's messages")
    parser.add_argument("--rounds", type=int, default=3, help="control + burst rounds, each with new sessions")
    args = parser.parse_args(argv)

    model = stack.ensure_model()
    shipped = Settings.model_fields
    env = {
        **BOT_ONLY,
        # the limits this measures, as shipped; the per-IP one off (see above)
        "SUPPORTBOT_FLOOD_RATE": str(shipped["flood_rate"].default),
        "SUPPORTBOT_FLOOD_BURST": str(shipped["flood_burst"].default),
        "SUPPORTBOT_IP_FLOOD_RATE": "0",
    }
    with (
        tempfile.TemporaryDirectory(prefix="supportbot-bench-") as home,
        stack.scratch_stack(Path(home), model, env) as config,
    ):
        lines = asyncio.run(run(args, f"ws://127.0.0.1:{config.ports.gateway}"))
    limits = f"{shipped['flood_burst'].default} at once, then {shipped['flood_rate'].default}/s per session"
    print(f"model {model.name}; shipped flood limits: {limits}")
    for line in lines:
        print(line)
    return 0

"""End-to-end benchmark: the gateway (web chat WebSocket -> Rasa -> reply) against Rasa alone.

Starts its own action server, Rasa and gateway on free ports (fresh SQLite databases,
the current trained model), then sends the same customer messages (the held-out sets,
all six languages)

* through the gateway: one web chat session per simulated customer, latency from
  sending a message to receiving the bot's reply;
* straight to Rasa's REST channel (/webhooks/rest/webhook), the stock baseline;
* straight to our gateway channel (/webhooks/gateway/webhook), what the gateway calls,
  so that the gateway's own share of the latency can be read off.

Two load shapes per target: saturated (closed loop, `--concurrency` customers each
sending as soon as the previous answer came) and open loop at `--rate` messages per
second (latency measured from the scheduled send time, so queueing counts).
Timing is printed, never asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import statistics
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

import httpx
import websockets

from api.settings import SUPPORTED_LANGUAGES
from scripts import stack
from scripts.heldout import intent_examples

# The benchmarks measure the bot's path: no conversation is handed to a technician (a
# held-out "I want a person" would otherwise leave its customer waiting for a human).
# The benchmarks measure the bot's path: no hand-off, and no per-customer pacing (their
# closed-loop customers write faster than the flood limit lets one customer through).
BOT_ONLY = {
    "SUPPORTBOT_HANDOFF_INTENTS": "{}",
    "SUPPORTBOT_HANDOFF_LOW_CONFIDENCE_TURNS": "1000000",
    "SUPPORTBOT_FLOOD_RATE": "100",
    "SUPPORTBOT_FLOOD_BURST": "1000",
    "SUPPORTBOT_IP_FLOOD_RATE": "0",  # no per-address limit: every benchmark customer is on 127.0.0.1
}


def held_out_messages() -> list[str]:
    return [text for language in SUPPORTED_LANGUAGES for text, _ in intent_examples(language)]


@dataclass
class Result:
    name: str
    latencies_ms: list[float]
    seconds: float
    errors: int

    def line(self) -> str:
        lat = sorted(self.latencies_ms)
        if not lat:
            return f"{self.name:38} no successful messages ({self.errors} errors)"

        def pct(p: float) -> float:
            return lat[min(len(lat) - 1, int(p / 100 * len(lat)))]

        return (
            f"{self.name:38} n={len(lat):5d}  p50 {pct(50):7.1f} ms  p95 {pct(95):7.1f} ms  p99 {pct(99):7.1f} ms"
            f"  {len(lat) / self.seconds:7.1f} msg/s  errors {self.errors}"
        )

    @property
    def p50(self) -> float:
        return statistics.median(self.latencies_ms) if self.latencies_ms else float("nan")


# A "customer" sends one message and waits for the answer; it returns the latency in ms.
Customer = Callable[[str], Awaitable[float]]


async def webchat_customer(ws_url: str) -> tuple[Customer, Callable[[], Awaitable[None]]]:
    connection = await websockets.connect(f"{ws_url}/webchat/ws?lang=en")
    await connection.recv()
    await connection.recv()

    async def ask(text: str) -> float:
        started = time.perf_counter()
        await connection.send(json.dumps({"type": "message", "client_id": uuid.uuid4().hex, "text": text}))
        while True:
            frame = json.loads(await connection.recv())
            if frame["type"] == "message" and frame["message"]["sender"] == "bot":
                return (time.perf_counter() - started) * 1000
            if frame["type"] == "error":
                raise RuntimeError(frame["reason"])

    return ask, connection.close


def rasa_customer(client: httpx.AsyncClient, path: str, *, new_each_time: bool = False) -> Customer:
    """A customer of a Rasa channel at `path`; with `new_each_time`, a new customer for every message."""
    sender = uuid.uuid4().hex

    async def ask(text: str) -> float:
        started = time.perf_counter()
        who = uuid.uuid4().hex if new_each_time else sender
        answer = await client.post(path, json={"sender": who, "message": text, "message_id": uuid.uuid4().hex})
        answer.raise_for_status()
        return (time.perf_counter() - started) * 1000

    return ask


async def closed_loop(name: str, customers: list[Customer], messages: list[str]) -> Result:
    queue = iter(messages)
    latencies: list[float] = []
    errors = 0

    async def run(ask: Customer) -> None:
        nonlocal errors
        for text in queue:
            try:
                latencies.append(await ask(text))
            except Exception:
                errors += 1

    started = time.perf_counter()
    await asyncio.gather(*(run(c) for c in customers))
    return Result(name, latencies, time.perf_counter() - started, errors)


async def open_loop(name: str, customers: list[Customer], messages: list[str], rate: float) -> Result:
    """Offer `rate` messages/s; each goes to an idle customer (one message in flight each)."""
    idle: asyncio.Queue[Customer] = asyncio.Queue()
    for customer in customers:
        idle.put_nowait(customer)
    latencies: list[float] = []
    errors = 0

    async def one(ask: Customer, text: str, scheduled: float) -> None:
        nonlocal errors
        try:
            await ask(text)
            latencies.append((time.perf_counter() - scheduled) * 1000)
        except Exception:
            errors += 1
        finally:
            idle.put_nowait(ask)

    started = time.perf_counter()
    tasks = []
    for n, text in enumerate(messages):
        scheduled = started + n / rate
        await asyncio.sleep(max(0.0, scheduled - time.perf_counter()))
        ask = await idle.get()
        tasks.append(asyncio.create_task(one(ask, text, scheduled)))
    await asyncio.gather(*tasks)
    return Result(name, latencies, time.perf_counter() - started, errors)


async def bench(args: argparse.Namespace, config: stack.StackConfig) -> list[Result]:
    texts = held_out_messages()
    messages = list(itertools.islice(itertools.cycle(texts), args.messages))
    warmup = texts[: min(50, len(texts))]
    results: list[Result] = []
    rasa_url = f"http://127.0.0.1:{config.ports.rasa}"
    ws_url = f"ws://127.0.0.1:{config.ports.gateway}"
    limits = httpx.Limits(max_connections=args.concurrency * 2)
    async with httpx.AsyncClient(base_url=rasa_url, timeout=60, limits=limits) as client:
        for label, path in (
            ("rasa REST channel", "/webhooks/rest/webhook"),
            ("rasa gateway channel", "/webhooks/gateway/webhook"),
        ):
            await closed_loop("warm-up", [rasa_customer(client, path)], warmup)
            customers = [rasa_customer(client, path) for _ in range(args.concurrency)]
            results.append(await closed_loop(f"{label}, {args.concurrency} concurrent", customers, messages))
            for rate in args.rate:
                customers = [rasa_customer(client, path) for _ in range(args.concurrency)]
                results.append(await open_loop(f"{label}, {rate:g} msg/s offered", customers, messages, rate))

    async def fresh_webchat_customers() -> tuple[list[Customer], list[Callable[[], Awaitable[None]]]]:
        pairs = [await webchat_customer(ws_url) for _ in range(args.concurrency)]
        return [ask for ask, _ in pairs], [close for _, close in pairs]

    asks, closers = await fresh_webchat_customers()
    await closed_loop("warm-up", asks[:1], warmup)
    runs: list[tuple[str, float | None]] = [(f"{args.concurrency} concurrent", None)]
    runs += [(f"{rate:g} msg/s offered", rate) for rate in args.rate]
    for shape, rate in runs:
        asks, more = await fresh_webchat_customers()  # new conversations, like the direct runs
        closers += more
        if rate is None:
            results.append(await closed_loop(f"gateway e2e, {shape}", asks, messages))
        else:
            results.append(await open_loop(f"gateway e2e, {shape}", asks, messages, rate))
    for close in closers:
        await close()
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="./supportbot bench e2e", description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=1000, help="messages per measurement")
    parser.add_argument("--concurrency", type=int, default=16, help="simultaneous customers")
    parser.add_argument(
        "--rate", type=float, nargs="+", default=[20.0, 50.0], help="offered loads for the open-loop runs, msg/s"
    )
    args = parser.parse_args(argv)

    model = stack.ensure_model()
    with tempfile.TemporaryDirectory(prefix="supportbot-bench-") as home:
        config = stack.StackConfig(
            ports=stack.Ports(gateway=18000, rasa=15005, actions=15055),
            database_url=f"sqlite:///{home}/gateway.db",
            tracker_db=Path(home) / "tracker.db",
            log_dir=Path(home) / "log",
            gateway_env={"SUPPORTBOT_SECRET_KEY_FILE": f"{home}/secret.key", **BOT_ONLY},
        )
        processes = [stack.start_actions(config), stack.start_rasa(config, model), stack.start_gateway(config)]
        try:
            stack.wait_rasa_model(config, timeout=240, process=processes[1])
            stack.wait_http(f"http://127.0.0.1:{config.ports.gateway}/readyz", timeout=60, process=processes[2])
            results = asyncio.run(bench(args, config))
        finally:
            for process in reversed(processes):
                stack.stop(process)

    print(f"model {model.name}, {args.messages} messages per run, held-out messages in six languages")
    for result in results:
        print(result.line())
    by_name = {r.name: r for r in results}
    for shape in (f"{args.concurrency} concurrent", *(f"{rate:g} msg/s offered" for rate in args.rate)):
        e2e, rest, channel = (
            by_name[f"{t}, {shape}"] for t in ("gateway e2e", "rasa REST channel", "rasa gateway channel")
        )
        share = (e2e.p50 - channel.p50) / e2e.p50 * 100
        print(
            f"{shape:>20}: gateway/REST p50 ratio {e2e.p50 / rest.p50:.2f}, "
            f"gateway's share of p50 {share:.0f}% ({e2e.p50 - channel.p50:.1f} ms over the Rasa call it makes)"
        )
    return 0

"""Stall benchmark (issue 15): WhatsApp deliveries keep coming while Rasa is paused.

Starts its own action server, Rasa and gateway (fresh SQLite databases, the current
trained model) with the gateway's Graph API pointed at the fake WhatsApp of
tests/fakes (a real HTTP server on loopback, in this process). Then:

1. normal: `--normal` deliveries from new customers, `--concurrency` at a time, while
   Rasa answers: webhook ack rate and latency;
2. stall: Rasa is paused with SIGSTOP (a GC pause, a swapped host, a hung model load
   look like this) and `--backlog` deliveries from new customers arrive the same way:
   ack rate and latency during the stall; /readyz is polled throughout;
3. recovery: Rasa resumes (SIGCONT); one new customer writes right away: how long
   until their reply reaches the provider; and how long until the whole backlog is
   answered, next to Rasa's own throughput (its REST channel, closed loop, a new customer's
   first message each time like the backlog's, measured first on the same model, warmed up).

Timing is printed, never asserted. Goals (issue 15, these 2-core machines): ack rate
during the stall >= 90% of normal, p99 ack <= 250 ms, the backlog drained at Rasa's own
throughput, a new customer answered within 2 s of Rasa's return.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import os
import signal
import sqlite3
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

from bench.e2e import BOT_ONLY, closed_loop, held_out_messages, rasa_customer
from scripts import stack
from tests.fakes import whatsapp as wa

APP_SECRET = "bench-app-secret"


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))] if ordered else float("nan")


class Meta:
    """Posts signed deliveries to the gateway, one new customer each, and times the 200."""

    def __init__(self, client: httpx.AsyncClient, url: str) -> None:
        self.client = client
        self.url = f"{url}/webhooks/whatsapp"
        self.numbers = itertools.count(994_500_000_000)

    async def deliver(self, text: str, number: int | None = None) -> tuple[float, int]:
        message = wa.text_message(text, wa_id=str(number or next(self.numbers)), message_id=f"wamid.{uuid.uuid4().hex}")
        body = wa.encode(wa.webhook([message]))
        started = time.perf_counter()
        answer = await self.client.post(self.url, content=body, headers=wa.sign(body, APP_SECRET))
        return (time.perf_counter() - started) * 1000, answer.status_code

    async def flood(self, texts: list[str], concurrency: int) -> tuple[list[float], float, int]:
        """(ack latencies in ms, seconds taken, non-200 answers)."""
        queue = iter(texts)
        latencies: list[float] = []
        refused = 0

        async def worker() -> None:
            nonlocal refused
            for text in queue:
                latency, status = await self.deliver(text)
                latencies.append(latency)
                refused += status != 200

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        return latencies, time.perf_counter() - started, refused


def ack_line(name: str, latencies: list[float], seconds: float, refused: int) -> str:
    return (
        f"{name:28} n={len(latencies):5d}  {len(latencies) / seconds:7.1f} acks/s  "
        f"p50 {percentile(latencies, 50):6.1f} ms  p99 {percentile(latencies, 99):7.1f} ms  "
        f"max {max(latencies):7.1f} ms  non-200 {refused}"
    )


def pending(database: Path) -> int:
    with sqlite3.connect(database, timeout=30) as db:
        [(count,)] = db.execute("SELECT count(*) FROM messages WHERE direction = 'in' AND status = 'pending'")
    return int(count)


async def wait_until(condition: Callable[[], bool], interval: float, within: float = 1800.0) -> bool:
    deadline = time.perf_counter() + within
    while True:
        if condition():
            return True
        if time.perf_counter() > deadline:
            return False
        await asyncio.sleep(interval)


async def poll_readiness(client: httpx.AsyncClient, url: str, stop: asyncio.Event, samples: list[float]) -> None:
    while not stop.is_set():
        started = time.perf_counter()
        try:
            await client.get(f"{url}/readyz", timeout=5)
            samples.append((time.perf_counter() - started) * 1000)
        except httpx.HTTPError:
            samples.append(5000.0)
        await asyncio.sleep(0.5)


async def run(args: argparse.Namespace, config: stack.StackConfig, rasa: Any, graph: wa.FakeWhatsApp) -> list[str]:
    loop = asyncio.get_running_loop()
    lines: list[str] = []
    texts = held_out_messages()
    gateway_url = f"http://127.0.0.1:{config.ports.gateway}"
    database = Path(config.database_url.removeprefix("sqlite:///"))
    replied: dict[str, float] = {}  # recipient -> when their first reply reached the provider

    def on_sent(message: dict[str, Any]) -> None:
        replied.setdefault(str(message.get("to")), time.perf_counter())

    graph.on_sent = lambda message: loop.call_soon_threadsafe(on_sent, message)
    async with httpx.AsyncClient(
        base_url=f"http://127.0.0.1:{config.ports.rasa}", timeout=60, limits=httpx.Limits(max_connections=64)
    ) as rasa_client:
        # Rasa's pace on the backlog's kind of work: a new customer's first message each time
        # (a long tracker costs Rasa more per turn), after a warm-up a freshly loaded model needs.
        customers = [
            rasa_customer(rasa_client, "/webhooks/rest/webhook", new_each_time=True) for _ in range(args.concurrency)
        ]
        await closed_loop("warm-up", customers, list(itertools.islice(itertools.cycle(texts), 200)))
        sample = list(itertools.islice(itertools.cycle(texts), 600))
        rasa_alone = await closed_loop("rasa REST, closed loop", customers, sample)
    rasa_rate = len(rasa_alone.latencies_ms) / rasa_alone.seconds
    lines.append(f"{'rasa REST channel':28} {rasa_rate:7.1f} msg/s at {args.concurrency} concurrent (Rasa's own pace)")

    limits = httpx.Limits(max_connections=args.concurrency * 2, max_keepalive_connections=args.concurrency * 2)
    async with httpx.AsyncClient(timeout=60, limits=limits) as client:
        meta = Meta(client, gateway_url)
        normal = list(itertools.islice(itertools.cycle(texts), args.normal))
        latencies, seconds, refused = await meta.flood(normal, args.concurrency)
        normal_rate = len(latencies) / seconds
        lines.append(ack_line("normal (Rasa answering)", latencies, seconds, refused))
        await wait_until(lambda: not pending(database), 0.5)  # the normal load finishes before the stall

        stop = asyncio.Event()
        ready_samples: list[float] = []
        poller = asyncio.create_task(poll_readiness(client, gateway_url, stop, ready_samples))
        os.killpg(os.getpgid(rasa.pid), signal.SIGSTOP)
        try:
            backlog = list(itertools.islice(itertools.cycle(texts), args.backlog))
            latencies, seconds, refused = await meta.flood(backlog, args.concurrency)
            stall_rate = len(latencies) / seconds
            lines.append(ack_line("during the stall", latencies, seconds, refused))
            lines.append(f"{'':28} ack rate {stall_rate / normal_rate * 100:5.1f}% of normal")
            await asyncio.sleep(args.hold)
        finally:
            os.killpg(os.getpgid(rasa.pid), signal.SIGCONT)
        resumed = time.perf_counter()
        resumed_wall = time.time()
        waiting = pending(database)
        newcomer = 994_599_999_999
        await asyncio.sleep(0.2)
        await meta.deliver("Hello, my car will not start", newcomer)
        await wait_until(lambda: not pending(database), 0.2)
        drained = time.perf_counter() - resumed
        await wait_until(lambda: str(newcomer) in replied, 0.05, within=30)
        stop.set()
        await poller
    newcomer_at = replied.get(str(newcomer))
    with sqlite3.connect(database, timeout=30) as db:
        timeline = db.execute(
            "SELECT m.created_at, m.processed_at, r.created_at, r.sent_at FROM messages m"
            " JOIN customers c ON c.id = (SELECT customer_id FROM conversations WHERE id = m.conversation_id)"
            " LEFT JOIN messages r ON r.reply_to_id = m.id WHERE c.external_id = ? AND m.direction = 'in'",
            (str(newcomer),),
        ).fetchone()
    lines.append(
        f"{'(newcomer timeline, UTC)':28} resume {time.strftime('%H:%M:%S', time.gmtime(resumed_wall))}"
        f" written/processed/reply queued/sent: {timeline}"
    )
    lines.append(
        f"{'recovery':28} {waiting} messages waiting at resume, all answered {drained:6.1f} s later "
        f"({waiting / drained:6.1f} msg/s; Rasa alone {rasa_rate:.1f})"
    )
    lines.append(
        f"{'a new customer':28} wrote 0.2 s after the resume; reply at the provider "
        + (f"{newcomer_at - resumed:5.2f} s after the resume" if newcomer_at else "not within the drain + 30 s")
    )
    lines.append(
        f"{'/readyz during stall+drain':28} n={len(ready_samples)}  p50 {statistics.median(ready_samples):6.1f} ms  "
        f"max {max(ready_samples):7.1f} ms  over 1 s: {sum(s > 1000 for s in ready_samples)}"
    )
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="./supportbot bench stall", description=__doc__.splitlines()[0])
    parser.add_argument("--normal", type=int, default=1000, help="deliveries while Rasa answers")
    parser.add_argument("--backlog", type=int, default=2000, help="deliveries while Rasa is paused")
    parser.add_argument("--concurrency", type=int, default=32, help="deliveries in flight at once")
    parser.add_argument(
        "--hold", type=float, default=30.0, help="seconds Rasa stays paused after the last delivery (past its timeout)"
    )
    parser.add_argument("--keep", type=Path, default=None, help="keep the databases and logs in this folder")
    args = parser.parse_args(argv)

    model = stack.ensure_model()
    with (
        (
            contextlib.nullcontext(str(args.keep))
            if args.keep
            else tempfile.TemporaryDirectory(prefix="supportbot-bench-")
        ) as home,
        wa.FakeWhatsApp() as graph,
    ):
        Path(home).mkdir(parents=True, exist_ok=True)
        config = stack.StackConfig(
            ports=stack.Ports(gateway=18100, rasa=15105, actions=15155),
            database_url=f"sqlite:///{home}/gateway.db",
            tracker_db=Path(home) / "tracker.db",
            log_dir=Path(home) / "log",
            gateway_env={
                "SUPPORTBOT_SECRET_KEY_FILE": f"{home}/secret.key",
                "SUPPORTBOT_WHATSAPP_APP_SECRET": APP_SECRET,
                "SUPPORTBOT_WHATSAPP_ACCESS_TOKEN": wa.ACCESS_TOKEN,
                "SUPPORTBOT_WHATSAPP_PHONE_NUMBER_ID": wa.PHONE_NUMBER_ID,
                "SUPPORTBOT_WHATSAPP_API_URL": graph.url,
                "SUPPORTBOT_WHATSAPP_API_VERSION": wa.API_VERSION,
                **BOT_ONLY,
            },
        )
        processes = [stack.start_actions(config), stack.start_rasa(config, model), stack.start_gateway(config)]
        try:
            stack.wait_rasa_model(config, timeout=240, process=processes[1])
            stack.wait_http(f"http://127.0.0.1:{config.ports.gateway}/readyz", timeout=60, process=processes[2])
            lines = asyncio.run(run(args, config, processes[1], graph))
        finally:
            with_rasa = processes[1]
            if with_rasa.poll() is None:
                os.killpg(os.getpgid(with_rasa.pid), signal.SIGCONT)
            for process in reversed(processes):
                stack.stop(process)
    print(f"model {model.name}; {args.normal} normal and {args.backlog} stalled deliveries, {args.concurrency} at once")
    for line in lines:
        print(line)
    return 0

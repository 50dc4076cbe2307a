"""Provider channels benchmark: WhatsApp and Telegram webhooks through the whole service.

Starts its own action server, Rasa and gateway (fresh SQLite databases, the current
trained model), with the gateway's WhatsApp and Telegram API addresses pointed at the
fake providers of tests/fakes (real HTTP servers on loopback, in this process). Then,
per channel, `--concurrency` customers each post a webhook (signed like Meta, or with
Telegram's secret token) and wait until the reply reaches the fake provider:

* ack: from posting the webhook to the gateway's 200 (the message is durably stored),
  what decides whether the provider re-sends;
* reply: from posting the webhook to the reply arriving at the provider (bot turn,
  outbox, rate limits included);
* re-sent deliveries: the ack of a delivery the gateway already has.

A WhatsApp reply that needs two messages (a long answer with buttons) counts at its
first part; the customer then waits 30 ms for the parts to stop before writing again.

Messages are the held-out sets in six languages. Timing is printed, never asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import httpx

from bench.e2e import BOT_ONLY, Result, closed_loop, held_out_messages
from scripts import stack
from tests.fakes import telegram as tg
from tests.fakes import whatsapp as wa

APP_SECRET = "bench-app-secret"
TELEGRAM_TOKEN = "7000000001:bench-telegram-token"
TELEGRAM_SECRET = "bench-telegram-secret"

Customer = Callable[[str], Awaitable[float]]


class Replies:
    """Wakes the customer a reply is for, from the fake provider's server thread."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self._loop = loop
        self._waiting: dict[str, asyncio.Queue[None]] = {}

    def queue(self, recipient: str) -> asyncio.Queue[None]:
        return self._waiting.setdefault(recipient, asyncio.Queue())

    def arrived(self, recipient: str) -> None:
        queue = self._waiting.get(recipient)
        if queue is not None:
            self._loop.call_soon_threadsafe(queue.put_nowait, None)


async def settle(inbox: asyncio.Queue[None], quiet: float = 0.03) -> None:
    """Swallow the further parts of a reply WhatsApp needed several messages for.

    A long answer with buttons goes out as its text, then an interactive message; the
    reply counts at its first part, and the customer waits until the parts stop.
    """
    while True:
        try:
            await asyncio.wait_for(inbox.get(), quiet)
        except TimeoutError:
            return


class Timed:
    """One customer's latencies: the webhook's ack and the reply's arrival."""

    def __init__(self) -> None:
        self.acks: list[float] = []
        self.resent_acks: list[float] = []


# Each simulated customer is really a small crowd: it cycles through CROWD chat ids, so
# no chat gets more than about one message every few seconds, as with real people.
# (Back to back on one chat, the providers' per-chat limit of ~1 msg/s would set the pace.)
CROWD = 20


def whatsapp_customer(
    client: httpx.AsyncClient, url: str, replies: Replies, number: int, timed: Timed, resend_every: int
) -> Customer:
    sequence = itertools.count()

    async def post(body: bytes) -> float:
        started = time.perf_counter()
        answer = await client.post(
            url, content=body, headers={"Content-Type": "application/json", **wa.sign(body, APP_SECRET)}
        )
        answer.raise_for_status()
        return (time.perf_counter() - started) * 1000

    async def ask(text: str) -> float:
        n = next(sequence)
        wa_id = f"99455{number:04d}{n % CROWD:03d}"
        inbox = replies.queue(wa_id)
        delivery = wa.webhook([wa.text_message(text, wa_id=wa_id, message_id=f"wamid.BENCH.{number}.{n}")])
        body = wa.encode(delivery)
        started = time.perf_counter()
        timed.acks.append(await post(body))
        await asyncio.wait_for(inbox.get(), 60)
        latency = (time.perf_counter() - started) * 1000
        await settle(inbox)
        if resend_every and n % resend_every == 0:
            timed.resent_acks.append(await post(body))  # Meta re-sends; no second reply may come
        return latency

    return ask


def telegram_customer(
    client: httpx.AsyncClient, url: str, replies: Replies, number: int, timed: Timed, update_ids: itertools.count[int]
) -> Customer:
    turns = itertools.count()

    async def ask(text: str) -> float:
        chat_id = 600_000_000 + number * 1000 + next(turns) % CROWD
        inbox = replies.queue(str(chat_id))
        update = tg.text_update(next(update_ids), chat_id, text, language_code=None)
        started = time.perf_counter()
        answer = await client.post(url, json=update, headers={"X-Telegram-Bot-Api-Secret-Token": TELEGRAM_SECRET})
        answer.raise_for_status()
        timed.acks.append((time.perf_counter() - started) * 1000)
        await asyncio.wait_for(inbox.get(), 60)
        return (time.perf_counter() - started) * 1000

    return ask


async def bench(
    args: argparse.Namespace, gateway_url: str, graph: wa.FakeWhatsApp, bot_api: tg.FakeTelegram
) -> list[Result]:
    loop = asyncio.get_running_loop()
    replies = Replies(loop)
    graph.on_sent = lambda message: replies.arrived(str(message.get("to") or message.get("recipient")))
    bot_api.on_sent = lambda message: replies.arrived(str(message["chat_id"]))
    texts = held_out_messages()
    messages = list(itertools.islice(itertools.cycle(texts), args.messages))
    results: list[Result] = []
    limits = httpx.Limits(max_connections=args.concurrency * 2)
    async with httpx.AsyncClient(timeout=60, limits=limits) as client:
        for channel in ("whatsapp", "telegram"):
            timed = Timed()
            update_ids = itertools.count(1_000_000)
            url = f"{gateway_url}/webhooks/{channel}"

            def customer(
                number: int, timed: Timed = timed, url: str = url, update_ids: Any = update_ids, channel: str = channel
            ) -> Customer:
                if channel == "whatsapp":
                    return whatsapp_customer(client, url, replies, number, timed, args.resend_every)
                return telegram_customer(client, url, replies, number, timed, update_ids)

            offset = 10_000 if channel == "telegram" else 0
            await closed_loop("warm-up", [customer(offset + 9_999)], texts[:30])
            timed.acks.clear()
            timed.resent_acks.clear()
            customers = [customer(offset + n) for n in range(args.concurrency)]
            reply = await closed_loop(f"{channel} webhook -> reply, {args.concurrency} concurrent", customers, messages)
            results.append(reply)
            results.append(Result(f"{channel} webhook ack (stored)", timed.acks, reply.seconds, 0))
            if timed.resent_acks:
                results.append(Result(f"{channel} ack of a re-sent delivery", timed.resent_acks, reply.seconds, 0))
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="./supportbot bench channels", description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=1000, help="messages per channel")
    parser.add_argument("--concurrency", type=int, default=16, help="simultaneous customers")
    parser.add_argument("--resend-every", type=int, default=5, help="re-send every n-th WhatsApp delivery (0: never)")
    args = parser.parse_args(argv)

    model = stack.ensure_model()
    with (
        tempfile.TemporaryDirectory(prefix="supportbot-bench-") as home,
        wa.FakeWhatsApp() as graph,
        tg.FakeTelegram(TELEGRAM_TOKEN) as bot_api,
    ):
        config = stack.StackConfig(
            ports=stack.Ports(gateway=18010, rasa=15015, actions=15065),
            database_url=f"sqlite:///{home}/gateway.db",
            tracker_db=Path(home) / "tracker.db",
            log_dir=Path(home) / "log",
            gateway_env={
                **BOT_ONLY,
                "SUPPORTBOT_SECRET_KEY_FILE": f"{home}/secret.key",
                "SUPPORTBOT_MEDIA_DIR": f"{home}/media",
                "SUPPORTBOT_WHATSAPP_APP_SECRET": APP_SECRET,
                "SUPPORTBOT_WHATSAPP_VERIFY_TOKEN": "bench",
                "SUPPORTBOT_WHATSAPP_ACCESS_TOKEN": wa.ACCESS_TOKEN,
                "SUPPORTBOT_WHATSAPP_PHONE_NUMBER_ID": wa.PHONE_NUMBER_ID,
                "SUPPORTBOT_WHATSAPP_API_URL": graph.url,
                "SUPPORTBOT_WHATSAPP_API_VERSION": wa.API_VERSION,
                "SUPPORTBOT_TELEGRAM_TOKEN": TELEGRAM_TOKEN,
                "SUPPORTBOT_TELEGRAM_SECRET_TOKEN": TELEGRAM_SECRET,
                "SUPPORTBOT_TELEGRAM_API_URL": bot_api.url,
            },
        )
        processes = [stack.start_actions(config), stack.start_rasa(config, model), stack.start_gateway(config)]
        try:
            stack.wait_rasa_model(config, timeout=240, process=processes[1])
            gateway_url = f"http://127.0.0.1:{config.ports.gateway}"
            stack.wait_http(f"{gateway_url}/readyz", timeout=60, process=processes[2])
            results = asyncio.run(bench(args, gateway_url, graph, bot_api))
        finally:
            for process in reversed(processes):
                stack.stop(process)
        sent = {"whatsapp": len(graph.sent), "telegram": len(bot_api.sent)}

    print(f"model {model.name}, {args.messages} messages per channel, held-out messages in six languages")
    for result in results:
        print(result.line())
    print(f"messages the fake providers received (warm-up included): {sent}")
    return 0

"""An admin teaches the bot a message it did not understand and puts the new model live, then
takes it back, with customers writing throughout: the whole cycle of issue 17 on real parts.

A Rasa of its own (so the shared one keeps the shipped model for the other tests), a real
gateway whose training data is a copy of the repository's, a real `rasa train`, the
evaluation on the held-out files on a scratch Rasa, the swap through Rasa's model API.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from scripts import stack
from tests.conftest import ADMIN_TOKEN, Gateway, RasaStack
from tests.e2e.database import rows, scalar
from tests.e2e.webchat_client import WebChatClient

pytestmark = [pytest.mark.anyio, pytest.mark.e2e]

AUTH = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
# "I lost my key, can I get a duplicate?": the shipped model falls back on it (checked below).
LOST_KEY = "გასაღები დავკარგე, დუბლიკატი შეიძლება?"


@dataclass
class Cycle:
    gateway: Gateway
    rasa: RasaStack
    content: Path
    models: Path


@pytest.fixture(scope="module")
def cycle(trained_model: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cycle]:
    home = tmp_path_factory.mktemp("cycle")
    content, models = stack.copy_content(home / "content"), home / "models"
    models.mkdir()
    port = stack.free_port()
    config = stack.StackConfig(
        ports=stack.Ports(gateway=port, rasa=stack.free_port(), actions=stack.free_port()),
        database_url=f"sqlite:///{home / 'gateway.db'}",
        tracker_db=home / "tracker.db",
        log_dir=home / "log",
        gateway_env={
            "SUPPORTBOT_SECRET_KEY_FILE": str(home / "secret.key"),
            "SUPPORTBOT_ADMIN_TOKEN": ADMIN_TOKEN,
            "SUPPORTBOT_CONTENT_DIR": str(content),
            "SUPPORTBOT_MODELS_DIR": str(models),
            # One example moves a language by a fraction of a point, or by one held-out
            # message (0.34 points) either way; the gate's refusal has tests of its own.
            "SUPPORTBOT_EVAL_MAX_DROP": "2",
        },
    )
    rasa = RasaStack(config, trained_model)
    rasa.processes["actions"] = stack.start_actions(config)
    try:
        rasa.start_rasa()
        process = stack.start_gateway(config)
        rasa.processes["gateway"] = process
        stack.wait_http(f"http://127.0.0.1:{port}/healthz", timeout=60, process=process)
        gateway = Gateway(f"http://127.0.0.1:{port}", f"ws://127.0.0.1:{port}", home / "gateway.db", process)
        yield Cycle(gateway, rasa, content, models)
    finally:
        for process in reversed(list(rasa.processes.values())):
            stack.stop(process)


async def admin(client: httpx.AsyncClient, method: str, path: str, **kwargs: object) -> httpx.Response:
    return await client.request(method, path, headers=AUTH, **kwargs)  # type: ignore[arg-type]


async def wait_ready(client: httpx.AsyncClient, model_id: int, timeout: float = 900) -> dict[str, object]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        model = (await admin(client, "GET", "/api/admin/models")).json()
        mine = next(m for m in model if m["id"] == model_id)
        if mine["status"] in ("ready", "failed", "cancelled"):
            return mine
        await asyncio.sleep(1)
    raise AssertionError(f"model {model_id} not ready after {timeout:.0f} s")


async def ask(gateway: Gateway, text: str) -> str:
    """A new web chat customer writes `text`; the template of the bot's first answer."""
    chat = await WebChatClient.connect(gateway.ws_url, lang="ka")
    try:
        ack = await chat.send(text)
        await chat.replies(1, timeout=60)
    finally:
        await chat.close()
    return str(scalar(gateway, "SELECT template FROM messages WHERE reply_to_id = ? ORDER BY id LIMIT 1", ack["id"]))


async def customers_writing(gateway: Gateway, stop: asyncio.Event, customers: int = 4) -> list[int]:
    """Customers saying thanks, one message at a time each, until `stop`; the ids of what they sent."""
    sent: list[int] = []

    async def customer(number: int) -> None:
        chat = await WebChatClient.connect(gateway.ws_url, lang="en")
        try:
            replies = 0
            while not stop.is_set():
                sent.append((await chat.send(f"thanks a lot {number}.{replies}"))["id"])
                replies += 1
                await chat.replies(replies, timeout=60)
        finally:
            await chat.close()

    await asyncio.gather(*(customer(n) for n in range(customers)))
    return sent


def answered_once_each(gateway: Gateway, sent: list[int]) -> dict[int, int]:
    """How many bot replies each sent message got, for those that did not get exactly one."""
    counts = dict(
        rows(gateway, "SELECT reply_to_id, COUNT(*) FROM messages WHERE direction = 'out' GROUP BY reply_to_id")
    )
    return {message: int(counts.get(message, 0)) for message in sent if counts.get(message, 0) != 1}


async def swap_while_customers_write(gateway: Gateway, client: httpx.AsyncClient, path: str) -> dict[str, object]:
    stop = asyncio.Event()
    writing = asyncio.create_task(customers_writing(gateway, stop))
    await asyncio.sleep(3)  # conversations in full flow when the swap starts
    answer = await admin(client, "POST", path, timeout=300)
    await asyncio.sleep(3)
    stop.set()
    sent = await writing
    assert answer.status_code == 200, answer.text
    assert len(sent) > 8
    assert answered_once_each(gateway, sent) == {}  # none lost, none doubled
    return answer.json()


async def test_an_unsure_message_is_taught_trained_activated_and_rolled_back(cycle: Cycle) -> None:
    gateway = cycle.gateway
    assert await ask(gateway, LOST_KEY) != "utter_spare_parts"  # the shipped model does not get it

    async with httpx.AsyncClient(base_url=gateway.url, timeout=30) as client:
        inbox = (await admin(client, "GET", "/api/admin/unsure", params={"language": "ka"})).json()
        item = next(i for i in inbox["items"] if i["text"] == LOST_KEY)
        added = await admin(
            client, "POST", f"/api/admin/unsure/{item['message_id']}/add", json={"intent": "spare_parts"}
        )
        assert added.status_code == 200, added.text
        assert LOST_KEY in (cycle.content / "nlu_data" / "ka" / "nlu.yml").read_text(encoding="utf-8")

        started = await admin(client, "POST", "/api/admin/training")
        assert started.status_code == 202, started.text
        again = await admin(client, "POST", "/api/admin/training")
        assert again.status_code == 409  # one run at a time
        model = await wait_ready(client, started.json()["id"])
        assert model["status"] == "ready", (await admin(client, "GET", f"/api/admin/models/{model['id']}/log")).text
        report = model["report"]
        assert set(report["languages"]) == {"az", "kk", "ka", "ne", "ru", "en"}
        assert all(score["examples"] > 100 for score in report["languages"].values())
        assert model["gate"]["passes"], model["gate"]

        live = await swap_while_customers_write(gateway, client, f"/api/admin/models/{model['id']}/activate")
        assert live["active"] and live["id"] == model["id"]
        assert await ask(gateway, LOST_KEY) == "utter_spare_parts"
        pointer = json.loads((cycle.models / "active.json").read_text())
        assert pointer["id"] == model["id"] and await asyncio.to_thread(Path(pointer["model"]).is_file)

        back = await swap_while_customers_write(gateway, client, "/api/admin/models/rollback")
        assert back["id"] != model["id"] and back["active"]
        assert await ask(gateway, LOST_KEY) != "utter_spare_parts"
        assert json.loads((cycle.models / "active.json").read_text())["id"] == back["id"]

        audit = (await admin(client, "GET", "/api/admin/audit", params={"action": "model."})).json()
        assert [entry["action"] for entry in audit][:3] == ["model.rollback", "model.activate", "model.train"]

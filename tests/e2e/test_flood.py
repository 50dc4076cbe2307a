"""One customer's burst does not hold up another's reply.

A real gateway with its default flood limits, a real Rasa: one web chat session sends 200
messages in one burst while another customer writes. Every message of the burst is
acknowledged and stored (answered later, at the customer's pace), the bursting customer
is asked once, in their language, to slow down, and each of the other customer's messages
is answered before most of the burst stored ahead of it: it overtakes the burst instead of
queueing behind it. (How long the other customer waits is a figure, not a pass/fail bound:
`./supportbot bench stall` and the README's "Performance" report it.)
"""

from __future__ import annotations

import asyncio
import json
import sqlite3
import time
import uuid

import pytest

from api.settings import Settings
from tests.conftest import Gateway
from tests.e2e.webchat_client import WebChatClient

pytestmark = [pytest.mark.anyio, pytest.mark.e2e]
BURST = 200


# For each of a customer's messages: how many of other customers' messages were stored before
# it, and how many of those it overtook (they were answered after it, or are not answered yet).
OVERTAKEN_SQL = """
    SELECT (SELECT COUNT(*) FROM messages AS earlier
            WHERE earlier.direction = 'in' AND earlier.id < mine.id
              AND earlier.conversation_id != mine.conversation_id),
           (SELECT COUNT(*) FROM messages AS earlier
            WHERE earlier.direction = 'in' AND earlier.id < mine.id
              AND earlier.conversation_id != mine.conversation_id
              AND (earlier.processed_at IS NULL OR earlier.processed_at > mine.processed_at))
    FROM messages AS mine
    JOIN conversations ON conversations.id = mine.conversation_id
    JOIN customers ON customers.id = conversations.customer_id
    WHERE mine.direction = 'in' AND customers.external_id = ?
    ORDER BY mine.id
"""


def rows(gateway: Gateway, sql: str, *args: object) -> list[tuple[object, ...]]:
    with sqlite3.connect(gateway.database) as db:
        return [tuple(row) for row in db.execute(sql, args).fetchall()]


async def burst(chat: WebChatClient) -> list[dict[str, object]]:
    """Send BURST messages without waiting, then collect every answer frame until all are acknowledged."""
    ids = [uuid.uuid4().hex for _ in range(BURST)]
    for n, client_id in enumerate(ids):
        await chat.connection.send(json.dumps({"type": "message", "client_id": client_id, "text": f"hello {n}"}))
    frames = []
    acked: set[str] = set()
    while len(acked) < BURST:
        frame = await chat.frame(timeout=60)
        frames.append(frame)
        if frame["type"] == "ack":
            acked.add(str(frame["client_id"]))
    assert acked == set(ids)
    return frames


@pytest.fixture
def gateway(gateway_factory: object) -> Gateway:
    """A gateway with the shipped flood limits (the suite's other gateways pace nobody)."""
    shipped = Settings.model_fields
    return gateway_factory(  # type: ignore[operator]
        SUPPORTBOT_FLOOD_RATE=str(shipped["flood_rate"].default),
        SUPPORTBOT_FLOOD_BURST=str(shipped["flood_burst"].default),
    )


async def test_a_burst_of_200_does_not_delay_another_customers_reply(gateway: Gateway) -> None:
    other = await WebChatClient.connect(gateway.ws_url)
    await other.send("Hello!")
    await other.replies(1)  # the other customer's conversation exists; now the burst starts
    flooder = await WebChatClient.connect(gateway.ws_url)
    flooding = asyncio.create_task(burst(flooder))

    for n in range(5):
        await asyncio.sleep(0.3)
        await other.send("Hello!")
        await other.replies(n + 2)
    frames = await flooding
    await other.close()

    # The shipped limits let 10 of the burst through, then 1 a second: most of the burst stored
    # before each of the other customer's messages is still waiting when it is answered.
    # Queued behind the burst, it would have overtaken none.
    counts = [(int(str(a)), int(str(b))) for a, b in rows(gateway, OVERTAKEN_SQL, other.session_id)]
    assert len(counts) == 6 and all(earlier > 0 and 2 * overtaken >= earlier for earlier, overtaken in counts[1:]), (
        counts
    )
    stored = rows(gateway, "SELECT status, COUNT(*) FROM messages WHERE direction = 'in' GROUP BY status")
    assert sum(int(str(count)) for _, count in stored) == BURST + 6  # nothing dropped
    deadline = time.monotonic() + 60
    while not (notices := rows(gateway, "SELECT text FROM messages WHERE template = 'utter_slow_down'")):
        assert time.monotonic() < deadline, "the bursting customer was never asked to slow down"
        await asyncio.sleep(0.2)  # the burst's first turns go to the bot before the pacing starts
    while not any(f["type"] == "message" and f["message"]["text"] == notices[0][0] for f in frames):
        assert time.monotonic() < deadline, "the slow-down notice never reached the bursting customer"
        frames.append(await flooder.frame(timeout=30))
    await flooder.close()
    assert (
        len(rows(gateway, "SELECT id FROM messages WHERE template = 'utter_slow_down'")) == 1
    )  # once, not per message

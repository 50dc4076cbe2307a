"""The dispatcher's gate (conversations/bot_gate.py): while a model is swapped, turns already
with the bot finish, new turns wait and then go through in the order they came."""

from __future__ import annotations

import asyncio

import pytest

from conversations.bot_gate import BotGate

pytestmark = pytest.mark.anyio


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


async def test_closing_waits_for_turns_in_flight_and_holds_new_ones_in_order() -> None:
    gate = BotGate()
    events: list[str] = []
    release_first = asyncio.Event()

    async def turn(name: str, until: asyncio.Event | None = None) -> None:
        async with gate.turn():
            events.append(f"{name} starts")
            if until is not None:
                await until.wait()
            events.append(f"{name} ends")

    first = asyncio.create_task(turn("first", release_first))
    await asyncio.sleep(0)

    async def swap() -> None:
        async with gate.closed():
            events.append("swap")

    swapping = asyncio.create_task(swap())
    await asyncio.sleep(0)
    later = [asyncio.create_task(turn(f"later{i}")) for i in range(3)]
    await asyncio.sleep(0.01)
    assert events == ["first starts"]  # the swap waits for the first turn; the later ones wait for the swap
    assert gate.held == 3 and not gate.is_open
    release_first.set()
    await asyncio.gather(first, swapping, *later)
    assert events == [
        "first starts",
        "first ends",
        "swap",
        "later0 starts",
        "later0 ends",
        "later1 starts",
        "later1 ends",
        "later2 starts",
        "later2 ends",
    ]
    assert gate.is_open and gate.held == 0


async def test_a_failed_swap_opens_the_gate_again() -> None:
    gate = BotGate()
    with pytest.raises(RuntimeError):
        async with gate.closed():
            raise RuntimeError("Rasa refused the model")
    assert gate.is_open
    async with gate.turn():
        pass

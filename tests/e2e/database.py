"""Reading a gateway process's SQLite database from a test, and waiting for it to settle."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Callable
from typing import TypeVar

from tests.conftest import Gateway

T = TypeVar("T")


def rows(gateway: Gateway, sql: str, *args: object) -> list[tuple[object, ...]]:
    with sqlite3.connect(gateway.database, timeout=30) as db:
        return [tuple(row) for row in db.execute(sql, args).fetchall()]


def scalar(gateway: Gateway, sql: str, *args: object) -> object:
    found = rows(gateway, sql, *args)
    return found[0][0] if found else None


async def eventually(probe: Callable[[], T], done: Callable[[T], bool], timeout: float = 30) -> T:
    """`probe()` once `done(probe())` holds, or its last value at `timeout` (the assert then shows it)."""
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        value = probe()
        if done(value) or asyncio.get_running_loop().time() > deadline:
            return value
        await asyncio.sleep(0.05)

"""One writer at a time on a SQLite file, handed over in order, ingest first.

SQLite lets one transaction write at a time. Left to itself, a thread that finds the
file locked sleeps in SQLite's busy handler (1, 2, 5 … 100 ms, again and again) and
takes the lock only if it happens to look when it is free: with twenty database threads
that is a lottery, and a webhook's short insert could lose it for a second while the
dispatcher's and the outbox's threads won (the stall benchmark's ack p99 of 1.2 s).

The gate replaces the lottery inside the process: a transaction enters the gate before
BEGIN IMMEDIATE and leaves it after COMMIT or ROLLBACK; a waiting thread is woken the
moment the holder leaves, and threads of the ingest lane (storing what a channel
delivered) go before the others. Other processes on the same file (the command line)
still meet SQLite's busy timeout, as before.
"""

from __future__ import annotations

import sqlite3
import threading
from typing import Any

_gates: dict[str, WriteGate] = {}
_gates_lock = threading.Lock()
_lane = threading.local()


class WriteGate:
    """A lock with two queues: ingest waiters are let in before the rest."""

    def __init__(self) -> None:
        self._condition = threading.Condition()
        self._owner: int | None = None
        self._waiting_ingest = 0
        self.waiting = 0  # threads queued at the gate now

    def enter(self) -> bool:
        """Wait for the gate; False when this thread holds it already (a nested transaction,
        which then meets SQLite's own busy timeout as it did before the gate)."""
        me = threading.get_ident()
        ingest = in_ingest_lane()
        with self._condition:
            if self._owner == me:
                return False
            self.waiting += 1
            if ingest:
                self._waiting_ingest += 1
            try:
                while self._owner is not None or (not ingest and self._waiting_ingest):
                    self._condition.wait()
            finally:
                self.waiting -= 1
                if ingest:
                    self._waiting_ingest -= 1
            self._owner = me
            return True

    def leave(self) -> None:
        with self._condition:
            self._owner = None
            self._condition.notify_all()


def gate_for(path: str) -> WriteGate:
    """The gate of one database file, shared by every engine of this process on it."""
    with _gates_lock:
        gate = _gates.get(path)
        if gate is None:
            gate = _gates[path] = WriteGate()
        return gate


def in_ingest_lane() -> bool:
    return getattr(_lane, "ingest", False)


def run_as_ingest(function: Any, *args: Any) -> Any:
    """Call `function` marked as ingest work, so its transactions go first at the gate."""
    _lane.ingest = True
    try:
        return function(*args)
    finally:
        _lane.ingest = False


class GatedConnection(sqlite3.Connection):
    """A sqlite3 connection that leaves its file's gate when its transaction ends."""

    gate: WriteGate | None = None
    _holds_gate = False

    def enter_gate(self) -> None:
        if self.gate is not None and not self._holds_gate:
            self._holds_gate = self.gate.enter()

    def leave_gate(self) -> None:
        if self._holds_gate:
            self._holds_gate = False
            assert self.gate is not None
            self.gate.leave()

    def commit(self) -> None:
        try:
            super().commit()
        finally:
            self.leave_gate()

    def rollback(self) -> None:
        try:
            super().rollback()
        finally:
            self.leave_gate()

    def close(self) -> None:
        try:
            super().close()
        finally:
            self.leave_gate()

"""Leadership: the singleton job runs on one replica at a time, and moves when its leader stops."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable

import pytest

from coordination.leader import Leadership
from coordination.lease import InProcessLeases, Leases, RedisLeases
from tests.coordination.conftest import Backend

pytestmark = pytest.mark.anyio

TTL = 0.3


@pytest.fixture
def replica(backend: Backend) -> Callable[[], Leases]:
    if not backend.redis:
        shared = InProcessLeases()
        return lambda: shared
    return lambda: RedisLeases(backend.client(), prefix=backend.prefix)


class Job:
    """A long-polling stand-in: runs until cancelled, recording where it runs."""

    def __init__(self, where: str, running: list[str]) -> None:
        self.where = where
        self.running = running
        self.starts = 0

    async def __call__(self) -> None:
        self.starts += 1
        self.running.append(self.where)
        try:
            await asyncio.Event().wait()
        finally:
            self.running.remove(self.where)


async def _until(condition: Callable[[], bool], timeout: float = 5.0) -> None:
    for _ in range(round(timeout / 0.01)):
        if condition():
            return
        await asyncio.sleep(0.01)
    pytest.fail(f"not within {timeout} s")


async def _stop(task: asyncio.Task[None]) -> None:
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task


async def test_the_job_runs_on_one_replica_only_and_moves_when_its_leader_stops(
    replica: Callable[[], Leases],
) -> None:
    running: list[str] = []
    first = asyncio.create_task(Leadership(replica(), ttl=TTL).run("telegram", Job("first", running)))
    await _until(lambda: running == ["first"])
    second = asyncio.create_task(Leadership(replica(), ttl=TTL).run("telegram", Job("second", running)))
    try:
        await asyncio.sleep(3 * TTL)  # several renewals and retries
        assert running == ["first"]
        await _stop(first)
        assert running == []
        await _until(lambda: running == ["second"])
    finally:
        await _stop(first)
        await _stop(second)
    assert running == []


async def test_different_jobs_have_different_leaders(replica: Callable[[], Leases]) -> None:
    running: list[str] = []
    tasks = [asyncio.create_task(Leadership(replica(), ttl=TTL).run(name, Job(name, running))) for name in ("a", "b")]
    try:
        await _until(lambda: sorted(running) == ["a", "b"])
    finally:
        for task in tasks:
            await _stop(task)


class LosingLeases:
    """Renewals fail after the first `keep` ones: as if Redis went away."""

    def __init__(self, inner: Leases, keep: int) -> None:
        self.inner = inner
        self.keep = keep

    async def acquire(self, key: str, ttl: float) -> str | None:
        return await self.inner.acquire(key, ttl)

    async def renew(self, key: str, token: str, ttl: float) -> bool:
        self.keep -= 1
        return self.keep >= 0 and await self.inner.renew(key, token, ttl)

    async def release(self, key: str, token: str) -> None:
        await self.inner.release(key, token)


async def test_a_leader_that_cannot_renew_stops_its_job_then_leads_again(replica: Callable[[], Leases]) -> None:
    running: list[str] = []
    job = Job("only", running)
    leases = LosingLeases(replica(), keep=1)
    task = asyncio.create_task(Leadership(leases, ttl=TTL).run("telegram", job))
    try:
        await _until(lambda: job.starts == 1 and running == ["only"])
        await _until(lambda: running == [])  # the second renewal failed
        leases.keep = 100
        await _until(lambda: job.starts == 2 and running == ["only"])
    finally:
        await _stop(task)


async def test_a_job_that_fails_is_started_again(replica: Callable[[], Leases]) -> None:
    calls = 0

    async def flaky() -> None:
        nonlocal calls
        calls += 1
        raise RuntimeError("Telegram said no")

    task = asyncio.create_task(Leadership(replica(), ttl=TTL).run("telegram", flaky))
    try:
        await _until(lambda: calls >= 3)
    finally:
        await _stop(task)

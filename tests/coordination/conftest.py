"""Each piece of shared state is tested on both implementations: in-process, and the real Redis.

A test asks for `backend` and builds its "replicas" from it. In-process, the replicas
of one test are one object (one process shares by sharing memory); on Redis, each
replica has its own client, like separate gateway processes. Every Redis test writes
under its own key prefix and deletes only those keys afterwards.
"""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

import pytest
from redis import Redis as SyncRedis
from redis.asyncio import Redis

REDIS_URL = os.environ.get("SUPPORTBOT_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


def _redis_reachable() -> str | None:
    try:
        client = SyncRedis.from_url(REDIS_URL, socket_connect_timeout=3, socket_timeout=3)
        try:
            client.ping()
        finally:
            client.close()
    except Exception as error:  # any failure means: not here
        return f"{type(error).__name__}: {error}"
    return None


@pytest.fixture(scope="session")
def redis_url() -> str:
    problem = _redis_reachable()
    if problem is not None:
        if os.environ.get("CI"):
            pytest.fail(f"Redis at {REDIS_URL} is required in CI: {problem}")
        pytest.skip(f"Redis not reachable at {REDIS_URL} ({problem}); set SUPPORTBOT_TEST_REDIS_URL")
    return REDIS_URL


@dataclass
class Backend:
    name: str
    url: str | None = None
    prefix: str = ""
    clients: list[Redis] = field(default_factory=list)

    @property
    def redis(self) -> bool:
        return self.url is not None

    def client(self, **options: object) -> Redis:
        """A new client: one per replica, as separate processes would have."""
        assert self.url is not None
        client = Redis.from_url(self.url, decode_responses=True, **options)
        self.clients.append(client)
        return client

    async def keys(self) -> list[str]:
        """This test's keys (nobody else's)."""
        cleaner = self.client()
        return [key async for key in cleaner.scan_iter(match=f"{self.prefix}*", count=1000)]


@contextlib.asynccontextmanager
async def _on_redis(url: str) -> AsyncIterator[Backend]:
    backend = Backend("redis", url, f"supportbot-test:{uuid.uuid4().hex[:12]}:")
    try:
        yield backend
    finally:
        keys = await backend.keys()
        if keys:
            await backend.clients[-1].delete(*keys)
        for client in backend.clients:
            await client.aclose()


@pytest.fixture(params=["in-process", "redis"])
async def backend(request: pytest.FixtureRequest) -> AsyncIterator[Backend]:
    if request.param == "in-process":
        yield Backend("in-process")
        return
    async with _on_redis(request.getfixturevalue("redis_url")) as on_redis:
        yield on_redis


@pytest.fixture
async def redis_backend(redis_url: str) -> AsyncIterator[Backend]:
    """For what only Redis does (expiring keys, crashed replicas)."""
    async with _on_redis(redis_url) as on_redis:
        yield on_redis

"""One replica at a time runs a singleton job (Telegram long polling: two pollers conflict).

The leader holds the lease `leader:{name}` and renews it every ttl/3 while its job
runs. A leader that cannot renew stops its job at once: another replica may take the
lease when it expires. A replica that stops releases the lease, so another takes over
within ttl/3; a crashed one is replaced once its lease expires. With in-process
leases the one process always wins, and the job simply runs.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from coordination.lease import Leases

logger = logging.getLogger(__name__)


class Leadership:
    def __init__(self, leases: Leases, *, ttl: float = 15.0) -> None:
        self._leases = leases
        self._ttl = ttl

    async def run(self, name: str, job: Callable[[], Awaitable[None]]) -> None:
        """Run `job` whenever this replica leads, until cancelled; a job that ends or fails is started again."""
        key = f"leader:{name}"
        while True:
            try:
                token = await self._leases.acquire(key, self._ttl)
            except Exception:
                logger.warning("could not ask for the lease %s", key, exc_info=True)
                token = None
            if token is not None:
                await self._lead(name, key, token, job)
            await asyncio.sleep(self._ttl / 3)

    async def _lead(self, name: str, key: str, token: str, job: Callable[[], Awaitable[None]]) -> None:
        logger.info("this replica now runs %s", name)

        async def run_job() -> None:
            await job()

        task = asyncio.create_task(run_job(), name=f"leader-{name}")
        try:
            while not await self._should_stop(task, key, token):
                pass
        finally:
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)
            try:
                await self._leases.release(key, token)
            except Exception:  # it expires by itself
                logger.warning("could not release the lease %s", key, exc_info=True)
        if task.cancelled():
            logger.warning("lost the lease %s; %s stopped", key, name)
        elif task.exception() is not None:
            logger.error("%s failed; trying again", name, exc_info=task.exception())

    async def _should_stop(self, task: asyncio.Task[None], key: str, token: str) -> bool:
        """Wait ttl/3, then renew; True when it is time to stop (the job ended or the lease is lost)."""
        await asyncio.wait([task], timeout=self._ttl / 3)
        if task.done():
            return True
        try:
            return not await self._leases.renew(key, token, self._ttl)
        except Exception:
            logger.warning("could not renew the lease %s", key, exc_info=True)
            return True  # cannot tell whether it is still ours: assume not

"""Circuit breakers: stop calling a dependency that keeps failing, probe it slowly, resume on success.

Without one, every pending message retries on its own back-off: with Rasa paused and two
thousand messages waiting, that is two thousand retry timers hammering a pool that can
hold a hundred connections (the outage that issue 15 measured). A breaker turns that
into one probe at a time. States:

* `closed` — calls go through; `failure_threshold` failures in a row open it;
* `open` — no call goes through until `retry_at`; the work stays in the database;
* `half_open` — one caller (the probe) is let through; its success closes the breaker,
  its failure opens it again with a longer wait (doubling up to `max_open`).

A breaker is per process: each replica learns of an outage by its own calls, which is
what it needs to decide whether to make them.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum


class BreakerState(StrEnum):
    CLOSED = "closed"
    OPEN = "open"
    HALF_OPEN = "half_open"


@dataclass(frozen=True, slots=True)
class BreakerView:
    """What admins and /readyz see of a breaker."""

    name: str
    state: str
    consecutive_failures: int
    opened_for_seconds: float | None  # how long it has been open or probing; None while closed
    retry_in_seconds: float | None  # until the next probe may go; None unless open
    failures_total: int
    successes_total: int
    last_error: str | None


class CircuitBreaker:
    def __init__(
        self,
        name: str,
        *,
        failure_threshold: int = 5,
        open_for: float = 2.0,
        max_open: float = 30.0,
        probe_timeout: float = 60.0,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.name = name
        self._threshold = failure_threshold
        self._base_open = open_for
        self._max_open = max_open
        self._probe_timeout = probe_timeout  # a probe that never reports back frees the slot
        self._now = monotonic  # a test passes its own clock
        self._state = BreakerState.CLOSED
        self._failures = 0
        self._open_for = open_for
        self._opened_at: float | None = None
        self._retry_at = 0.0
        self._probe_started: float | None = None
        self._failures_total = 0
        self._successes_total = 0
        self._last_error: str | None = None

    @property
    def state(self) -> BreakerState:
        return self._state

    @property
    def is_closed(self) -> bool:
        return self._state == BreakerState.CLOSED

    def allow(self) -> bool:
        """Whether a call may go now; in `half_open` only one caller (the probe) gets True."""
        now = self._now()
        if self._state == BreakerState.CLOSED:
            return True
        if self._state == BreakerState.OPEN:
            if now < self._retry_at:
                return False
            self._state = BreakerState.HALF_OPEN
            self._probe_started = now
            return True
        # half open: a probe is out; let another through only if it never came back
        if self._probe_started is not None and now - self._probe_started > self._probe_timeout:
            self._probe_started = now
            return True
        return False

    def seconds_until_retry(self) -> float:
        """How long a caller refused now should wait before asking again (0 when closed)."""
        if self._state == BreakerState.CLOSED:
            return 0.0
        if self._state == BreakerState.HALF_OPEN:
            return self._base_open  # a probe is out: ask again after it has had time to report
        return max(self._retry_at - self._now(), 0.0)

    def abandon(self) -> None:
        """The probe let through did not reach the dependency after all: let the next caller probe."""
        if self._state == BreakerState.HALF_OPEN:
            self._state = BreakerState.OPEN
            self._retry_at = self._now()
            self._probe_started = None

    def succeeded(self) -> None:
        self._successes_total += 1
        self._failures = 0
        self._state = BreakerState.CLOSED
        self._open_for = self._base_open
        self._opened_at = None
        self._probe_started = None

    def failed(self, error: str | None = None) -> None:
        now = self._now()
        self._failures_total += 1
        self._failures += 1
        self._last_error = (error or "")[:300] or None
        if self._state == BreakerState.HALF_OPEN:
            self._open_for = min(self._open_for * 2, self._max_open)
            self._trip(now)
        elif self._state == BreakerState.CLOSED and self._failures >= self._threshold:
            self._trip(now)

    def _trip(self, now: float) -> None:
        self._state = BreakerState.OPEN
        self._opened_at = self._opened_at if self._opened_at is not None else now
        self._retry_at = now + self._open_for
        self._probe_started = None

    def view(self) -> BreakerView:
        now = self._now()
        return BreakerView(
            name=self.name,
            state=self._state.value,
            consecutive_failures=self._failures,
            opened_for_seconds=None if self._opened_at is None else round(now - self._opened_at, 3),
            retry_in_seconds=round(max(self._retry_at - now, 0.0), 3) if self._state == BreakerState.OPEN else None,
            failures_total=self._failures_total,
            successes_total=self._successes_total,
            last_error=self._last_error,
        )

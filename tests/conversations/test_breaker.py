"""The circuit breaker, on a clock the test moves: when calls stop, when one probe goes, when they resume."""

from __future__ import annotations

from conversations.breaker import BreakerState, CircuitBreaker


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def breaker(clock: Clock, **options: float) -> CircuitBreaker:
    return CircuitBreaker("rasa", failure_threshold=3, open_for=2.0, max_open=8.0, monotonic=clock, **options)


def test_calls_go_through_until_the_threshold_of_failures_in_a_row() -> None:
    clock = Clock()
    b = breaker(clock)
    b.failed("timeout")
    b.failed("timeout")
    b.succeeded()  # a success in between resets the count
    b.failed("timeout")
    b.failed("timeout")
    assert b.allow() and b.state == BreakerState.CLOSED
    b.failed("timeout")
    assert b.state == BreakerState.OPEN
    assert not b.allow()
    assert b.seconds_until_retry() == 2.0


def test_after_the_wait_exactly_one_probe_goes_and_its_success_closes_the_breaker() -> None:
    clock = Clock()
    b = breaker(clock)
    for _ in range(3):
        b.failed("refused")
    clock.now += 2.0
    assert b.allow()  # the probe
    assert b.state == BreakerState.HALF_OPEN
    assert not b.allow()  # nobody else while the probe is out
    b.succeeded()
    assert b.state == BreakerState.CLOSED and b.allow()
    assert b.view().consecutive_failures == 0


def test_a_failed_probe_doubles_the_wait_up_to_the_cap() -> None:
    clock = Clock()
    b = breaker(clock)
    for _ in range(3):
        b.failed("refused")
    waits = []
    for _ in range(4):
        clock.now += b.seconds_until_retry()
        assert b.allow()
        b.failed("refused")
        waits.append(b.seconds_until_retry())
    assert waits == [4.0, 8.0, 8.0, 8.0]


def test_a_probe_that_never_reports_back_does_not_block_the_dependency_forever() -> None:
    clock = Clock()
    b = breaker(clock, probe_timeout=10.0)
    for _ in range(3):
        b.failed()
    clock.now += 2.0
    assert b.allow()
    clock.now += 5.0
    assert not b.allow()
    clock.now += 6.0
    assert b.allow()


def test_the_view_tells_admins_state_counts_and_the_last_error() -> None:
    clock = Clock()
    b = breaker(clock)
    for _ in range(3):
        b.failed("PoolTimeout")
    clock.now += 0.5
    view = b.view()
    assert view.state == "open" and view.failures_total == 3 and view.last_error == "PoolTimeout"
    assert view.retry_in_seconds == 1.5 and view.opened_for_seconds == 0.5


def test_an_abandoned_probe_lets_the_next_caller_probe_at_once() -> None:
    clock = Clock()
    b = breaker(clock)
    for _ in range(3):
        b.failed()
    clock.now += 2.0
    assert b.allow()
    b.abandon()
    assert b.state == BreakerState.OPEN and b.allow()

"""What the gateway counts for Prometheus: messages in and out, bot turns, provider sends, the backlog.

One `Metrics` per app, with its own `CollectorRegistry` (never prometheus_client's global
one: tests build many apps in one process, and two apps must not add to each other's
counters). The composition root (api/wiring.py) builds it and hands it to the parts that
count, where the event is recorded: the inbox (a message stored the first time, or a
duplicate), the outbox (a send accepted, retried or dead-lettered; a browser push), the
dispatcher (a bot turn: its latency and outcome).

The backlog is not counted but read at scrape time: `render` takes what
`BacklogReport.now()` computes for `GET /api/admin/backlog`, so both always agree and no
background loop keeps a copy. Labels stay low-cardinality (channel, outcome, dependency):
never a customer, conversation or message id. Each process exposes its own figures; with
several replicas Prometheus scrapes each and sums them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from prometheus_client import CollectorRegistry, Counter, Histogram
from prometheus_client.exposition import CONTENT_TYPE_PLAIN_0_0_4, generate_latest
from prometheus_client.metrics_core import GaugeMetricFamily, Metric

from conversations.breaker import BreakerState

if TYPE_CHECKING:  # the backlog report reads the dispatcher and outbox, which count here
    from conversations.backlog import Backlog

CONTENT_TYPE = CONTENT_TYPE_PLAIN_0_0_4  # Prometheus' text format, as every Prometheus version reads it

# Outcomes of one provider send (or browser push), as the outbox records them.
SENT = "sent"
RETRIED = "retried"
DEAD_LETTER = "dead_letter"

# Outcomes of one bot turn, as the dispatcher sees them.
ANSWERED = "answered"
BOT_UNAVAILABLE = "bot_unavailable"
DEFERRED = "deferred"  # the bot's breaker is open: no call was made

BREAKER_STATE = {BreakerState.CLOSED: 0, BreakerState.HALF_OPEN: 1, BreakerState.OPEN: 2}

# A Rasa turn takes 10-200 ms when well; the tail up to the client's timeout is what matters.
TURN_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.2, 0.35, 0.5, 0.75, 1.0, 2.0, 5.0, 10.0, 30.0)
# Graph API and Bot API answer in 100-500 ms; slow ones run to the send timeout.
SEND_BUCKETS = (0.05, 0.1, 0.2, 0.35, 0.5, 0.75, 1.0, 2.0, 5.0, 10.0, 30.0)


class Metrics:
    """The app's counters and histograms; the parts that count call the `record_*`/`*_` methods."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        r = self.registry
        self._received = Counter(
            "supportbot_inbound_messages", "Customer messages stored the first time", ["channel"], registry=r
        )
        self._duplicates = Counter(
            "supportbot_inbound_duplicates",
            "Re-sent customer messages found already stored (nothing done)",
            ["channel"],
            registry=r,
        )
        self._outbound = Counter(
            "supportbot_outbound_messages",
            "Replies by what became of one try: sent (or pushed to a browser), retried later, dead letter",
            ["channel", "outcome"],
            registry=r,
        )
        self._send_seconds = Histogram(
            "supportbot_provider_send_seconds",
            "Time of one request to a provider's API (WhatsApp, Telegram), answered or not",
            ["channel"],
            buckets=SEND_BUCKETS,
            registry=r,
        )
        self._turns = Counter(
            "supportbot_bot_turns", "Bot turns by outcome: answered, bot unavailable, deferred", ["outcome"], registry=r
        )
        self._turn_seconds = Histogram(
            "supportbot_bot_turn_seconds",
            "Time of one call to the bot (Rasa), answered or failed",
            buckets=TURN_BUCKETS,
            registry=r,
        )

    # -- where events happen ---------------------------------------------------------

    def received(self, channel: str, *, duplicate: bool) -> None:
        """The inbox stored a message (or found it stored already: a provider's re-send)."""
        (self._duplicates if duplicate else self._received).labels(channel=channel).inc()

    def outbound(self, channel: str, outcome: str) -> None:
        self._outbound.labels(channel=channel, outcome=outcome).inc()

    def send_took(self, channel: str, seconds: float) -> None:
        self._send_seconds.labels(channel=channel).observe(seconds)

    def turn(self, outcome: str, seconds: float | None = None) -> None:
        """A bot turn's outcome; its duration when the bot was called."""
        self._turns.labels(outcome=outcome).inc()
        if seconds is not None:
            self._turn_seconds.observe(seconds)

    # -- at scrape time --------------------------------------------------------------

    def render(self, backlog: Backlog) -> bytes:
        """The text exposition: the counters, then the backlog and breakers as they are now."""
        return generate_latest(_Scrape(self.registry, backlog))


class _Scrape:
    """One scrape's collector: the app's registry plus gauges from this scrape's backlog."""

    def __init__(self, registry: CollectorRegistry, backlog: Backlog) -> None:
        self._registry = registry
        self._backlog = backlog

    def collect(self) -> Iterator[Metric]:
        yield from self._registry.collect()
        yield from backlog_gauges(self._backlog)


def _gauge(name: str, documentation: str, value: float) -> GaugeMetricFamily:
    return GaugeMetricFamily(name, documentation, value=value)


def backlog_gauges(backlog: Backlog) -> Iterable[Metric]:
    """The figures of `GET /api/admin/backlog`, as gauges (an absent age is 0: nothing waits)."""
    yield _gauge("supportbot_pending_turns", "Customer messages waiting for the bot (database)", backlog.pending_turns)
    yield _gauge(
        "supportbot_oldest_pending_seconds",
        "Age of the oldest message waiting for the bot; 0 when none waits",
        backlog.oldest_pending_seconds or 0.0,
    )
    yield _gauge(
        "supportbot_retrying_turns", "Pending messages backing off after a failed turn", backlog.retrying_turns
    )
    yield _gauge("supportbot_queued_sends", "Replies waiting to be sent (database)", backlog.queued_sends)
    yield _gauge(
        "supportbot_oldest_queued_seconds",
        "Age of the oldest reply waiting to be sent; 0 when none waits",
        backlog.oldest_queued_seconds or 0.0,
    )
    yield _gauge("supportbot_retrying_sends", "Queued replies backing off after a failed send", backlog.retrying_sends)
    yield _gauge("supportbot_dead_letters", "Replies that failed for good (admins re-queue them)", backlog.dead_letters)
    yield _gauge("supportbot_turns_running", "Conversations with the bot in this process", backlog.turns_running)
    yield _gauge("supportbot_sends_running", "Conversations being sent in this process", backlog.sends_running)
    breakers = GaugeMetricFamily(
        "supportbot_circuit_breaker_state",
        "Each dependency's breaker: 0 closed, 1 half-open, 2 open",
        labels=["dependency"],
    )
    for view in backlog.breakers:
        breakers.add_metric([view.name], BREAKER_STATE[BreakerState(view.state)])
    yield breakers

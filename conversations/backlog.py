"""What the gateway has on its plate, for admins: the backlog in the database, the work in
this process, and the breakers (issue 15's visibility; metrics: GET /metrics (conversations/metrics.py)).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session, sessionmaker

from conversations.breaker import BreakerView
from conversations.dispatcher import Dispatcher
from conversations.outbox import Outbox
from storage.engine import run_in_thread
from storage.models import utcnow
from storage.repositories import backlog


@dataclass(frozen=True, slots=True)
class Backlog:
    pending_turns: int
    oldest_pending_seconds: float | None
    retrying_turns: int
    queued_sends: int
    oldest_queued_seconds: float | None
    retrying_sends: int
    dead_letters: int
    turns_running: int  # in this process
    turns_waiting_for_a_slot: int
    sends_running: int
    sends_waiting_for_a_slot: int
    breakers: list[BreakerView]


class BacklogReport:
    def __init__(self, sessions: sessionmaker[Session], dispatcher: Dispatcher, outbox: Outbox) -> None:
        self._sessions = sessions
        self._dispatcher = dispatcher
        self._outbox = outbox

    async def now(self) -> Backlog:
        return await run_in_thread(self._now)

    def _now(self) -> Backlog:
        now = utcnow()
        with self._sessions() as session:
            pending = backlog.pending_turns(session)
            queued = backlog.queued_sends(session)
            dead = backlog.dead_letters(session)
            retrying_turns, retrying_sends = backlog.retrying(session, now)
        turns_running, turns_waiting = self._dispatcher.load
        sends_running, sends_waiting = self._outbox.load
        return Backlog(
            pending_turns=pending.count,
            oldest_pending_seconds=None if pending.oldest is None else (now - pending.oldest).total_seconds(),
            retrying_turns=retrying_turns,
            queued_sends=queued.count,
            oldest_queued_seconds=None if queued.oldest is None else (now - queued.oldest).total_seconds(),
            retrying_sends=retrying_sends,
            dead_letters=dead,
            turns_running=turns_running,
            turns_waiting_for_a_slot=turns_waiting,
            sends_running=sends_running,
            sends_waiting_for_a_slot=sends_waiting,
            breakers=[self._dispatcher.breaker.view(), *(b.view() for b in self._outbox.breakers.values())],
        )

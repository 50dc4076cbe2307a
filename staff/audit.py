"""The audit log: every change an admin makes, and every console login, kept with who, when, what,
and the value before and after.

Why a table and not the process log: admins read it in the admin pages, it survives log
rotation, and it is shared by every gateway replica. Entries are only ever added. A caller
that changes rows in the database writes its entry in the same transaction (`add`), so a
change and its entry land together or not at all; changes to files (training data) are
recorded once the file is written (`record`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from storage.engine import run_in_thread
from storage.models import AuditEntry
from storage.repositories import audit as queries

TOKEN_ACTOR = "admin-token"  # noqa: S105 - a name, not a secret: who an API call with the admin token is, having no user name


@dataclass(frozen=True, slots=True)
class AuditRecord:
    id: int
    at: datetime
    actor: str
    action: str
    subject: str
    before: Any
    after: Any


def _record(entry: AuditEntry) -> AuditRecord:
    return AuditRecord(entry.id, entry.at, entry.actor, entry.action, entry.subject, entry.before, entry.after)


class AuditLog:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    @staticmethod
    def add(session: Session, actor: str, action: str, subject: str, before: Any = None, after: Any = None) -> None:
        """Record inside the caller's transaction."""
        queries.add(session, actor, action, subject, before, after)

    async def record(self, actor: str, action: str, subject: str, before: Any = None, after: Any = None) -> None:
        await run_in_thread(self._record, actor, action, subject, before, after)

    def _record(self, actor: str, action: str, subject: str, before: Any, after: Any) -> None:
        with self._sessions.begin() as session:
            queries.add(session, actor, action, subject, before, after)

    async def entries(
        self, *, action: str | None = None, actor: str | None = None, before_id: int | None = None, limit: int = 100
    ) -> list[AuditRecord]:
        return await run_in_thread(self._entries, action, actor, before_id, limit)

    def _entries(self, action: str | None, actor: str | None, before_id: int | None, limit: int) -> list[AuditRecord]:
        with self._sessions() as session:
            rows = queries.listing(session, action=action, actor=actor, before_id=before_id, limit=limit)
            return [_record(row) for row in rows]

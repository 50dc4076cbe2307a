"""Canned responses: stored per shortcut and language, seeded from a data file on first start."""

from __future__ import annotations

from pathlib import Path

import yaml
from sqlalchemy.orm import Session, sessionmaker

from staff.audit import AuditLog
from storage.engine import run_in_thread
from storage.models import CannedResponse
from storage.repositories import canned as queries


class CannedStore:
    """Writes the canned responses (seed, admin edits); the console reads them through `ConsoleService.canned`."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def seed(self, path: Path, languages: tuple[str, ...]) -> int:
        """Load the file's responses when the table is empty (a fresh install); returns how many."""
        with self._sessions.begin() as session:
            if queries.count(session):
                return 0
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
            added = 0
            for entry in data.get("responses") or ():
                for language in languages:
                    text = (entry.get("text") or {}).get(language)
                    if not text:
                        continue
                    title = (entry.get("title") or {}).get(language) or entry["shortcut"]
                    session.add(
                        CannedResponse(
                            shortcut=entry["shortcut"], language=language, title=title, text=str(text).strip()
                        )
                    )
                    added += 1
            return added

    async def put(self, shortcut: str, language: str, title: str, text: str, actor: str | None = None) -> None:
        """Add or replace; `actor`, the admin editing, is recorded in the audit log (canned.put) with the change."""
        await run_in_thread(self._put, shortcut, language, title, text, actor)

    def _put(self, shortcut: str, language: str, title: str, text: str, actor: str | None) -> None:
        with self._sessions.begin() as session:
            existing = queries.find(session, shortcut, language)
            before = None if existing is None else {"title": existing.title, "text": existing.text}
            if existing is None:
                session.add(CannedResponse(shortcut=shortcut, language=language, title=title, text=text))
            else:
                existing.title, existing.text = title, text
            if actor is not None:
                after = {"title": title, "text": text}
                AuditLog.add(session, actor, "canned.put", _subject(shortcut, language), before, after)

    async def delete(self, shortcut: str, language: str, actor: str) -> bool:
        """Remove one language's version of a canned response (audited as canned.delete); False if there was none."""
        return await run_in_thread(self._delete, shortcut, language, actor)

    def _delete(self, shortcut: str, language: str, actor: str) -> bool:
        with self._sessions.begin() as session:
            existing = queries.find(session, shortcut, language)
            if existing is None:
                return False
            before = {"title": existing.title, "text": existing.text}
            session.delete(existing)
            AuditLog.add(session, actor, "canned.delete", _subject(shortcut, language), before, None)
            return True


def _subject(shortcut: str, language: str) -> str:
    return f"{shortcut}/{language}"

"""Canned responses: stored per shortcut and language, seeded from a data file on first start."""

from __future__ import annotations

from pathlib import Path

import yaml
from sqlalchemy.orm import Session, sessionmaker

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

    async def put(self, shortcut: str, language: str, title: str, text: str) -> None:
        await run_in_thread(self._put, shortcut, language, title, text)

    def _put(self, shortcut: str, language: str, title: str, text: str) -> None:
        with self._sessions.begin() as session:
            existing = queries.find(session, shortcut, language)
            if existing is None:
                session.add(CannedResponse(shortcut=shortcut, language=language, title=title, text=text))
            else:
                existing.title, existing.text = title, text

"""Canned responses: stored per shortcut and language, seeded from a data file on first start."""

from __future__ import annotations

from pathlib import Path

import yaml
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from storage.engine import run_in_thread
from storage.models import CannedResponse


class CannedStore:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def seed(self, path: Path, languages: tuple[str, ...]) -> int:
        """Load the file's responses when the table is empty (a fresh install); returns how many."""
        with self._sessions.begin() as session:
            if session.execute(select(func.count()).select_from(CannedResponse)).scalar_one():
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
            existing = session.execute(
                select(CannedResponse).where(CannedResponse.shortcut == shortcut, CannedResponse.language == language)
            ).scalar_one_or_none()
            if existing is None:
                session.add(CannedResponse(shortcut=shortcut, language=language, title=title, text=text))
            else:
                existing.title, existing.text = title, text

"""A fresh database, on each backend, for the registry's and the trainer's tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy.orm import Session, sessionmaker

from storage.engine import create_engine, migrate, session_factory


@pytest.fixture
def sessions(database_url: str) -> Iterator[sessionmaker[Session]]:
    engine = create_engine(database_url)
    migrate(engine)
    yield session_factory(engine)
    engine.dispose()

"""Alembic environment: runs on the connection storage.engine.migrate() hands over, or on
SUPPORTBOT_DATABASE_URL when called as `alembic -c alembic.ini ...`."""

from __future__ import annotations

import os

from alembic import context
from sqlalchemy.engine import Connection

from storage.engine import DEFAULT_DATABASE_URL, create_engine
from storage.models import Base

target_metadata = Base.metadata


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",  # SQLite cannot ALTER most things
    )
    with context.begin_transaction():
        context.run_migrations()


connection = context.config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:
    engine = create_engine(os.environ.get("SUPPORTBOT_DATABASE_URL") or DEFAULT_DATABASE_URL)
    with engine.begin() as own_connection:
        _run(own_connection)
    engine.dispose()

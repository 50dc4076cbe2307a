"""Database engine, sessions and migrations.

The gateway is async, its database access is not: each conversation-service step runs
as one synchronous SQLAlchemy transaction in a worker thread (`run_in_thread`). Async
drivers cost far more here: aiosqlite hops threads for every cursor call (about 53
hops and 15 ms of CPU per message, measured), where one hop per step costs a fraction.

SQLite (embedded default) runs in WAL mode with synchronous=NORMAL: a commit survives a
process crash and readers never block the writer. Transactions start with BEGIN
IMMEDIATE, so two writers queue instead of one failing when it upgrades a read lock;
inside the process they queue at the file's gate (storage/sqlite_gate.py: in order,
ingest first) rather than in SQLite's sleeping busy handler. PostgreSQL (psycopg 3)
needs nothing special.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

import anyio.to_thread
from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, event, text
from sqlalchemy import create_engine as sqlalchemy_create_engine
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from storage.sqlite_gate import GatedConnection, gate_for, run_as_ingest

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# The embedded default: a SQLite file in the checkout's var/ (SUPPORTBOT_DATABASE_URL overrides).
DEFAULT_DATABASE_URL = f"sqlite:///{Path(__file__).resolve().parent.parent / 'var' / 'supportbot.db'}"
P = ParamSpec("P")
T = TypeVar("T")

# Two lanes of database threads. Storing what a channel delivers must never queue behind
# the work on a backlog (turns, sends, retries): a webhook answered late is re-sent by the
# provider, which adds load exactly when there is too much. The pools below hold a
# connection for every thread of both lanes, so neither lane waits for the other's.
WORK_THREADS = 12
INGEST_THREADS = 8
_lanes: dict[str, anyio.CapacityLimiter] = {}


def _lane(name: str, size: int) -> anyio.CapacityLimiter:
    limiter = _lanes.get(name)
    if limiter is None:
        limiter = _lanes[name] = anyio.CapacityLimiter(size)
    return limiter


async def run_in_thread(function: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    """Run a blocking database step of the gateway's own work (at most WORK_THREADS at once)."""
    call = functools.partial(function, *args, **kwargs)
    return await anyio.to_thread.run_sync(call, limiter=_lane("work", WORK_THREADS))


async def run_ingest(function: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    """Run the step that stores what a channel delivered, in its own lane (see above)."""
    call = functools.partial(run_as_ingest, functools.partial(function, *args, **kwargs))
    return await anyio.to_thread.run_sync(call, limiter=_lane("ingest", INGEST_THREADS))


def create_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return sqlalchemy_create_engine(
            url, pool_size=WORK_THREADS + INGEST_THREADS, max_overflow=10, pool_pre_ping=True
        )
    gate = None
    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        gate = gate_for(str(Path(parsed.database).resolve()))
    engine = sqlalchemy_create_engine(
        url,
        connect_args={"timeout": 30, "factory": GatedConnection},
        pool_size=WORK_THREADS + INGEST_THREADS + 4,
        max_overflow=0,
    )

    @event.listens_for(engine, "connect")
    def _sqlite_connect(dbapi_connection: Any, _: Any) -> None:
        dbapi_connection.isolation_level = None  # we emit BEGIN ourselves, below
        dbapi_connection.gate = gate
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _sqlite_begin(connection: Any) -> None:
        dbapi_connection = connection.connection.dbapi_connection
        dbapi_connection.enter_gate()
        try:
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        except BaseException:
            dbapi_connection.leave_gate()
            raise

    return engine


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest revision (idempotent)."""
    with engine.begin() as connection:
        config = alembic_config()
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def database_answers(engine: Engine) -> bool:
    """Whether the database takes a query now (readiness checks); never raises."""
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception:
        return False
    return True

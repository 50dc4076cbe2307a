"""Shared fixtures: databases, the real Rasa stack (one trained model per run), gateways.

Start the suite with `./supportbot test`: it builds both environments and sets
SUPPORTBOT_RASA_ENV, which the Rasa fixtures need.
"""

from __future__ import annotations

import os
import subprocess
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
import pytest
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from scripts import stack
from storage.engine import create_engine, migrate, session_factory

ADMIN_TOKEN = "test-admin-token-not-secret"
POSTGRES_ADMIN_URL = os.environ.get("SUPPORTBOT_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


# -- databases ---------------------------------------------------------------------


def _postgres_reachable() -> str | None:
    try:
        psycopg.connect(POSTGRES_ADMIN_URL, connect_timeout=3).close()
    except Exception as error:  # any failure means: not here
        return f"{type(error).__name__}: {error}"
    return None


@pytest.fixture(scope="session")
def postgres_admin() -> str:
    problem = _postgres_reachable()
    if problem is not None:
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL at {POSTGRES_ADMIN_URL} is required in CI: {problem}")
        pytest.skip(f"PostgreSQL not reachable at {POSTGRES_ADMIN_URL} ({problem}); set SUPPORTBOT_TEST_POSTGRES_URL")
    return POSTGRES_ADMIN_URL


def _create_postgres_database(admin_url: str) -> str:
    name = f"supportbot_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    url = make_url(admin_url).set(drivername="postgresql+psycopg", database=name)
    return url.render_as_string(hide_password=False)


def _drop_postgres_database(admin_url: str, database_url: str) -> None:
    name = make_url(database_url).database
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database on each backend the persistence tests must pass on."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'gateway.db'}"
        return
    admin = request.getfixturevalue("postgres_admin")
    url = _create_postgres_database(admin)
    try:
        yield url
    finally:
        _drop_postgres_database(admin, url)


@pytest.fixture
def sessions(database_url: str) -> Iterator[sessionmaker[Session]]:
    """Sessions on a migrated `database_url` (both backends), for tests of one layer's steps."""
    engine = create_engine(database_url)
    migrate(engine)
    yield session_factory(engine)
    engine.dispose()


# -- the real Rasa stack -------------------------------------------------------------


@pytest.fixture(scope="session")
def trained_model() -> Path:
    """The model for the current training data, trained at most once per run."""
    if not os.environ.get("SUPPORTBOT_RASA_ENV"):
        pytest.exit("SUPPORTBOT_RASA_ENV is not set: run the suite with ./supportbot test", returncode=2)
    return stack.ensure_model()


@dataclass
class RasaStack:
    """Rasa and the action server on private ports, with their own tracker store."""

    config: stack.StackConfig
    model: Path
    processes: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.config.ports.rasa}"

    def start_rasa(self) -> None:
        self.processes["rasa"] = stack.start_rasa(self.config, self.model)
        stack.wait_rasa_model(self.config, timeout=240, process=self.processes["rasa"])

    def stop_rasa(self) -> None:
        stack.stop(self.processes.pop("rasa"))


@pytest.fixture(scope="session")
def rasa_stack(trained_model: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[RasaStack]:
    home = tmp_path_factory.mktemp("rasa")
    config = stack.StackConfig(
        ports=stack.Ports(gateway=0, rasa=stack.free_port(), actions=stack.free_port()),
        tracker_db=home / "tracker.db",
        log_dir=home / "log",
    )
    rasa = RasaStack(config, trained_model)
    rasa.processes["actions"] = stack.start_actions(config)
    try:
        rasa.start_rasa()
        yield rasa
    finally:
        for process in rasa.processes.values():
            stack.stop(process)


# -- gateways ------------------------------------------------------------------------


@dataclass
class Gateway:
    url: str
    ws_url: str
    database: Path
    process: subprocess.Popen[bytes]


@pytest.fixture
def gateway_factory(rasa_stack: RasaStack, tmp_path: Path) -> Iterator[object]:
    """Start real gateway processes (uvicorn) against the shared Rasa; stopped after the test."""
    started: list[Gateway] = []

    def start(**env: str) -> Gateway:
        port = stack.free_port()
        database = tmp_path / f"gateway-{port}.db"
        config = stack.StackConfig(
            ports=stack.Ports(gateway=port, rasa=rasa_stack.config.ports.rasa, actions=rasa_stack.config.ports.actions),
            database_url=f"sqlite:///{database}",
            rasa_token=rasa_stack.config.rasa_token,
            desk_token=rasa_stack.config.desk_token,
            log_dir=tmp_path / "log",
            gateway_env={
                "SUPPORTBOT_SECRET_KEY_FILE": str(tmp_path / "secret.key"),
                "SUPPORTBOT_ADMIN_TOKEN": ADMIN_TOKEN,
                # The tests' customers write as soon as they are answered, faster than people type:
                # pacing is the subject of tests/e2e/test_flood.py (which sets the defaults back), not of the rest.
                "SUPPORTBOT_FLOOD_RATE": "100",
                "SUPPORTBOT_FLOOD_BURST": "1000",
                "SUPPORTBOT_IP_FLOOD_RATE": "0",  # every one of them connects from 127.0.0.1
                **env,
            },
        )
        process = stack.start_gateway(config)
        stack.wait_http(f"http://127.0.0.1:{port}/healthz", timeout=60, process=process)
        gateway = Gateway(f"http://127.0.0.1:{port}", f"ws://127.0.0.1:{port}", database, process)
        started.append(gateway)
        return gateway

    yield start
    for gateway in started:
        stack.stop(gateway.process)


@pytest.fixture
def gateway(gateway_factory: object) -> Gateway:
    return gateway_factory()  # type: ignore[operator]

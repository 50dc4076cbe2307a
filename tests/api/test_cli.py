"""`./supportbot manage`: desk-load (the seed files loaded again, updating by key, never deleting), and
accounts made at the shell, which the audit log records."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from api import cli
from api.settings import get_settings
from storage.engine import create_engine, session_factory
from storage.models import AuditEntry, Vehicle, VehicleModel


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("SUPPORTBOT_DATABASE_URL", url)
    get_settings.cache_clear()
    yield url
    get_settings.cache_clear()


def test_desk_load_fills_the_catalogue_and_keeps_an_admins_edit_of_another_row(
    database: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["desk-load"]) == 0
    assert "14 models" in capsys.readouterr().out
    sessions = session_factory(create_engine(database))
    with sessions.begin() as session:
        session.add(VehicleModel(code="test-car", make="Test", name="Car", powertrain="ev", aliases=[]))
        session.execute(select(Vehicle)).scalars().first().owner_name = "edited by an admin"  # type: ignore[union-attr]

    assert cli.main(["desk-load"]) == 0  # again: the seed's rows updated, the admin's own row kept

    with sessions() as session:
        codes = set(session.execute(select(VehicleModel.code)).scalars())
    assert "test-car" in codes and "chery-tiggo-7" in codes


def test_desk_load_refuses_a_folder_without_seed_files(
    database: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["desk-load", "--dir", str(tmp_path / "nothing")]) == 2
    assert "models.yml is missing" in capsys.readouterr().err


def test_accounts_made_and_changed_at_the_shell_are_in_the_audit_log_as_the_command_line(
    database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("a long enough password\n"))
    assert cli.main(["create-user", "nino", "--role", "admin", "--password-stdin", "--languages", "ka"]) == 0
    monkeypatch.setattr("sys.stdin", io.StringIO("another long password\n"))
    assert cli.main(["set-password", "nino", "--password-stdin"]) == 0
    assert cli.main(["deactivate-user", "nino"]) == 0
    with session_factory(create_engine(database))() as session:
        entries = session.execute(select(AuditEntry).order_by(AuditEntry.id)).scalars().all()
        assert [(e.actor, e.action, e.subject) for e in entries] == [
            ("command line", "user.create", "nino"),
            ("command line", "user.password", "nino"),
            ("command line", "user.deactivate", "nino"),
        ]
        assert not any("password" in str(e.after) for e in entries if e.after)

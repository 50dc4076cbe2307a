"""Fill the catalogue from the seed files of config/service_desk/ (their shapes: its README).

A fresh installation starts with these files; after that the database is what the bot
reads and admins edit, so the gateway loads them only into an empty catalogue
(`load_seed_if_empty`) and a restart never undoes an admin's edit. Loading again updates
the rows the files name (by key) and adds new ones; it never deletes, since a row missing
from a file may be one an admin added.

Every row goes through the same models and reference checks as the admin API's, in one
transaction: a bad file writes nothing, and the error names the file, the row and why.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError
from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from conversations.markets import Markets
from service_desk.catalogue.resources import RESOURCES, Key, Known, Reason, reasons_of
from service_desk.catalogue.rows import Row
from storage.models import VehicleModel
from storage.repositories import catalogue as repo

log = logging.getLogger(__name__)

# warranty.yml's nested sections, flattened to the table's `<section>_<field>` columns.
POLICY_SECTIONS = ("general", "powertrain", "battery", "drive_unit", "corrosion")
FILE_KEYS = {
    "models.yml": ("models",),
    "warranty.yml": ("policies",),
    "maintenance.yml": ("schedules",),
    "items.yml": ("items",),
    "centres.yml": ("cities", "centres"),
    "vehicles.yml": ("vehicles",),
    "roadside.yml": ("contacts",),
}


class SeedError(ValueError):
    """A seed file that cannot be loaded; nothing of any file was written."""


def _renamed(entry: dict[str, Any], **names: str) -> dict[str, Any]:
    """The file's names (`model`, `city`) as the table's columns (`model_code`, `city_code`)."""
    return {names.get(field, field): value for field, value in entry.items()}


def _policy(entry: dict[str, Any]) -> dict[str, Any]:
    row = _renamed({k: v for k, v in entry.items() if k not in POLICY_SECTIONS}, model="model_code")
    for section in POLICY_SECTIONS:
        values = entry.get(section)
        if values is None:
            continue
        if not isinstance(values, dict):
            raise ValueError(f"{section}: a mapping like {{years: 5, km: 150000}}")
        row |= {f"{section}_{field}": value for field, value in values.items()}
    return row


def _shown(field: str | None) -> str | None:
    """A column's name as the seed file writes it, for the error message."""
    if field is None:
        return None
    head, _, rest = field.partition(".")
    head = {"model_code": "model", "city_code": "city"}.get(head, head)
    for section in POLICY_SECTIONS:
        if head.startswith(f"{section}_"):
            head = f"{section}.{head.removeprefix(section + '_')}"
            break
    return f"{head}.{rest}" if rest else head


# (file, its list, the resource, how an entry becomes a row's fields), in the order
# references need: items and models before what names them, cities before centres.
Mapper = Callable[[dict[str, Any]], dict[str, Any]]
SECTIONS: list[tuple[str, str, str, Mapper]] = [
    ("items.yml", "items", "items", lambda e: e),
    ("models.yml", "models", "models", lambda e: e),
    ("centres.yml", "cities", "cities", lambda e: e),
    ("centres.yml", "centres", "centres", lambda e: _renamed(e, city="city_code")),
    ("warranty.yml", "policies", "policies", _policy),
    ("maintenance.yml", "schedules", "schedules", lambda e: _renamed(e, model="model_code")),
    ("vehicles.yml", "vehicles", "vehicles", lambda e: _renamed(e, model="model_code")),
    ("roadside.yml", "contacts", "roadside", lambda e: e),
]


def _summary(where: str, problems: list[str], shown: int = 20) -> str:
    more = f"; and {len(problems) - shown} more" if len(problems) > shown else ""
    return f"{where}: " + "; ".join(problems[:shown]) + more


def _read(path: Path) -> dict[str, Any]:
    if not path.exists():
        return {}
    try:
        # libyaml's safe loader: the same documents, read ~10x faster than yaml.safe_load
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        raise SeedError(f"{path.name}: not valid YAML: {error}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise SeedError(f"{path.name}: the file is a mapping with {', '.join(FILE_KEYS[path.name])}")
    unknown = sorted(set(map(str, data)) - set(FILE_KEYS[path.name]))
    if unknown:
        raise SeedError(
            f"{path.name}: unknown sections {', '.join(unknown)}; expected {', '.join(FILE_KEYS[path.name])}"
        )
    return data


def _entries(file: str, section: str, data: Any) -> list[tuple[str, Any]]:
    """(how the error names the entry, the entry) of one section; items.yml's is a mapping by code."""
    if data is None:
        return []
    if section == "items":
        if not isinstance(data, dict):
            raise SeedError(f"{file}: items is a mapping of code -> names by language")
        return [(f"item {code}", {"code": code, "names": names}) for code, names in data.items()]
    if not isinstance(data, list):
        raise SeedError(f"{file}: {section} is a list")
    return [(f"{section} row {n}", entry) for n, entry in enumerate(data, start=1)]


def _rows(file: str, section: str, resource_name: str, mapper: Mapper, data: Any) -> list[tuple[str, Row]]:
    """(how an error names it, the validated row) of each entry; SeedError naming every bad one."""
    resource = RESOURCES[resource_name]
    rows: list[tuple[str, Row]] = []
    problems: list[str] = []
    seen: dict[Key, str] = {}
    for where, entry in _entries(file, section, data):
        try:
            if not isinstance(entry, dict):
                raise ValueError("not a mapping of fields")
            fields = mapper(entry)
            row = resource.row.model_validate(fields)
        except ValidationError as error:
            problems += [f"{where}: {Reason(_shown(r.field), r.message)}" for r in reasons_of(error)]
            continue
        except ValueError as error:
            problems.append(f"{where}: {error}")
            continue
        key = resource.key_of(row)
        if key in seen:
            problems.append(f"{where}: {resource.format_key(key)} is also {seen[key]}")
            continue
        seen[key] = where
        rows.append((f"{where} ({resource.format_key(key)})", row))
    if problems:
        raise SeedError(_summary(file, problems))
    return rows


def load_seed(session: Session, directory: Path, markets: Markets | None = None) -> dict[str, int]:
    """Upsert every row of the seed files by key; rows per resource. A missing file loads nothing.

    The caller owns the transaction (commit after, roll back on SeedError). `markets`
    gives a centre without hours or timezone its market's (config/markets.yml).
    """
    if not directory.is_dir():
        raise SeedError(f"{directory}: no such directory")
    files = {name: _read(directory / name) for name in FILE_KEYS}
    loaded: dict[str, int] = {}
    for file, section, resource_name, mapper in SECTIONS:
        resource = RESOURCES[resource_name]
        rows = _rows(file, section, resource_name, mapper, files[file].get(section))
        known = Known.load(session)  # after the sections before it are flushed: they may be referred to
        problems = [
            f"{where}: {'; '.join(_describe(reasons))}"
            for where, row in rows
            if (reasons := resource.settle(row, known, markets))
        ]
        if problems:
            raise SeedError(_summary(file, problems))
        created, updated = repo.upsert_many(session, resource.model, [resource.values(row) for _, row in rows])
        loaded[resource_name] = created + updated
    return loaded


def _describe(reasons: list[Reason]) -> list[str]:
    return [str(Reason(_shown(r.field), r.message)) for r in reasons]


def load_seed_if_empty(engine: Engine, directory: Path, markets_path: Path | None) -> dict[str, int] | None:
    """Load the seed files into an empty catalogue (no vehicle model yet); None when it has
    rows already, so the admins' edits survive a restart. SeedError on a bad file."""
    sessions = sessionmaker(engine, expire_on_commit=False)
    with sessions() as session:
        if repo.count(session, VehicleModel):
            return None
    markets = Markets.load(markets_path) if markets_path is not None and markets_path.exists() else None
    try:
        with sessions.begin() as session:
            loaded = load_seed(session, directory, markets)
    except IntegrityError:
        # Another replica starting at the same time loaded them first.
        with sessions() as session:
            if repo.count(session, VehicleModel):
                return None
        raise
    log.info("service desk catalogue loaded from %s: %s", directory, loaded)
    return loaded

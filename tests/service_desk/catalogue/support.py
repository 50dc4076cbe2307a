"""Small seed files written by the tests, and a migrated database on each backend."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session, sessionmaker

from storage.engine import create_engine, migrate, session_factory

SEED = {
    "items.yml": """
items:
  engine_oil:
    {en: "engine oil", ru: "моторное масло", az: "mühərrik yağı", kk: "мотор майы", ka: "ძრავის ზეთი", ne: "इन्जिन तेल"}
  oil_filter:
    {en: "oil filter", ru: "масляный фильтр", az: "yağ filtri", kk: "май сүзгісі", ka: "ზეთის ფილტრი", ne: "तेल फिल्टर"}
  wear_parts:
    en: "wear parts"
    ru: "расходники"
    az: "sərf hissələri"
    kk: "тозатын бөлшектер"
    ka: "ცვეთადი ნაწილები"
    ne: "खिइने पार्टपुर्जा"
""",
    "models.yml": """
models:
  - code: test-ice
    make: Chery
    name: Tiggo 7
    powertrain: ice
    aliases: ["Tiggo 7", "Тигго 7"]
  - code: test-ev
    make: Zeekr
    name: "001"
    powertrain: ev
""",
    "warranty.yml": """
policies:
  - model: test-ice
    market: "*"
    general: {years: 5, km: 150000}
    powertrain: {years: 7, km: 200000}
    corrosion: {years: 6}
    exclusions: [wear_parts]
  - model: test-ev
    market: AZ
    general: {years: 4, km: null}
    battery: {years: 8, km: 160000, capacity_pct: 70}
    drive_unit: {years: 8, km: 160000}
""",
    "maintenance.yml": """
schedules:
  - model: test-ice
    interval_km: 10000
    interval_months: 12
    visits:
      - every: 1
        items: [engine_oil, oil_filter]
""",
    "centres.yml": """
cities:
  - code: baku
    market: AZ
    names: ["Baku", "Bakı", "Баку"]
centres:
  - code: baku-one
    name: "Baku One"
    city: baku
    address: "1 Test St"
    phone: "+994 12 555 0101"
    hours: {mon: "08:00-17:00"}
    timezone: Asia/Baku
    languages: [az, ru]
    latitude: 40.4
    longitude: 49.8
    bays: 3
    slot_minutes: 30
  - code: baku-two
    name: "Baku Two"
    city: baku
    address: "2 Test St"
    phone: "+994 12 555 0102"
    latitude: 40.41
    longitude: 49.81
    models: [test-ev]
""",
    "vehicles.yml": """
vehicles:
  - vin: lvvdb21b5rd123456
    model: test-ice
    sale_date: 2024-03-15
    market: AZ
    owner_name: "Elvin Məmmədov"
    owner_phone: "+994 50 123 45 67"
""",
    "roadside.yml": """
contacts:
  - market: AZ
    emergency: 112
    roadside: "+994 12 555 0199"
""",
}

MARKETS = """
default: AZ
markets:
  AZ:
    timezone: Asia/Baku
    languages: [az]
    hours: {mon: "09:00-18:00", sat: "10:00-15:00"}
"""


def write_seed(directory: Path, **files: str | None) -> Path:
    """The seed files above, with `files` replacing some (None: left out); file names as keywords
    without `.yml` (models="...")."""
    directory.mkdir(parents=True, exist_ok=True)
    for name, text in SEED.items():
        replaced = files.get(name.removesuffix(".yml"), text)
        if replaced is not None:
            (directory / name).write_text(replaced, encoding="utf-8")
    return directory


def write_markets(path: Path) -> Path:
    path.write_text(MARKETS, encoding="utf-8")
    return path


def count(sessions: sessionmaker[Session], model: type) -> int:
    with sessions() as session:
        return int(session.execute(select(func.count()).select_from(model)).scalar_one())


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    engine = create_engine(database_url)
    migrate(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def sessions(engine: Engine) -> sessionmaker[Session]:
    return session_factory(engine)

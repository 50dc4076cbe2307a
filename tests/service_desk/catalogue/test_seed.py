"""Loading config/service_desk/ into the catalogue (service_desk/catalogue/seed.py): the
shapes of its README, all-or-nothing per load, never deleting, and only into an empty
catalogue at start-up, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from conversations.markets import Markets
from service_desk.catalogue import SeedError, load_seed, load_seed_if_empty
from service_desk.catalogue.seed import FILE_KEYS
from storage.models import (
    City,
    MaintenanceSchedule,
    RoadsideContact,
    ServiceCentre,
    ServiceItem,
    Vehicle,
    VehicleModel,
    WarrantyPolicy,
)
from tests.service_desk.catalogue.support import count, write_markets, write_seed

REAL_SEED = Path(__file__).resolve().parents[3] / "config" / "service_desk"
REAL_MARKETS = Path(__file__).resolve().parents[3] / "config" / "markets.yml"
TABLES = (VehicleModel, WarrantyPolicy, MaintenanceSchedule, ServiceItem, City, ServiceCentre, Vehicle, RoadsideContact)


def _load(sessions: sessionmaker[Session], directory: Path, markets: Markets | None = None) -> dict[str, int]:
    with sessions.begin() as session:
        return load_seed(session, directory, markets)


def _nothing_written(sessions: sessionmaker[Session]) -> bool:
    return all(count(sessions, table) == 0 for table in TABLES)


def test_the_files_fill_every_table_in_the_readme_shapes(sessions: sessionmaker[Session], tmp_path: Path) -> None:
    markets = Markets.load(write_markets(tmp_path / "markets.yml"))

    loaded = _load(sessions, write_seed(tmp_path / "seed"), markets)

    assert loaded == {
        "items": 3,
        "models": 2,
        "cities": 1,
        "centres": 2,
        "policies": 2,
        "schedules": 1,
        "vehicles": 1,
        "roadside": 1,
    }
    with sessions() as session:
        ev = session.execute(select(WarrantyPolicy).where(WarrantyPolicy.model_code == "test-ev")).scalar_one()
        assert (ev.market, ev.general_years, ev.general_km) == ("AZ", 4, None)
        assert (ev.battery_years, ev.battery_km, ev.battery_capacity_pct) == (8, 160000, 70)
        assert (ev.drive_unit_years, ev.powertrain_years, ev.exclusions) == (8, None, [])
        one, two = session.execute(select(ServiceCentre).order_by(ServiceCentre.code)).scalars()
        assert (one.market, one.timezone, one.hours, one.bays, one.slot_minutes) == (
            "AZ",
            "Asia/Baku",
            {"mon": "08:00-17:00"},
            3,
            30,
        )
        # Without its own, a centre takes its market's hours and time zone.
        assert (two.timezone, two.hours, two.models, two.bays) == (
            "Asia/Baku",
            {"mon": "09:00-18:00", "sat": "10:00-15:00"},
            ["test-ev"],
            1,
        )
        vehicle = session.execute(select(Vehicle)).scalar_one()
        assert (vehicle.vin, vehicle.sale_date, vehicle.owner_phone) == (
            "LVVDB21B5RD123456",
            date(2024, 3, 15),
            "994501234567",
        )
        assert session.execute(select(RoadsideContact.emergency)).scalar_one() == "112"
        oil = session.execute(select(ServiceItem).where(ServiceItem.code == "engine_oil")).scalar_one()
        assert set(oil.names) == {"en", "ru", "az", "kk", "ka", "ne"} and oil.names["ka"] == "ძრავის ზეთი"


def test_loading_again_updates_by_key_and_never_deletes(sessions: sessionmaker[Session], tmp_path: Path) -> None:
    markets = Markets.load(write_markets(tmp_path / "markets.yml"))
    _load(sessions, write_seed(tmp_path / "seed"), markets)
    renamed = """
models:
  - code: test-ice
    make: Chery
    name: Tiggo 7 Pro
    powertrain: ice
"""
    again = _load(sessions, write_seed(tmp_path / "seed", models=renamed), markets)

    assert again["models"] == 1
    with sessions() as session:
        names = {code: name for code, name in session.execute(select(VehicleModel.code, VehicleModel.name))}
    assert names == {"test-ice": "Tiggo 7 Pro", "test-ev": "001"}  # test-ev is no longer in the file: kept
    assert count(sessions, WarrantyPolicy) == 2


@pytest.mark.parametrize(
    ("file", "text", "reason"),
    [
        (
            "vehicles",
            "vehicles:\n  - {vin: LVVDB21B5RD123456, model: test-ice, sale_date: 2024-03-15, market: AZ}\n"
            "  - {vin: LVVDB21B5RD12345O, model: test-ice, sale_date: 2024-03-15, market: AZ}\n",
            "vehicles.yml: vehicles row 2: vin: a VIN is 17 characters",
        ),
        (
            "vehicles",
            "vehicles:\n  - {vin: LVVDB21B5RD123456, model: no-such-model, sale_date: 2024-03-15, market: AZ}\n",
            "vehicles.yml: vehicles row 1 (LVVDB21B5RD123456): model: no vehicle model 'no-such-model'",
        ),
        ("warranty", "policies:\n  - {model: test-ice, general: {years: 0}}\n", "policies row 1: general.years:"),
        ("warranty", "policies:\n  - {model: test-ice, general: {years: 5, yaers: 3}}\n", "general.yaers: Extra"),
        (
            "items",
            "items:\n  engine_oil: {en: oil, ru: масло}\n",
            "item engine_oil: names: names missing in az, kk, ka",
        ),
        ("centres", "cities: []\ncentres: []\nshops: []\n", "centres.yml: unknown sections shops"),
        ("models", "models:\n  - code: x\n    make: [unclosed\n", "models.yml: not valid YAML"),
        (
            "models",
            "models:\n  - {code: Bad Code, make: A, name: B, powertrain: ice}\n",
            "models row 1: code: a code is",
        ),
        ("models", "models:\n  - {code: a, make: A, name: B, powertrain: diesel}\n", "models row 1: powertrain:"),
        (
            "models",
            "models:\n  - {code: a, make: A, name: B, powertrain: ice}\n"
            "  - {code: a, make: A, name: C, powertrain: ev}\n",
            "models row 2: a is also models row 1",
        ),
        (
            "centres",
            "cities: [{code: baku, market: AZ, names: [Baku]}]\ncentres:\n  - {code: c, name: C, city: nowhere,"
            " address: A, phone: '1234', latitude: 1, longitude: 1, timezone: Asia/Baku, hours: {}}\n",
            "centres.yml: centres row 1 (c): city: no city 'nowhere'",
        ),
        (
            "centres",
            "cities: [{code: baku, market: AZ, names: [Baku]}]\ncentres:\n  - {code: c, name: C, city: baku,"
            " address: A, phone: '1234', latitude: 91, longitude: 1, timezone: Mars/Olympus, hours: {mon: 9-18}}\n",
            "timezone: 'Mars/Olympus' is not a time zone name",
        ),
    ],
)
def test_a_bad_file_writes_nothing_and_names_the_file_and_row(
    sessions: sessionmaker[Session], tmp_path: Path, file: str, text: str, reason: str
) -> None:
    markets = Markets.load(write_markets(tmp_path / "markets.yml"))
    with pytest.raises(SeedError) as refused:
        _load(sessions, write_seed(tmp_path / "seed", **{file: text}), markets)
    assert reason in str(refused.value)
    assert _nothing_written(sessions)


def test_a_centre_without_hours_needs_its_market(sessions: sessionmaker[Session], tmp_path: Path) -> None:
    with pytest.raises(
        SeedError, match=r"centres row 2 \(baku-two\): hours and timezone are needed: market AZ has no defaults"
    ):
        _load(sessions, write_seed(tmp_path / "seed"), markets=None)
    assert _nothing_written(sessions)


def test_missing_files_load_nothing_but_a_missing_directory_is_an_error(
    sessions: sessionmaker[Session], tmp_path: Path
) -> None:
    only_models = write_seed(tmp_path / "seed", **{name.removesuffix(".yml"): None for name in FILE_KEYS})
    (only_models / "models.yml").write_text("models:\n  - {code: a, make: A, name: B, powertrain: hev}\n")
    assert _load(sessions, only_models)["models"] == 1
    with pytest.raises(SeedError, match="no such directory"):
        _load(sessions, tmp_path / "nowhere")


def test_the_start_up_load_runs_only_on_an_empty_catalogue(engine: Engine, tmp_path: Path) -> None:
    directory = write_seed(tmp_path / "seed")
    markets = write_markets(tmp_path / "markets.yml")

    assert load_seed_if_empty(engine, directory, markets) is not None
    with engine.begin() as connection:  # an admin's edit
        connection.execute(VehicleModel.__table__.update().values(name="Edited"))
    assert load_seed_if_empty(engine, directory, markets) is None
    with engine.connect() as connection:
        assert set(connection.execute(select(VehicleModel.name)).scalars()) == {"Edited"}


def test_the_start_up_load_raises_on_a_bad_file(engine: Engine, tmp_path: Path) -> None:
    directory = write_seed(tmp_path / "seed", roadside="contacts:\n  - {market: AZ}\n")
    with pytest.raises(SeedError, match=r"roadside.yml: contacts row 1: emergency: Field required"):
        load_seed_if_empty(engine, directory, write_markets(tmp_path / "markets.yml"))
    with engine.connect() as connection:
        assert connection.execute(select(VehicleModel.code)).first() is None


def test_the_real_seed_files_load(sessions: sessionmaker[Session]) -> None:
    """config/service_desk/ as committed: every file there, every row valid and every reference resolved."""
    missing = [name for name in FILE_KEYS if not (REAL_SEED / name).is_file()]
    assert not missing, (
        f"config/service_desk/ lacks {', '.join(missing)}: a fresh installation would start without them"
    )

    loaded = _load(sessions, REAL_SEED, Markets.load(REAL_MARKETS))

    assert all(loaded[name] > 0 for name in loaded), loaded
    assert count(sessions, VehicleModel) == loaded["models"]
    assert count(sessions, Vehicle) == loaded["vehicles"]

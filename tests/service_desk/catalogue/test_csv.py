"""A catalogue resource as CSV and back (service_desk/catalogue/csv_io.py): the columns,
JSON cells, an all-or-nothing import with every bad row's number and reason, on SQLite
and PostgreSQL."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from conversations.markets import Markets
from service_desk.catalogue import RESOURCES, CsvRefused, Imported, load_seed
from service_desk.catalogue.csv_io import MAX_BYTES, MAX_ROWS, export_csv, import_csv, parse_csv
from storage.models import ServiceCentre, Vehicle, VehicleModel
from tests.service_desk.catalogue.support import count, write_markets, write_seed

MODELS = RESOURCES["models"]
VEHICLES = RESOURCES["vehicles"]


@pytest.fixture
def seeded(sessions: sessionmaker[Session], tmp_path: Path) -> sessionmaker[Session]:
    with sessions.begin() as session:
        load_seed(session, write_seed(tmp_path / "seed"), Markets.load(write_markets(tmp_path / "markets.yml")))
    return sessions


def _export(sessions: sessionmaker[Session], name: str) -> str:
    with sessions() as session:
        return export_csv(session, RESOURCES[name])


def _import(sessions: sessionmaker[Session], name: str, data: str | bytes, markets: Markets | None = None) -> Imported:
    with sessions.begin() as session:
        return import_csv(session, RESOURCES[name], data, markets)


def _refusal(sessions: sessionmaker[Session], name: str, data: str | bytes) -> list[tuple[int | None, str]]:
    with pytest.raises(CsvRefused) as refused:
        _import(sessions, name, data)
    return [(e.row, e.reason) for e in refused.value.errors]


def test_an_export_has_the_row_model_s_columns_and_json_cells(seeded: sessionmaker[Session]) -> None:
    rows = list(csv.reader(io.StringIO(_export(seeded, "centres"))))

    assert rows[0] == list(RESOURCES["centres"].columns)
    one = dict(zip(rows[0], rows[1], strict=True))
    assert one["code"] == "baku-one" and one["city_code"] == "baku" and one["active"] == "true"
    assert json.loads(one["hours"]) == {"mon": "08:00-17:00"} and json.loads(one["languages"]) == ["az", "ru"]
    vehicles = list(csv.DictReader(io.StringIO(_export(seeded, "vehicles"))))
    assert vehicles == [
        {
            "vin": "LVVDB21B5RD123456",
            "model_code": "test-ice",
            "sale_date": "2024-03-15",
            "market": "AZ",
            "owner_name": "Elvin Məmmədov",
            "owner_phone": "994501234567",
        }
    ]
    policies = list(csv.DictReader(io.StringIO(_export(seeded, "policies"))))
    ev = next(p for p in policies if p["model_code"] == "test-ev")
    assert ev["general_km"] == "" and ev["battery_capacity_pct"] == "70" and ev["exclusions"] == "[]"


def test_an_export_imports_back_unchanged(seeded: sessionmaker[Session]) -> None:
    for name in RESOURCES:
        before = _export(seeded, name)
        result = _import(seeded, name, before)
        assert result.created == 0 and result.updated == before.count("\r\n") - 1, name
        assert _export(seeded, name) == before, name


def test_an_import_creates_and_replaces_by_key(seeded: sessionmaker[Session]) -> None:
    data = (
        "vin,model_code,sale_date,market,owner_name\r\n"
        "lvvdb21b5rd123456,test-ev,2024-04-01,az,\r\n"  # an existing VIN in lowercase: replaced
        "LVVDB21B5RD654321,test-ice,2025-01-31,KZ,Айгүл\r\n"
    )
    assert _import(seeded, "vehicles", data) == Imported(created=1, updated=1)
    with seeded() as session:
        rows = {v.vin: v for v in session.execute(select(Vehicle)).scalars()}
    assert rows["LVVDB21B5RD123456"].model_code == "test-ev" and rows["LVVDB21B5RD123456"].owner_name is None
    assert rows["LVVDB21B5RD654321"].owner_name == "Айгүл" and rows["LVVDB21B5RD654321"].market == "KZ"


def test_one_bad_row_refuses_the_file_and_writes_nothing(seeded: sessionmaker[Session]) -> None:
    data = (
        "vin,model_code,sale_date,market\n"
        "LVVDB21B5RD000001,test-ice,2024-01-01,AZ\n"
        "LVVDB21B5RD00000O,test-ice,2024-01-01,AZ\n"
        "LVVDB21B5RD000003,no-such,2024-01-01,AZ\n"
        "LVVDB21B5RD000004,test-ice,not a date,AZ\n"
    )
    errors = _refusal(seeded, "vehicles", data)

    assert [row for row, _ in errors] == [3, 4, 5]
    assert "vin: a VIN is 17 characters" in errors[0][1]
    assert errors[1][1] == "model_code: no vehicle model 'no-such'"
    assert errors[2][1].startswith("sale_date:")
    assert count(seeded, Vehicle) == 1


def test_a_key_twice_in_one_file_is_refused_with_both_rows(seeded: sessionmaker[Session]) -> None:
    data = "code,make,name,powertrain\nx-1,A,B,ice\nx-2,A,B,ev\n x-1 ,A,C,ev\n"
    assert _refusal(seeded, "models", data) == [(4, "the key x-1 is also on row 2")]
    vins = "vin,model_code,sale_date,market\nLVVDB21B5RD000001,test-ice,2024-01-01,AZ\n"
    assert _refusal(seeded, "vehicles", vins + vins.splitlines()[1].lower()) == [
        (3, "the key LVVDB21B5RD000001 is also on row 2")
    ]
    assert count(seeded, VehicleModel) == 2


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "the file is empty"),
        (b'code,make,name,powertrain\nx,"unclosed,B,ice\n', "not a readable CSV line"),
        (b"code,make\x00,name\n", "NUL characters"),
        ("code,make,name,powertrain\nx,Škoda,B,ice\n".encode("cp1250"), "not UTF-8 text"),
        (b"code,maker,name,powertrain\n", "unknown columns 'maker'"),
        (b"make,name,powertrain\n", "the key columns code are missing"),
        (b"code,code,name,powertrain\n", "a column is named twice"),
        (b"code,make,name,powertrain\nx,A,B\n", "3 cells where the header has 4 columns"),
        (b"code,make,name,powertrain,aliases\nx,A,B,ice,[not json\n", "aliases: not JSON text"),
        (b'code,make,name,powertrain,aliases\nx,A,B,ice,"{""a"": 1}"\n', "aliases: Input should be a valid list"),
        (b"code,make,name,powertrain\nx,A,,ice\n", "name: Field required"),
    ],
)
def test_a_malformed_file_is_refused_with_the_reason(seeded: sessionmaker[Session], data: bytes, reason: str) -> None:
    errors = _refusal(seeded, "models", data)
    assert any(reason in text for _, text in errors), errors
    assert count(seeded, VehicleModel) == 2


def test_markup_is_stored_as_text_and_exported_as_text(seeded: sessionmaker[Session]) -> None:
    name = '<script>alert("x")</script>'
    out = io.StringIO()
    csv.writer(out).writerows(
        [
            ["code", "make", "name", "powertrain", "aliases"],
            ["x", "<b>A</b>", name, "ev", '["<img src=x onerror=alert(1)>"]'],
        ]
    )
    _import(seeded, "models", out.getvalue())
    with seeded() as session:
        row = session.execute(select(VehicleModel).where(VehicleModel.code == "x")).scalar_one()
    assert (row.make, row.name, row.aliases) == ("<b>A</b>", name, ["<img src=x onerror=alert(1)>"])
    assert name in next(r for r in csv.reader(io.StringIO(_export(seeded, "models"))) if r[0] == "x")


def test_a_file_over_the_limits_is_refused_before_parsing() -> None:
    with pytest.raises(CsvRefused, match="larger than 5 MB"):
        parse_csv(MODELS, b"code,make,name,powertrain\n" + b"x" * MAX_BYTES)
    rows = "".join(f"m{n},A,B,ice\n" for n in range(MAX_ROWS + 1))
    with pytest.raises(CsvRefused, match="more than 20,000 rows"):
        parse_csv(MODELS, "code,make,name,powertrain\n" + rows)
    assert len(parse_csv(MODELS, "code,make,name,powertrain\n" + rows[: rows.rindex("m20000")])) == MAX_ROWS


def test_a_semicolon_file_and_a_byte_order_mark_are_read(seeded: sessionmaker[Session]) -> None:
    data = '\ufeffcode;make;name;powertrain;aliases\r\nx;A;B;phev;"[""X, Y""]"\r\n\r\n'
    assert _import(seeded, "models", data.encode()) == Imported(created=1, updated=0)
    with seeded() as session:
        assert session.execute(select(VehicleModel.aliases).where(VehicleModel.code == "x")).scalar_one() == ["X, Y"]


def test_a_centre_import_takes_the_market_s_hours_and_checks_its_city(
    seeded: sessionmaker[Session], tmp_path: Path
) -> None:
    markets = Markets.load(write_markets(tmp_path / "markets.yml"))
    header = "code,name,city_code,address,phone,latitude,longitude\n"
    with pytest.raises(CsvRefused) as refused, seeded.begin() as session:
        import_csv(session, RESOURCES["centres"], header + "n,N,nowhere,A,1234,1,1\n", markets)
    assert [(e.row, e.reason) for e in refused.value.errors] == [(2, "city_code: no city 'nowhere'")]

    with seeded.begin() as session:
        import_csv(session, RESOURCES["centres"], header + "n,N,baku,A,1234,1,1\n", markets)
    with seeded() as session:
        centre = session.execute(select(ServiceCentre).where(ServiceCentre.code == "n")).scalar_one()
    assert (centre.market, centre.timezone, centre.hours["sat"]) == ("AZ", "Asia/Baku", "10:00-15:00")

"""The service desk's catalogue administration (api/routers/admin_desk.py): the same routes
for each resource, admins only, every refusal with its reason, CSV in and out, and text
that stays text; on SQLite and PostgreSQL with the gateway's real parts."""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session, sessionmaker

from api.app import create_app
from api.settings import Settings
from api.wiring import Components
from conversations.markets import Markets
from service_desk.catalogue import RESOURCES, load_seed
from staff.accounts import Accounts
from storage.engine import session_factory
from storage.models import (
    City,
    Claim,
    Customer,
    MaintenanceSchedule,
    RoadsideContact,
    ServiceCentre,
    ServiceItem,
    Vehicle,
    VehicleModel,
    WarrantyPolicy,
)
from tests.service_desk.catalogue.support import write_markets, write_seed

pytestmark = pytest.mark.anyio

TOKEN = "desk-admin-token"
PASSWORD = "correct horse battery"
BASE = "/api/admin/desk"
MODEL = {"code": "new-model", "make": "Haval", "name": "Jolion", "powertrain": "hev", "aliases": ["Жолион"]}
VEHICLE = {"vin": "LGWEF6A54NH000001", "model_code": "test-ice", "sale_date": "2024-05-01", "market": "AZ"}


@dataclass
class Desk:
    app: FastAPI
    sessions: sessionmaker[Session]

    def client(self, token: str | None = TOKEN) -> httpx.AsyncClient:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return httpx.AsyncClient(
            transport=httpx.ASGITransport(app=self.app), base_url="http://gateway.test", headers=headers
        )

    def count(self, model: type) -> int:
        with self.sessions() as session:
            return int(session.execute(select(func.count()).select_from(model)).scalar_one())


@pytest.fixture
async def desk(database_url: str, tmp_path: Path) -> AsyncIterator[Desk]:
    markets = write_markets(tmp_path / "markets.yml")
    settings = Settings(
        database_url=database_url,
        rasa_url="http://127.0.0.1:9",  # no bot here
        secret_key="test-secret",
        admin_token=TOKEN,
        media_dir=tmp_path / "media",
        markets_file=markets,
        sweep_interval=3600,
        max_body_bytes=8 * 1024 * 1024,  # so a file reaches the route's own 5 MB limit
    )
    app = create_app(settings)
    services = await Components.start(settings)
    app.state.components = services
    sessions = session_factory(services.engine)
    with sessions.begin() as session:
        # Whatever the start-up loaded, these tests start from the small seed files.
        for table in (Vehicle, WarrantyPolicy, MaintenanceSchedule, ServiceCentre, City, RoadsideContact):
            session.execute(delete(table))
        session.execute(delete(ServiceItem))
        session.execute(delete(VehicleModel))
        load_seed(session, write_seed(tmp_path / "seed"), Markets.load(markets))
    Accounts(sessions).create("aysel", PASSWORD, display_name="Aysel", role="agent", languages=["az"])
    try:
        yield Desk(app, sessions)
    finally:
        await services.stop()


# -- who may call ---------------------------------------------------------------------


ROUTES = [
    ("GET", f"{BASE}/models", None),
    ("GET", f"{BASE}/models/test-ice", None),
    ("PUT", f"{BASE}/models/new-model", MODEL),
    ("DELETE", f"{BASE}/models/test-ev", None),
    ("GET", f"{BASE}/vehicles/export.csv", None),
    ("POST", f"{BASE}/roadside/import", None),
]


@pytest.mark.parametrize(("method", "path", "body"), ROUTES)
async def test_only_admins_reach_the_catalogue(desk: Desk, method: str, path: str, body: Any) -> None:
    async with desk.client(token=None) as anonymous, desk.client(token="wrong") as wrong:
        assert (await anonymous.request(method, path, json=body)).status_code == 401
        assert (await wrong.request(method, path, json=body)).status_code == 403
    async with desk.client(token=None) as agent:
        login = await agent.post("/api/console/login", json={"username": "aysel", "password": PASSWORD})
        agent.headers["X-CSRF-Token"] = login.json()["csrf_token"]
        answer = await agent.request(method, path, json=body)
    assert answer.status_code == 403 and answer.json()["detail"] == "admins only"
    assert desk.count(VehicleModel) == 2


async def test_an_unknown_resource_is_not_found(desk: Desk) -> None:
    async with desk.client() as admin:
        for method, path in [("GET", "/garages"), ("GET", "/garages/x"), ("PUT", "/garages/x"), ("GET", "/")]:
            assert (await admin.request(method, BASE + path, json={})).status_code == 404, path


# -- rows by key ----------------------------------------------------------------------------


async def test_a_row_is_created_replaced_read_listed_and_deleted(desk: Desk) -> None:
    async with desk.client() as admin:
        created = await admin.put(f"{BASE}/models/new-model", json=MODEL)
        replaced = await admin.put(f"{BASE}/models/new-model", json=MODEL | {"name": "Jolion Pro"})
        read = await admin.get(f"{BASE}/models/new-model")
        page = await admin.get(f"{BASE}/models", params={"limit": 2, "offset": 1})
        found = await admin.get(f"{BASE}/models", params={"q": "jolion"})
        deleted = await admin.delete(f"{BASE}/models/new-model")
        gone = await admin.get(f"{BASE}/models/new-model")
        again = await admin.delete(f"{BASE}/models/new-model")

    assert created.status_code == 201 and created.json() == MODEL
    assert replaced.status_code == 200 and read.json()["name"] == "Jolion Pro"
    assert page.status_code == 200 and page.json()["total"] == 3
    assert [row["code"] for row in page.json()["items"]] == ["test-ev", "test-ice"]  # by key, from the second
    assert [row["code"] for row in found.json()["items"]] == ["new-model"] and found.json()["total"] == 1
    assert deleted.json() == {"resource": "models", "key": "new-model", "deleted": True}
    assert gone.status_code == 404 and again.status_code == 404


async def test_every_change_is_in_the_audit_log_with_the_row_before_and_after(desk: Desk) -> None:
    async with desk.client() as admin:
        await admin.put(f"{BASE}/models/new-model", json=MODEL)
        await admin.put(f"{BASE}/models/new-model", json=MODEL | {"name": "Jolion Pro"})
        await admin.delete(f"{BASE}/models/new-model")
        await admin.get(f"{BASE}/models/test-ice")  # reading changes nothing: no entry
        entries = (await admin.get("/api/admin/audit", params={"action": "desk."})).json()
    assert [(e["actor"], e["action"], e["subject"]) for e in entries] == [
        ("admin-token", "desk.models.delete", "vehicle model new-model"),
        ("admin-token", "desk.models.put", "vehicle model new-model"),
        ("admin-token", "desk.models.put", "vehicle model new-model"),
    ]
    deleted, replaced, created = entries
    assert created["before"] is None and created["after"] == MODEL
    assert replaced["before"] == MODEL and replaced["after"]["name"] == "Jolion Pro"
    assert deleted["before"]["name"] == "Jolion Pro" and deleted["after"] is None


async def test_a_policy_is_addressed_by_model_and_market(desk: Desk) -> None:
    policy = {"model_code": "test-ice", "market": "GE", "general_years": 3, "general_km": 100000}
    async with desk.client() as admin:
        created = await admin.put(f"{BASE}/policies/test-ice:ge", json=policy)
        default = await admin.get(f"{BASE}/policies/test-ice:*")
        mismatch = await admin.put(f"{BASE}/policies/test-ice:AZ", json=policy)
        no_market = await admin.get(f"{BASE}/policies/test-ice")
        listed = await admin.get(f"{BASE}/policies")

    assert created.status_code == 201 and created.json()["market"] == "GE" and created.json()["exclusions"] == []
    assert default.status_code == 200 and default.json()["exclusions"] == ["wear_parts"]
    assert mismatch.status_code == 422
    assert mismatch.json()["detail"] == [
        {"loc": ["body", "market"], "msg": "'GE' in the body, 'AZ' in the path", "type": "value_error"}
    ]
    assert no_market.status_code == 422 and "model_code:market" in no_market.json()["detail"][0]["msg"]
    assert [(p["model_code"], p["market"]) for p in listed.json()["items"]] == [
        ("test-ev", "AZ"),
        ("test-ice", "*"),
        ("test-ice", "GE"),
    ]


async def test_a_bad_vin_or_an_unknown_model_is_refused_with_the_reason(desk: Desk) -> None:
    async with desk.client() as admin:
        bad_vin = await admin.put(f"{BASE}/vehicles/LGWEF6A54NH00000O", json=VEHICLE | {"vin": "LGWEF6A54NH00000O"})
        short = await admin.get(f"{BASE}/vehicles/LGWEF6A54")
        unknown = await admin.put(f"{BASE}/vehicles/{VEHICLE['vin']}", json=VEHICLE | {"model_code": "no-such"})
        lowercase = await admin.put(
            f"{BASE}/vehicles/{VEHICLE['vin'].lower()}", json=VEHICLE | {"vin": "lgwef6a54nh000001"}
        )

    assert bad_vin.status_code == 422
    assert any("a VIN is 17 characters" in e["msg"] for e in bad_vin.json()["detail"])
    assert short.status_code == 422 and short.json()["detail"][0]["loc"] == ["path", "vin"]
    assert unknown.status_code == 422
    assert unknown.json()["detail"] == [
        {"loc": ["body", "model_code"], "msg": "no vehicle model 'no-such'", "type": "value_error"}
    ]
    assert lowercase.status_code == 201 and lowercase.json()["vin"] == VEHICLE["vin"]
    assert desk.count(Vehicle) == 2


@pytest.mark.parametrize(
    ("resource", "key", "body", "reason"),
    [
        ("items", "oil", {"code": "oil", "names": {"en": "oil"}}, "names missing in ru, az, kk, ka, ne"),
        ("models", "m", MODEL | {"code": "m", "powertrain": "steam"}, "Input should be 'ice'"),
        ("models", "m", MODEL | {"code": "m", "colour": "red"}, "Extra inputs are not permitted"),
        ("cities", "x", {"code": "x", "market": "AZ", "names": []}, "at least 1 item"),
        (
            "schedules",
            "test-ev",
            {"model_code": "test-ev", "interval_km": 0, "interval_months": 12, "visits": []},
            "greater than 0",
        ),
        (
            "schedules",
            "test-ev",
            {
                "model_code": "test-ev",
                "interval_km": 15000,
                "interval_months": 12,
                "visits": [{"every": 1, "items": ["x"]}],
            },
            "no service item 'x'",
        ),
        ("roadside", "GE", {"market": "GE", "emergency": "112", "roadside": "dial 5"}, "a phone number has digits"),
    ],
)
async def test_an_invalid_row_is_refused_with_the_reason(
    desk: Desk, resource: str, key: str, body: dict[str, Any], reason: str
) -> None:
    async with desk.client() as admin:
        answer = await admin.put(f"{BASE}/{resource}/{key}", json=body)
    assert answer.status_code == 422
    assert any(reason in error["msg"] for error in answer.json()["detail"]), answer.json()


async def test_a_centre_takes_its_city_s_market_and_the_market_s_hours(desk: Desk) -> None:
    centre = {
        "code": "baku-three",
        "name": "Baku Three",
        "city_code": "baku",
        "address": "3 Test St",
        "phone": "+994 12 555 0103",
        "latitude": 40.42,
        "longitude": 49.82,
    }
    async with desk.client() as admin:
        created = await admin.put(f"{BASE}/centres/baku-three", json=centre)
        bad = [
            await admin.put(f"{BASE}/centres/baku-three", json=centre | change)
            for change in (
                {"city_code": "nowhere"},
                {"market": "KZ"},
                {"timezone": "Europe/Atlantis"},
                {"hours": {"mon": "18:00-09:00"}},
                {"bays": 0},
                {"slot_minutes": 5},
                {"latitude": 100},
                {"models": ["no-such"]},
            )
        ]

    assert created.status_code == 201
    assert (created.json()["market"], created.json()["timezone"]) == ("AZ", "Asia/Baku")
    assert created.json()["hours"] == {"mon": "09:00-18:00", "sat": "10:00-15:00"}
    assert [answer.status_code for answer in bad] == [422] * 8
    assert bad[0].json()["detail"][0]["msg"] == "no city 'nowhere'"
    assert bad[1].json()["detail"][0]["msg"] == "the city 'baku' is in market AZ, not KZ"


async def test_deleting_what_other_rows_refer_to_is_a_conflict(desk: Desk) -> None:
    with desk.sessions.begin() as session:
        customer = Customer(channel="webchat", external_id="c-1")
        session.add(customer)
        session.flush()
        session.add(
            Claim(
                reference="WC-TEST01",
                customer_id=customer.id,
                vin="LVVDB21B5RD123456",
                model_code="test-ev",
                mileage_km=1000,
                symptom="noise",
                symptom_key="noise",
            )
        )
    async with desk.client() as admin:
        model_with_vehicles = await admin.delete(f"{BASE}/models/test-ice")
        model_with_claims = await admin.delete(f"{BASE}/models/test-ev")
        city_with_centres = await admin.delete(f"{BASE}/cities/baku")
        item_in_policies = await admin.delete(f"{BASE}/items/wear_parts")
        vehicle_with_claims = await admin.delete(f"{BASE}/vehicles/LVVDB21B5RD123456")
        free_policy = await admin.delete(f"{BASE}/policies/test-ev:AZ")

    assert model_with_vehicles.status_code == 409
    assert model_with_vehicles.json()["detail"] == "the vehicle model test-ice is used by 1 vehicles"
    assert (
        model_with_claims.status_code == 409
        and "1 warranty claims, 1 service centres" in model_with_claims.json()["detail"]
    )
    assert city_with_centres.status_code == 409 and "2 service centres" in city_with_centres.json()["detail"]
    assert item_in_policies.status_code == 409 and "1 warranty policies" in item_in_policies.json()["detail"]
    assert vehicle_with_claims.status_code == 409
    assert free_policy.status_code == 200
    assert desk.count(VehicleModel) == 2 and desk.count(City) == 1 and desk.count(WarrantyPolicy) == 1


async def test_markup_in_names_is_stored_and_answered_as_text(desk: Desk) -> None:
    script = '<script>alert("x")</script>'
    body = MODEL | {"name": script[:64], "aliases": ["<img src=x onerror=alert(1)>"]}
    async with desk.client() as admin:
        saved = await admin.put(f"{BASE}/models/new-model", json=body)
        read = await admin.get(f"{BASE}/models/new-model")
        exported = await admin.get(f"{BASE}/models/export.csv")

    assert saved.status_code == 201 and read.json()["name"] == script and read.json()["aliases"] == body["aliases"]
    assert read.headers["content-type"] == "application/json"
    assert exported.headers["content-type"].startswith("text/csv")
    assert exported.headers["x-content-type-options"] == "nosniff"
    rows = csv.DictReader(io.StringIO(exported.content.decode("utf-8-sig")))
    assert next(row for row in rows if row["code"] == "new-model")["name"] == script
    with desk.sessions() as session:
        assert session.execute(select(VehicleModel.name).where(VehicleModel.code == "new-model")).scalar_one() == script


# -- CSV --------------------------------------------------------------------------------------


async def test_an_export_is_a_csv_file_that_imports_back(desk: Desk) -> None:
    async with desk.client() as admin:
        exported = await admin.get(f"{BASE}/vehicles/export.csv")
        imported = await admin.post(
            f"{BASE}/vehicles/import", content=exported.content, headers={"Content-Type": "text/csv"}
        )

    assert exported.status_code == 200
    assert exported.headers["content-disposition"] == 'attachment; filename="vehicles.csv"'
    rows = list(csv.DictReader(io.StringIO(exported.content.decode("utf-8-sig"))))
    assert [row["vin"] for row in rows] == ["LVVDB21B5RD123456"] and rows[0]["owner_name"] == "Elvin Məmmədov"
    assert imported.status_code == 200 and imported.json() == {"created": 0, "updated": 1}


async def test_an_import_creates_and_updates_by_key(desk: Desk) -> None:
    data = (
        "vin,model_code,sale_date,market,owner_name,owner_phone\n"
        "LVVDB21B5RD123456,test-ice,2024-03-15,AZ,Elvin,994501234567\n"
        "lgwef6a54nh000002,test-ev,2025-02-01,KZ,Айгүл,+7 701 123 45 67\n"
    )
    async with desk.client() as admin:
        answer = await admin.post(
            f"{BASE}/vehicles/import", content=data.encode(), headers={"Content-Type": "text/csv"}
        )
        read = await admin.get(f"{BASE}/vehicles/LGWEF6A54NH000002")
    assert answer.json() == {"created": 1, "updated": 1}
    assert read.json() == {
        "vin": "LGWEF6A54NH000002",
        "model_code": "test-ev",
        "sale_date": "2025-02-01",
        "market": "KZ",
        "owner_name": "Айгүл",
        "owner_phone": "77011234567",
    }


@pytest.mark.parametrize(
    ("data", "row", "reason"),
    [
        (
            "vin,model_code,sale_date,market\nLGWEF6A54NH000003,test-ice,2024-01-01,AZ\nBAD,test-ice,2024-01-01,AZ\n",
            3,
            "VIN",
        ),
        ("vin,model_code,sale_date,market\nLGWEF6A54NH000003,nope,2024-01-01,AZ\n", 2, "no vehicle model 'nope'"),
        (
            "vin,model_code,sale_date,market\nLGWEF6A54NH000003,test-ice,2024-01-01,AZ\nLGWEF6A54NH000003,test-ev,2024-01-01,AZ\n",
            3,
            "the key LGWEF6A54NH000003 is also on row 2",
        ),
        ('vin,model_code,sale_date,market\n"LGWEF6A54NH000003,test-ice,2024-01-01,AZ\n', 2, "not a readable CSV line"),
        ("vin,model,sale_date,market\n", 1, "unknown columns 'model'"),
        ("", None, "the file is empty"),
    ],
)
async def test_a_bad_file_imports_nothing_and_says_which_row(
    desk: Desk, data: str, row: int | None, reason: str
) -> None:
    async with desk.client() as admin:
        answer = await admin.post(
            f"{BASE}/vehicles/import", content=data.encode(), headers={"Content-Type": "text/csv"}
        )
    assert answer.status_code == 422
    body = answer.json()
    assert body["detail"].startswith("nothing imported")
    assert any(e["row"] == row and reason in e["reason"] for e in body["errors"]), body
    assert desk.count(Vehicle) == 1


async def test_an_import_must_be_a_csv_body_of_bounded_size(desk: Desk) -> None:
    async with desk.client() as admin:
        as_json = await admin.post(f"{BASE}/models/import", json={"code": "x"})
        huge = await admin.post(
            f"{BASE}/models/import",
            content=b"code,make,name,powertrain\n" + b"x" * (6 * 1024 * 1024),
            headers={"Content-Type": "text/csv"},
        )
    assert as_json.status_code == 415
    assert huge.status_code == 413
    assert desk.count(VehicleModel) == 2


async def test_a_page_is_at_most_500_rows(desk: Desk) -> None:
    async with desk.client() as admin:
        assert (await admin.get(f"{BASE}/vehicles", params={"limit": 501})).status_code == 422
        assert (await admin.get(f"{BASE}/vehicles", params={"offset": -1})).status_code == 422
        assert (await admin.get(f"{BASE}/vehicles", params={"q": "x" * 101})).status_code == 422
        assert (await admin.get(f"{BASE}/vehicles", params={"q": "100%_"})).json() == {"items": [], "total": 0}


# -- the OpenAPI document ------------------------------------------------------------------------


def test_every_resource_has_its_six_typed_routes_in_openapi() -> None:
    app = create_app(Settings(database_url="sqlite://", secret_key="s", admin_token="t"))
    document = app.openapi()
    schemas = document["components"]["schemas"]
    operations = {
        (method.upper(), path): operation
        for path, methods in document["paths"].items()
        if path.startswith(BASE)
        for method, operation in methods.items()
    }
    expected = {
        (method, f"{BASE}/{name}{suffix}")
        for name in RESOURCES
        for method, suffix in [
            ("GET", ""),
            ("GET", "/export.csv"),
            ("POST", "/import"),
            ("GET", "/{key}"),
            ("PUT", "/{key}"),
            ("DELETE", "/{key}"),
        ]
    }
    assert set(operations) == expected

    def described(schema: dict[str, Any]) -> bool:
        if "$ref" in schema:
            return bool(schemas[schema["$ref"].rsplit("/", 1)[-1]].get("properties"))
        if "anyOf" in schema:
            return all(described(option) for option in schema["anyOf"])
        return schema.get("type") == "string" and schema.get("format") == "binary"

    for (method, path), operation in operations.items():
        assert {"401", "403"} <= set(operation["responses"]), (method, path)
        for status, response in operation["responses"].items():
            for media, body in response.get("content", {}).items():
                assert described(body["schema"]), (method, path, status, media)
    vehicles_put = operations[("PUT", f"{BASE}/vehicles/{{key}}")]
    assert vehicles_put["requestBody"]["content"]["application/json"]["schema"]["$ref"].endswith("/VehicleRow")
    assert set(operations[("GET", f"{BASE}/models/export.csv")]["responses"]["200"]["content"]) == {"text/csv"}
    assert "text/csv" in operations[("POST", f"{BASE}/items/import")]["requestBody"]["content"]
    assert schemas["ModelPage"]["properties"]["items"]["items"]["$ref"].endswith("/ModelRow")

"""The desk API, as the action server calls it: the specification of every answer a form gets.

In-process app on SQLite and PostgreSQL with the shipped seed data (config/service_desk/),
loaded at start-up as on a fresh installation. Conversations are created the way the
inbox creates them.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from api.app import create_app
from api.settings import Settings
from api.wiring import Components
from channels.base import InboundMessage
from conversations.intake import InboundStore
from storage.engine import session_factory
from storage.models import Booking, Claim, ClaimAttachment, Conversation

pytestmark = pytest.mark.anyio
TOKEN = "desk-token-for-tests"
README_VIN = "LVVDB21B5RD123456"  # a Chery Tiggo 7 sold in Azerbaijan on 2024-03-15 (vehicles.yml)


@dataclass
class Desk:
    services: Components
    client: httpx.AsyncClient
    intake: InboundStore

    async def conversation(self, channel: str = "webchat", sender: str = "c-1", text: str = "hello") -> str:
        received = await self.intake.receive(
            InboundMessage(channel=channel, sender_id=sender, text=text, provider_message_id=f"{sender}-{text}")
        )
        with self.services.engine.connect() as connection:
            return str(
                connection.execute(
                    select(Conversation.public_id).where(Conversation.id == received.conversation_id)
                ).scalar_one()
            )

    async def post(self, path: str, **body: Any) -> httpx.Response:
        return await self.client.post(f"/api/desk{path}", json=body, headers={"Authorization": f"Bearer {TOKEN}"})


@pytest.fixture
async def desk(database_url: str, tmp_path: Path) -> AsyncIterator[Desk]:
    settings = Settings(
        database_url=database_url,
        rasa_url="http://127.0.0.1:9",
        secret_key="test-secret",
        admin_token="admin-token",
        desk_token=TOKEN,
        media_dir=tmp_path / "media",
        sweep_interval=3600,
    )
    app = create_app(settings)
    services = await Components.start(settings)
    app.state.components = services
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://gateway.test") as client:
        try:
            yield Desk(services, client, InboundStore(session_factory(services.engine), services.detector))
        finally:
            await services.stop()


def reason(answer: httpx.Response) -> str:
    return str(answer.json()["detail"]["reason"])


async def test_the_desk_answers_only_the_action_servers_token(desk: Desk) -> None:
    conversation = await desk.conversation()
    body = {"conversation": conversation, "vin": README_VIN}
    assert (await desk.client.post("/api/desk/vehicle", json=body)).status_code == 401
    wrong = await desk.client.post("/api/desk/vehicle", json=body, headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 403


async def test_a_registered_vin_gives_model_sale_date_and_market(desk: Desk) -> None:
    conversation = await desk.conversation()
    answer = await desk.post("/vehicle", conversation=conversation, vin="lvvdb21b5rd 123456")
    assert answer.status_code == 200
    assert answer.json() | {"model_year": None} == {
        "vin": README_VIN,
        "known": True,
        "model_code": "chery-tiggo-7",
        "model_name": "Chery Tiggo 7",
        "sale_date": "2024-03-15",
        "market": "AZ",
        "manufacturer": "Chery",
        "model_year": None,
    }


async def test_an_unregistered_vin_still_says_its_maker_and_year(desk: Desk) -> None:
    conversation = await desk.conversation()
    answer = (await desk.post("/vehicle", conversation=conversation, vin="LGXCE4CB0R0999999")).json()
    assert (answer["known"], answer["manufacturer"], answer["model_year"]) == (False, "BYD Auto", 2024)


@pytest.mark.parametrize(("vin", "why"), [("LVVDB21B5RD1234", "vin_length"), ("LVVDB21B5RD12345!", "vin_characters")])
async def test_a_malformed_vin_is_refused_with_its_reason(desk: Desk, vin: str, why: str) -> None:
    conversation = await desk.conversation()
    answer = await desk.post("/vehicle", conversation=conversation, vin=vin)
    assert (answer.status_code, reason(answer)) == (422, why)


async def test_coverage_is_told_in_the_customers_language(desk: Desk) -> None:
    conversation = await desk.conversation()
    english = (await desk.post("/coverage", conversation=conversation, vin=README_VIN, mileage_km=45_000)).json()
    assert english["model"] == "Chery Tiggo 7"
    assert english["start"] == "15 March 2024"
    assert "covered until" in english["lines"]
    assert english["anything_covered"] is True
    russian = (
        await desk.post("/coverage", conversation=conversation, vin=README_VIN, mileage_km=45_000, language="ru")
    ).json()
    assert russian["start"] == "15 марта 2024"
    assert "45\u202f000" in russian["mileage"]


async def test_coverage_without_a_vin_needs_model_and_purchase_date(desk: Desk) -> None:
    conversation = await desk.conversation()
    missing = await desk.post("/coverage", conversation=conversation, model_code="byd-atto-3", mileage_km=1000)
    assert (missing.status_code, reason(missing)) == (422, "need_model_and_date")
    answer = await desk.post(
        "/coverage", conversation=conversation, model_code="byd-atto-3", purchase_date="2025-05-10", mileage_km=1000
    )
    assert answer.status_code == 200
    assert answer.json()["model"] == "BYD Atto 3"


@pytest.mark.parametrize("mileage", [-1, 9_999_999])
async def test_an_absurd_mileage_is_refused(desk: Desk, mileage: int) -> None:
    conversation = await desk.conversation()
    answer = await desk.post("/coverage", conversation=conversation, vin=README_VIN, mileage_km=mileage)
    assert answer.status_code == 422


async def test_the_next_service_of_a_model_named_in_words(desk: Desk) -> None:
    conversation = await desk.conversation()
    model = (await desk.post("/models/match", text="when is my next service, chery tiggo 7, 28000 km")).json()
    assert model["code"] == "chery-tiggo-7"
    due = (
        await desk.post("/maintenance", conversation=conversation, model_code=model["code"], mileage_km=28_000)
    ).json()
    assert "30,000 km" in due["when"]
    assert due["items"]


async def test_an_unknown_model_is_a_404_listing_the_known_ones(desk: Desk) -> None:
    answer = await desk.post("/models/match", text="a flying carpet")
    assert (answer.status_code, reason(answer)) == (404, "unknown_model")
    assert "Chery Tiggo 7" in answer.json()["detail"]["models"]


async def test_a_claim_gets_a_reference_and_a_repeat_is_linked_not_duplicated(desk: Desk) -> None:
    conversation = await desk.conversation()
    first = await desk.post(
        "/claims", conversation=conversation, vin=README_VIN, mileage_km=45_000, symptom="the AC stopped cooling"
    )
    assert first.status_code == 201
    opened = first.json()
    assert opened["reference"].startswith("WC-") and len(opened["reference"]) == 9
    assert (opened["linked"], opened["handoff_priority"]) == (False, None)
    again = (
        await desk.post(
            "/claims",
            conversation=conversation,
            vin=README_VIN,
            mileage_km=45_100,
            symptom="air conditioning blows warm",
        )
    ).json()
    assert (again["linked"], again["reference"]) == (True, opened["reference"])
    with desk.services.engine.connect() as connection:
        assert connection.execute(select(Claim.id)).all().__len__() == 1


async def test_a_safety_defect_is_handed_to_a_technician_at_once(desk: Desk) -> None:
    conversation = await desk.conversation()
    opened = (
        await desk.post(
            "/claims",
            conversation=conversation,
            vin=README_VIN,
            mileage_km=45_000,
            symptom="the brake pedal goes to the floor",
        )
    ).json()
    assert opened["handoff_priority"] == 2  # urgent
    assert opened["reference"] in opened["handoff_reason"]


async def test_a_claim_status_by_reference_and_by_the_customers_own_claims(desk: Desk) -> None:
    conversation = await desk.conversation()
    opened = (
        await desk.post("/claims", conversation=conversation, vin=README_VIN, mileage_km=1, symptom="radio is dead")
    ).json()
    other = await desk.conversation(sender="c-2")
    by_reference = (
        await desk.post("/claims/status", conversation=other, text=f"status of {opened['reference'].lower()}?")
    ).json()
    assert [c["reference"] for c in by_reference["claims"]] == [opened["reference"]]
    own = (await desk.post("/claims/status", conversation=conversation, text="where is my claim")).json()
    assert [c["stage"] for c in own["claims"]] == ["submitted"]
    unknown = await desk.post("/claims/status", conversation=other, text="WC-2222AA")
    assert (unknown.status_code, reason(unknown)) == (404, "unknown_claim")


async def test_photos_sent_around_a_claim_are_filed_with_it(desk: Desk) -> None:
    conversation_id = await desk.conversation()
    opened = (
        await desk.post(
            "/claims", conversation=conversation_id, vin=README_VIN, mileage_km=1, symptom="scratched paint"
        )
    ).json()
    with desk.services.engine.connect() as connection:
        assert connection.execute(select(ClaimAttachment)).first() is None
    assert opened["photos"] == 0


async def test_centres_by_city_in_any_script_and_nearest_first_from_a_location(desk: Desk) -> None:
    conversation = await desk.conversation()
    in_russian = (await desk.post("/centres", conversation=conversation, text="в Баку", language="ru")).json()
    assert in_russian["city"] == "Баку"
    assert in_russian["centres"]
    nearby = (await desk.post("/centres", conversation=conversation, latitude=41.7151, longitude=44.8271)).json()
    assert [c["distance_km"] for c in nearby["centres"]] == sorted(c["distance_km"] for c in nearby["centres"])
    assert nearby["centres"][0]["distance_km"] < 15  # Tbilisi
    unknown = await desk.post("/centres", conversation=conversation, text="Paris")
    assert (unknown.status_code, reason(unknown)) == (404, "unknown_city")


async def test_book_a_slot_then_it_is_taken_then_cancel_frees_it(desk: Desk) -> None:
    first, second = await desk.conversation(sender="c-1"), await desk.conversation(sender="c-2")
    centre = (await desk.post("/centres", conversation=first, text="Baku")).json()["centres"][0]["code"]
    offer = (await desk.post("/slots", conversation=first, centre=centre, text="")).json()
    slot = offer["slots"][0]["starts_at"]
    booked = await desk.post("/bookings", conversation=first, centre=centre, starts_at=slot)
    assert booked.status_code == 201, booked.text
    reference = booked.json()["reference"]
    bays = (await desk.post("/slots", conversation=first, centre=centre, text=offer["day_iso"])).json()
    for _ in range(10):  # fill every other bay of that slot
        if not any(s["starts_at"] == slot for s in bays["slots"]):
            break
        await desk.post("/bookings", conversation=second, centre=centre, starts_at=slot)
        bays = (await desk.post("/slots", conversation=first, centre=centre, text=offer["day_iso"])).json()
    taken = await desk.post("/bookings", conversation=second, centre=centre, starts_at=slot)
    assert (taken.status_code, reason(taken)) == (409, "slot_taken")
    upcoming = (await desk.post("/bookings/upcoming", conversation=first)).json()["bookings"]
    assert [b["reference"] for b in upcoming] == [reference]
    cancelled = await desk.post(f"/bookings/{reference}/cancel", conversation=first)
    assert cancelled.status_code == 200
    again = await desk.post("/bookings", conversation=second, centre=centre, starts_at=slot)
    assert again.status_code == 201


async def test_a_day_in_the_past_is_refused_with_the_day_named(desk: Desk) -> None:
    conversation = await desk.conversation()
    answer = await desk.post("/day", conversation=conversation, text="12.01.2020")
    assert (answer.status_code, reason(answer)) == (422, "date_in_past")
    tomorrow = (await desk.post("/day", conversation=conversation, text="tomorrow at 10")).json()
    expected = (datetime.now(UTC) + timedelta(days=1)).date().isoformat()
    assert tomorrow["day_iso"] in (expected, (datetime.now(UTC) + timedelta(days=2)).date().isoformat())
    assert tomorrow["time"] == "10:00"


async def test_roadside_numbers_follow_the_market_not_the_language(desk: Desk) -> None:
    georgian_number = await desk.conversation(
        channel="whatsapp", sender="995555123456", text="помогите, машина сломалась"
    )
    answer = (await desk.post("/roadside", conversation=georgian_number, language="ru")).json()
    assert answer["market"] == "GE"
    registered = await desk.conversation(sender="c-9", text="help")
    by_vehicle = (await desk.post("/roadside", conversation=registered, vin=README_VIN)).json()
    assert by_vehicle["market"] == "AZ"
    # A Russian speaker in the web chat, stranded near Tbilisi, shares where the car is.
    located = await desk.conversation(sender="c-10", text="машина сломалась")
    where = (await desk.post("/roadside", conversation=located, language="ru", latitude=41.72, longitude=44.79)).json()
    assert where["market"] == "GE"


async def test_bad_input_is_a_4xx_never_a_500(desk: Desk) -> None:
    conversation = await desk.conversation()
    cases: list[tuple[str, dict[str, Any]]] = [
        ("/vehicle", {"conversation": "no-such", "vin": README_VIN}),
        ("/vehicle", {"conversation": conversation}),
        ("/claims", {"conversation": conversation, "vin": README_VIN, "mileage_km": 5, "symptom": ""}),
        ("/slots", {"conversation": conversation, "centre": "nowhere"}),
        ("/bookings", {"conversation": conversation, "centre": "nowhere", "starts_at": "2030-01-01T00:00:00Z"}),
        ("/day", {"conversation": conversation, "text": "<script>alert(1)</script>"}),
        ("/centres", {"conversation": conversation, "text": "\u202e\u0000"}),
    ]
    for path, body in cases:
        answer = await desk.post(path, **body)
        assert 400 <= answer.status_code < 500, (path, answer.status_code, answer.text)


async def test_a_write_asked_again_under_its_key_is_done_once(desk: Desk) -> None:
    conversation = await desk.conversation()
    claim = {"conversation": conversation, "vin": README_VIN, "mileage_km": 1, "symptom": "the horn is silent"}
    first = (await desk.post("/claims", **claim, request_key="41:action_open_claim")).json()
    again = (await desk.post("/claims", **claim, request_key="41:action_open_claim")).json()
    assert again == first
    centre = (await desk.post("/centres", conversation=conversation, text="Baku")).json()["centres"][0]["code"]
    slot = await desk.post("/slots", conversation=conversation, centre=centre, text="")
    starts_at = slot.json()["slots"][0]["starts_at"]
    booking = {"conversation": conversation, "centre": centre, "starts_at": starts_at, "request_key": "42:action_book"}
    booked, rebooked = (await desk.post("/bookings", **booking)), (await desk.post("/bookings", **booking))
    assert booked.json()["reference"] == rebooked.json()["reference"]
    cancel = {"conversation": conversation, "request_key": "43:action_cancel_booking"}
    path = f"/bookings/{booked.json()['reference']}/cancel"
    assert (await desk.post(path, **cancel)).status_code == 200
    assert (await desk.post(path, **cancel)).status_code == 200  # the same cancellation, not "already cancelled"
    with desk.services.engine.connect() as connection:
        assert len(connection.execute(select(Claim.id)).all()) == 1
        assert len(connection.execute(select(Booking.id)).all()) == 1


async def test_a_vin_typed_by_someone_else_shows_no_claim_and_a_reference_shows_no_full_vin(desk: Desk) -> None:
    owner, stranger = await desk.conversation(sender="owner"), await desk.conversation(sender="stranger")
    opened = (
        await desk.post("/claims", conversation=owner, vin=README_VIN, mileage_km=1, symptom="radio is dead")
    ).json()
    by_vin = await desk.post("/claims/status", conversation=stranger, text=f"claims of {README_VIN}", vin=README_VIN)
    assert by_vin.json()["claims"] == []
    [by_reference] = (await desk.post("/claims/status", conversation=stranger, text=opened["reference"])).json()[
        "claims"
    ]
    assert by_reference["vin"] == "…123456"


async def test_another_customers_report_on_the_same_vehicle_is_a_linked_claim_of_its_own(desk: Desk) -> None:
    first, second = await desk.conversation(sender="first"), await desk.conversation(sender="second")
    mine = (
        await desk.post("/claims", conversation=first, vin=README_VIN, mileage_km=1, symptom="AC blows warm")
    ).json()
    theirs = (
        await desk.post("/claims", conversation=second, vin=README_VIN, mileage_km=2, symptom="air con not cooling")
    ).json()
    assert theirs["reference"] != mine["reference"] and theirs["linked"] is False
    with desk.services.engine.connect() as connection:
        links = dict(connection.execute(select(Claim.reference, Claim.linked_to_id)).all())
        first_id = connection.execute(select(Claim.id).where(Claim.reference == mine["reference"])).scalar_one()
    assert links == {mine["reference"]: None, theirs["reference"]: first_id}


async def test_a_repeat_report_that_turns_safety_critical_is_handed_to_a_technician(desk: Desk) -> None:
    conversation = await desk.conversation()
    await desk.post("/claims", conversation=conversation, vin=README_VIN, mileage_km=1, symptom="the AC rattles")
    worse = (
        await desk.post("/claims", conversation=conversation, vin=README_VIN, mileage_km=1, symptom="the brakes rattle")
    ).json()
    assert worse["handoff_priority"] == 2  # a new safety claim, not folded into the AC's
    again = (
        await desk.post(
            "/claims", conversation=conversation, vin=README_VIN, mileage_km=1, symptom="brakes fail, pedal goes down"
        )
    ).json()
    assert again["linked"] is True and again["handoff_priority"] == 2


@pytest.mark.parametrize("text", ["at ²", "²³.¹²"])
async def test_odd_digits_are_refused_not_a_500(desk: Desk, text: str) -> None:
    conversation = await desk.conversation()
    answer = await desk.post("/day", conversation=conversation, text=text)
    assert answer.status_code == 422


async def test_a_slot_at_the_end_of_the_calendar_is_refused_not_a_500(desk: Desk) -> None:
    conversation = await desk.conversation()
    centre = (await desk.post("/centres", conversation=conversation, text="Baku")).json()["centres"][0]["code"]
    answer = await desk.post("/bookings", conversation=conversation, centre=centre, starts_at="9999-12-31T23:30:00Z")
    assert 400 <= answer.status_code < 500


@pytest.mark.parametrize(("text", "expected"), [("03.2021", "2021-03-01"), ("March 2021", "2021-03-01")])
async def test_a_purchase_month_is_read_and_a_bare_year_is_not_enough(desk: Desk, text: str, expected: str) -> None:
    conversation = await desk.conversation()
    assert (await desk.post("/day", conversation=conversation, text=text, purpose="purchase")).json()["day_iso"] == (
        expected
    )
    for vague in ("approximately 2021", "2021"):
        refused = await desk.post("/day", conversation=conversation, text=vague, purpose="purchase")
        assert (refused.status_code, reason(refused)) == (422, "no_date")

"""Warranty claims in the console: technicians see a customer's claims and move them on; the customer is told."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from storage.models import Claim, ClaimEvent, Message
from tests.api.routers.console_support import Console

pytestmark = pytest.mark.anyio
README_VIN = "LVVDB21B5RD123456"


async def _claim(console: Console, symptom: str = "the radio resets itself", customer: str = "c-1") -> tuple[str, str]:
    conversation = await console.customer_says("hello", intent="greet", customer=customer)
    opened = console.services.desk.open_claim(conversation, "en", README_VIN, 45_000, symptom)
    return conversation, str(opened["reference"])


async def test_an_agent_sees_the_claims_of_the_conversations_customer(console: Console) -> None:
    conversation, reference = await _claim(console)
    agent = await console.login("aysel")

    answer = await agent.get(f"/api/console/conversations/{conversation}/claims")

    assert answer.status_code == 200
    [claim] = answer.json()["claims"]
    assert (claim["reference"], claim["vin"], claim["mileage_km"], claim["stage"]) == (
        reference,
        README_VIN,
        45_000,
        "submitted",
    )
    assert claim["next_stages"] == ["in_review", "approved", "rejected"]
    assert [step["stage"] for step in claim["history"]] == ["submitted"]


async def test_moving_a_claim_records_who_and_tells_the_customer_in_their_language(console: Console) -> None:
    _, reference = await _claim(console)
    agent = await console.login("aysel")

    moved = await agent.post(
        f"/api/console/claims/{reference}/stage", json={"stage": "approved", "note": "Parts ordered, 3 days."}
    )

    assert moved.status_code == 200, moved.text
    assert moved.json()["stage"] == "approved"
    assert moved.json()["history"][-1]["actor"] == "Aysel"
    with console.sessions() as session:
        told = session.execute(
            select(Message.template, Message.text).where(Message.template == "utter_claim_stage_approved")
        ).one()
        assert reference in told.text and "Parts ordered, 3 days." in told.text
        events = session.execute(select(ClaimEvent.stage).order_by(ClaimEvent.id)).scalars().all()
    assert events == ["submitted", "approved"]


async def test_a_stage_that_does_not_follow_is_refused_and_nothing_changes(console: Console) -> None:
    _, reference = await _claim(console)
    agent = await console.login("aysel")

    refused = await agent.post(f"/api/console/claims/{reference}/stage", json={"stage": "completed"})
    unknown = await agent.post("/api/console/claims/WC-2222AA/stage", json={"stage": "approved"})
    malformed = await agent.post("/api/console/claims/<script>/stage", json={"stage": "approved"})

    assert refused.status_code == 409 and "cannot move to completed" in refused.json()["detail"]
    assert unknown.status_code == 404
    assert malformed.status_code == 422
    with console.sessions() as session:
        assert session.execute(select(Claim.stage)).scalar_one() == "submitted"


async def test_moving_a_claim_needs_a_login_and_the_csrf_token(console: Console) -> None:
    _, reference = await _claim(console)
    anonymous = console.client()
    agent = await console.login("aysel")
    del agent.headers["X-CSRF-Token"]

    assert (
        await anonymous.post(f"/api/console/claims/{reference}/stage", json={"stage": "approved"})
    ).status_code == 401
    assert (await agent.post(f"/api/console/claims/{reference}/stage", json={"stage": "approved"})).status_code == 403


async def test_the_open_claims_list_puts_those_needing_judgement_first(console: Console) -> None:
    await _claim(console, "the radio resets itself")
    _, urgent = await _claim(console, "smoke comes out from under the bonnet", customer="c-2")
    agent = await console.login("aysel")

    claims = (await agent.get("/api/console/claims")).json()["claims"]

    assert claims[0]["reference"] == urgent and claims[0]["needs_review_reason"].startswith("safety-critical")

"""The queue and a technician's work on a conversation: claiming, replying, notes, transfer,
hand-back, close (api/routers/console_conversations.py, console_actions.py)."""

from __future__ import annotations

import asyncio

import pytest

from tests.api.routers.console_support import Console

pytestmark = pytest.mark.anyio


async def test_a_roadside_emergency_goes_first_in_the_queue(console: Console) -> None:
    person = await console.customer_says("a person please", intent="human_agent", customer="c-1")
    breakdown = await console.customer_says(
        "my car broke down on the highway", intent="roadside_assistance", customer="c-2"
    )
    agent = await console.login("aysel")

    queue = (await agent.get("/api/console/queue")).json()["conversations"]

    assert [c["id"] for c in queue] == [breakdown, person]
    assert queue[0]["priority_label"] == "emergency"


async def test_an_agent_sees_what_they_can_answer_first(console: Console) -> None:
    georgian = await console.customer_says("გამარჯობა, ადამიანი მინდა", intent="human_agent", customer="c-ka")
    await asyncio.sleep(0.01)
    russian = await console.customer_says("Позовите человека", intent="human_agent", customer="c-ru")
    agent = await console.login("aysel")  # answers az, ru

    queue = (await agent.get("/api/console/queue")).json()["conversations"]

    assert [(c["id"], c["matches_my_languages"]) for c in queue] == [(russian, True), (georgian, False)]


async def test_two_agents_can_never_hold_the_same_conversation(console: Console) -> None:
    conversation = await console.customer_says("a person please", intent="human_agent")
    aysel, giorgi = await console.login("aysel"), await console.login("giorgi")

    answers = await asyncio.gather(
        aysel.post(f"/api/console/conversations/{conversation}/claim"),
        giorgi.post(f"/api/console/conversations/{conversation}/claim"),
    )

    assert sorted(a.status_code for a in answers) == [200, 409]
    lost = next(a for a in answers if a.status_code == 409)
    assert lost.json()["detail"].startswith("already taken by")
    row = console.conversation(conversation)
    assert row.state == "agent" and row.assigned_agent_id is not None


async def test_the_agent_replies_writes_notes_hands_back_and_every_step_is_recorded(console: Console) -> None:
    conversation = await console.customer_says("a person please", intent="human_agent")
    agent = await console.login("aysel")
    assert (await agent.post(f"/api/console/conversations/{conversation}/claim")).status_code == 200

    reply = await agent.post(f"/api/console/conversations/{conversation}/messages", json={"text": "Hello, I'm Aysel."})
    note = await agent.post(f"/api/console/conversations/{conversation}/notes", json={"text": "Customer is upset."})
    assert reply.status_code == 202 and reply.json()["agent_name"] == "Aysel" and not reply.json()["internal"]
    assert note.status_code == 201 and note.json()["internal"]

    detail = (await agent.get(f"/api/console/conversations/{conversation}")).json()
    assert [m["sender"] for m in detail["messages"]][-3:] == ["system", "agent", "agent"]
    assert detail["context"]["handoff_reason"] == "the customer asked for a person"

    back = await agent.post(f"/api/console/conversations/{conversation}/handback")
    assert back.status_code == 200 and back.json()["state"] == "bot"
    events = [
        (e["from"], e["to"])
        for e in (await agent.get(f"/api/console/conversations/{conversation}")).json()["context"]["events"]
    ]
    assert events == [("bot", "waiting_for_agent"), ("waiting_for_agent", "agent"), ("agent", "bot")]
    # The customer never sees the note, in the history either.
    history = await console.services.deliveries.history("webchat", "c-1", 100)
    assert "Customer is upset." not in [m.text for m in history]
    assert [t for _, t, _ in console.texts(conversation)][-1] == "utter_handback"


async def test_only_the_holder_replies_and_closes(console: Console) -> None:
    conversation = await console.customer_says("a person please", intent="human_agent")
    aysel, giorgi = await console.login("aysel"), await console.login("giorgi")
    await aysel.post(f"/api/console/conversations/{conversation}/claim")

    assert (
        await giorgi.post(f"/api/console/conversations/{conversation}/messages", json={"text": "hi"})
    ).status_code == 409
    assert (await giorgi.post(f"/api/console/conversations/{conversation}/close")).status_code == 409
    # A colleague may still leave an internal note.
    assert (
        await giorgi.post(f"/api/console/conversations/{conversation}/notes", json={"text": "I know him"})
    ).status_code == 201


async def test_a_transfer_moves_the_conversation_to_the_colleague(console: Console) -> None:
    conversation = await console.customer_says("a person please", intent="human_agent")
    aysel, giorgi = await console.login("aysel"), await console.login("giorgi")
    await aysel.post(f"/api/console/conversations/{conversation}/claim")
    giorgi_id = (await giorgi.get("/api/console/me")).json()["user"]["id"]

    moved = await aysel.post(f"/api/console/conversations/{conversation}/transfer", json={"agent_id": giorgi_id})

    assert moved.status_code == 200 and moved.json()["assigned_agent"]["display_name"] == "Giorgi"
    assert [c["id"] for c in (await giorgi.get("/api/console/conversations/mine")).json()["conversations"]] == [
        conversation
    ]
    back = await giorgi.post(f"/api/console/conversations/{conversation}/transfer", json={"agent_id": None})
    assert back.json()["state"] == "waiting_for_agent"


async def test_notes_go_only_on_handed_off_conversations(console: Console) -> None:
    bot_only = await console.customer_says("hello", intent="greet")
    agent = await console.login("aysel")
    answer = await agent.post(f"/api/console/conversations/{bot_only}/notes", json={"text": "x"})
    assert answer.status_code == 409


async def test_agents_read_only_conversations_handed_to_a_person(console: Console) -> None:
    bot_only = await console.customer_says("hello", intent="greet", customer="c-1")
    handed = await console.customer_says("a person please", intent="human_agent", customer="c-2")
    agent, admin = await console.login("aysel"), await console.login("boss")

    hidden = await agent.get(f"/api/console/conversations/{bot_only}")
    missing = await agent.get("/api/console/conversations/0123abcd")

    # "Not yours" and "no such" answer alike, so ids cannot be probed.
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json()["detail"] == f"no conversation {bot_only}"
    assert (await agent.get(f"/api/console/conversations/{handed}")).status_code == 200
    assert (await admin.get(f"/api/console/conversations/{bot_only}")).status_code == 200


async def test_out_of_range_ids_are_refused_not_a_500(console: Console) -> None:
    conversation = await console.customer_says("a person please", intent="human_agent")
    agent = await console.login("aysel")
    await agent.post(f"/api/console/conversations/{conversation}/claim")
    transfer = await agent.post(f"/api/console/conversations/{conversation}/transfer", json={"agent_id": 10**20})
    attachment = await agent.get(f"/api/console/attachments/{10**20}")
    assert transfer.status_code == 422 and attachment.status_code == 422


async def test_canned_responses_come_in_the_asked_language(console: Console) -> None:
    agent = await console.login("aysel")
    russian = (await agent.get("/api/console/canned", params={"language": "ru"})).json()["responses"]
    assert russian and {r["language"] for r in russian} == {"ru"}
    assert "vin" in {r["shortcut"] for r in russian}

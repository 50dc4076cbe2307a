"""The unsure inbox over HTTP (api/routers/admin_unsure.py): admins only; a message the bot was
unsure about is added to the training data (the real BotContent, on a copy of the repository's
nlu_data/ and bot/) or dismissed, and then leaves the inbox; every refusal has its status and
reason, with nothing written; both reviews are audited. SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from api.app import create_app
from api.settings import Settings
from api.wiring import Components
from conversations.intake import InboundStore
from staff.accounts import Accounts
from storage.engine import session_factory
from storage.models import Conversation, Message
from tests.api.routers.console_support import PASSWORD, Console, _always_open_markets
from tests.training.content_support import ROOT, copy_content

pytestmark = pytest.mark.anyio

BASE = "/api/admin/unsure"
NEW_QUESTION = "my car wash voucher from the dealer, where can I use it"


@pytest.fixture
async def inbox(database_url: str, tmp_path: Path) -> AsyncIterator[Console]:
    """The console's harness, with the training data a copy in tmp_path (adding never touches the repository)."""
    settings = Settings(
        database_url=database_url,
        rasa_url="http://127.0.0.1:9",  # no bot here
        secret_key="test-secret",
        admin_token="admin-token",
        media_dir=tmp_path / "media",
        models_dir=tmp_path / "models",
        content_dir=copy_content(tmp_path / "repo"),
        markets_file=_always_open_markets(tmp_path),
        sweep_interval=3600,
    )
    app = create_app(settings)
    services = await Components.start(settings)
    app.state.components = services
    sessions = session_factory(services.engine)
    Accounts(sessions).create("aysel", PASSWORD, display_name="Aysel", role="agent", languages=["en"])
    try:
        yield Console(services, app, sessions, InboundStore(sessions, services.detector))
    finally:
        await services.stop()


def admin(console: Console) -> httpx.AsyncClient:
    client = console.client()
    client.headers["Authorization"] = "Bearer admin-token"
    return client


def message_id(console: Console, conversation: str, text: str) -> int:
    with console.sessions() as session:
        return session.execute(
            select(Message.id)
            .join(Conversation, Conversation.id == Message.conversation_id)
            .where(Conversation.public_id == conversation, Message.text == text)
        ).scalar_one()


def nlu_file(console: Console, language: str = "en") -> str:
    return (console.services.settings.content_dir / "nlu_data" / language / "nlu.yml").read_text(encoding="utf-8")


async def listed(console: Console, **params: Any) -> list[dict[str, Any]]:
    async with admin(console) as client:
        answer = await client.get(BASE, params=params)
    assert answer.status_code == 200, answer.text
    return answer.json()["items"]  # type: ignore[no-any-return]


async def test_only_admins_see_and_review_the_inbox(inbox: Console) -> None:
    conversation = await inbox.customer_says(NEW_QUESTION, intent="nlu_fallback", confidence=0.9)
    message = message_id(inbox, conversation, NEW_QUESTION)
    agent = await inbox.login("aysel")
    calls = [
        ("GET", BASE, None),
        ("POST", f"{BASE}/{message}/add", {"intent": "service_center"}),
        ("POST", f"{BASE}/{message}/dismiss", None),
    ]
    async with inbox.client() as anonymous:
        for method, path, body in calls:
            assert (await anonymous.request(method, path, json=body)).status_code == 401
            assert (await agent.request(method, path, json=body)).json() == {"detail": "admins only"}
    assert len(await listed(inbox)) == 1


async def test_the_inbox_lists_the_message_with_what_the_bot_made_of_it_and_why(inbox: Console) -> None:
    text = "<script>alert(1)</script> my brakes squeak"
    conversation = await inbox.customer_says(text, intent="dashboard_warning", confidence=0.31)
    await inbox.customer_says("hello", intent="greet", confidence=0.99)

    async with admin(inbox) as client:
        answer = await client.get(BASE)
        bad_reason = await client.get(BASE, params={"reason": "bored"})
        too_many = await client.get(BASE, params={"limit": 10_000})

    item = answer.json()["items"][0]
    assert answer.json()["total"] == 1
    assert {k: v for k, v in item.items() if k != "at"} == {
        "message_id": message_id(inbox, conversation, text),
        "conversation_id": conversation,
        "text": text,  # as typed: the page shows it as text
        "language": "en",
        "intent": "dashboard_warning",
        "confidence": 0.31,
        "reasons": ["low_confidence"],
    }
    assert bad_reason.status_code == 422 and too_many.status_code == 422


async def test_adding_writes_the_example_in_its_language_and_the_message_leaves_the_inbox(inbox: Console) -> None:
    conversation = await inbox.customer_says(NEW_QUESTION, intent="nlu_fallback", confidence=0.9)
    message = message_id(inbox, conversation, NEW_QUESTION)
    repository_before = (ROOT / "nlu_data" / "en" / "nlu.yml").read_bytes()

    async with admin(inbox) as client:
        added = await client.post(f"{BASE}/{message}/add", json={"intent": "service_center"})
        again = await client.post(f"{BASE}/{message}/add", json={"intent": "service_center"})
        dismissed = await client.post(f"{BASE}/{message}/dismiss")
        examples = await client.get("/api/admin/intents/service_center/examples", params={"language": "en"})
        audit = await client.get("/api/admin/audit")

    assert added.status_code == 200, added.text
    review = added.json()
    assert (review["outcome"], review["intent"], review["language"], review["example"], review["reviewed_by"]) == (
        "added",
        "service_center",
        "en",
        NEW_QUESTION,
        "admin-token",
    )
    assert NEW_QUESTION in [e["text"] for e in examples.json()]
    assert f"    - {NEW_QUESTION}\n" in nlu_file(inbox)
    assert (ROOT / "nlu_data" / "en" / "nlu.yml").read_bytes() == repository_before
    assert again.status_code == dismissed.status_code == 409
    assert again.json()["detail"] == f"message {message} was already reviewed"
    assert await listed(inbox) == []
    entries = [(e["action"], e["subject"], e["after"]) for e in audit.json()]
    assert ("example.add", "service_center/en", NEW_QUESTION) in entries
    unsure = next(e for e in audit.json() if e["action"] == "unsure.add")
    assert unsure["before"] == {"text": NEW_QUESTION, "intent": "nlu_fallback", "confidence": 0.9}
    assert unsure["after"] == {
        "outcome": "added",
        "intent": "service_center",
        "language": "en",
        "example": NEW_QUESTION,
    }


async def test_an_example_the_intent_already_has_is_still_marked_reviewed(inbox: Console) -> None:
    known = "where is the nearest service centre"
    conversation = await inbox.customer_says(known, intent="service_center", confidence=0.2)
    before = nlu_file(inbox)

    async with admin(inbox) as client:
        added = await client.post(
            f"{BASE}/{message_id(inbox, conversation, known)}/add", json={"intent": "service_center"}
        )

    assert added.status_code == 200 and added.json()["outcome"] == "added"
    assert nlu_file(inbox) == before and await listed(inbox) == []


async def test_refusals_say_why_and_leave_the_files_and_the_inbox_as_they_were(inbox: Console) -> None:
    conversation = await inbox.customer_says(NEW_QUESTION, intent="nlu_fallback", confidence=0.9)
    message = message_id(inbox, conversation, NEW_QUESTION)
    taken = "what does the warranty cover?"
    other = await inbox.customer_says(taken, intent="warranty_coverage", confidence=0.2, customer="c-2")
    greeted = await inbox.customer_says("hello", intent="greet", confidence=0.99, customer="c-3")
    with inbox.sessions() as session:
        bot_reply = session.execute(
            select(Message.id).where(Message.reply_to_id == message_id(inbox, greeted, "hello"))
        ).scalar_one()
    files = {p: p.read_bytes() for p in (inbox.services.settings.content_dir / "nlu_data").rglob("*.yml")}

    async with admin(inbox) as client:
        unknown_intent = await client.post(f"{BASE}/{message}/add", json={"intent": "no_such_intent"})
        unknown_language = await client.post(f"{BASE}/{message}/add", json={"intent": "greet", "language": "xx"})
        elsewhere = await client.post(f"{BASE}/{message_id(inbox, other, taken)}/add", json={"intent": "greet"})
        too_long = await client.post(f"{BASE}/{message}/add", json={"intent": "greet", "text": "x" * 401})
        empty = await client.post(f"{BASE}/{message}/add", json={"intent": ""})
        no_message = await client.post(f"{BASE}/999999/add", json={"intent": "greet"})
        not_a_customer = await client.post(f"{BASE}/{bot_reply}/dismiss")
        bad_id = await client.post(f"{BASE}/0/dismiss")

    assert (unknown_intent.status_code, unknown_intent.json()["detail"]) == (422, "no intent 'no_such_intent'")
    assert (unknown_language.status_code, unknown_language.json()["detail"]) == (422, "unknown language 'xx'")
    assert elsewhere.status_code == 422 and "already an example of warranty_coverage" in elsewhere.json()["detail"]
    assert too_long.status_code == 422 and isinstance(too_long.json()["detail"], str)
    assert empty.status_code == 422
    assert (no_message.status_code, no_message.json()["detail"]) == (404, "no customer message 999999")
    assert not_a_customer.status_code == 404 and bad_id.status_code == 422
    assert {p: p.read_bytes() for p in files} == files
    assert len(await listed(inbox)) == 2


async def test_dismissing_takes_the_message_out_and_is_audited(inbox: Console) -> None:
    conversation = await inbox.customer_says("asdfghjkl", intent="nlu_fallback", confidence=0.9)
    message = message_id(inbox, conversation, "asdfghjkl")
    boss = await _admin_session(inbox)

    dismissed = await boss.post(f"{BASE}/{message}/dismiss")
    no_csrf = await boss.post(f"{BASE}/{message}/dismiss", headers={"X-CSRF-Token": "wrong"})

    assert dismissed.status_code == 200
    assert (dismissed.json()["outcome"], dismissed.json()["reviewed_by"]) == ("dismissed", "boss")
    assert no_csrf.status_code == 403
    assert await listed(inbox) == []
    async with admin(inbox) as client:
        [entry] = (await client.get("/api/admin/audit", params={"action": "unsure."})).json()
    assert (entry["actor"], entry["action"], entry["subject"]) == ("boss", "unsure.dismiss", f"message {message}")
    assert entry["before"]["text"] == "asdfghjkl" and entry["after"] == {"outcome": "dismissed"}


async def _admin_session(console: Console) -> httpx.AsyncClient:
    Accounts(console.sessions).create("boss", PASSWORD, display_name="Boss", role="admin", languages=[])
    return await console.login("boss")

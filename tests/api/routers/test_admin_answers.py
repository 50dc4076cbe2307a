"""The answers over HTTP (api/routers/admin_answers.py): six languages at once, the channels' limits,
and an edit the gateway serves without a restart; on a copy of the repository's answers."""

from __future__ import annotations

import pytest

from conversations import answers as catalogue_module
from tests.api.routers.test_admin_intents import BASE, Admin, admin
from tests.training.content_support import LANGUAGES

__all__ = ["admin"]
pytestmark = pytest.mark.anyio


def _texts(text: str, buttons: list[dict[str, str]] | None = None) -> dict[str, dict]:
    return {"texts": {lang: {"text": f"{text} ({lang})", "buttons": buttons or []} for lang in LANGUAGES}}


async def test_the_list_names_every_answer_as_the_bot_s_or_a_notice(admin: Admin) -> None:
    async with admin.client() as client:
        listing = (await client.get(f"{BASE}/answers")).json()
        one = (await client.get(f"{BASE}/answers/utter_greet")).json()
        missing = await client.get(f"{BASE}/answers/utter_nothing")
    kinds = {row["name"]: row["kind"] for row in listing["answers"]}
    assert kinds["utter_greet"] == "bot" and kinds["utter_delay"] == "notice"
    assert all(row["languages"] == list(LANGUAGES) for row in listing["answers"])
    assert set(one["texts"]) == set(LANGUAGES) and one["texts"]["en"]["buttons"][0]["payload"] == "/warranty_coverage"
    assert one["version"] == listing["version"] and missing.status_code == 404


async def test_an_edited_answer_is_written_audited_and_served(admin: Admin, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(catalogue_module, "RELOAD_CHECK_SECONDS", 0.0)
    body = _texts("Goodbye <script>alert(1)</script>", [{"title": "Person", "payload": "/human_agent"}])
    async with admin.client() as client:
        answer = await client.put(f"{BASE}/answers/utter_goodbye", json=body)
    assert answer.status_code == 200, answer.json()
    assert answer.json()["texts"]["kk"]["text"] == "Goodbye <script>alert(1)</script> (kk)"
    served = admin.components.answers.render("utter_goodbye", "ka")
    assert served is not None and served.text == "Goodbye <script>alert(1)</script> (ka)"
    entries = await admin.components.audit.entries(action="answer.put")
    assert entries[0].subject == "utter_goodbye" and entries[0].after["en"]["text"].startswith("Goodbye <script>")


@pytest.mark.parametrize(
    ("body", "status", "reason"),
    [
        ({"texts": {"en": {"text": "x"}}}, 422, "missing az"),
        ({"texts": {lang: {"text": "  \n "} for lang in LANGUAGES}}, 422, "text is empty"),
        (_texts("x" * 4097), 422, "at most 4096"),
        (_texts("x", [{"title": "a", "payload": "/greet"}] * 4), 422, "4 buttons; at most 3"),
        (_texts("x", [{"title": "a" * 21, "payload": "/greet"}]), 422, "button title"),
        (_texts("x", [{"title": "a", "payload": "/no_such_intent"}]), 422, "known intent"),
        (_texts("x", [{"title": "a", "payload": 'greet{"x": 1}'}]), 422, "known intent"),
        (_texts("bell \x07"), 422, "control character"),
    ],
)
async def test_a_bad_answer_is_refused_with_the_reason_and_nothing_written(
    admin: Admin, body: dict, status: int, reason: str
) -> None:
    original = admin.files()
    async with admin.client() as client:
        answer = await client.put(f"{BASE}/answers/utter_goodbye", json=body)
    assert answer.status_code == status and reason in answer.json()["detail"], answer.json()
    assert admin.files() == original


async def test_no_new_answer_by_put_and_a_stale_version_is_412(admin: Admin) -> None:
    async with admin.client() as client:
        version = (await client.get(f"{BASE}/answers")).json()["version"]
        new = await client.put(f"{BASE}/answers/utter_fresh", json=_texts("x"))
        first = await client.put(f"{BASE}/answers/utter_thank", json=_texts("one"), headers={"If-Match": version})
        second = await client.put(f"{BASE}/answers/utter_thank", json=_texts("two"), headers={"If-Match": version})
    assert new.status_code == 404
    assert first.status_code == 200 and second.status_code == 412

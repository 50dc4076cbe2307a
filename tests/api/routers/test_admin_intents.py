"""The training data over HTTP (api/routers/admin_intents.py): admins only, every refusal with its
reason and nothing written, the version and If-Match, audited; on a copy of the repository's data."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from api.app import create_app
from api.settings import Settings
from api.wiring import Components
from tests.training.content_support import LANGUAGES, copy_content

pytestmark = pytest.mark.anyio

TOKEN = "content-admin-token"
BASE = "/api/admin"


@dataclass
class Admin:
    app: FastAPI
    components: Components
    content_dir: Path

    def client(self, token: str | None = TOKEN) -> httpx.AsyncClient:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return httpx.AsyncClient(
            transport=httpx.ASGITransport(app=self.app), base_url="http://gateway.test", headers=headers
        )

    def files(self) -> dict[Path, bytes]:
        return {p: p.read_bytes() for p in sorted(self.content_dir.rglob("*.yml"))}


@pytest.fixture
async def admin(tmp_path: Path) -> AsyncIterator[Admin]:
    settings = Settings(
        database_url=f"sqlite:///{tmp_path / 'gateway.db'}",
        rasa_url="http://127.0.0.1:9",  # no bot here
        secret_key="test-secret",
        admin_token=TOKEN,
        media_dir=tmp_path / "media",
        models_dir=tmp_path / "models",
        content_dir=copy_content(tmp_path / "repo"),
        sweep_interval=3600,
    )
    app = create_app(settings)
    components = await Components.start(settings)
    app.state.components = components
    try:
        yield Admin(app, components, settings.content_dir)
    finally:
        await components.stop()


def _examples(text: str = "are you open on sundays") -> dict[str, list[str]]:
    return {lang: [f"{text} ({lang})"] for lang in LANGUAGES}


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/intents"),
        ("POST", "/intents"),
        ("GET", "/coverage"),
        ("GET", "/examples?q=x"),
        ("DELETE", "/examples/x"),
    ],
)
async def test_only_admins_may_call(admin: Admin, method: str, path: str) -> None:
    async with admin.client(None) as stranger, admin.client("wrong") as wrong:
        assert (await stranger.request(method, BASE + path)).status_code == 401
        assert (await wrong.request(method, BASE + path)).status_code == 403


async def test_the_listing_has_every_intent_with_counts_answer_users_and_protection(admin: Admin) -> None:
    async with admin.client() as client:
        listing = (await client.get(f"{BASE}/intents")).json()
        coverage = (await client.get(f"{BASE}/coverage")).json()
    intents = {row["name"]: row for row in listing["intents"]}
    assert listing["languages"] == list(LANGUAGES) and len(listing["version"]) == 16
    assert intents["greet"]["answer"] == "utter_greet" and all(
        intents["greet"]["examples"][lang] > 5 for lang in LANGUAGES
    )
    assert intents["human_agent"]["protected"] and "rule 'answer human_agent'" in intents["human_agent"]["used_by"]
    assert intents["book_service"]["answer"] is None
    assert coverage["version"] == listing["version"]
    assert {row["intent"] for row in coverage["rows"]} == set(intents)


async def test_an_intent_is_created_renamed_and_deleted_with_its_answer_and_audited(admin: Admin) -> None:
    original = admin.files()
    answer = {
        lang: {"text": f"Mon-Sat 9-18 ({lang})", "buttons": [{"title": "Person", "payload": "/human_agent"}]}
        for lang in LANGUAGES
    }
    async with admin.client() as client:
        created = await client.post(
            f"{BASE}/intents", json={"name": "car_wash", "examples": _examples(), "answer": answer}
        )
        renamed = await client.patch(f"{BASE}/intents/car_wash", json={"new_name": "wash_and_wax"})
        shown = await client.get(f"{BASE}/intents/wash_and_wax/examples", params={"language": "ka"})
        deleted = await client.delete(f"{BASE}/intents/wash_and_wax")
        gone = await client.get(f"{BASE}/intents/wash_and_wax/examples")
    assert created.status_code == 201 and created.json()["answer"] == "utter_car_wash"
    assert renamed.status_code == 200 and renamed.json()["name"] == "wash_and_wax"
    assert [e["text"] for e in shown.json()] == ["are you open on sundays (ka)"]
    assert deleted.status_code == 200 and gone.status_code == 404
    assert admin.files() == original
    entries = await admin.components.audit.entries(action="intent.")
    assert [(e.action, e.actor) for e in entries] == [
        ("intent.delete", "admin-token"),
        ("intent.rename", "admin-token"),
        ("intent.create", "admin-token"),
    ]


@pytest.mark.parametrize(
    ("body", "status", "reason"),
    [
        ({"name": "", "examples": _examples()}, 422, "2-48 characters"),
        ({"name": "greet", "examples": _examples()}, 409, "already an intent greet"),
        ({"name": "hours", "examples": {"en": ["x"]}}, 422, "none in az"),
        ({"name": "hours", "examples": {lang: ["Hello"] for lang in LANGUAGES}}, 422, "example of greet and hours"),
        ({"name": "hours", "examples": _examples() | {"en": ["x" * 401]}}, 422, "at most 400"),
    ],
)
async def test_a_bad_intent_is_refused_with_the_reason_and_nothing_written(
    admin: Admin, body: dict, status: int, reason: str
) -> None:
    original = admin.files()
    async with admin.client() as client:
        answer = await client.post(f"{BASE}/intents", json=body)
    assert answer.status_code == status and reason in answer.json()["detail"], answer.json()
    assert admin.files() == original


async def test_used_or_protected_intents_cannot_go(admin: Admin) -> None:
    rules = admin.content_dir / "bot/data/rules.yml"
    async with admin.client() as client:
        await client.post(f"{BASE}/intents", json={"name": "car_wash", "examples": _examples()})
        rules.write_text(
            rules.read_text()
            + "\n  - rule: wash then book\n    steps:\n      - intent: car_wash\n      - action: booking_form\n"
        )
        used = await client.delete(f"{BASE}/intents/car_wash")
        protected = await client.patch(f"{BASE}/intents/human_agent", json={"new_name": "person"})
        also_protected = await client.delete(f"{BASE}/intents/warranty_claim")
        missing = await client.delete(f"{BASE}/intents/nothing_here")
    assert used.status_code == 409 and used.json()["detail"] == "car_wash is used by rule 'wash then book'"
    assert protected.status_code == 409 and also_protected.status_code == 409 and missing.status_code == 404


async def test_examples_are_added_edited_moved_searched_and_deleted(admin: Admin) -> None:
    async with admin.client() as client:
        added = await client.post(
            f"{BASE}/intents/greet/examples",
            json={"language": "en", "text": "hi <script>alert(1)</script> [45000](mileage)"},
        )
        example = added.json()
        found = await client.get(f"{BASE}/examples", params={"q": "ALERT(1)</script> 45000"})
        edited = await client.put(f"{BASE}/examples/{example['id']}", json={"text": "hi there, admin"})
        moved = await client.put(f"{BASE}/examples/{edited.json()['id']}", json={"intent": "thank"})
        deleted = await client.delete(f"{BASE}/examples/{moved.json()['id']}")
        again = await client.delete(f"{BASE}/examples/{moved.json()['id']}")
    assert added.status_code == 201 and example["plain"] == "hi <script>alert(1)</script> 45000"
    assert example["entities"] == [{"start": 29, "end": 34, "value": "45000", "entity": "mileage"}]
    assert [e["id"] for e in found.json()] == [example["id"]]
    assert edited.json()["text"] == "hi there, admin" and moved.json()["intent"] == "thank"
    assert deleted.status_code == 200 and again.status_code == 404


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"language": "en", "text": ""}, 422),
        ({"language": "en", "text": "x" * 6000}, 422),
        ({"language": "xx", "text": "hello there"}, 422),
        ({"language": "en", "text": "hello"}, 409),  # already under greet
        ({"language": "en", "text": "thanks a lot"}, 422),  # already under thank
    ],
)
async def test_a_bad_example_is_refused(admin: Admin, body: dict, status: int) -> None:
    original = admin.files()
    async with admin.client() as client:
        answer = await client.post(f"{BASE}/intents/greet/examples", json=body)
    assert answer.status_code == status, answer.json()
    assert admin.files() == original


async def test_a_huge_body_is_refused_before_it_is_read(admin: Admin) -> None:
    async with admin.client() as client:
        answer = await client.post(f"{BASE}/intents", json={"name": "x", "examples": {"en": ["x" * 2_000_000]}})
    assert answer.status_code == 413


async def test_if_match_with_an_old_version_is_412(admin: Admin) -> None:
    async with admin.client() as client:
        version = (await client.get(f"{BASE}/intents")).json()["version"]
        first = await client.post(
            f"{BASE}/intents/greet/examples",
            json={"language": "en", "text": "hello one"},
            headers={"If-Match": version},
        )
        second = await client.post(
            f"{BASE}/intents/greet/examples",
            json={"language": "en", "text": "hello two"},
            headers={"If-Match": version},
        )
    assert first.status_code == 201 and second.status_code == 412


async def test_a_file_changed_on_disk_shows_on_the_next_listing(admin: Admin) -> None:
    async with admin.client() as client:
        before = (await client.get(f"{BASE}/intents")).json()
        path = admin.content_dir / "nlu_data/en/chat.yml"
        path.write_text(path.read_text() + "- intent: greet\n  examples: |\n    - hello from git pull\n")
        after = (await client.get(f"{BASE}/intents")).json()
    count = {row["name"]: row["examples"]["en"] for row in before["intents"]}["greet"]
    assert after["version"] != before["version"]
    assert {row["name"]: row["examples"]["en"] for row in after["intents"]}["greet"] == count + 1


async def test_concurrent_additions_to_one_file_all_land(admin: Admin) -> None:
    async with admin.client() as client:
        answers = await asyncio.gather(
            *(
                client.post(f"{BASE}/intents/thank/examples", json={"language": "en", "text": f"cheers {i}"})
                for i in range(6)
            )
        )
        listed = await client.get(f"{BASE}/intents/thank/examples", params={"language": "en"})
    assert [a.status_code for a in answers] == [201] * 6
    assert {f"cheers {i}" for i in range(6)} <= {e["text"] for e in listed.json()}


async def test_an_unknown_field_is_refused_with_the_reason_and_nothing_written(admin: Admin) -> None:
    original = admin.files()
    async with admin.client() as client:
        typo = await client.post(f"{BASE}/intents/greet/examples", json={"language": "en", "txt": "hello typo"})
        extra = await client.patch(f"{BASE}/intents/car_wash", json={"new_name": "wash", "force": True})
    assert typo.status_code == 422 and extra.status_code == 422
    assert {(e["loc"][-1], e["msg"]) for e in typo.json()["detail"]} >= {("txt", "Extra inputs are not permitted")}
    assert any(e["loc"] == ["body", "force"] and e["type"] == "extra_forbidden" for e in extra.json()["detail"])
    assert admin.files() == original


async def test_a_malformed_version_or_example_id_is_refused_before_any_lookup(admin: Admin) -> None:
    async with admin.client() as client:
        version = (await client.get(f"{BASE}/intents")).json()["version"]
        quoted = await client.delete(f"{BASE}/examples/{'0' * 12}", headers={"If-Match": f'"{version}"'})
        malformed = await client.delete(f"{BASE}/examples/{'0' * 12}", headers={"If-Match": "yesterday"})
        bad_id = await client.delete(f"{BASE}/examples/not-an-id")
    assert quoted.status_code == 404  # the version matched; there is no such example
    assert malformed.status_code == 422 and malformed.json()["detail"][0]["loc"] == ["header", "if-match"]
    assert bad_id.status_code == 422 and bad_id.json()["detail"][0]["loc"] == ["path", "example_id"]


async def test_an_intent_name_with_a_trailing_line_break_is_refused(admin: Admin) -> None:
    async with admin.client() as client:
        answer = await client.post(f"{BASE}/intents", json={"name": "opening_hours\n", "examples": _examples()})
    assert answer.status_code == 422 and "2-48 characters" in answer.json()["detail"]

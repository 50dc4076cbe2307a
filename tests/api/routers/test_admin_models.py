"""Training runs and the model registry through the admin API (api/routers/admin_models.py):
who may call, one run at a time, what the registry shows, and every refusal with its reason.
The gateway's real parts in-process on SQLite and PostgreSQL, with no Rasa behind it; the
real cycle (train, gate, activate while customers write, roll back) is tests/e2e/test_model_cycle.py."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from api.app import create_app
from api.settings import Settings
from api.wiring import Components
from staff.accounts import Accounts
from staff.audit import AuditLog
from storage.engine import session_factory
from training.registry import ModelStatus

pytestmark = pytest.mark.anyio

TOKEN = "models-admin-token"
PASSWORD = "correct horse battery"
GOOD = {"languages": {"ka": {"accuracy": 0.95, "examples": 292}}, "overall": 0.95}


@dataclass
class Admin:
    services: Components
    client: httpx.AsyncClient
    models_dir: Path

    async def ready_model(self, name: str, report: dict | None = GOOD) -> int:
        registry = self.services.models.registry
        model = await registry.begin(name, "ana")
        file = self.models_dir / f"{name}.tar.gz"
        file.write_bytes(b"a model")
        await registry.update(model.id, file=str(file), status=ModelStatus.READY, report=report)
        return model.id


@pytest.fixture
async def admin(database_url: str, tmp_path: Path) -> AsyncIterator[Admin]:
    settings = Settings(
        database_url=database_url,
        rasa_url="http://127.0.0.1:9",  # no Rasa: a swap fails the way it does when Rasa refuses
        secret_key="test-secret",
        admin_token=TOKEN,
        media_dir=tmp_path / "media",
        models_dir=tmp_path / "models",
        rasa_env=None,
        sweep_interval=3600,
    )
    (tmp_path / "models").mkdir()
    app = create_app(settings)
    services = await Components.start(settings)
    app.state.components = services
    Accounts(session_factory(services.engine)).create(
        "giorgi", PASSWORD, display_name="Giorgi", role="agent", languages=["ka"]
    )
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(
        transport=transport, base_url="http://gateway.test", headers={"Authorization": f"Bearer {TOKEN}"}
    ) as client:
        try:
            yield Admin(services, client, tmp_path / "models")
        finally:
            await services.stop()


async def test_without_the_token_or_as_an_agent_the_registry_is_closed(admin: Admin) -> None:
    transport = admin.client._transport  # the same app, without the admin token
    async with httpx.AsyncClient(transport=transport, base_url="http://gateway.test") as anonymous:
        assert (await anonymous.get("/api/admin/models")).status_code == 401
        assert (await anonymous.post("/api/admin/training")).status_code == 401
        login = await anonymous.post("/api/console/login", json={"username": "giorgi", "password": PASSWORD})
        anonymous.headers["X-CSRF-Token"] = login.json()["csrf_token"]
        assert (await anonymous.get("/api/admin/models")).status_code == 403


async def test_training_needs_the_rasa_environment_and_says_so(admin: Admin) -> None:
    answer = await admin.client.post("/api/admin/training")
    assert answer.status_code == 503
    assert "no Rasa environment" in answer.json()["detail"]


async def test_a_second_run_is_refused_while_one_trains(admin: Admin) -> None:
    await admin.services.models.registry.begin("aaa", "ana")
    admin.services.models.trainer._rasa_env = Path("/nowhere")  # past the environment check: the registry decides
    answer = await admin.client.post("/api/admin/training")
    assert answer.status_code == 409
    assert "training already" in answer.json()["detail"]


async def test_the_current_run_shows_its_progress_and_log_tail(admin: Admin) -> None:
    run = await admin.services.models.registry.begin("aaa", "ana")
    await admin.services.models.registry.update(run.id, progress="training LinearSVMIntentClassifier (5 of 8)")
    log = admin.models_dir / "logs" / f"{run.id}.log"
    log.parent.mkdir()
    log.write_text("line one\nProcessed 10%\rProcessed 100%\n", encoding="utf-8")
    current = (await admin.client.get("/api/admin/training/current")).json()
    assert current["model"]["id"] == run.id and current["model"]["status"] == "training"
    assert current["model"]["progress"] == "training LinearSVMIntentClassifier (5 of 8)"
    assert current["log_tail"] == ["line one", "Processed 100%"]  # a progress bar shows its latest state
    assert (await admin.client.get(f"/api/admin/models/{run.id}/log")).json()["lines"] == current["log_tail"]


async def test_cancelling_a_run_leaves_it_cancelled_and_an_unknown_one_is_404(admin: Admin) -> None:
    run = await admin.services.models.registry.begin("aaa", "ana")
    answer = await admin.client.post(f"/api/admin/training/{run.id}/cancel")
    assert answer.status_code == 200 and answer.json()["status"] == "cancelled"
    entries = await AuditLog(session_factory(admin.services.engine)).entries(action="model.cancel")
    assert [(e.actor, e.subject) for e in entries] == [("admin-token", f"model {run.id}")]
    assert (await admin.client.post("/api/admin/training/999/cancel")).status_code == 404
    assert (await admin.client.post("/api/admin/training/0/cancel")).status_code == 422
    assert (await admin.client.get("/api/admin/models/999/log")).status_code == 404


async def test_the_registry_lists_every_model_newest_first_with_the_gate_verdict(admin: Admin) -> None:
    live = await admin.ready_model("live")
    await admin.services.models.registry.mark_active(live, "ana", "model.activate")
    worse = await admin.ready_model("worse", {"languages": {"ka": {"accuracy": 0.9, "examples": 292}}, "overall": 0.9})
    models = (await admin.client.get("/api/admin/models")).json()
    assert [m["id"] for m in models] == [worse, live]
    assert models[1]["active"] and models[1]["gate"] is None
    assert models[0]["gate"] == {
        "passes": False,
        "reason": "ka drops 5.0 points (at most 1 allowed)",
        "drops": {"ka": 5.0},
    }
    assert models[0]["report"]["languages"]["ka"] == {"accuracy": 0.9, "examples": 292}


async def test_activation_refuses_unknown_unready_and_gated_models_with_the_reason(admin: Admin) -> None:
    assert (await admin.client.post("/api/admin/models/999/activate")).status_code == 404
    live = await admin.ready_model("live")
    await admin.services.models.registry.mark_active(live, "ana", "model.activate")
    running = await admin.services.models.registry.begin("running", "ana")
    answer = await admin.client.post(f"/api/admin/models/{running.id}/activate")
    assert answer.status_code == 409 and "not ready" in answer.json()["detail"]
    await admin.services.models.registry.update(running.id, status=ModelStatus.CANCELLED)
    worse = await admin.ready_model("worse", {"languages": {"ka": {"accuracy": 0.9, "examples": 292}}, "overall": 0.9})
    answer = await admin.client.post(f"/api/admin/models/{worse}/activate")
    assert answer.status_code == 409 and "gate refuses" in answer.json()["detail"]


async def test_when_rasa_does_not_load_the_model_the_old_one_stays_live_and_turns_flow_again(admin: Admin) -> None:
    live = await admin.ready_model("live")
    await admin.services.models.registry.mark_active(live, "ana", "model.activate")
    candidate = await admin.ready_model("candidate")
    answer = await admin.client.post(f"/api/admin/models/{candidate}/activate")
    assert answer.status_code == 502
    assert "did not load" in answer.json()["detail"]
    assert (await admin.services.models.registry.active()).id == live  # type: ignore[union-attr]
    assert admin.services.dispatcher.gate.is_open


async def test_rollback_without_an_earlier_model_is_refused(admin: Admin) -> None:
    live = await admin.ready_model("live")
    await admin.services.models.registry.mark_active(live, "ana", "model.activate")
    answer = await admin.client.post("/api/admin/models/rollback")
    assert answer.status_code == 409
    assert answer.json()["detail"] == "no earlier model to roll back to"


async def test_the_routes_are_in_the_openapi_document_with_their_refusals(admin: Admin) -> None:
    paths = (await admin.client.get("/openapi.json")).json()["paths"]
    activate = paths["/api/admin/models/{model_id}/activate"]["post"]["responses"]
    assert {"200", "401", "403", "404", "409", "502"} <= set(activate)
    assert {"202", "409", "503"} <= set(paths["/api/admin/training"]["post"]["responses"])

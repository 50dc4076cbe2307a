"""The OpenAPI document against the running app: schemathesis' default checks, in-process.

Every /api/admin and /api/console operation is called with generated requests, once as the
admin token (scripts, CI) and once as a console admin's session (cookie and CSRF token),
and every answer must be one the document declares, with the body it declares: no 500,
no undeclared status, no body off its schema. Bounded (a few examples per operation, no
deadline) so the whole run stays well under a minute and a half.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import hypothesis
import pytest
import schemathesis
from schemathesis.checks import not_a_server_error
from schemathesis.python import asgi
from schemathesis.specs.openapi.checks import ignored_auth, positive_data_acceptance

from api.app import create_app
from api.settings import Settings
from staff.accounts import Accounts
from storage.engine import session_factory

PASSWORD = "correct horse battery"
ADMIN_TOKEN = {"Authorization": "Bearer admin-token"}
PREFIXES = ("/api/admin", "/api/console")
# Generated logins would only fill the throttle and log the session out: they are tested in
# tests/api/routers/test_console_session.py.
SKIPPED = ("/api/console/login", "/api/console/logout")
DESK_TABLES = ("models", "policies", "schedules", "items", "cities", "centres", "vehicles", "roadside")


@dataclass
class Gateway:
    app: Any
    console_headers: dict[str, str]
    console_cookies: dict[str, str]


@pytest.fixture(scope="module")
def gateway(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Gateway]:
    tmp = tmp_path_factory.mktemp("schemathesis")
    settings = Settings(
        database_url=f"sqlite:///{tmp / 'gateway.db'}",
        rasa_url="http://127.0.0.1:9",  # no bot: nothing called here reaches it
        secret_key="test-secret",
        admin_token="admin-token",
        media_dir=tmp / "media",
        sweep_interval=3600,
    )
    app = create_app(settings)
    with asgi.get_client(app) as client:  # starts the app's lifespan, as schemathesis does
        client.get("/health")
        accounts = Accounts(session_factory(app.state.components.engine))
        accounts.create("boss", PASSWORD, display_name="Boss", role="admin", languages=["en"])
        accounts.create("aysel", PASSWORD, display_name="Aysel", role="agent", languages=["az", "ru"])
        login = client.post("/api/console/login", json={"username": "boss", "password": PASSWORD})
        assert login.status_code == 200, login.text
        yield Gateway(app, {"X-CSRF-Token": login.json()["csrf_token"]}, dict(client.cookies))


@pytest.fixture(scope="module")
def operations(gateway: Gateway) -> list[Any]:
    schema = schemathesis.openapi.from_asgi("/openapi.json", gateway.app)
    selected = schema.include(path_regex=f"^({'|'.join(PREFIXES)})").exclude(path=list(SKIPPED))
    return [result.ok() for result in selected.get_all_operations()]


BOUNDED = hypothesis.settings(
    max_examples=3,
    deadline=None,
    derandomize=True,
    database=None,
    phases=[hypothesis.Phase.explicit, hypothesis.Phase.generate],  # a failure is reported, not shrunk
    suppress_health_check=list(hypothesis.HealthCheck),
)


# Rasa is not running here: these answer their declared 503 ("the bot is not available").
NEEDS_RASA = {"POST /api/admin/nlu/parse", "POST /api/admin/training"}
# Still to do (issue 19): these refuse schema-valid requests with 412/422 because a rule is
# checked in code but not yet written into the schema (code and VIN patterns of the service
# desk's catalogue, intent names, the training data's version precondition, empty CSV files,
# unknown extra fields). Only `positive_data_acceptance` is skipped for them; every other
# default check still runs.
NOT_YET_IN_THE_SCHEMA = {
    *(f"{method} /api/admin/desk/{table}/{{key}}" for method in ("GET", "PUT", "DELETE") for table in DESK_TABLES),
    *(f"POST /api/admin/desk/{table}/import" for table in DESK_TABLES),
    "POST /api/admin/intents",
    "PATCH /api/admin/intents/{name}",
    "DELETE /api/admin/intents/{name}",
    "POST /api/admin/intents/{name}/examples",
    "PUT /api/admin/examples/{example_id}",
    "DELETE /api/admin/examples/{example_id}",
    "PUT /api/admin/answers/{name}",
    "POST /api/admin/unsure/{message_id}/add",
}


def skipped_checks(label: str) -> list[Any]:
    skipped = []
    if label in NEEDS_RASA:
        skipped.append(not_a_server_error)
    if label in NOT_YET_IN_THE_SCHEMA:
        skipped.append(positive_data_acceptance)
    return skipped


def failures(operations: list[Any], call: Callable[[Any, list[Any]], object]) -> list[str]:
    """Run the default checks on every operation; one line per operation that failed one.

    schemathesis' pytest plugin (`from_fixture`) does not run under this pytest, so the
    operations' strategies are driven with hypothesis directly.
    """
    found = []
    for operation in operations:
        try:
            _checker(operation, call, skipped_checks(operation.label))()
        except (Exception, BaseExceptionGroup) as error:  # schemathesis' failures, grouped: keep the first lines
            lines = [line.strip() for line in str(error).strip().splitlines() if line.strip()]
            found.append(f"{operation.label}: " + " | ".join(lines[:8]))
    return found


def _checker(operation: Any, call: Callable[[Any, list[Any]], object], skipped: list[Any]) -> Callable[[], None]:
    @hypothesis.given(case=operation.as_strategy())
    @BOUNDED
    def check(case: Any) -> None:
        call(case, skipped)

    return check


def test_with_the_admin_token_every_answer_is_declared(operations: list[Any]) -> None:
    def call(case: Any, skipped: list[Any]) -> None:
        case.call_and_validate(headers=ADMIN_TOKEN, excluded_checks=skipped)

    found = failures(operations, call)
    assert not found, "\n".join(found)


def test_with_a_console_admin_session_every_answer_is_declared(operations: list[Any], gateway: Gateway) -> None:
    def call(case: Any, skipped: list[Any]) -> None:
        # `ignored_auth` drops the auth the document declares (the bearer token) and expects a
        # 401; the session cookie it does not know about still logs the request in.
        skipped = [*skipped, ignored_auth]
        case.call_and_validate(
            headers=gateway.console_headers, cookies=gateway.console_cookies, excluded_checks=skipped
        )

    found = failures(operations, call)
    assert not found, "\n".join(found)

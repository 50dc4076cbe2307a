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
from schemathesis.auths import AuthStorage
from schemathesis.checks import not_a_server_error
from schemathesis.python import asgi
from schemathesis.specs.openapi.checks import positive_data_acceptance

from api.app import create_app
from api.settings import Settings
from service_desk.catalogue import RESOURCES
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
    # 412 answers If-Match with a version the files no longer have: a state, like 404's "no such
    # object", that no schema can describe; the other refusals still count against valid data.
    accepted = schema.config.checks.positive_data_acceptance
    accepted.expected_statuses = [*accepted.expected_statuses, "412"]
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
# Valid data these refuse (422, with the reason) for what no schema can say, so
# `positive_data_acceptance` is skipped for them alone; every other check still runs:
# - a CSV file's rows are checked like PUT bodies, but a text/csv body's schema is "a string";
# - a policy's, schedule's, centre's or vehicle's row must name a model, items or city that exist;
# - a new intent's examples must not be another intent's already, their entity markup must name
#   the domain's entities, and its answer's buttons must send intents that exist.
STATE_NO_SCHEMA_SAYS = {
    *(f"POST /api/admin/desk/{table}/import" for table in DESK_TABLES),
    *(f"PUT /api/admin/desk/{table}/{{key}}" for table in ("policies", "schedules", "centres", "vehicles")),
    "POST /api/admin/intents",
}


def skipped_checks(label: str) -> list[Any]:
    skipped = []
    if label in NEEDS_RASA:
        skipped.append(not_a_server_error)
    if label in STATE_NO_SCHEMA_SAYS:
        skipped.append(positive_data_acceptance)
    return skipped


def failures(
    operations: list[Any], call: Callable[[Any, list[Any]], object], auth: AuthStorage | None = None
) -> list[str]:
    """Run the default checks on every operation; one line per operation that failed one.

    schemathesis' pytest plugin (`from_fixture`) does not run under this pytest, so the
    operations' strategies are driven with hypothesis directly.
    """
    found = []
    for operation in operations:
        try:
            _checker(operation, call, skipped_checks(operation.label), auth)()
        except (Exception, BaseExceptionGroup) as error:  # schemathesis' failures, grouped: keep the first lines
            lines = [line.strip() for line in str(error).strip().splitlines() if line.strip()]
            found.append(f"{operation.label}: " + " | ".join(lines[:8]))
    return found


def _key_from_body(case: Any) -> Any:
    """A catalogue PUT names its row's key twice, in the path and in the body, and refuses a
    mismatch (422): no schema relates the two, so the generated path is made the body's key."""
    resource = RESOURCES[case.path.split("/")[4]]
    fields = resource.row.model_fields
    case.path_parameters["key"] = ":".join(str(case.body.get(c, fields[c].default)) for c in resource.keys)
    return case


def _strategy(operation: Any, auth: AuthStorage | None) -> Any:
    strategy = operation.as_strategy(auth_storage=auth)
    if operation.method.upper() == "PUT" and operation.path.startswith("/api/admin/desk/"):
        strategy = strategy.map(_key_from_body)
    return strategy


def _checker(
    operation: Any, call: Callable[[Any, list[Any]], object], skipped: list[Any], auth: AuthStorage | None
) -> Callable[[], None]:
    @hypothesis.given(case=_strategy(operation, auth))
    @BOUNDED
    def check(case: Any) -> None:
        call(case, skipped)

    return check


def test_with_the_admin_token_every_answer_is_declared(operations: list[Any]) -> None:
    def call(case: Any, skipped: list[Any]) -> None:
        case.call_and_validate(headers=ADMIN_TOKEN, excluded_checks=skipped)

    found = failures(operations, call)
    assert not found, "\n".join(found)


def _console_session(gateway: Gateway) -> AuthStorage:
    """The session as schemathesis' own auth: it then knows the cookie is the credential (the
    document's ConsoleSession scheme), sends no generated admin token beside it, and its
    `ignored_auth` check drops or spoils the cookie and expects a refusal."""
    storage: AuthStorage = AuthStorage()

    @storage()
    class ConsoleSession:
        def get(self, case: Any, context: Any) -> dict[str, str]:
            return gateway.console_cookies

        def set(self, case: Any, data: dict[str, str], context: Any) -> None:
            case.cookies = {**(case.cookies or {}), **data}
            case.headers = {**(case.headers or {}), **gateway.console_headers}

    return storage


def test_with_a_console_admin_session_every_answer_is_declared(operations: list[Any], gateway: Gateway) -> None:
    def call(case: Any, skipped: list[Any]) -> None:
        case.call_and_validate(excluded_checks=skipped)

    found = failures(operations, call, _console_session(gateway))
    assert not found, "\n".join(found)

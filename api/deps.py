"""The routes' dependencies, typed: what a route needs is in its signature, nothing else.

Every long-lived part is built once at start-up (`api.wiring.Components`) and kept on
the application; this module is the only code that reads it from there. A route asks
for `InboxDep` or `OutboxDep`, not for the whole container, so its signature says what
it touches and a test can override one part (`app.dependency_overrides`). Providers
take an `HTTPConnection`, so WebSocket routes use the same ones as HTTP routes.
"""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import Depends, HTTPException, Request, status
from fastapi.security import APIKeyCookie, HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import Engine
from starlette.requests import HTTPConnection

from api.address_flood import AddressFlood
from api.live_webchat import WebChatSessions
from api.settings import Settings
from api.wiring import Components
from channels.base import ProtocolError
from channels.webchat import clean_text
from conversations.answers import AnswerCatalogue
from conversations.backlog import BacklogReport
from conversations.deliveries import Deliveries
from conversations.dispatcher import Dispatcher
from conversations.inbox import Inbox
from conversations.media import MediaFetcher
from conversations.metrics import Metrics
from conversations.outbox import Outbox
from coordination.presence import Presence
from coordination.throttle import LoginThrottle
from nlu.language import LanguageDetector
from nlu.rasa_client import RasaClient
from service_desk.desk import DeskService
from staff.accounts import COOKIE, Account, Accounts, csrf_matches
from staff.audit import TOKEN_ACTOR, AuditLog
from staff.canned import CannedStore
from staff.claims import ClaimsConsole
from staff.console import ConsoleService
from staff.feed import ConsoleFeed
from training.activation import Activator
from training.content import BotContent
from training.registry import ModelRegistry
from training.trainer import TrainingJobs
from training.unsure import UnsureInbox


def components(connection: HTTPConnection) -> Components:
    return connection.app.state.components  # type: ignore[no-any-return]


ComponentsDep = Annotated[Components, Depends(components)]


def _settings(c: ComponentsDep) -> Settings:
    return c.settings


def _engine(c: ComponentsDep) -> Engine:
    return c.engine


def _inbox(c: ComponentsDep) -> Inbox:
    return c.inbox


def _outbox(c: ComponentsDep) -> Outbox:
    return c.outbox


def _dispatcher(c: ComponentsDep) -> Dispatcher:
    return c.dispatcher


def _backlog(c: ComponentsDep) -> BacklogReport:
    return c.backlog


def _metrics(c: ComponentsDep) -> Metrics:
    return c.metrics


def _deliveries(c: ComponentsDep) -> Deliveries:
    return c.deliveries


def _bot(c: ComponentsDep) -> RasaClient:
    return c.bot


def _detector(c: ComponentsDep) -> LanguageDetector:
    return c.detector


def _answers(c: ComponentsDep) -> AnswerCatalogue:
    return c.answers


def _media(c: ComponentsDep) -> MediaFetcher:
    return c.media


def _webchat(c: ComponentsDep) -> WebChatSessions:
    return c.webchat


def _address_flood(c: ComponentsDep) -> AddressFlood:
    return c.address_flood


def _desk(c: ComponentsDep) -> DeskService:
    return c.desk


def _secret_key(c: ComponentsDep) -> bytes:
    return c.secret_key


SettingsDep = Annotated[Settings, Depends(_settings)]
EngineDep = Annotated[Engine, Depends(_engine)]
InboxDep = Annotated[Inbox, Depends(_inbox)]
OutboxDep = Annotated[Outbox, Depends(_outbox)]
DispatcherDep = Annotated[Dispatcher, Depends(_dispatcher)]
BacklogDep = Annotated[BacklogReport, Depends(_backlog)]
MetricsDep = Annotated[Metrics, Depends(_metrics)]  # this app's Prometheus registry
DeliveriesDep = Annotated[Deliveries, Depends(_deliveries)]
BotDep = Annotated[RasaClient, Depends(_bot)]
DetectorDep = Annotated[LanguageDetector, Depends(_detector)]
AnswersDep = Annotated[AnswerCatalogue, Depends(_answers)]
MediaDep = Annotated[MediaFetcher, Depends(_media)]
WebChatDep = Annotated[WebChatSessions, Depends(_webchat)]
AddressFloodDep = Annotated[AddressFlood, Depends(_address_flood)]
SecretKeyDep = Annotated[bytes, Depends(_secret_key)]
DeskDep = Annotated[DeskService, Depends(_desk)]


# -- staff: the console's and the admin API's parts, and who is calling ----------------


def _accounts(c: ComponentsDep) -> Accounts:
    return c.accounts


def _console(c: ComponentsDep) -> ConsoleService:
    return c.console


def _feed(c: ComponentsDep) -> ConsoleFeed:
    return c.feed


def _claims(c: ComponentsDep) -> ClaimsConsole:
    return c.claims


def _canned(c: ComponentsDep) -> CannedStore:
    return c.canned_store


def _admin_token(c: ComponentsDep) -> str:
    return c.admin_token


def _audit(c: ComponentsDep) -> AuditLog:
    return c.audit


def _unsure(c: ComponentsDep) -> UnsureInbox:
    return c.unsure


def _registry(c: ComponentsDep) -> ModelRegistry:
    return c.models.registry


def _trainer(c: ComponentsDep) -> TrainingJobs:
    return c.models.trainer


def _activator(c: ComponentsDep) -> Activator:
    return c.models.activator


def _content(c: ComponentsDep) -> BotContent:
    return c.content


def _presence(c: ComponentsDep) -> Presence:
    return c.coordination.presence


def _login_throttle(c: ComponentsDep) -> LoginThrottle:
    return c.coordination.login_throttle


AccountsDep = Annotated[Accounts, Depends(_accounts)]
ConsoleDep = Annotated[ConsoleService, Depends(_console)]
FeedDep = Annotated[ConsoleFeed, Depends(_feed)]
CannedDep = Annotated[CannedStore, Depends(_canned)]
ClaimsDep = Annotated[ClaimsConsole, Depends(_claims)]
AdminTokenDep = Annotated[str, Depends(_admin_token)]
AuditDep = Annotated[AuditLog, Depends(_audit)]
RegistryDep = Annotated[ModelRegistry, Depends(_registry)]  # every trained model
TrainerDep = Annotated[TrainingJobs, Depends(_trainer)]  # the background training runs
ActivatorDep = Annotated[Activator, Depends(_activator)]  # swaps the live model
UnsureDep = Annotated[UnsureInbox, Depends(_unsure)]  # the customer messages the bot was unsure about
ContentDep = Annotated[BotContent, Depends(_content)]  # the training data and answers (files)
PresenceDep = Annotated[Presence, Depends(_presence)]  # which agents have a console open
LoginThrottleDep = Annotated[LoginThrottle, Depends(_login_throttle)]


class StaffText:
    """Text typed by staff, cleaned like a customer's (control characters out, length capped):
    the channels and the transcript get the same kind of text from everyone. 422 when nothing is left."""

    def __init__(self, settings: SettingsDep) -> None:
        self._max_chars = settings.max_message_chars

    def __call__(self, text: str) -> str:
        try:
            return clean_text(text, self._max_chars)
        except ProtocolError as error:
            raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, str(error)) from error


StaffTextDep = Annotated[StaffText, Depends()]


# The console's session as the OpenAPI document's security scheme, so clients and schemathesis know
# this way in besides the admin token. Read with auto_error=False: each route keeps its own refusal.
console_session = APIKeyCookie(
    name=COOKIE,
    scheme_name="ConsoleSession",
    auto_error=False,
    description="a console login's session (POST /api/console/login); a write also sends its X-CSRF-Token header",
)
SessionCookie = Annotated[str | None, Depends(console_session)]


async def _logged_in(cookie: str | None, accounts: Accounts, refusal: HTTPException) -> tuple[Account, str]:
    """The session cookie's account and CSRF token; `refusal` when there is no live session."""
    found = await accounts.session(cookie)
    if found is None:
        raise refusal
    return found


def _check_csrf(request: Request, csrf: str, safe_methods: tuple[str, ...]) -> None:
    """A cookie rides along on any request a browser makes; the echoed token proves the console made it."""
    if request.method not in safe_methods and not csrf_matches(csrf, request.headers.get("x-csrf-token")):
        raise HTTPException(status.HTTP_403_FORBIDDEN, "missing or wrong X-CSRF-Token")


async def current_account(request: Request, cookie: SessionCookie, accounts: AccountsDep) -> Account:
    """The logged-in agent or admin; 401 without a session, 403 without the CSRF token on writes.

    The session's CSRF token is kept on `request.state` for the routes that hand it out.
    """
    account, csrf = await _logged_in(cookie, accounts, HTTPException(status.HTTP_401_UNAUTHORIZED, "log in first"))
    _check_csrf(request, csrf, ("GET", "HEAD", "OPTIONS"))
    request.state.csrf_token = csrf
    return account


AgentDep = Annotated[Account, Depends(current_account)]


async def current_admin(account: AgentDep) -> Account:
    """A logged-in admin; agents get 403."""
    if not account.is_admin:
        raise HTTPException(status.HTTP_403_FORBIDDEN, "admins only")
    return account


AdminDep = Annotated[Account, Depends(current_admin)]

bearer = HTTPBearer(auto_error=False, description="the admin token (SUPPORTBOT_ADMIN_TOKEN or var/admin.token)")


async def require_admin(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
    cookie: SessionCookie,
    accounts: AccountsDep,
    admin_token: AdminTokenDep,
) -> str:
    """The admin token (scripts, CI), or a logged-in admin's console session (with its CSRF token).

    Returns who is calling, as the audit log names them: the admin's username, or "admin-token".
    """
    if credentials is not None:
        if not hmac.compare_digest(credentials.credentials.encode(), admin_token.encode()):
            raise HTTPException(status.HTTP_403_FORBIDDEN, "wrong admin token")
        return TOKEN_ACTOR
    refusal = HTTPException(status.HTTP_401_UNAUTHORIZED, "admin token required", {"WWW-Authenticate": "Bearer"})
    account, csrf = await _logged_in(cookie, accounts, refusal)
    if not account.is_admin:
        raise HTTPException(status.HTTP_403_FORBIDDEN, "admins only")
    _check_csrf(request, csrf, ("GET", "HEAD"))
    request.state.csrf_token = csrf
    return account.username


# Who makes an admin change (for the audit log); a route that takes it needs no other admin check.
AdminActorDep = Annotated[str, Depends(require_admin)]

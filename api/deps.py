"""The routes' dependencies, typed: what a route needs is in its signature, nothing else.

Every long-lived part is built once at start-up (`api.wiring.Components`) and kept on
the application; this module is the only code that reads it from there. A route asks
for `InboxDep` or `OutboxDep`, not for the whole container, so its signature says what
it touches and a test can override one part (`app.dependency_overrides`). Providers
take an `HTTPConnection`, so WebSocket routes use the same ones as HTTP routes.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends
from sqlalchemy import Engine
from starlette.requests import HTTPConnection

from api.live_webchat import WebChatSessions
from api.settings import Settings
from api.wiring import Components
from conversations.answers import AnswerCatalogue
from conversations.deliveries import Deliveries
from conversations.inbox import Inbox
from conversations.media import MediaFetcher
from conversations.outbox import Outbox
from nlu.language import LanguageDetector
from nlu.rasa_client import RasaClient


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


def _secret_key(c: ComponentsDep) -> bytes:
    return c.secret_key


SettingsDep = Annotated[Settings, Depends(_settings)]
EngineDep = Annotated[Engine, Depends(_engine)]
InboxDep = Annotated[Inbox, Depends(_inbox)]
OutboxDep = Annotated[Outbox, Depends(_outbox)]
DeliveriesDep = Annotated[Deliveries, Depends(_deliveries)]
BotDep = Annotated[RasaClient, Depends(_bot)]
DetectorDep = Annotated[LanguageDetector, Depends(_detector)]
AnswersDep = Annotated[AnswerCatalogue, Depends(_answers)]
MediaDep = Annotated[MediaFetcher, Depends(_media)]
WebChatDep = Annotated[WebChatSessions, Depends(_webchat)]
SecretKeyDep = Annotated[bytes, Depends(_secret_key)]

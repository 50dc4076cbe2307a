"""A fresh database with the message flow's parts on it, for every backend the flow must pass on."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session, sessionmaker

from api.settings import SUPPORTED_LANGUAGES, Settings
from channels.base import InboundMessage
from conversations.answers import AnswerCatalogue
from conversations.deliveries import Deliveries
from conversations.intake import InboundStore
from conversations.turns import TurnRecorder
from nlu.language import LanguageDetector
from storage.engine import create_engine, migrate, session_factory


@dataclass
class Fixture:
    intake: InboundStore
    turns: TurnRecorder
    deliveries: Deliveries
    catalogue: AnswerCatalogue
    sessions: sessionmaker[Session]
    engine: Engine


@pytest.fixture
def db(database_url: str) -> Iterator[Fixture]:
    engine = create_engine(database_url)
    migrate(engine)
    settings = Settings()
    catalogue = AnswerCatalogue.load(settings.responses_dir, SUPPORTED_LANGUAGES, "en")
    sessions = session_factory(engine)
    intake = InboundStore(sessions, LanguageDetector(SUPPORTED_LANGUAGES, "en"))
    turns = TurnRecorder(sessions, catalogue, default_language="en", delay_notice_after=0.0)
    yield Fixture(intake, turns, Deliveries(sessions), catalogue, sessions, engine)
    engine.dispose()


def inbound(
    text: str, *, sender: str = "customer-1", provider_id: str | None = "m-1", **extra: object
) -> InboundMessage:
    return InboundMessage(channel="webchat", sender_id=sender, text=text, provider_message_id=provider_id, **extra)  # type: ignore[arg-type]


def count(db: Fixture, model: type) -> int:
    with db.sessions() as session:
        return int(session.execute(select(func.count()).select_from(model)).scalar_one())

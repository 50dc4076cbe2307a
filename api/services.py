"""The gateway's long-lived parts, built once per process at start-up."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine

from api.answers import AnswerCatalogue
from api.conversations import ConversationService
from api.db import create_engine, migrate, run_in_thread, session_factory
from api.dispatcher import Dispatcher
from api.outbox import Outbox
from api.security import load_admin_token, load_secret_key
from api.settings import Settings
from api.webchat_sessions import WebChatSessions
from bot.language import LanguageDetector
from bot.rasa_client import RasaClient
from channels import webchat


@dataclass
class Services:
    settings: Settings
    engine: Engine
    secret_key: bytes
    admin_token: str
    detector: LanguageDetector
    bot: RasaClient
    conversations: ConversationService
    webchat: WebChatSessions
    outbox: Outbox
    dispatcher: Dispatcher

    @classmethod
    async def start(cls, settings: Settings) -> Services:
        engine = create_engine(settings.database_url)
        if settings.auto_migrate:
            await run_in_thread(migrate, engine)
        catalogue = AnswerCatalogue.load(settings.responses_dir, settings.languages, settings.default_language)
        detector = LanguageDetector(settings.languages, settings.default_language)
        conversations = ConversationService(
            session_factory(engine), detector, catalogue, delay_notice_after=settings.delay_notice_after
        )
        bot = RasaClient(settings.rasa_url, settings.rasa_token, settings.rasa_timeout)
        sessions = WebChatSessions()
        outbox = Outbox(conversations, {webchat.CHANNEL: sessions})
        dispatcher = Dispatcher(
            conversations,
            bot,
            outbox,
            retry_cap=settings.bot_retry_max_interval,
            sweep_interval=settings.sweep_interval,
        )
        await dispatcher.start()
        return cls(
            settings=settings,
            engine=engine,
            secret_key=load_secret_key(settings.secret_key, settings.secret_key_file),
            admin_token=load_admin_token(settings.admin_token, settings.admin_token_file),
            detector=detector,
            bot=bot,
            conversations=conversations,
            webchat=sessions,
            outbox=outbox,
            dispatcher=dispatcher,
        )

    async def stop(self) -> None:
        await self.dispatcher.stop()
        await self.bot.aclose()
        self.engine.dispose()

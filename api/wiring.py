"""The composition root: every long-lived part of the gateway, built once per process at start-up.

This is the only module that knows how the parts fit together (which adapter feeds
which outbox, what the inbox kicks); everything else receives its collaborators in its
constructor. Routes never see this container: `api.deps` hands each one the part it
asks for.
"""

from __future__ import annotations

from dataclasses import dataclass

import httpx
import socketio
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from api.address_flood import AddressFlood
from api.live_socketio import SocketIOSessions, create_server
from api.live_webchat import WebChatSessions
from api.routers.socketio import register_events
from api.security import load_admin_token, load_secret_key
from api.settings import ROOT, Settings
from channels import socketio as socketio_channel
from channels import telegram, webchat, whatsapp
from channels.base import ChannelAdapter
from channels.registry import build_adapters, find_adapter
from conversations.answers import AnswerCatalogue
from conversations.backlog import BacklogReport
from conversations.deliveries import Deliveries
from conversations.dispatcher import Dispatcher
from conversations.handoff import PRIORITY_NAMES, Handoff, HandoffPolicy
from conversations.inbox import Inbox
from conversations.intake import InboundStore
from conversations.markets import Markets
from conversations.media import MediaFetcher, MediaStore
from conversations.metrics import Metrics
from conversations.outbox import LiveSender, Outbox, OutboxStore
from conversations.telegram_updates import TelegramPoller, TelegramUpdates
from conversations.turns import TurnRecorder
from coordination.factory import Coordination, build_coordination
from coordination.flood import FloodLimits
from nlu.language import LanguageDetector
from nlu.rasa_client import RasaClient
from service_desk.catalogue.seed import load_seed_if_empty
from service_desk.claims import file_new_photos
from service_desk.desk import DeskService
from staff.accounts import Accounts
from staff.audit import AuditLog
from staff.canned import CannedStore
from staff.claims import ClaimsConsole
from staff.console import ConsoleService
from staff.feed import ConsoleFeed
from storage.engine import create_engine, migrate, run_in_thread, session_factory
from training.activation import Activator
from training.content import BotContent, intents_named_in_code
from training.registry import ModelRegistry
from training.trainer import TrainingJobs
from training.unsure import Thresholds, UnsureInbox


@dataclass(frozen=True, slots=True)
class ModelAdmin:
    """The model registry, the training runs and the swap of the live model: admin's model work."""

    registry: ModelRegistry
    trainer: TrainingJobs
    activator: Activator

    @classmethod
    def build(
        cls,
        settings: Settings,
        sessions: sessionmaker[Session],
        audit: AuditLog,
        bot: RasaClient,
        dispatcher: Dispatcher,
    ) -> ModelAdmin:
        registry = ModelRegistry(sessions, settings.models_dir, audit, settings.eval_max_drop)
        trainer = TrainingJobs(
            registry,
            bot,
            content_dir=settings.content_dir,
            rasa_env=settings.rasa_env,
            rasa_token=settings.rasa_token,
            languages=settings.languages,
        )
        return cls(registry, trainer, Activator(registry, bot, dispatcher.gate))


def build_content(settings: Settings, audit: AuditLog) -> BotContent:
    """The content facade; intents the gateway or the actions name in code (or hand off on) are protected."""
    named = intents_named_in_code(ROOT)
    return BotContent(settings.content_dir, settings.languages, audit, frozenset(named | set(settings.handoff_intents)))


def build_address_flood(
    settings: Settings, coordination: Coordination, answers: AnswerCatalogue, detector: LanguageDetector
) -> AddressFlood:
    """The per-address budget: the same token buckets as the per-customer pacing, its own limits; 0 turns it off."""
    limits = FloodLimits(settings.ip_flood_rate, settings.ip_flood_burst)
    limiter = coordination.flood_limiter(limits) if limits.rate > 0 and limits.burst > 0 else None
    return AddressFlood(limiter, answers, detector)


@dataclass
class Components:
    settings: Settings
    engine: Engine
    secret_key: bytes
    admin_token: str
    detector: LanguageDetector
    answers: AnswerCatalogue
    bot: RasaClient
    deliveries: Deliveries
    turns: TurnRecorder
    webchat: WebChatSessions
    socketio_server: socketio.AsyncServer
    socketio: SocketIOSessions
    outbox: Outbox
    dispatcher: Dispatcher
    media_store: MediaStore
    media: MediaFetcher
    http: httpx.AsyncClient
    whatsapp: whatsapp.WhatsAppAdapter | None
    telegram: telegram.TelegramAdapter | None
    accounts: Accounts
    console: ConsoleService
    feed: ConsoleFeed
    canned_store: CannedStore
    inbox: Inbox
    coordination: Coordination
    backlog: BacklogReport
    desk: DeskService
    claims: ClaimsConsole
    audit: AuditLog
    content: BotContent  # the training data and answers the admin pages edit (files under content_dir)
    models: ModelAdmin
    unsure: UnsureInbox  # the customer messages the bot was unsure about, reviewed into the training data
    address_flood: AddressFlood  # the web chat's and socket.io's budget per client address
    metrics: Metrics  # this app's Prometheus registry (GET /metrics); the inbox, outbox and dispatcher count in it
    telegram_updates: TelegramUpdates | None = None
    telegram_poller: TelegramPoller | None = None

    @classmethod
    async def start(cls, settings: Settings) -> Components:
        engine = create_engine(settings.database_url)
        if settings.auto_migrate:
            await run_in_thread(migrate, engine)
        sessions = session_factory(engine)
        metrics = Metrics()  # one registry per app, never prometheus_client's global one
        coordination = await build_coordination(settings.redis_url)
        # Several replicas: one replica works on a conversation at a time. One replica alone
        # needs no lease (its PerConversation already runs one drain per conversation).
        shared_leases = coordination.leases if settings.redis_url else None
        secret_key = load_secret_key(settings.secret_key, settings.secret_key_file)
        catalogue = AnswerCatalogue.load(settings.responses_dir, settings.languages, settings.default_language)
        detector = LanguageDetector(settings.languages, settings.default_language)
        markets = Markets.load(settings.markets_file)
        desk = DeskService(sessions, catalogue, markets)
        if settings.desk_seed_dir.is_dir():
            await run_in_thread(load_seed_if_empty, engine, settings.desk_seed_dir, settings.markets_file)
        handoff = Handoff(
            HandoffPolicy(
                intents={intent: PRIORITY_NAMES[name] for intent, name in settings.handoff_intents.items()},
                low_confidence=settings.handoff_low_confidence,
                low_confidence_turns=settings.handoff_low_confidence_turns,
                minutes_per_waiting=settings.handoff_minutes_per_waiting,
            ),
            catalogue,
            markets,
        )
        intake = InboundStore(sessions, detector)
        turns = TurnRecorder(
            sessions,
            catalogue,
            default_language=detector.default,
            delay_notice_after=settings.delay_notice_after,
            handoff=handoff,
            file_media=file_new_photos,
        )
        deliveries = Deliveries(sessions)
        console = ConsoleService(sessions, handoff)
        feed = ConsoleFeed(console, coordination.events)
        canned_store = CannedStore(sessions)
        audit = AuditLog(sessions)
        content = build_content(settings, audit)
        await run_in_thread(canned_store.seed, settings.canned_responses_file, settings.languages)
        bot = RasaClient(settings.rasa_url, settings.rasa_token, settings.rasa_timeout)
        http = httpx.AsyncClient(
            timeout=httpx.Timeout(settings.outbox_send_timeout, connect=10.0),
            limits=httpx.Limits(max_connections=100, max_keepalive_connections=20),
        )

        # Every enabled provider channel, as channels/registry.py lists them, with its rate limiter.
        providers = build_adapters(settings.channel_groups(), http, max_media_bytes=settings.media_max_bytes)
        adapters: dict[str, ChannelAdapter] = dict(providers)
        limiters = {name: coordination.rate_limiter(name, adapter.limits()) for name, adapter in providers.items()}
        wa = find_adapter(providers, whatsapp.WhatsAppAdapter)
        tg = find_adapter(providers, telegram.TelegramAdapter)

        socketio_server = create_server("*")
        webchat_sessions = WebChatSessions(coordination.webchat_members)
        socketio_sessions = SocketIOSessions(socketio_server, coordination.socketio_members)
        live: dict[str, LiveSender] = {webchat.CHANNEL: webchat_sessions, socketio_channel.CHANNEL: socketio_sessions}
        outbox = Outbox(
            deliveries,
            OutboxStore(sessions, {name: adapter.reply_window for name, adapter in adapters.items()}),
            live=live,
            adapters=adapters,
            limiters=limiters,
            max_attempts=settings.outbox_max_attempts,
            retry_cap=settings.outbox_retry_max_interval,
            send_timeout=settings.outbox_send_timeout,
            sweep_interval=settings.sweep_interval,
            max_sends=settings.outbox_concurrency,
            sends_per_channel=settings.sends_per_channel,
            leases=shared_leases,
            metrics=metrics,
        )
        dispatcher = Dispatcher(
            turns,
            bot,
            outbox,
            feed,  # the console's live feed hears of every processed message
            retry_cap=settings.bot_retry_max_interval,
            sweep_interval=settings.sweep_interval,
            max_turns=settings.bot_concurrency,
            delay_notice_after=settings.delay_notice_after,
            leases=shared_leases,
            desk_url=settings.desk_url,
            flood=coordination.flood_limiter(FloodLimits(settings.flood_rate, settings.flood_burst)),
            metrics=metrics,
        )
        media_store = MediaStore(settings.media_dir)
        media = MediaFetcher(sessions, media_store, adapters, sweep_interval=max(settings.sweep_interval, 5.0))
        inbox = Inbox(intake, dispatcher, media, metrics)
        address_flood = build_address_flood(settings, coordination, catalogue, detector)
        register_events(
            socketio_server,
            members=socketio_sessions,
            secret_key=secret_key,
            inbox=inbox,
            outbox=outbox,
            deliveries=deliveries,
            max_message_chars=settings.max_message_chars,
            address_flood=address_flood,
        )
        telegram_updates = TelegramUpdates(inbox, tg, settings.max_message_chars) if tg is not None else None
        components = cls(
            settings=settings,
            engine=engine,
            secret_key=secret_key,
            admin_token=load_admin_token(settings.admin_token, settings.admin_token_file),
            detector=detector,
            answers=catalogue,
            bot=bot,
            deliveries=deliveries,
            turns=turns,
            webchat=webchat_sessions,
            socketio_server=socketio_server,
            socketio=socketio_sessions,
            outbox=outbox,
            dispatcher=dispatcher,
            media_store=media_store,
            media=media,
            http=http,
            whatsapp=wa,
            telegram=tg,
            accounts=Accounts(sessions),
            console=console,
            feed=feed,
            canned_store=canned_store,
            inbox=inbox,
            coordination=coordination,
            backlog=BacklogReport(sessions, dispatcher, outbox),
            desk=desk,
            claims=ClaimsConsole(sessions, catalogue),
            audit=audit,
            content=content,
            models=ModelAdmin.build(settings, sessions, audit, bot, dispatcher),
            unsure=UnsureInbox(
                sessions,
                content,
                languages=settings.languages,
                thresholds=Thresholds(unsure=settings.unsure_confidence, handoff=settings.handoff_low_confidence),
            ),
            address_flood=address_flood,
            metrics=metrics,
            telegram_updates=telegram_updates,
        )
        if tg is not None and telegram_updates is not None and settings.telegram.mode == "polling":
            components.telegram_poller = TelegramPoller(
                telegram_updates, tg, settings.telegram.poll_timeout, coordination.leadership
            )
            await components.telegram_poller.start()
        await components.models.registry.abandon_interrupted()
        await dispatcher.start()
        await outbox.start()
        await media.start()
        return components

    async def stop(self) -> None:
        await self.models.trainer.stop()
        if self.telegram_poller is not None:
            await self.telegram_poller.stop()
        await self.dispatcher.stop()
        await self.outbox.stop()
        await self.media.stop()
        if self.telegram_updates is not None:
            await self.telegram_updates.stop()
        await self.bot.aclose()
        await self.http.aclose()
        await self.coordination.close()
        self.engine.dispose()

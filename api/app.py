"""The FastAPI application: `uvicorn api.app:create_app --factory`."""

from __future__ import annotations

import logging
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import socketio
from fastapi import FastAPI
from starlette.types import ASGIApp, Receive, Scope, Send

from api.headers import SecurityHeaders
from api.middleware import BodySizeLimit
from api.routers import (
    admin,
    admin_answers,
    admin_audit,
    admin_canned,
    admin_desk,
    admin_intents,
    admin_models,
    admin_pages,
    admin_unsure,
    console,
    console_claims,
    desk,
    health,
    metrics,
    telegram,
    webchat,
    whatsapp,
)
from api.settings import Settings, get_settings
from api.socketio_guard import EngineIOGuard
from api.wiring import Components

# The event loop and the ~20 database threads (storage/engine.py) share one GIL. At CPython's
# default 5 ms switch interval, a thread inside SQLite's one write transaction that gives the
# GIL up (every sqlite3 call does) may wait 5 ms to get it back while every writer queues
# behind it. At 1 ms the stall benchmark's webhook ack p99 went from 327-380 ms to 232 ms.
GIL_SWITCH_INTERVAL = 0.001


class SocketIOMount:
    """Serves /socket.io/ (Rasa's socket.io web chat protocol) beside the FastAPI routes.

    The socket.io server is built with the components at start-up, so it is looked up
    per request rather than mounted once.
    """

    def __init__(self, app: ASGIApp, fastapi_app: FastAPI) -> None:
        self.app = app
        self.fastapi_app = fastapi_app
        self._asgi: ASGIApp | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] in ("http", "websocket") and scope["path"].startswith("/socket.io/"):
            components: Components | None = getattr(self.fastapi_app.state, "components", None)
            if components is not None:
                if self._asgi is None:
                    server = components.socketio_server
                    self._asgi = EngineIOGuard(socketio.ASGIApp(server, socketio_path="socket.io"), server)
                await self._asgi(scope, receive, send)
                return
        await self.app(scope, receive, send)


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)  # its request lines carry the Telegram token

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        sys.setswitchinterval(GIL_SWITCH_INTERVAL)
        app.state.components = await Components.start(settings)
        try:
            yield
        finally:
            await app.state.components.stop()

    app = FastAPI(
        title="Vehicle after-sales support gateway",
        summary="Omnichannel gateway between customers, the Rasa bot and human technicians.",
        version="0.2.0",
        lifespan=lifespan,
    )
    app.add_middleware(SocketIOMount, fastapi_app=app)
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_body_bytes)
    docs = frozenset(p for p in (app.docs_url, app.redoc_url, app.swagger_ui_oauth2_redirect_url) if p)
    app.add_middleware(SecurityHeaders, docs_paths=docs)  # outermost: a 413 or a socket.io answer gets them too
    app.include_router(health.router)
    app.include_router(metrics.router)
    app.include_router(webchat.router)
    app.include_router(whatsapp.router)
    app.include_router(telegram.router)
    app.include_router(console.pages)
    app.include_router(admin_pages.router)
    app.include_router(console.router)
    app.include_router(console_claims.router)
    app.include_router(admin.router)
    app.include_router(admin_desk.router)
    app.include_router(admin_intents.router)
    app.include_router(admin_answers.router)
    app.include_router(admin_models.router)
    app.include_router(admin_audit.router)
    app.include_router(admin_canned.router)
    app.include_router(admin_unsure.router)
    app.include_router(desk.router)
    return app

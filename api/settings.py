"""Gateway configuration, read from SUPPORTBOT_* environment variables.

Every setting has a default that works for the embedded mode (SQLite file, Rasa on
127.0.0.1:5005), so `./supportbot run` needs none of them. README, "Configuration",
lists them all.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, Field, field_validator, model_validator
from pydantic_settings import (
    BaseSettings,
    EnvSettingsSource,
    NoDecode,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
)

from channels.registry import CHANNELS, ChannelSettings
from channels.telegram import TelegramSettings
from channels.whatsapp import WhatsAppSettings
from storage.engine import DEFAULT_DATABASE_URL

ROOT = Path(__file__).resolve().parent.parent

SUPPORTED_LANGUAGES = ("az", "kk", "ka", "ne", "ru", "en")


class _ChannelGroupsFromFlatEnv(EnvSettingsSource):
    """Reads each channel's settings group from SUPPORTBOT_<CHANNEL>_<SETTING>.

    Deployments set SUPPORTBOT_TELEGRAM_CHAT_BURST since before the groups existed;
    pydantic-settings' nested models would want SUPPORTBOT_TELEGRAM__CHAT_BURST. With "_"
    as the delimiter, split once after the field name, the flat names fill the group.
    Only the groups are taken from this source: every other setting is read exactly as
    before, so SUPPORTBOT_LANGUAGES_X stays a variable nobody reads, not part of `languages`.
    """

    def __init__(self, settings_cls: type[BaseSettings]) -> None:
        super().__init__(settings_cls, env_nested_delimiter="_", env_nested_max_split=1)

    def __call__(self) -> dict[str, Any]:
        groups = {
            name
            for name, field in self.settings_cls.model_fields.items()
            if isinstance(field.annotation, type) and issubclass(field.annotation, BaseModel)
        }
        return {name: value for name, value in super().__call__().items() if name in groups}


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SUPPORTBOT_", extra="ignore")

    database_url: str = Field(
        default=DEFAULT_DATABASE_URL,
        description="SQLAlchemy URL: sqlite:///path or postgresql+psycopg://user:pw@host/db",
    )
    auto_migrate: bool = Field(default=True, description="apply database migrations at start-up")
    redis_url: str | None = Field(
        default=None,
        description="redis://host:6379/0 to share leases, rate limits, live events, presence and the login "
        "throttle between gateway replicas; unset: all in this process (one replica)",
    )

    rasa_url: str = "http://127.0.0.1:5005"
    rasa_token: str = Field(default="", description="Rasa's --auth-token, for its HTTP API")
    rasa_timeout: float = Field(default=20.0, description="seconds to wait for one bot turn")

    languages: Annotated[tuple[str, ...], NoDecode] = Field(
        default=SUPPORTED_LANGUAGES, description="languages the bot answers in"
    )
    default_language: str = "en"
    responses_dir: Path = Field(
        default=ROOT / "bot" / "responses", description="the answers; by default content_dir's bot/responses"
    )

    delay_notice_after: float = Field(
        default=8.0, description="seconds a customer waits for the bot before being told there is a delay"
    )
    bot_retry_max_interval: float = Field(default=5.0, description="longest pause between retries of a pending message")
    sweep_interval: float = Field(default=1.0, description="seconds between scans for due retries")
    bot_concurrency: int = Field(
        default=16, ge=1, le=256, description="conversations with the bot at once; the rest wait in the database"
    )
    outbox_concurrency: int = Field(
        default=32, ge=1, le=1024, description="conversations whose replies are being sent at once"
    )
    sends_per_channel: int = Field(default=8, ge=1, le=256, description="requests out at one provider at once")
    flood_rate: float = Field(
        default=1.0, gt=0, le=100, description="messages a second of one customer (session, sender) the bot answers"
    )
    flood_burst: int = Field(
        default=10, ge=1, le=1000, description="messages of one customer answered at once; more wait, stored"
    )
    ip_flood_rate: float = Field(
        default=5.0,
        ge=0,
        description="messages a second one client address may send over the web chat and socket.io sockets "
        "(0: no limit); over it a message is refused unstored, the client re-sends it. Generous on purpose: "
        "a dealership's customers share one NAT address, and 5 a second is what ~50 people typing at once send",
    )
    ip_flood_burst: int = Field(
        default=60,
        ge=0,
        description="messages one client address may send at once before ip_flood_rate applies (0: no limit); "
        "60 lets a room of customers behind one NAT reconnect together and re-send what their widgets kept",
    )
    trusted_proxies: str = Field(
        default="127.0.0.1",
        description="addresses (comma-separated, CIDR allowed, '*' for any) whose X-Forwarded-For names the "
        "client; given to uvicorn's --forwarded-allow-ips by scripts/stack.py and the Docker entry point. "
        "Any other peer is the client itself, whatever header it sends",
    )

    secret_key: str = Field(
        default="", description="signs web chat sessions; generated into var/secret.key when empty", repr=False
    )
    secret_key_file: Path = ROOT / "var" / "secret.key"
    admin_token: str = Field(
        default="", description="bearer token for /api/admin; generated into var/admin.token when empty", repr=False
    )
    admin_token_file: Path = ROOT / "var" / "admin.token"
    desk_token: str = Field(
        default="",
        description="bearer token the action server calls /api/desk with; the desk API is off when empty",
        repr=False,
    )
    desk_url: str = Field(
        default="",
        description="this gateway's address as the action server reaches it, sent to Rasa with every message",
    )
    desk_seed_dir: Path = Field(
        default=ROOT / "config" / "service_desk", description="seed files loaded when the vehicle catalogue is empty"
    )

    max_body_bytes: int = Field(default=1024 * 1024, description="largest HTTP request body accepted (413 beyond)")
    max_message_chars: int = Field(default=4096, description="longest customer message accepted (WhatsApp's limit)")
    history_limit: int = Field(default=200, description="messages restored when a web chat reconnects")

    # -- outbox: delivery through provider channels ---------------------------------
    outbox_max_attempts: int = Field(default=10, description="tries of one outbound message before it is a dead letter")
    outbox_retry_max_interval: float = Field(default=300.0, description="longest pause between two tries of a send")
    outbox_send_timeout: float = Field(default=30.0, description="seconds to wait for a provider's answer to a send")

    # -- media ---------------------------------------------------------------------------
    media_dir: Path = Field(default=ROOT / "var" / "media", description="where customers' photos and files are kept")
    media_max_bytes: int = Field(default=25 * 1024 * 1024, description="largest attachment fetched from a provider")

    # -- provider channels: one settings group each, kept with its adapter -------------------
    # README, "Connecting WhatsApp" and "Connecting Telegram". The variables stay flat:
    # SUPPORTBOT_WHATSAPP_APP_SECRET fills whatsapp.app_secret (_ChannelGroupsFromFlatEnv).
    whatsapp: WhatsAppSettings = Field(default_factory=WhatsAppSettings)
    telegram: TelegramSettings = Field(default_factory=TelegramSettings)

    # -- hand-off to technicians (README, "Hand-off") ------------------------------------------
    handoff_intents: dict[str, str] = Field(
        default={
            "human_agent": "high",
            "complaint": "urgent",
            "roadside_assistance": "emergency",
        },
        description="intents that hand off at once, with their priority: normal, high, urgent, emergency (JSON)",
    )
    handoff_low_confidence: float = Field(default=0.45, description="a turn below this confidence is not understood")
    handoff_low_confidence_turns: int = Field(default=2, description="not-understood turns in a row that hand off")
    handoff_minutes_per_waiting: int = Field(default=4, description="expected wait per conversation ahead, minutes")
    markets_file: Path = Field(default=ROOT / "config" / "markets.yml", description="markets' time zones, hours")
    canned_responses_file: Path = ROOT / "config" / "canned_responses.yml"
    # -- admin: the training data, trained models and the evaluation gate (README, "Admin pages") --
    content_dir: Path = Field(
        default=ROOT,
        description="the checkout whose nlu_data/ and bot/ the admin pages edit and train from (git's source of truth)",
    )
    models_dir: Path = Field(
        default=ROOT / "models", description="where trained models are kept (the registry's files)"
    )
    rasa_env: Path | None = Field(
        default=None,
        description="the Rasa virtualenv that trains and evaluates models (set by ./supportbot)",
    )
    eval_max_drop: float = Field(
        default=1.0, ge=0, le=100, description="activation gate: most points any language's accuracy may drop"
    )
    unsure_confidence: float = Field(
        default=0.6, ge=0, le=1, description="a customer message under this confidence goes to the unsure inbox"
    )
    console_cookie_secure: bool | None = Field(
        default=None, description="Secure flag of the console's cookie; by default set when the request is HTTPS"
    )

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        """pydantic-settings' own sources, in its order, plus the channel groups' flat variables."""
        return (
            init_settings,
            env_settings,
            _ChannelGroupsFromFlatEnv(settings_cls),
            dotenv_settings,
            file_secret_settings,
        )

    @field_validator("handoff_intents")
    @classmethod
    def _known_priorities(cls, value: dict[str, str]) -> dict[str, str]:
        wrong = {k: v for k, v in value.items() if v not in ("normal", "high", "urgent", "emergency")}
        if wrong:
            raise ValueError(f"priorities must be normal, high, urgent or emergency: {wrong}")
        return value

    @field_validator("languages", mode="before")
    @classmethod
    def _split_languages(cls, value: object) -> object:
        if isinstance(value, str):
            return tuple(part.strip() for part in value.split(",") if part.strip())
        return value

    @field_validator("languages")
    @classmethod
    def _known_languages(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        unknown = set(value) - set(SUPPORTED_LANGUAGES)
        if unknown or not value:
            raise ValueError(f"languages must be a non-empty subset of {SUPPORTED_LANGUAGES}, got {value}")
        return value

    @model_validator(mode="after")
    def _answers_follow_the_content(self) -> Settings:
        """The answers the gateway serves are the ones the admin pages edit: with another content_dir and no
        responses_dir of its own, responses_dir is content_dir/bot/responses."""
        if "responses_dir" not in self.model_fields_set:
            self.responses_dir = self.content_dir / "bot" / "responses"
        return self

    def channel_groups(self) -> dict[str, ChannelSettings]:
        """Each registered provider channel's settings group by channel name, for the registry to build from.

        A channel registered without a field here fails at start-up, not by never running.
        """
        return {spec.name: getattr(self, spec.name) for spec in CHANNELS}


@lru_cache
def get_settings() -> Settings:
    return Settings()

"""Gateway configuration, read from SUPPORTBOT_* environment variables.

Every setting has a default that works for the embedded mode (SQLite file, Rasa on
127.0.0.1:5005), so `./supportbot run` needs none of them. README, "Configuration",
lists them all.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Annotated

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

ROOT = Path(__file__).resolve().parent.parent

SUPPORTED_LANGUAGES = ("az", "kk", "ka", "ne", "ru", "en")


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SUPPORTBOT_", extra="ignore")

    database_url: str = Field(
        default=f"sqlite:///{ROOT / 'var' / 'supportbot.db'}",
        description="SQLAlchemy URL: sqlite:///path or postgresql+psycopg://user:pw@host/db",
    )
    auto_migrate: bool = Field(default=True, description="apply database migrations at start-up")

    rasa_url: str = "http://127.0.0.1:5005"
    rasa_token: str = Field(default="", description="Rasa's --auth-token, for its HTTP API")
    rasa_timeout: float = Field(default=20.0, description="seconds to wait for one bot turn")

    languages: Annotated[tuple[str, ...], NoDecode] = Field(
        default=SUPPORTED_LANGUAGES, description="languages the bot answers in"
    )
    default_language: str = "en"
    responses_dir: Path = ROOT / "bot" / "responses"

    delay_notice_after: float = Field(
        default=8.0, description="seconds a customer waits for the bot before being told there is a delay"
    )
    bot_retry_max_interval: float = Field(default=5.0, description="longest pause between retries of a pending message")
    sweep_interval: float = Field(default=1.0, description="seconds between scans for due retries")

    secret_key: str = Field(
        default="", description="signs web chat sessions; generated into var/secret.key when empty", repr=False
    )
    secret_key_file: Path = ROOT / "var" / "secret.key"
    admin_token: str = Field(
        default="", description="bearer token for /api/admin; generated into var/admin.token when empty", repr=False
    )
    admin_token_file: Path = ROOT / "var" / "admin.token"

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

    # -- WhatsApp Cloud API (README, "Connecting WhatsApp") --------------------------------
    whatsapp_app_secret: str = Field(default="", description="Meta app secret: checks X-Hub-Signature-256", repr=False)
    whatsapp_verify_token: str = Field(
        default="", description="your choice; Meta sends it back when subscribing", repr=False
    )
    whatsapp_access_token: str = Field(default="", description="system-user access token for the Graph API", repr=False)
    whatsapp_phone_number_id: str = Field(default="", description="the business number's id in the Graph API")
    whatsapp_api_url: str = "https://graph.facebook.com"
    whatsapp_api_version: str = "v23.0"
    whatsapp_template_name: str = Field(
        default="support_reply", description="approved template with one body variable, used outside the 24 h window"
    )
    whatsapp_template_languages: dict[str, str] = Field(
        default={"az": "az", "kk": "kk", "ka": "ka", "ne": "ne", "ru": "ru", "en": "en"},
        description="our language -> the template's language code at Meta (JSON)",
    )
    whatsapp_rate_per_second: float = Field(default=80.0, description="messages per second for the whole number")
    whatsapp_chat_rate_per_second: float = Field(
        default=1 / 6, description="sustained messages per second to one user (Meta's pair limit: one per 6 s)"
    )
    whatsapp_chat_burst: int = Field(default=10, description="messages to one user before the per-user rate applies")

    # -- Telegram Bot API (README, "Connecting Telegram") --------------------------------
    telegram_token: str = Field(default="", description="the bot's token from @BotFather", repr=False)
    telegram_mode: str = Field(default="webhook", pattern="^(webhook|polling)$", description="webhook or polling")
    telegram_secret_token: str = Field(
        default="", description="checked on every webhook call (X-Telegram-Bot-Api-Secret-Token)", repr=False
    )
    telegram_api_url: str = "https://api.telegram.org"
    telegram_poll_timeout: int = Field(default=25, description="seconds one getUpdates call waits for news")
    telegram_rate_per_second: float = Field(default=30.0, description="messages per second for the whole bot")
    telegram_chat_rate_per_second: float = Field(default=1.0, description="sustained messages per second to one chat")
    telegram_chat_burst: int = Field(default=3, description="messages to one chat before the per-chat rate applies")

    # -- hand-off to technicians (README, "Hand-off") ------------------------------------------
    handoff_intents: dict[str, str] = Field(
        default={
            "human_agent": "high",
            "complaint": "urgent",
            "roadside_assistance": "emergency",
            "warranty_claim": "normal",
            "claim_status": "normal",
        },
        description="intents that hand off at once, with their priority: normal, high, urgent, emergency (JSON)",
    )
    handoff_low_confidence: float = Field(default=0.45, description="a turn below this confidence is not understood")
    handoff_low_confidence_turns: int = Field(default=2, description="not-understood turns in a row that hand off")
    handoff_minutes_per_waiting: int = Field(default=4, description="expected wait per conversation ahead, minutes")
    markets_file: Path = Field(
        default=ROOT / "config" / "markets.yml", description="markets' time zones, hours"
    )
    canned_responses_file: Path = ROOT / "config" / "canned_responses.yml"
    console_cookie_secure: bool | None = Field(
        default=None, description="Secure flag of the console's cookie; by default set when the request is HTTPS"
    )

    @field_validator("handoff_intents")
    @classmethod
    def _known_priorities(cls, value: dict[str, str]) -> dict[str, str]:
        wrong = {k: v for k, v in value.items() if v not in ("normal", "high", "urgent", "emergency")}
        if wrong:
            raise ValueError(f"priorities must be normal, high, urgent or emergency: {wrong}")
        return value

    @property
    def whatsapp_enabled(self) -> bool:
        return bool(self.whatsapp_app_secret and self.whatsapp_access_token and self.whatsapp_phone_number_id)

    @property
    def telegram_enabled(self) -> bool:
        return bool(self.telegram_token)

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


@lru_cache
def get_settings() -> Settings:
    return Settings()

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

"""Telegram Bot API: updates to normalized messages, and outbound messages to `sendMessage`.

Only translation lives here; retries, rate limits and de-duplication are the outbox's and
the gateway's. The channel is three modules, split by what they do: `inbound` checks the
webhook's secret and parses updates, `outbound` is the adapter (sending, media, polling
and webhook calls), `settings` is the group of settings an operator configures. This
package re-exports the names the routes, the wiring, the CLI and the tests import, so
they need not know the split.
"""

from channels.telegram.inbound import ALLOWED_UPDATES, CHANNEL, SECRET_HEADER, parse_update, verify_secret
from channels.telegram.outbound import (
    MAX_BOT_DOWNLOAD_BYTES,
    MAX_CALLBACK_DATA_BYTES,
    MAX_MESSAGE_UNITS,
    TelegramAdapter,
    split_text,
    utf16_length,
)
from channels.telegram.settings import TelegramSettings

__all__ = [
    "ALLOWED_UPDATES",
    "CHANNEL",
    "MAX_BOT_DOWNLOAD_BYTES",
    "MAX_CALLBACK_DATA_BYTES",
    "MAX_MESSAGE_UNITS",
    "SECRET_HEADER",
    "TelegramAdapter",
    "TelegramSettings",
    "parse_update",
    "split_text",
    "utf16_length",
    "verify_secret",
]

"""WhatsApp Cloud API (Meta Graph API): webhooks in, messages out, media down.

The channel is three modules, split by what they do: `inbound` checks and parses Meta's
webhooks, `outbound` is the adapter that sends replies and fetches media, `settings` is
the group of settings an operator configures. This package re-exports the names the
routes, the wiring and the tests import, so they need not know the split.
"""

from channels.whatsapp.inbound import CHANNEL, WebhookBatch, parse_webhook, verify_signature, verify_subscription
from channels.whatsapp.outbound import (
    DEFAULT_LIST_BUTTON_LABELS,
    DEFAULT_MAX_MEDIA_BYTES,
    MAX_BUTTON_TITLE_CHARS,
    MAX_INTERACTIVE_BODY_CHARS,
    MAX_LIST_BUTTON_LABEL_CHARS,
    MAX_LIST_ROWS,
    MAX_REPLY_BUTTONS,
    MAX_ROW_TITLE_CHARS,
    MAX_TEMPLATE_PARAMETER_CHARS,
    MAX_TEXT_CHARS,
    WhatsAppAdapter,
    is_bsuid,
    split_text,
)
from channels.whatsapp.settings import WhatsAppSettings

__all__ = [
    "CHANNEL",
    "DEFAULT_LIST_BUTTON_LABELS",
    "DEFAULT_MAX_MEDIA_BYTES",
    "MAX_BUTTON_TITLE_CHARS",
    "MAX_INTERACTIVE_BODY_CHARS",
    "MAX_LIST_BUTTON_LABEL_CHARS",
    "MAX_LIST_ROWS",
    "MAX_REPLY_BUTTONS",
    "MAX_ROW_TITLE_CHARS",
    "MAX_TEMPLATE_PARAMETER_CHARS",
    "MAX_TEXT_CHARS",
    "WebhookBatch",
    "WhatsAppAdapter",
    "WhatsAppSettings",
    "is_bsuid",
    "parse_webhook",
    "split_text",
    "verify_signature",
    "verify_subscription",
]

"""The text rules every channel applies to what a customer writes.

They live apart from any one channel so that an adapter, a route or the console can
normalise text the same way without importing another channel's module: a message must
compare, search and display alike whichever channel carried it.

Two flavours, because the sender differs:

- `clean_text` refuses empty or over-long text. Our own clients (web chat, socket.io, the
  console) can be told why and fix it, and storing half a message would mislead an agent.
- `clean_provider_text` never refuses. Providers (WhatsApp, Telegram) re-send whatever we
  do not accept, for days, so their text is cut and marked instead of refused.
"""

from __future__ import annotations

import re
import sys
import unicodedata

from channels.base import ProtocolError

# What a button sends the bot: "/intent", or "/intent{...}" with flat string entities
# (a centre's code, a slot's start, a booking's reference), Rasa's message form. Kept
# narrow on purpose: a button can name a choice, never carry free text. 64 bytes at
# most, Telegram's limit for callback_data.
_VALUE = r'"[a-z_]{1,32}": ?"[A-Za-z0-9_:+.\-]{1,40}"'
BUTTON_PAYLOAD = re.compile(r"^/[A-Za-z0-9_]{1,64}(\{" + _VALUE + r"(, ?" + _VALUE + r")*\})?$")
MAX_PAYLOAD_BYTES = 64


def is_button_payload(text: str) -> bool:
    # surrogatepass: JSON's "\ud800" escape gives a lone surrogate, which strict UTF-8 cannot
    # encode; the grammar (ASCII only) refuses it instead of the encoder raising (found by fuzzing).
    return len(text.encode(errors="surrogatepass")) <= MAX_PAYLOAD_BYTES and BUTTON_PAYLOAD.match(text) is not None


# Dropped: control characters (Unicode category Cc: terminal escapes, NUL) but the line
# structure, which is the customer's (\n, \t), and lone surrogates (Cs), which no database
# column or JSON encoder accepts. As a regex class, so the API's schema can say the same.
DROPPED = r"\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff"
_DROPPED = re.compile(f"[{DROPPED}]")
# What `clean_text` accepts, as a JSON Schema pattern (a search): some character it neither drops nor strips.
HAS_TEXT = rf"[^\s{DROPPED}]"


def clean_text(text: str, limit: int) -> str:
    """Normalise to NFC and drop control characters except newlines and tabs.

    NFC makes the same word typed on two keyboards the same string. Raises ProtocolError
    for empty or over-long text rather than storing half of it.
    """
    text = _DROPPED.sub("", unicodedata.normalize("NFC", text)).strip()
    if not text:
        raise ProtocolError("text is empty")
    if len(text) > limit:
        raise ProtocolError(f"text is longer than {limit} characters")
    return text


def clean_provider_text(text: object, limit: int) -> tuple[str, bool]:
    """`clean_text`'s normalisation, and whether the result had to be cut to `limit`.

    Empty (or not a string at all) gives "": a provider's payload may omit a field, and
    refusing it would only make the provider send it again.
    """
    if not isinstance(text, str):
        return "", False
    try:
        cleaned = clean_text(text, sys.maxsize)
    except ProtocolError:  # the only refusal left is "empty"
        return "", False
    if len(cleaned) <= limit:
        return cleaned, False
    return cleaned[:limit].rstrip(), True

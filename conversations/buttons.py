"""Which pressed buttons the bot may read as intents, for every channel in one place.

A button's payload ("/roadside_assistance", "/choose{...}") reaches Rasa as the intent
itself, with confidence 1.0 and no NLU in between. Every channel lets the customer's
client choose what comes back: the web chat's frame, a socket.io widget's message, a
forged Telegram callback or WhatsApp reply id. Taken at its word, a payload could jump a
conversation to emergency priority in the technicians' queue or restart the dialogue.

So a press counts as a press only when the bot (or a person) offered that very button in
this conversation — one of the buttons of its `RECENT_OUTBOUND` latest outbound messages —
or when it is on `SAFE_PAYLOADS`. Anything else is stored as what the customer would
have typed: the button's title, read by the NLU like any text, with the refused payload
kept in the message's metadata for the console. `bot_text` closes the other door: typed
text that starts with "/" would be read by Rasa as an intent too, so the bot gets it
without the slashes (what Rasa itself does with a slash that names no intent).

The gateway's own location form (`/share_location{...}`, conversations/records.py) is
built from a shared location when the turn is prepared, never taken from a payload, so
it is not affected.
"""

from __future__ import annotations

import dataclasses
import logging
from typing import Any

from sqlalchemy.orm import Session

from channels.base import InboundMessage, MessageKind
from conversations.handoff import CANCEL_PAYLOAD, CSAT_PAYLOADS
from storage.repositories import messages

logger = logging.getLogger(__name__)

# Accepted without having been offered:
# - intents a customer can just as well type in one word ("hi", "thanks", "yes", "no",
#   "stop", "bye"): no entity, no hand-off, no priority, no write to the service desk, so
#   a forged press gives no power the keyboard does not. `restart`, `human_agent`,
#   `roadside_assistance` and every payload with entities are deliberately not here.
# - the gateway's own buttons (back to the assistant, a rating 1-5): the gateway answers
#   them itself and checks the conversation's state first (cancel only while waiting for
#   a person, a rating only within CSAT_WINDOW of the request); they never reach the bot.
SAFE_INTENTS = ("greet", "goodbye", "thank", "affirm", "deny", "stop")
SAFE_PAYLOADS = frozenset({f"/{intent}" for intent in SAFE_INTENTS} | {CANCEL_PAYLOAD, *CSAT_PAYLOADS})

# How far back an offer counts: a customer scrolls up and presses a choice a few turns
# later (the widget keeps the history), while a button from an old conversation lands in
# a new tracker where it would mean nothing.
RECENT_OUTBOUND = 30


def offered(session: Session, conversation_id: int) -> set[str]:
    """The payloads of the buttons of the conversation's latest outbound messages."""
    payloads: set[str] = set()
    for buttons in messages.recent_outbound_buttons(session, conversation_id, RECENT_OUTBOUND):
        for button in buttons if isinstance(buttons, list) else ():
            if isinstance(button, dict) and isinstance(button.get("payload"), str):
                payloads.add(button["payload"])
    return payloads


def vetted(session: Session, conversation_id: int, inbound: InboundMessage) -> InboundMessage:
    """The message as it is stored: a press that was not offered becomes the text of its title."""
    payload = inbound.payload
    if payload is None or payload in SAFE_PAYLOADS or payload in offered(session, conversation_id):
        return inbound
    logger.info(
        "a %s press of a button never offered in conversation %s is read as its title", inbound.channel, conversation_id
    )
    metadata: dict[str, Any] = {**inbound.metadata, "refused_payload": payload}
    return dataclasses.replace(inbound, payload=None, kind=MessageKind.TEXT, metadata=metadata)


def bot_text(typed: str) -> str:
    """Typed text as the bot may read it: never in Rasa's "/intent" form.

    A customer who types "/restart" means the word; only a vetted payload names an intent.
    """
    text = typed.lstrip()  # Rasa strips the text before it looks for the slash
    if not text.startswith("/"):
        return typed
    while text.startswith("/"):
        text = text.lstrip("/").lstrip()
    return text or typed  # nothing but slashes names no intent

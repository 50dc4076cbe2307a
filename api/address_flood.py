"""A budget of messages per client address, for the sockets a browser opens itself.

The per-customer buckets (coordination/flood.py, used by the dispatcher) pace one web chat
or socket.io *session*; but a session costs nothing to open, so one machine could open
hundreds and fill the database from each. This budget is per address instead, checked
before a message is stored: over it the message is refused with a reason in the
customer's language and nothing is stored; the socket stays open and the client
re-sends later (its client id de-duplicates). The buckets are the same FloodLimiter
(in-process, or Redis shared by every replica) under keys `ip:<address>`, beside the
per-customer `<channel>:<sender>` keys.

The address is the ASGI scope's client: uvicorn puts the X-Forwarded-For client there
only when the peer is one of SUPPORTBOT_TRUSTED_PROXIES (`--forwarded-allow-ips`), so
it cannot be chosen by the client. This module never reads a header.
"""

from __future__ import annotations

import ipaddress
import logging
from dataclasses import dataclass

from conversations.answers import AnswerCatalogue
from coordination.flood import FloodLimiter
from nlu.language import LanguageDetector

logger = logging.getLogger("api.sockets")

TOO_MANY = "utter_too_many_messages"  # the refusal the customer reads (bot/responses/*.yml)
KEY_PREFIX = "ip:"
IPV6_SUBSCRIBER_PREFIX = 64  # one IPv6 subscriber holds a whole /64: per-address buckets would be one per message
LANGUAGE_SAMPLE_CHARS = 280  # enough to tell the language; a refused flood should not cost a 4,096-character detection


@dataclass(frozen=True, slots=True)
class Refusal:
    reason: str  # in the customer's language
    retry_after: float  # seconds until the address may send again


def address_key(host: str) -> str:
    """The bucket of `host`: its IPv4 address, or its IPv6 /64 (an IPv4-mapped IPv6 address is the IPv4 one)."""
    try:
        address = ipaddress.ip_address(host)
    except ValueError:  # not an IP (a test client's name, a unix socket's path): the name is the key
        return f"{KEY_PREFIX}{host}"
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return f"{KEY_PREFIX}{address.ipv4_mapped}"
        network = ipaddress.IPv6Network((address, IPV6_SUBSCRIBER_PREFIX), strict=False)
        return f"{KEY_PREFIX}{network}"
    return f"{KEY_PREFIX}{address}"


class AddressFlood:
    """Decides, for one message about to be stored, whether its client address is over its budget."""

    def __init__(self, limiter: FloodLimiter | None, answers: AnswerCatalogue, detector: LanguageDetector) -> None:
        self._limiter = limiter  # None: the limit is off (SUPPORTBOT_IP_FLOOD_RATE or _BURST is 0)
        self._answers = answers
        self._detector = detector

    async def refusal(self, host: str | None, text: str, language_hint: str | None) -> Refusal | None:
        """None when the message may be stored (a token is taken); else why not, in the language of `text`.

        A client without an address (no `client` in the scope) is not limited: keying all of them
        together would refuse every customer at once behind a proxy that does not forward addresses.
        """
        if self._limiter is None or not host:
            return None
        wait = await self._limiter.take(address_key(host))
        if wait <= 0:
            return None
        language = self._detector.choose(text[:LANGUAGE_SAMPLE_CHARS], None, language_hint)
        answer = self._answers.render(TOO_MANY, language)
        reason = answer.text if answer is not None else "too many messages from this address; send it again later"
        return Refusal(reason, round(wait, 2))


def note_refused(socket_name: str, host: str) -> None:
    """One log line when a socket's first message is refused (the rest of a flood is not logged)."""
    logger.info("%s socket: messages from %s refused: over SUPPORTBOT_IP_FLOOD_RATE/_BURST", socket_name, host)

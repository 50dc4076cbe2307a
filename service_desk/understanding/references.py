"""Booking and warranty-claim references ("BK-4FZ2QA", "WC-7K3Q9M") typed back by customers.

A reference is a prefix, a dash and six characters of an alphabet without 0, 1, I and O
(nothing to confuse). Customers retype it from an SMS or an e-mail, so it is found however
it comes: lower case ("wc-7k3q9m"), without the dash or with spaces around it
("WC7K3Q9M", "WC - 7K3Q9M"), or with Cyrillic letters that look like Latin ones, from a
keyboard left in Russian or Kazakh layout ("ВК-4FZ2QА").
"""

from __future__ import annotations

import re

ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
CODE_LENGTH = 6
# Cyrillic capitals and small letters that look like Latin capitals.
_LOOK_ALIKES = str.maketrans("АВЕКМНОРСТХавекмнорстх", "ABEKMHOPCTXABEKMHOPCTX")
_DASHES = "-‐‑‒–—_"


def find_reference(text: str, prefix: str) -> str | None:
    """A reference like "WC-7K3Q9M" / "BK-4FZ2QA" (prefix + '-' + 6 chars of
    23456789ABCDEFGHJKLMNPQRSTUVWXYZ) found in the text, tolerant of lowercase, a missing
    or spaced dash, and Cyrillic look-alike letters (А В Е К М Н О Р С Т Х).

    Returned as it is printed ("WC-7K3Q9M"); the first one if the text has several.
    """
    wanted = prefix.translate(_LOOK_ALIKES).upper()
    pattern = re.compile(
        rf"(?<![A-Z0-9]){re.escape(wanted)}\s*[{_DASHES}]?\s*(?P<code>[{ALPHABET}]{{{CODE_LENGTH}}})(?![A-Z0-9])"
    )
    match = pattern.search(text.translate(_LOOK_ALIKES).upper())
    return None if match is None else f"{wanted}-{match['code']}"

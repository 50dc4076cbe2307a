"""The vehicle's VIN and odometer reading (mileage), found in informal customer messages.

Customers write in Azerbaijani, Kazakh, Georgian, Nepali, Russian and English, on phones,
with whatever keyboard layout happens to be active. A statistical extractor trained on our
few hundred examples would learn neither the structure of a VIN nor "45 тыс. км" = 45 000,
so both entities are recognised by rules here, and the Rasa pipeline only wraps them
(bot/components.py).

This module is the public API. The rules live in the package's modules, listed here so that
each imports only from those before it (and never from this one): `entity` (the `Entity`
returned), `text` (folding a message for matching), `vin` (VINs), `number_words_by_language`
and `number_words` (numbers written in words), `numerals` (numbers in digits and the words
for thousand, lakh, million), `mileage_context` (units and the words that say what a
number is), `quantities` (a number read whole), `mileage_judge` (whether one number is the
reading) and `mileage` (the reading of a message). Names with a leading underscore are
private to the package. Otherwise the package imports the standard library only: it runs
in the Rasa environment (Python 3.10) and in the gateway's (Python 3.11) alike, so no
3.11-only syntax or library (`enum.StrEnum`, `datetime.UTC`, `typing.Self`).
"""

from __future__ import annotations

from bot.entities.entity import Entity
from bot.entities.mileage import MAX_MILEAGE_KM, _find_mileages
from bot.entities.mileage_context import KM_PER_MILE as KM_PER_MILE
from bot.entities.numerals import parse_number
from bot.entities.text import _fold, _without_vins
from bot.entities.vin import _find_vins, normalize_vin, vin_check_digit_valid

__all__ = [
    "MAX_MILEAGE_KM",
    "Entity",
    "extract",
    "extract_mileage",
    "extract_vins",
    "normalize_vin",
    "parse_mileage",
    "parse_number",
    "vin_check_digit_valid",
]


def extract(text: str) -> list[Entity]:
    """All VINs and the mileage in `text`, sorted by position.

    VINs are found first, each once; a number inside a VIN is never read as a mileage. A car has one
    odometer: of several readings the most certain is kept (the first of equals), so
    "пробег 76 300" wins over a distance that only has "км" after it.
    """
    folded = _fold(text)
    vins = _find_vins(text, folded)
    mileages = _find_mileages(text, _without_vins(folded, vins), has_vin=bool(vins))
    # A vehicle passport names the VIN twice: it is one VIN.
    vins = [vin for i, vin in enumerate(vins) if all(vin.value != seen.value for seen in vins[:i])]
    best = max(mileages, key=lambda m: m.confidence, default=None)  # max() keeps the first of equals
    return sorted([*vins, *([best] if best else [])], key=lambda entity: (entity.start, entity.end))


def extract_vins(text: str) -> list[Entity]:
    """Only the VINs of `extract`."""
    return [entity for entity in extract(text) if entity.entity == "vin"]


def extract_mileage(text: str) -> list[Entity]:
    """Only the mileage of `extract` (an empty list or one entity)."""
    return [entity for entity in extract(text) if entity.entity == "mileage"]


def parse_mileage(text: str) -> int | None:
    """The mileage in `text` in kilometres, e.g. "45 тыс. км" -> 45000; None when there is none."""
    found = extract_mileage(text)
    return int(found[0].value) if found else None  # type: ignore[call-overload]

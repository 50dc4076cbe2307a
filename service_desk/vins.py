"""Reading a VIN the customer typed: is it one, and what does it say without the registry.

A VIN has 17 characters from 0-9 and A-Z without I, O and Q (ISO 3779). Customers type
them with spaces, dashes, lowercase and the letter O for a zero; those are repaired
before checking. The check digit (position 9) is not enforced: it is mandatory only in
North America, and Chinese-market VINs often do not carry a valid one, so a wrong one
would turn away real owners. `vininfo` decodes the manufacturer (WMI) and the model
year (position 10) offline, so for a vehicle missing from the registry the bot asks
only what a VIN cannot say.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from vininfo import Vin
from vininfo.exceptions import ValidationError

VIN_LENGTH = 17
_ALLOWED = re.compile(r"[A-HJ-NPR-Z0-9]{17}")
_SEPARATORS = re.compile(r"[\s\-_.]+")
# Letters that cannot appear in a VIN, typed for the digits they look like.
_LOOKALIKES = str.maketrans({"O": "0", "Q": "0", "I": "1"})
# What vininfo names a WMI it knows no maker for.
_NO_MAKER = {"Unknown", "UnsupportedBrand"}


class VinError(ValueError):
    """Why a text is not a VIN: `reason` is a stable code the bot turns into an answer."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class DecodedVin:
    vin: str
    manufacturer: str | None  # from the WMI (first three characters), None when unknown
    country: str | None
    model_year: int | None  # the most recent year the year character can mean, not after next year


def normalise(text: str) -> str:
    """The VIN as stored: uppercase, no separators, O/Q/I read as 0/0/1."""
    return _SEPARATORS.sub("", text).upper().translate(_LOOKALIKES)


def validate(text: str) -> str:
    """The normalised VIN, or VinError saying why it is none."""
    vin = normalise(text)
    if len(vin) != VIN_LENGTH:
        raise VinError("vin_length", f"a VIN has {VIN_LENGTH} characters, this has {len(vin)}")
    if not _ALLOWED.fullmatch(vin):
        raise VinError("vin_characters", "a VIN has only digits and the letters A-Z without I, O and Q")
    return vin


def decode(text: str, today: date) -> DecodedVin:
    """What the VIN itself says (manufacturer, country, model year); VinError if it is none."""
    vin = validate(text)
    try:
        info = Vin(vin)
        manufacturer = info.manufacturer
        country = info.country
        years = info.years
    except (ValidationError, KeyError, IndexError, ValueError):
        return DecodedVin(vin, None, None, None)
    # The year character repeats every 30 years: take the latest that is not in the future.
    plausible = [year for year in years if year <= today.year + 1]
    return DecodedVin(
        vin=vin,
        manufacturer=None if not manufacturer or manufacturer in _NO_MAKER else str(manufacturer),
        country=None if not country else str(country),
        model_year=max(plausible) if plausible else None,
    )

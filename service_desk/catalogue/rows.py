"""What a catalogue row may hold: one pydantic model per table, each refusal with its reason.

The same models check a seed file's row, an admin's PUT body and a CSV line, and they
are the admin API's answers, so the three ways in accept exactly the same data. Field
names are the table's columns (`model_code`, not the seed file's `model`): a CSV export
and its re-import must name columns alike. What a single value cannot say (does the
model exist? which market is the city in?) is checked in `resources.py`.

Free text is stored as typed and answered as JSON or CSV, never as HTML; it may not start
with = + - @, which a spreadsheet opening the export would run as a formula.
"""

from __future__ import annotations

import re
import unicodedata
import zoneinfo
from datetime import date, time
from functools import cache
from typing import Annotated, Any, Literal, Self

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, WithJsonSchema, model_validator

from conversations.markets import WEEKDAYS

LANGUAGES = ("en", "ru", "az", "kk", "ka", "ne")
POWERTRAINS = ("ice", "hev", "phev", "erev", "ev")
# What a value must match once trimmed (a market or VIN also once uppercased). The validators
# below check these with their reasons; the OpenAPI document shows the same constants
# (`shown`), so the schema and the code cannot drift apart.
CODE = r"[a-z0-9](?:[a-z0-9_-]{0,62}[a-z0-9])?"
MARKET = r"[A-Za-z]{2,8}"  # stored uppercased
VIN = r"[A-HJ-NPR-Za-hj-npr-z0-9]{17}"  # stored uppercased; never I, O or Q
PHONE = r"\+?[0-9][0-9 ()-]{1,30}"
HOURS = r"([0-2][0-9]:[0-5][0-9])-([0-2][0-9]:[0-5][0-9])"
_CODE, _MARKET, _VIN, _PHONE, _HOURS = map(re.compile, (CODE, MARKET, VIN, PHONE, HOURS))
_FORMULA_START = ("=", "+", "-", "@")
CONTROL = r"\x00-\x1f\x7f-\x9f"  # Unicode category Cc, exactly
# Free text as the schema shows it: starts with neither a space nor a formula character, no control
# characters. Stricter than `_text` (which trims first): whatever matches, `_text` accepts.
_HAS_CONTROL = re.compile(f"[{CONTROL}]")
_FORMULA = re.escape("".join(_FORMULA_START))
TEXT = rf"[^\s{CONTROL}{_FORMULA}][^{CONTROL}]*"


def anchored(pattern: str) -> str:
    """A pattern as JSON Schema reads it (a search, not a full match)."""
    return f"^(?:{pattern})$"


def shown(pattern: str, **keywords: Any) -> WithJsonSchema:
    """The JSON Schema of a text field the validator beside it checks (with its reasons)."""
    return WithJsonSchema({"type": "string", "pattern": anchored(pattern), **keywords})


class Row(BaseModel):
    """What every catalogue row shares: unknown fields are refused (a typo is not silently
    dropped), rows read from the database by attribute, numbers typed in YAML become text."""

    model_config = ConfigDict(extra="forbid", from_attributes=True, coerce_numbers_to_str=True)


def _text(max_chars: int) -> Any:
    def check(value: str) -> str:
        value = unicodedata.normalize("NFC", value).strip()
        if not value:
            raise ValueError("must not be empty")
        if len(value) > max_chars:
            raise ValueError(f"at most {max_chars} characters, this has {len(value)}")
        if _HAS_CONTROL.search(value):
            raise ValueError("control characters (line breaks, tabs) are not allowed")
        if value.startswith(_FORMULA_START):
            raise ValueError("may not start with = + - or @ (a spreadsheet would run it as a formula)")
        return value

    return Annotated[str, AfterValidator(check), shown(TEXT, maxLength=max_chars)]


def _code(value: str) -> str:
    value = value.strip()
    if not _CODE.fullmatch(value):
        raise ValueError(
            "a code is 1-64 characters of a-z, 0-9, '-' and '_', starting and ending with a letter or digit"
        )
    return value


def _market(value: str) -> str:
    value = value.strip().upper()
    if not _MARKET.fullmatch(value):
        raise ValueError("a market is a code of 2-8 letters (AZ, KZ …) as in config/markets.yml")
    return value


POLICY_MARKET = rf"\*|{MARKET}"  # "*": every market without a policy of its own


def _policy_market(value: str) -> str:
    return "*" if value.strip() == "*" else _market(value)


def _vin(value: str) -> str:
    value = value.strip().upper()
    if not _VIN.fullmatch(value):
        raise ValueError("a VIN is 17 characters of 0-9 and A-Z without I, O and Q")
    return value


def _phone(value: str) -> str:
    value = value.strip()
    if not _PHONE.fullmatch(value):
        raise ValueError("a phone number has digits, spaces, ( ) and -, optionally after a leading +")
    return value


def _owner_phone(value: str) -> str:
    digits = re.sub(r"[\s()+-]", "", value)
    if not digits.isascii() or not digits.isdigit() or not 6 <= len(digits) <= 15:
        raise ValueError("an owner's phone is 6-15 digits, country code first (994501234567)")
    return digits


@cache
def _zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def _timezone(value: str) -> str:
    value = value.strip()
    if value not in _zones():
        raise ValueError(f"{value!r} is not a time zone name (Asia/Baku, Asia/Almaty …)")
    return value


def _hours(value: dict[str, str]) -> dict[str, str]:
    for day, span in value.items():
        if day not in WEEKDAYS:
            raise ValueError(f"{day!r} is not a weekday; use {', '.join(WEEKDAYS)}")
        found = _HOURS.fullmatch(span.strip())
        try:
            if found is None:
                raise ValueError(span)
            opening, closing = time.fromisoformat(found[1]), time.fromisoformat(found[2])
        except ValueError:
            raise ValueError(f"{day}: hours look like 09:00-18:00, not {span!r}") from None
        if not opening < closing:
            raise ValueError(f"{day}: opening {opening:%H:%M} must be before closing {closing:%H:%M}")
    return {day: value[day].strip() for day in WEEKDAYS if day in value}


def _languages(value: list[str]) -> list[str]:
    unknown = [language for language in value if language not in LANGUAGES]
    if unknown:
        raise ValueError(f"unknown languages {', '.join(map(repr, unknown))}; use {', '.join(LANGUAGES)}")
    if len(set(value)) != len(value):
        raise ValueError("a language is listed twice")
    return value


def _names(value: dict[str, str]) -> dict[str, str]:
    missing = [language for language in LANGUAGES if language not in value]
    unknown = [language for language in value if language not in LANGUAGES]
    if missing:
        raise ValueError(f"names missing in {', '.join(missing)}: every item is named in {', '.join(LANGUAGES)}")
    if unknown:
        raise ValueError(f"unknown languages {', '.join(map(repr, unknown))}; use {', '.join(LANGUAGES)}")
    return {language: value[language] for language in LANGUAGES}


Code = Annotated[str, AfterValidator(_code), shown(CODE)]
Market = Annotated[str, AfterValidator(_market), shown(MARKET)]
Phone = Annotated[str, Field(max_length=32), AfterValidator(_phone), shown(PHONE, maxLength=32)]
Years = Annotated[int, Field(gt=0, le=100)]
Km = Annotated[int, Field(gt=0, le=10_000_000)]
Name64 = _text(64)
Name128 = _text(128)
Text256 = _text(256)


class ModelRow(Row):
    """A vehicle model (vehicle_models)."""

    code: Code
    make: Name64
    name: Name64
    powertrain: Literal["ice", "hev", "phev", "erev", "ev"]
    aliases: Annotated[list[Name64], Field(max_length=50)] = []


class PolicyRow(Row):
    """A warranty policy (warranty_policies): the seed file's sections flattened to columns."""

    model_code: Code
    market: Annotated[str, AfterValidator(_policy_market), shown(POLICY_MARKET)] = "*"
    general_years: Years
    general_km: Km | None = None
    powertrain_years: Years | None = None
    powertrain_km: Km | None = None
    battery_years: Years | None = None
    battery_km: Km | None = None
    battery_capacity_pct: Annotated[int, Field(ge=1, le=100)] | None = None
    drive_unit_years: Years | None = None
    drive_unit_km: Km | None = None
    corrosion_years: Years | None = None
    exclusions: Annotated[list[Code], Field(max_length=100)] = []

    @model_validator(mode="after")
    def _sections_have_years(self) -> Self:
        # A distance or capacity limit without its period would read as "covered forever".
        for section, extras in (("powertrain", ("km",)), ("battery", ("km", "capacity_pct")), ("drive_unit", ("km",))):
            if getattr(self, f"{section}_years") is None:
                given = [f"{section}_{extra}" for extra in extras if getattr(self, f"{section}_{extra}") is not None]
                if given:
                    raise ValueError(f"{', '.join(given)} given without {section}_years")
        return self


class Visit(Row):
    every: Annotated[int, Field(gt=0, le=100)]
    items: Annotated[list[Code], Field(min_length=1, max_length=100)]


class ScheduleRow(Row):
    """A maintenance schedule (maintenance_schedules): visit n has every entry whose `every` divides n."""

    model_code: Code
    interval_km: Km
    interval_months: Annotated[int, Field(gt=0, le=120)]
    visits: Annotated[list[Visit], Field(min_length=1, max_length=50)]


class ItemRow(Row):
    """A service item (service_items), named in all six languages."""

    code: Code
    names: Annotated[
        dict[str, Name128],
        AfterValidator(_names),
        WithJsonSchema(
            {
                "type": "object",
                "properties": {
                    key: {"type": "string", "pattern": anchored(TEXT), "maxLength": 128} for key in LANGUAGES
                },
                "required": list(LANGUAGES),
                "additionalProperties": False,
            }
        ),
    ]


class CityRow(Row):
    """A city (cities); the first name is the one shown."""

    code: Code
    market: Market
    names: Annotated[list[Name64], Field(min_length=1, max_length=50)]


class CentreRow(Row):
    """A service centre (service_centres). Without market, hours or timezone it takes its
    city's market and that market's hours and time zone (config/markets.yml)."""

    code: Code
    name: Name128
    market: Market | None = None
    city_code: Code
    address: Text256
    phone: Phone
    timezone: Annotated[str, AfterValidator(_timezone)] | None = None
    hours: (
        Annotated[
            dict[str, str],
            AfterValidator(_hours),
            WithJsonSchema(
                {
                    "type": "object",
                    "properties": {key: {"type": "string", "pattern": anchored(HOURS)} for key in WEEKDAYS},
                    "additionalProperties": False,
                    "description": "opening before closing, e.g. 09:00-18:00",
                }
            ),
        ]
        | None
    ) = None
    languages: Annotated[
        list[str],
        AfterValidator(_languages),
        WithJsonSchema({"type": "array", "items": {"enum": list(LANGUAGES)}, "uniqueItems": True}),
    ] = []
    latitude: Annotated[float, Field(ge=-90, le=90, allow_inf_nan=False)]
    longitude: Annotated[float, Field(ge=-180, le=180, allow_inf_nan=False)]
    models: Annotated[list[Code], Field(max_length=200)] = []
    bays: Annotated[int, Field(ge=1, le=50)] = 1
    slot_minutes: Annotated[int, Field(ge=15, le=240)] = 60
    active: bool = True


class VehicleRow(Row):
    """A sold vehicle (vehicles): the registry the bot finds a customer's car in."""

    vin: Annotated[str, AfterValidator(_vin), shown(VIN)]
    model_code: Code
    sale_date: date
    market: Market
    owner_name: Name128 | None = None
    owner_phone: Annotated[str, AfterValidator(_owner_phone)] | None = None


class RoadsideRow(Row):
    """Roadside and emergency numbers of a market (roadside_contacts)."""

    market: Market
    emergency: Phone
    roadside: Phone
    towing: Phone | None = None

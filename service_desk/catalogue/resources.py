"""The eight catalogue resources, described once: their name in URLs, table, key, row model,
what their rows refer to and what refers to them.

The admin API, the CSV import and export and the seed loader are generic over these
descriptions, so a ninth table is one entry here rather than a copy of every route.
A row that passed its pydantic model (`rows.py`) is settled here against the rest of the
catalogue: its model, city and items must exist, and a centre without hours takes its
market's. A row is deleted only when nothing refers to it but what belongs to it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, TypeAdapter, ValidationError
from sqlalchemy import JSON
from sqlalchemy.orm import Session

from conversations.markets import WEEKDAYS, Markets
from service_desk.catalogue.rows import (
    CentreRow,
    CityRow,
    ItemRow,
    ModelRow,
    PolicyRow,
    RoadsideRow,
    Row,
    ScheduleRow,
    VehicleRow,
)
from storage.models import (
    Base,
    Booking,
    City,
    Claim,
    MaintenanceSchedule,
    RoadsideContact,
    ServiceCentre,
    ServiceItem,
    Vehicle,
    VehicleModel,
    WarrantyPolicy,
)
from storage.repositories import catalogue as repo

R = TypeVar("R", bound=Row)
Key = tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Reason:
    """Why a value was refused: the field (None: the whole row) and the words."""

    field: str | None
    message: str

    def __str__(self) -> str:
        return self.message if self.field is None else f"{self.field}: {self.message}"


class RowInvalid(ValueError):
    def __init__(self, reasons: list[Reason]) -> None:
        super().__init__("; ".join(map(str, reasons)))
        self.reasons = reasons


class InUse(ValueError):
    """The row cannot be deleted: other rows refer to it."""


def reasons_of(error: ValidationError) -> list[Reason]:
    """pydantic's errors in our words: the field's path and the message without its prefix."""
    return [
        Reason(".".join(str(part) for part in e["loc"]) or None, e["msg"].removeprefix("Value error, "))
        for e in error.errors()
    ]


@dataclass(frozen=True, slots=True)
class Known:
    """What rows may refer to, read once per operation (not once per row of a large CSV)."""

    models: frozenset[str]
    items: frozenset[str]
    city_markets: dict[str, str]

    @classmethod
    def load(cls, session: Session) -> Known:
        return cls(
            models=frozenset(repo.values_of(session, VehicleModel.code)),
            items=frozenset(repo.values_of(session, ServiceItem.code)),
            city_markets=repo.pairs(session, City.code, City.market),
        )


Settle = Callable[[Any, Known, Markets | None], list[Reason]]
Dependants = Callable[[Session, Key], list[str]]


def _nothing_refers(session: Session, key: Key) -> list[str]:
    return []


@dataclass(frozen=True, slots=True)
class Resource(Generic[R]):
    """One catalogue table as the admin API, the CSV files and the seed loader see it."""

    name: str  # in URLs: /api/admin/desk/{name}
    title: str  # in messages: "no vehicle model 'x'"
    model: type[Base]
    row: type[R]
    settle: Settle  # references checked, derived values filled in; the row is changed in place
    dependants: Dependants = _nothing_refers

    @property
    def keys(self) -> tuple[str, ...]:
        return repo.KEYS[self.model]

    @property
    def columns(self) -> tuple[str, ...]:
        return tuple(self.row.model_fields)

    @property
    def json_columns(self) -> frozenset[str]:
        table = self.model.__table__.columns
        return frozenset(c for c in self.columns if isinstance(table[c].type, JSON))

    def key_of(self, row: BaseModel) -> Key:
        return tuple(getattr(row, column) for column in self.keys)

    def format_key(self, key: Key) -> str:
        return ":".join(key)

    @property
    def key_pattern(self) -> str:
        """What `parse_key` accepts, as JSON Schema: the key columns' own patterns joined by ':'."""
        fields = self.row.model_json_schema()["properties"]
        return (
            "^" + ":".join(fields[column]["pattern"].removeprefix("^").removesuffix("$") for column in self.keys) + "$"
        )

    def parse_key(self, text: str) -> Key:
        """A key as written in a URL (`chery-tiggo-7:AZ` for a policy), normalised like the
        row's own fields (a VIN uppercased); RowInvalid when it cannot be one."""
        parts = text.rsplit(":", len(self.keys) - 1) if len(self.keys) > 1 else [text]
        if len(parts) != len(self.keys):
            raise RowInvalid([Reason(None, f"a {self.title} key looks like {':'.join(self.keys)}")])
        key: list[str] = []
        for column, part in zip(self.keys, parts, strict=True):
            field = self.row.model_fields[column]
            adapter: TypeAdapter[str] = TypeAdapter(field.rebuild_annotation())
            try:
                key.append(adapter.validate_python(part))
            except ValidationError as error:
                raise RowInvalid([Reason(column, r.message) for r in reasons_of(error)]) from None
        return tuple(key)

    def to_row(self, record: Base) -> R:
        return self.row.model_validate(record)

    def values(self, row: R) -> dict[str, Any]:
        """The row as column values for the table."""
        return row.model_dump(mode="python")


# -- references: what a row may refer to ------------------------------------------------


def _unknown(field: str, codes: list[str], known: frozenset[str], what: str) -> list[Reason]:
    missing = sorted({code for code in codes if code not in known})
    return [Reason(field, f"no {what} {', '.join(map(repr, missing))}")] if missing else []


def _settle_policy(row: PolicyRow, known: Known, markets: Markets | None) -> list[Reason]:
    return _unknown("model_code", [row.model_code], known.models, "vehicle model") + _unknown(
        "exclusions", row.exclusions, known.items, "service item"
    )


def _settle_schedule(row: ScheduleRow, known: Known, markets: Markets | None) -> list[Reason]:
    items = [code for visit in row.visits for code in visit.items]
    return _unknown("model_code", [row.model_code], known.models, "vehicle model") + _unknown(
        "visits", items, known.items, "service item"
    )


def _settle_vehicle(row: VehicleRow, known: Known, markets: Markets | None) -> list[Reason]:
    return _unknown("model_code", [row.model_code], known.models, "vehicle model")


def _no_check(row: Row, known: Known, markets: Markets | None) -> list[Reason]:
    """Models, items, cities and roadside contacts refer to nothing."""
    return []


def _market_defaults(markets: Markets, code: str) -> tuple[str, dict[str, str]] | None:
    """A market's time zone and hours as a centre stores them."""
    # Markets has no public lookup by code; its mapping is read here rather than parsing the file twice.
    market = markets._markets.get(code)
    if market is None:
        return None
    hours = {WEEKDAYS[day]: f"{span[0]:%H:%M}-{span[1]:%H:%M}" for day, span in sorted(market.hours.items())}
    return market.timezone.key, hours


def _settle_centre(row: CentreRow, known: Known, markets: Markets | None) -> list[Reason]:
    reasons = _unknown("models", row.models, known.models, "vehicle model")
    city_market = known.city_markets.get(row.city_code)
    if city_market is None:
        return [Reason("city_code", f"no city {row.city_code!r}"), *reasons]
    if row.market is not None and row.market != city_market:
        reasons.append(Reason("market", f"the city {row.city_code!r} is in market {city_market}, not {row.market}"))
    row.market = city_market
    if row.timezone is None or row.hours is None:
        defaults = _market_defaults(markets, city_market) if markets is not None else None
        if defaults is None:
            reasons.append(Reason(None, f"hours and timezone are needed: market {city_market} has no defaults"))
        else:
            row.timezone = row.timezone or defaults[0]
            row.hours = row.hours if row.hours is not None else defaults[1]
    return reasons


# -- dependants: what refers to a row -------------------------------------------------------


def _of_model(session: Session, key: Key) -> list[str]:
    (code,) = key
    found = [
        (repo.count_where(session, Vehicle.model_code, code), "vehicles"),
        (repo.count_where(session, Claim.model_code, code), "warranty claims"),
        (sum(code in (models or []) for models in repo.json_column(session, ServiceCentre.models)), "service centres"),
    ]
    return [f"{n} {what}" for n, what in found if n]


def _of_item(session: Session, key: Key) -> list[str]:
    (code,) = key
    policies = sum(code in (e or []) for e in repo.json_column(session, WarrantyPolicy.exclusions))
    schedules = sum(
        any(code in (visit.get("items") or []) for visit in visits or [])
        for visits in repo.json_column(session, MaintenanceSchedule.visits)
    )
    found = [(policies, "warranty policies"), (schedules, "maintenance schedules")]
    return [f"{n} {what}" for n, what in found if n]


def _of_city(session: Session, key: Key) -> list[str]:
    n = repo.count_where(session, ServiceCentre.city_code, key[0])
    return [f"{n} service centres"] if n else []


def _of_centre(session: Session, key: Key) -> list[str]:
    centre = repo.get(session, ServiceCentre, key)
    n = 0 if centre is None else repo.count_where(session, Booking.centre_id, centre.id)
    return [f"{n} bookings"] if n else []


def _of_vehicle(session: Session, key: Key) -> list[str]:
    found = [
        (repo.count_where(session, Claim.vin, key[0]), "warranty claims"),
        (repo.count_where(session, Booking.vin, key[0]), "bookings"),
    ]
    return [f"{n} {what}" for n, what in found if n]


RESOURCES: dict[str, Resource[Any]] = {
    r.name: r
    for r in (
        Resource("models", "vehicle model", VehicleModel, ModelRow, _no_check, _of_model),
        Resource("policies", "warranty policy", WarrantyPolicy, PolicyRow, _settle_policy),
        Resource("schedules", "maintenance schedule", MaintenanceSchedule, ScheduleRow, _settle_schedule),
        Resource("items", "service item", ServiceItem, ItemRow, _no_check, _of_item),
        Resource("cities", "city", City, CityRow, _no_check, _of_city),
        Resource("centres", "service centre", ServiceCentre, CentreRow, _settle_centre, _of_centre),
        Resource("vehicles", "vehicle", Vehicle, VehicleRow, _settle_vehicle, _of_vehicle),
        Resource("roadside", "roadside contact", RoadsideContact, RoadsideRow, _no_check),
    )
}

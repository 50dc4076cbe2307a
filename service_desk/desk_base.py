"""What every desk question shares: the conversation and its market, answer lines, the errors.

The questions themselves are grouped by subject (desk_vehicles, desk_claims,
desk_places) and put together as `DeskService` in service_desk/desk.py.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy.orm import Session, sessionmaker

from conversations.answers import AnswerCatalogue
from conversations.markets import Markets
from service_desk import labels
from service_desk.coverage import Limit, Policy
from service_desk.understanding import parse_when
from storage.models import Conversation, Customer, Vehicle, utcnow
from storage.repositories import desk

MAX_MILEAGE_KM = 2_000_000
# A day, a time, a city is said in a few words: longer text is cut before it is read
# (the date reader's work grows with the text).
MAX_WORDS_READ = 200
FIRST_SALE_YEAR = 1990
_MONTH_YEAR = re.compile(r"\b(\d{1,2})\s*[./-]\s*((?:19|20)\d{2})\b")
_YEAR = re.compile(r"\b((?:19|20)\d{2})\b")


def month_and_year(text: str, language: str, today: date) -> date | None:
    """A purchase date: a full date, "03.2023", or a month's name and a year ("March 2023").

    A year alone is not enough: the warranty starts on the day of sale, and a year can be
    eleven months off. The month is a whole word ("mart", "марта", "Mar"), never three
    letters inside another ("approximately" is no April).
    """
    when = parse_when(text, language, today)
    if when is not None:
        return when.day
    match = _MONTH_YEAR.search(text)
    if match and 1 <= int(match.group(1)) <= 12:
        return date(int(match.group(2)), int(match.group(1)), 1)
    year = _YEAR.search(text)
    if year is None:
        return None
    words = re.findall(r"\w+", text.casefold())
    for names in labels.MONTHS.values():
        for index, name in enumerate(names):
            month = name.casefold()
            if any(word == month or (len(word) >= 3 and month.startswith(word)) for word in words):
                return date(int(year.group(1)), index + 1, 1)
    return None


class DeskError(ValueError):
    def __init__(self, status: int, reason: str, **details: object) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason
        self.details = details


@dataclass(frozen=True, slots=True)
class VehicleInfo:
    vin: str
    known: bool
    model_code: str | None
    model_name: str | None
    sale_date: date | None
    market: str | None
    manufacturer: str | None
    model_year: int | None


@dataclass(slots=True)
class Found:
    conversation: Conversation
    customer: Customer


def check_mileage(mileage_km: int) -> int:
    if mileage_km < 0 or mileage_km > MAX_MILEAGE_KM:
        raise DeskError(422, "mileage_out_of_range", maximum=MAX_MILEAGE_KM)
    return mileage_km


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine): good to a few metres at city scale."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(a))


@dataclass
class DeskBase:
    sessions: sessionmaker[Session]
    catalogue: AnswerCatalogue
    markets: Markets
    now: object = field(default=utcnow)  # a clock, replaced in tests

    # -- helpers ----------------------------------------------------------------------

    def _now(self) -> datetime:
        return self.now()  # type: ignore[operator, no-any-return]

    def _find(self, session: Session, conversation_id: str) -> Found:
        found = desk.conversation(session, conversation_id)
        if found is None:
            raise DeskError(404, "unknown_conversation")
        return Found(*found)

    def _line(self, template: str, language: str, **params: object) -> str:
        answer = self.catalogue.render(template, language, {k: str(v) for k, v in params.items()})
        return answer.text if answer is not None else ""

    def market_of(self, session: Session, found: Found, vehicle: Vehicle | None, city_code: str | None) -> str:
        """The customer's market: their vehicle's, else their phone's, else the city named, else their language's."""
        if vehicle is not None:
            return vehicle.market
        customer = found.customer
        by_phone = self.markets.by_phone(customer.channel, customer.external_id)
        if by_phone is not None:
            return by_phone.code
        if city_code:
            city = desk.city(session, city_code)
            if city is not None:
                return city.market
        return self.markets.for_customer(customer.channel, customer.external_id, found.conversation.language).code

    def _policy(self, session: Session, model_code: str, market: str) -> Policy:
        row = desk.warranty_policy(session, model_code, market)
        if row is None:
            raise DeskError(404, "no_policy")
        limits = {}
        for part in ("general", "powertrain", "battery", "drive_unit", "corrosion"):
            years = getattr(row, f"{part}_years")
            if years:
                limits[part] = Limit(years, getattr(row, f"{part}_km", None))
        return Policy(row.model_code, row.market, limits, row.battery_capacity_pct, tuple(row.exclusions))

    def _market_at(self, session: Session, latitude: float | None, longitude: float | None) -> str | None:
        """The market of the service centre nearest to a point (a stranded customer's location)."""
        if latitude is None or longitude is None:
            return None
        rows = desk.centres(session)
        if not rows:
            return None
        return min(rows, key=lambda c: distance_km(latitude, longitude, c.latitude, c.longitude)).market

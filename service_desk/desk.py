"""The service desk as the action server sees it: one method per question a form asks.

Each method takes the conversation's public id (Rasa's sender id) and its language,
reads and writes through `storage.repositories.desk`, and returns values ready for an
answer template: dates, distances and item names already in the customer's language,
lines rendered from the answer catalogue's `desk_*` templates. A question it cannot
answer raises DeskError with a stable `reason` the bot turns into an answer.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session, sessionmaker

from conversations.answers import AnswerCatalogue
from conversations.markets import Markets
from service_desk import bookings, claims, labels, vins
from service_desk.coverage import Coverage, Limit, Policy, coverage
from service_desk.maintenance import Schedule, next_service
from service_desk.symptoms import classify
from service_desk.understanding import Place, find_reference, match_name, match_place, parse_when
from storage.models import Booking, Conversation, Customer, ServiceCentre, Vehicle, utcnow
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


def _distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine): good to a few metres at city scale."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(a))


@dataclass
class DeskService:
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

    # -- vehicles ---------------------------------------------------------------------

    def vehicle(self, conversation_id: str, vin_text: str) -> VehicleInfo:
        today = self._now().date()
        try:
            decoded = vins.decode(vin_text, today)
        except vins.VinError as error:
            raise DeskError(422, error.reason) from error
        with self.sessions() as session:
            self._find(session, conversation_id)
            row = desk.vehicle(session, decoded.vin)
            if row is not None:
                model = desk.vehicle_model(session, row.model_code)
                return VehicleInfo(
                    vin=row.vin,
                    known=True,
                    model_code=row.model_code,
                    model_name=f"{model.make} {model.name}" if model else row.model_code,
                    sale_date=row.sale_date,
                    market=row.market,
                    manufacturer=decoded.manufacturer or (model.make if model else None),
                    model_year=decoded.model_year,
                )
        return VehicleInfo(decoded.vin, False, None, None, None, None, decoded.manufacturer, decoded.model_year)

    def match_model(self, text: str) -> tuple[str, str]:
        with self.sessions() as session:
            models = desk.vehicle_models(session)
        # Not the bare name: "Seal" is also a door seal. The seed lists the safe short forms as aliases.
        aliases = {m.code: [f"{m.make} {m.name}", *m.aliases] for m in models}
        code = match_name(text, aliases)
        if code is None:
            raise DeskError(404, "unknown_model", models=", ".join(f"{m.make} {m.name}" for m in models))
        model = next(m for m in models if m.code == code)
        return model.code, f"{model.make} {model.name}"

    # -- coverage ---------------------------------------------------------------------

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

    def _start_and_model(
        self, session: Session, vin: str | None, model_code: str | None, purchase: date | None
    ) -> tuple[Vehicle | None, str, date]:
        vehicle = desk.vehicle(session, vins.validate(vin)) if vin else None
        if vehicle is not None:
            return vehicle, vehicle.model_code, vehicle.sale_date
        if model_code is None or purchase is None:
            raise DeskError(422, "need_model_and_date")
        if purchase > self._now().date():
            raise DeskError(422, "date_in_future")
        return None, model_code, purchase

    def coverage(
        self,
        conversation_id: str,
        language: str,
        mileage_km: int,
        vin: str | None = None,
        model_code: str | None = None,
        purchase: date | None = None,
    ) -> dict[str, object]:
        check_mileage(mileage_km)
        today = self._now().date()
        with self.sessions() as session:
            found = self._find(session, conversation_id)
            vehicle, code, start = self._start_and_model(session, vin, model_code, purchase)
            model = desk.vehicle_model(session, code)
            if model is None:
                raise DeskError(404, "unknown_model")
            market = self.market_of(session, found, vehicle, None)
            policy = self._policy(session, code, market)
            result = coverage(policy, start, mileage_km, today)
            names = desk.item_names(session, [*result.exclusions, *(p.part for p in result.parts)])
        return {
            "model": f"{model.make} {model.name}",
            "start": labels.format_date(start, language),
            "mileage": labels.format_km(mileage_km, language),
            "lines": self._coverage_lines(result, names, language),
            "exclusions": labels.join(labels.item_name(names, code, language) for code in result.exclusions),
            "anything_covered": result.anything_covered,
            "market": market,
        }

    def _coverage_lines(self, result: Coverage, names: dict[str, dict[str, str]], language: str) -> str:
        lines = []
        for part in result.parts:
            name = labels.item_name(names, part.part, language)
            until = labels.format_date(part.until, language)
            if part.covered and part.until_km is not None:
                template = "desk_coverage_covered_km"
            elif part.covered:
                template = "desk_coverage_covered"
            else:
                template = f"desk_coverage_ended_{part.ended_by}"
            lines.append(
                self._line(
                    template,
                    language,
                    part=name,
                    until=until,
                    km=labels.format_km(part.until_km or 0, language),
                    km_left=labels.format_km(part.km_left or 0, language),
                )
            )
        if result.battery_capacity_pct and result.part("battery") is not None:
            lines.append(self._line("desk_coverage_battery_capacity", language, percent=result.battery_capacity_pct))
        return "\n".join(line for line in lines if line)

    # -- maintenance ------------------------------------------------------------------

    def maintenance(
        self,
        conversation_id: str,
        language: str,
        mileage_km: int | None,
        vin: str | None = None,
        model_code: str | None = None,
    ) -> dict[str, object]:
        if mileage_km is not None:
            check_mileage(mileage_km)
        today = self._now().date()
        with self.sessions() as session:
            self._find(session, conversation_id)
            vehicle = desk.vehicle(session, vins.validate(vin)) if vin else None
            code = vehicle.model_code if vehicle is not None else model_code
            if code is None:
                raise DeskError(422, "need_model")
            model = desk.vehicle_model(session, code)
            row = desk.schedule(session, code)
            if model is None or row is None:
                raise DeskError(404, "no_schedule")
            schedule = Schedule(
                code,
                row.interval_km,
                row.interval_months,
                tuple((int(v["every"]), tuple(v["items"])) for v in row.visits),
            )
            start = vehicle.sale_date if vehicle is not None else None
            if mileage_km is None and start is None:
                raise DeskError(422, "need_mileage")
            due = next_service(schedule, today, mileage_km, start)
            names = desk.item_names(session, list(due.items))
        when = []
        if due.due_km is not None:
            when.append(self._line("desk_service_at_km", language, km=labels.format_km(due.due_km, language)))
        if due.due_date is not None:
            when.append(self._line("desk_service_by_date", language, date=labels.format_date(due.due_date, language)))
        return {
            "model": f"{model.make} {model.name}",
            "when": f" {self._line('desk_whichever_first', language)} ".join(when),
            "items": labels.join(labels.item_name(names, item, language) for item in due.items),
            "interval": self._line(
                "desk_service_interval",
                language,
                km=labels.format_km(schedule.interval_km, language),
                months=schedule.interval_months,
            ),
            "soon": due.soon,
        }

    # -- claims -----------------------------------------------------------------------

    def open_claim(
        self,
        conversation_id: str,
        language: str,
        vin_text: str,
        mileage_km: int,
        symptom: str,
        request_key: str | None = None,
    ) -> dict[str, object]:
        check_mileage(mileage_km)
        try:
            vin = vins.validate(vin_text)
        except vins.VinError as error:
            raise DeskError(422, error.reason) from error
        if not symptom.strip():
            raise DeskError(422, "empty_symptom")
        now = self._now()
        with self.sessions.begin() as session:
            found = self._find(session, conversation_id)
            earlier = desk.request_result(session, request_key) if request_key else None
            if earlier is not None:
                return earlier  # the turn was retried: the claim was opened the first time
            vehicle = desk.vehicle(session, vin)
            result = None
            if vehicle is not None:
                try:
                    result = coverage(
                        self._policy(session, vehicle.model_code, vehicle.market),
                        vehicle.sale_date,
                        mileage_km,
                        now.date(),
                    )
                except DeskError:
                    result = None
            opened = claims.open_claim(
                session,
                conversation=found.conversation,
                vin=vin,
                vehicle=vehicle,
                mileage_km=mileage_km,
                symptom_text=symptom.strip(),
                language=language,
                result=result,
                now=now,
            )
            reference, stage = opened.claim.reference, opened.claim.stage
            answer: dict[str, object] = {
                "reference": reference,
                "linked": opened.linked,
                "stage": stage,
                "stage_name": self._line(f"desk_stage_{stage}", language),
                "photos": opened.photos,
                "handoff_priority": None if opened.handoff is None else int(opened.handoff[0]),
                "handoff_reason": None
                if opened.handoff is None
                else f"warranty claim {reference}: {opened.handoff[1]}",
            }
            if request_key:
                desk.record_request(session, request_key, answer, now)
        return answer

    def claim_status(self, conversation_id: str, language: str, text: str, vin: str | None) -> list[dict[str, object]]:
        """The claim a reference in `text` names, else the customer's own.

        The customer's own: the claims they opened, and the claims of the vehicles the
        registry gives their WhatsApp number. A VIN typed by anyone finds nothing more:
        a VIN is written on a windscreen, it proves no ownership. A reference is what the
        customer was given to quote, so it finds its claim; the VIN is shown cut to its
        last six characters.
        """
        reference = find_reference(text, "WC") if text else None
        with self.sessions() as session:
            found = self._find(session, conversation_id)
            if reference is not None:
                claim = desk.claim_by_reference(session, reference)
                if claim is None:
                    raise DeskError(404, "unknown_claim", reference=reference)
                rows = [claim]
            else:
                owned: list[str] = []
                if found.customer.channel == "whatsapp" and found.customer.external_id.isdigit():
                    owned = [v.vin for v in desk.vehicles_of_phone(session, found.customer.external_id)]
                rows = desk.claims_of_customer(session, found.customer.id, owned)
            views = []
            for claim in rows:
                history = [
                    self._line(
                        "desk_stage_line",
                        language,
                        stage=self._line(f"desk_stage_{stage}", language),
                        date=labels.format_date(day, language),
                    )
                    for stage, day in claims.stage_dates(session, claim)
                ]
                views.append(
                    {
                        "reference": claim.reference,
                        "stage": claim.stage,
                        "stage_name": self._line(f"desk_stage_{claim.stage}", language),
                        "history": "\n".join(history),
                        "vin": "…" + claim.vin[-6:],
                    }
                )
        return views

    # -- centres and bookings ---------------------------------------------------------

    def centres(
        self,
        conversation_id: str,
        language: str,
        text: str | None = None,
        latitude: float | None = None,
        longitude: float | None = None,
        model_code: str | None = None,
    ) -> dict[str, object]:
        with self.sessions() as session:
            self._find(session, conversation_id)
            if latitude is not None and longitude is not None:
                rows = desk.centres(session)
                city_name = None
            else:
                places = [Place(c.code, tuple(c.names)) for c in desk.cities(session)]
                place = match_place(text or "", places)
                if place is None:
                    raise DeskError(404, "unknown_city", cities=", ".join(p.names[0] for p in places))
                rows = desk.centres(session, city_code=place.code)
                city_name = labels.place_name(list(place.names), language)
        if model_code:
            rows = [c for c in rows if not c.models or model_code in c.models]
        if latitude is not None and longitude is not None:
            rows.sort(key=lambda c: _distance_km(latitude, longitude, c.latitude, c.longitude))
            rows = rows[:3]
        return {
            "city": city_name or "",
            "centres": [self._centre_view(c, language, latitude, longitude) for c in rows],
        }

    def _centre_view(
        self, centre: ServiceCentre, language: str, lat: float | None, lon: float | None
    ) -> dict[str, object]:
        distance = (
            None if lat is None or lon is None else round(_distance_km(lat, lon, centre.latitude, centre.longitude), 1)
        )
        hours = labels.format_hours(dict(centre.hours), language)
        return {
            "code": centre.code,
            "name": centre.name,
            "address": centre.address,
            "phone": centre.phone,
            "hours": hours,
            "distance_km": distance,
            "line": self._line(
                "desk_centre_line" if distance is None else "desk_centre_line_distance",
                language,
                name=centre.name,
                address=centre.address,
                phone=centre.phone,
                hours=hours,
                distance=distance if distance is not None else "",
            ),
        }

    def _centre(self, session: Session, code: str) -> ServiceCentre:
        centre = desk.centre(session, code)
        if centre is None or not centre.active:
            raise DeskError(404, "unknown_centre")
        return centre

    def slots(self, conversation_id: str, language: str, centre_code: str, text: str) -> dict[str, object]:
        now = self._now()
        with self.sessions() as session:
            self._find(session, conversation_id)
            centre = self._centre(session, centre_code)
            today = bookings.local_today(centre.timezone, now)
            when = parse_when(text[:MAX_WORDS_READ], language, today) if text else None
            if text and when is None:
                raise DeskError(422, "no_date")
            offer = bookings.offer(session, centre, when.day if when else None, now)
            wanted = None
            if when is not None and when.time is not None and offer.day == when.day:
                wanted = bookings.resolve_slot(centre, when.day, when.time)
        slots = [{"starts_at": s.starts_at.isoformat(), "label": labels.format_time(s.local)} for s in offer.slots]
        chosen = next((s for s in slots if wanted is not None and s["starts_at"] == wanted.isoformat()), None)
        return {
            "centre": centre.name,
            "day": labels.format_day(offer.day, language),
            "day_iso": offer.day.isoformat(),
            "reason": offer.reason,
            "slots": slots,
            "chosen": chosen,
        }

    def book(
        self,
        conversation_id: str,
        language: str,
        centre_code: str,
        starts_at: datetime,
        vin: str | None,
        replaces: str | None,
        request_key: str | None = None,
    ) -> dict[str, object]:
        now = self._now()
        with self.sessions() as session:
            found = self._find(session, conversation_id)
            centre = self._centre(session, centre_code)
            session.expunge(centre)
        try:
            booking = bookings.book(
                self.sessions,
                centre=centre,
                starts_at=starts_at,
                customer_id=found.customer.id,
                conversation_id=found.conversation.id,
                vin=vins.validate(vin) if vin else None,
                now=now,
                replaces=replaces,
                request_key=request_key,
            )
        except bookings.BookingError as error:
            raise DeskError(409 if error.reason == "slot_taken" else 422, error.reason) from error
        return self._booking_view(booking, centre, language)

    def _booking_view(self, booking: Booking, centre: ServiceCentre, language: str) -> dict[str, object]:
        starts = booking.starts_at.astimezone(ZoneInfo(centre.timezone))
        return {
            "reference": booking.reference,
            "centre": centre.name,
            "centre_code": centre.code,
            "address": centre.address,
            "phone": centre.phone,
            "when": f"{labels.format_day(starts.date(), language)}, {labels.format_time(starts)}",
            "starts_at": booking.starts_at.isoformat(),
        }

    def upcoming(self, conversation_id: str, language: str) -> list[dict[str, object]]:
        now = self._now()
        with self.sessions() as session:
            found = self._find(session, conversation_id)
            rows = desk.upcoming_bookings(session, found.customer.id, now)
            centres = {row.centre_id: session.get(ServiceCentre, row.centre_id) for row in rows}
            return [self._booking_view(row, centres[row.centre_id], language) for row in rows if centres[row.centre_id]]

    def cancel(
        self, conversation_id: str, language: str, reference: str, request_key: str | None = None
    ) -> dict[str, object]:
        now = self._now()
        with self.sessions() as session:
            found = self._find(session, conversation_id)
        try:
            booking = bookings.cancel(self.sessions, reference, found.customer.id, now, request_key)
        except bookings.BookingError as error:
            raise DeskError(404 if error.reason == "unknown_booking" else 409, error.reason) from error
        with self.sessions() as session:
            centre = session.get(ServiceCentre, booking.centre_id)
            assert centre is not None
            return self._booking_view(booking, centre, language)

    # -- roadside ---------------------------------------------------------------------

    def roadside(
        self,
        conversation_id: str,
        vin: str | None,
        city_code: str | None,
        latitude: float | None = None,
        longitude: float | None = None,
    ) -> dict[str, object]:
        """The numbers of the customer's market; a shared location decides it first (where the car stands)."""
        with self.sessions() as session:
            found = self._find(session, conversation_id)
            vehicle = desk.vehicle(session, vins.validate(vin)) if vin else None
            market = self._market_at(session, latitude, longitude) or self.market_of(session, found, vehicle, city_code)
            contact = desk.roadside(session, market)
            if contact is None:
                raise DeskError(404, "no_roadside_contacts", market=market)
            return {
                "market": market,
                "emergency": contact.emergency,
                "roadside": contact.roadside,
                "towing": contact.towing or contact.roadside,
            }

    def _market_at(self, session: Session, latitude: float | None, longitude: float | None) -> str | None:
        """The market of the service centre nearest to a point (a stranded customer's location)."""
        if latitude is None or longitude is None:
            return None
        rows = desk.centres(session)
        if not rows:
            return None
        return min(rows, key=lambda c: _distance_km(latitude, longitude, c.latitude, c.longitude)).market

    # -- understanding the customer's words ------------------------------------------

    def day(self, conversation_id: str, language: str, text: str, purpose: str) -> dict[str, object]:
        """The day a message names: a booking's (not in the past) or a purchase's (not in the future)."""
        with self.sessions() as session:
            found = self._find(session, conversation_id)
            market = self.markets.get(self.market_of(session, found, None, None))
        today = self._now().astimezone(market.timezone).date()
        text = text[:MAX_WORDS_READ]
        if purpose == "purchase":
            day = month_and_year(text, language, today)
            if day is None:
                raise DeskError(422, "no_date")
            if day > today:
                raise DeskError(422, "date_in_future")
            if day.year < FIRST_SALE_YEAR:
                raise DeskError(422, "date_too_old")
            return {"day_iso": day.isoformat(), "day": labels.format_date(day, language), "time": None}
        when = parse_when(text, language, today)
        if when is None:
            raise DeskError(422, "no_date")
        if when.day < today:
            raise DeskError(422, "date_in_past", day=labels.format_date(when.day, language))
        return {
            "day_iso": when.day.isoformat(),
            "day": labels.format_day(when.day, language),
            "time": None if when.time is None else when.time.strftime("%H:%M"),
        }

    def symptom(self, text: str) -> dict[str, object]:
        found = classify(text)
        return {"categories": list(found.categories), "safety": found.safety, "part": found.part}


__all__ = ["DeskError", "DeskService", "VehicleInfo"]

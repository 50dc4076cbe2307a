"""Desk questions about places and time: centres, free slots, bookings, roadside numbers, the day asked."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from service_desk import bookings, labels, vins
from service_desk.desk_base import (
    FIRST_SALE_YEAR,
    MAX_WORDS_READ,
    DeskBase,
    DeskError,
    distance_km,
    month_and_year,
)
from service_desk.understanding import Place, match_place, parse_when
from storage.models import Booking, ServiceCentre
from storage.repositories import desk


class PlaceQuestions(DeskBase):
    """Centres, free slots, bookings and roadside numbers, each in the centre's or market's own time."""

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
            rows.sort(key=lambda c: distance_km(latitude, longitude, c.latitude, c.longitude))
            rows = rows[:3]
        return {
            "city": city_name or "",
            "centres": [self._centre_view(c, language, latitude, longitude) for c in rows],
        }

    def _centre_view(
        self, centre: ServiceCentre, language: str, lat: float | None, lon: float | None
    ) -> dict[str, object]:
        distance = (
            None if lat is None or lon is None else round(distance_km(lat, lon, centre.latitude, centre.longitude), 1)
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

"""Service bookings: offer free slots, book one, move it, cancel it.

Never two bookings in one bay and slot: the database settles it (a partial unique index
over confirmed bookings, storage/models/service_desk.py). Booking tries the free bays
in order and, when another customer's insert won the race for one, the next; when none
is left the slot is taken and the customer is offered others.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from service_desk.slots import CentreHours, Slot, bookable_day, free_slots, local_today, slot_at
from storage.models import Booking, BookingStatus, ServiceCentre
from storage.repositories import desk

REFERENCE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I: read aloud and retyped


class BookingError(ValueError):
    """Why a booking cannot be made: `reason` is a stable code the bot turns into an answer."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def new_reference(prefix: str) -> str:
    return f"{prefix}-" + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(6))


def hours_of(centre: ServiceCentre) -> CentreHours:
    return CentreHours(centre.timezone, dict(centre.hours), centre.bays, centre.slot_minutes)


def slots_on(session: Session, centre: ServiceCentre, day: date, now: datetime) -> list[Slot]:
    hours = hours_of(centre)
    start = datetime.combine(day, time.min).replace(tzinfo=now.tzinfo) - timedelta(days=1)
    booked = desk.booked_starts(session, centre.id, start, start + timedelta(days=3))
    return free_slots(hours, day, booked, now)


@dataclass(frozen=True, slots=True)
class DayOffer:
    day: date
    slots: list[Slot]
    reason: str | None  # why `day` itself had nothing: past, too_far, closed, full


def offer(session: Session, centre: ServiceCentre, day: date | None, now: datetime, search_days: int = 14) -> DayOffer:
    """The free slots of `day`, or of the first day after it with any (within `search_days`).

    `reason` says why the asked day had none; a day in the past is never searched from.
    """
    hours = hours_of(centre)
    first = day or local_today(centre.timezone, now)
    reason = bookable_day(hours, first, now)
    if reason in ("past", "too_far"):
        return DayOffer(first, [], reason)
    for offset in range(search_days + 1):
        candidate = first + timedelta(days=offset)
        if bookable_day(hours, candidate, now) is not None:
            continue
        slots = slots_on(session, centre, candidate, now)
        if slots:
            return DayOffer(candidate, slots, None if candidate == first else (reason or "full"))
    return DayOffer(first, [], reason or "full")


def resolve_slot(centre: ServiceCentre, day: date, wanted: time) -> datetime | None:
    return slot_at(hours_of(centre), day, wanted)


def book(
    sessions: sessionmaker[Session],
    *,
    centre: ServiceCentre,
    starts_at: datetime,
    customer_id: int,
    conversation_id: int | None,
    vin: str | None,
    now: datetime,
    replaces: str | None = None,
    request_key: str | None = None,
) -> Booking:
    """Book a bay of `centre` at `starts_at` (UTC), or BookingError("slot_taken"/"not_a_slot"/…).

    With `replaces`, the customer's booking of that reference is cancelled in the same
    transaction: a reschedule never leaves them with two bookings or none. With
    `request_key`, a request asked again returns the booking it made the first time.
    """
    earlier = _earlier_booking(sessions, request_key)
    if earlier is not None:
        return earlier
    hours = hours_of(centre)
    local = starts_at.astimezone(ZoneInfo(centre.timezone))
    reason = bookable_day(hours, local.date(), now)
    if reason is not None:
        raise BookingError(reason)
    if slot_at(hours, local.date(), local.time()) != starts_at:
        raise BookingError("not_a_slot")
    if starts_at < now + timedelta(hours=2):
        raise BookingError("too_soon")
    for bay in range(1, centre.bays + 1):
        try:
            with sessions.begin() as session:
                if bay in desk.bays_taken(session, centre.id, starts_at):
                    continue
                if replaces is not None:
                    _cancel_in(session, replaces, customer_id, now)
                booking = Booking(
                    reference=_unique_reference(session),
                    centre_id=centre.id,
                    starts_at=starts_at,
                    bay=bay,
                    customer_id=customer_id,
                    conversation_id=conversation_id,
                    vin=vin,
                    status=BookingStatus.CONFIRMED,
                    created_at=now,
                )
                session.add(booking)
                session.flush()
                if request_key is not None:
                    desk.record_request(session, request_key, {"booking": booking.reference}, now)
                    session.flush()
                session.expunge(booking)
                return booking
        except IntegrityError:
            earlier = _earlier_booking(sessions, request_key)
            if earlier is not None:
                return earlier  # the same request, asked twice at once: the other one booked
            continue  # another customer took this bay a moment ago: try the next
    raise BookingError("slot_taken")


def cancel(
    sessions: sessionmaker[Session], reference: str, customer_id: int, now: datetime, request_key: str | None = None
) -> Booking:
    """Cancel the customer's booking; asked again under the same key, the same answer."""
    with sessions.begin() as session:
        if request_key is not None and desk.request_result(session, request_key) is not None:
            booking = desk.booking_by_reference(session, reference)
            if booking is not None and booking.customer_id == customer_id:
                session.expunge(booking)
                return booking
        booking = _cancel_in(session, reference, customer_id, now)
        if request_key is not None:
            desk.record_request(session, request_key, {"cancelled": reference}, now)
        session.flush()
        session.expunge(booking)
        return booking


def _earlier_booking(sessions: sessionmaker[Session], request_key: str | None) -> Booking | None:
    if request_key is None:
        return None
    with sessions() as session:
        result = desk.request_result(session, request_key)
        booking = desk.booking_by_reference(session, str(result.get("booking"))) if result else None
        if booking is not None:
            session.expunge(booking)
        return booking


def _cancel_in(session: Session, reference: str, customer_id: int, now: datetime) -> Booking:
    booking = desk.booking_by_reference(session, reference)
    if booking is None or booking.customer_id != customer_id:
        raise BookingError("unknown_booking")
    if booking.status != BookingStatus.CONFIRMED:
        raise BookingError("already_cancelled")
    booking.status = BookingStatus.CANCELLED
    booking.cancelled_at = now
    session.flush()
    return booking


def _unique_reference(session: Session) -> str:
    while True:
        reference = new_reference("BK")
        if not desk.reference_taken(session, Booking, reference):
            return reference

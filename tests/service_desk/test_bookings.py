"""Bookings: a slot is never booked twice, even when customers race for its last bay.

Run on SQLite and PostgreSQL: the guarantee is the database's (a partial unique index
over confirmed bookings), so it is tested where it lives, with real concurrent requests.
"""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from service_desk import bookings
from storage.models import Booking, BookingStatus, City, Conversation, Customer, ServiceCentre

NOW = datetime(2026, 12, 7, 8, 0, tzinfo=UTC)  # a Monday
SLOT = datetime(2026, 12, 14, 6, 0, tzinfo=UTC)  # next Monday, 10:00 in Baku


def _centre(sessions: sessionmaker[Session], bays: int) -> ServiceCentre:
    with sessions.begin() as session:
        session.add(City(code="baku", market="AZ", names=["Baku"]))
        session.flush()
        centre = ServiceCentre(
            code="baku-central",
            name="Baku Central",
            market="AZ",
            city_code="baku",
            address="27 Heydar Aliyev Ave",
            phone="+994 12 555 0101",
            timezone="Asia/Baku",
            hours={day: "09:00-18:00" for day in ("mon", "tue", "wed", "thu", "fri")},
            languages=["az", "ru", "en"],
            latitude=40.4,
            longitude=49.87,
            models=[],
            bays=bays,
            slot_minutes=60,
        )
        session.add(centre)
        session.flush()
        session.expunge(centre)
        return centre


def _customers(sessions: sessionmaker[Session], count: int) -> list[int]:
    with sessions.begin() as session:
        customers = [Customer(channel="webchat", external_id=f"c{i}") for i in range(count)]
        session.add_all(customers)
        session.flush()
        session.add_all(Conversation(customer_id=c.id, channel="webchat") for c in customers)
        return [c.id for c in customers]


def _book(sessions: sessionmaker[Session], centre: ServiceCentre, customer: int, at: datetime = SLOT) -> Booking:
    return bookings.book(
        sessions, centre=centre, starts_at=at, customer_id=customer, conversation_id=None, vin=None, now=NOW
    )


def test_eight_customers_racing_for_a_two_bay_slot_get_two_bookings(sessions: sessionmaker[Session]) -> None:
    centre = _centre(sessions, bays=2)
    customers = _customers(sessions, 8)
    start = threading.Barrier(len(customers))
    outcomes: list[str] = []
    lock = threading.Lock()

    def race(customer: int) -> None:
        start.wait()
        try:
            booking = _book(sessions, centre, customer)
            outcome = f"bay {booking.bay}"
        except bookings.BookingError as error:
            outcome = error.reason
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=race, args=(customer,)) for customer in customers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(outcomes) == ["bay 1", "bay 2", *["slot_taken"] * 6]
    with sessions() as session:
        rows = session.execute(select(Booking.bay).where(Booking.status == BookingStatus.CONFIRMED)).scalars().all()
    assert sorted(rows) == [1, 2]


def test_a_cancelled_booking_frees_its_bay(sessions: sessionmaker[Session]) -> None:
    centre = _centre(sessions, bays=1)
    first, second = _customers(sessions, 2)
    booking = _book(sessions, centre, first)
    with pytest.raises(bookings.BookingError, match="slot_taken"):
        _book(sessions, centre, second)
    bookings.cancel(sessions, booking.reference, first, NOW)
    assert _book(sessions, centre, second).bay == 1


def test_a_customer_cannot_cancel_someone_elses_booking(sessions: sessionmaker[Session]) -> None:
    centre = _centre(sessions, bays=1)
    first, second = _customers(sessions, 2)
    booking = _book(sessions, centre, first)
    with pytest.raises(bookings.BookingError, match="unknown_booking"):
        bookings.cancel(sessions, booking.reference, second, NOW)


def test_a_reschedule_moves_the_booking_in_one_step(sessions: sessionmaker[Session]) -> None:
    centre = _centre(sessions, bays=1)
    (customer,) = _customers(sessions, 1)
    old = _book(sessions, centre, customer)
    later = datetime(2026, 12, 15, 7, 0, tzinfo=UTC)
    new = bookings.book(
        sessions,
        centre=centre,
        starts_at=later,
        customer_id=customer,
        conversation_id=None,
        vin=None,
        now=NOW,
        replaces=old.reference,
    )
    with sessions() as session:
        statuses = dict(session.execute(select(Booking.reference, Booking.status)).all())
    assert statuses == {old.reference: BookingStatus.CANCELLED, new.reference: BookingStatus.CONFIRMED}


def test_a_failed_reschedule_keeps_the_old_booking(sessions: sessionmaker[Session]) -> None:
    centre = _centre(sessions, bays=1)
    first, second = _customers(sessions, 2)
    old = _book(sessions, centre, first)
    taken = datetime(2026, 12, 15, 7, 0, tzinfo=UTC)
    _book(sessions, centre, second, taken)
    with pytest.raises(bookings.BookingError, match="slot_taken"):
        bookings.book(
            sessions,
            centre=centre,
            starts_at=taken,
            customer_id=first,
            conversation_id=None,
            vin=None,
            now=NOW,
            replaces=old.reference,
        )
    with sessions() as session:
        assert session.execute(select(Booking.status).where(Booking.reference == old.reference)).scalar_one() == (
            BookingStatus.CONFIRMED
        )


@pytest.mark.parametrize(
    ("starts_at", "reason"),
    [
        (datetime(2026, 12, 6, 6, 0, tzinfo=UTC), "past"),
        (datetime(2026, 12, 13, 6, 0, tzinfo=UTC), "closed"),  # a Sunday
        (datetime(2026, 12, 14, 6, 30, tzinfo=UTC), "not_a_slot"),  # 10:30: slots start on the hour
        (datetime(2026, 12, 14, 16, 0, tzinfo=UTC), "not_a_slot"),  # 20:00, after closing
        (datetime(2027, 6, 1, 6, 0, tzinfo=UTC), "too_far"),
    ],
)
def test_a_time_that_is_no_bookable_slot_is_refused_and_nothing_is_stored(
    sessions: sessionmaker[Session], starts_at: datetime, reason: str
) -> None:
    centre = _centre(sessions, bays=1)
    (customer,) = _customers(sessions, 1)
    with pytest.raises(bookings.BookingError, match=reason):
        _book(sessions, centre, customer, starts_at)
    with sessions() as session:
        assert session.execute(select(Booking)).first() is None


def test_the_offer_skips_a_full_or_closed_day_and_says_why(sessions: sessionmaker[Session]) -> None:
    centre = _centre(sessions, bays=1)
    with sessions() as session:
        offer = bookings.offer(session, centre, date(2026, 12, 13), NOW)  # Sunday: closed
    assert offer.day == date(2026, 12, 14)
    assert offer.reason == "closed"
    assert offer.slots[0].local.hour == 9

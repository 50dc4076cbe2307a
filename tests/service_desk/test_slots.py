"""A centre's bookable slots: its hours in its time zone, cut into slots, times its bays, minus bookings."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from service_desk.slots import CentreHours, bookable_day, free_slots, opening_slots, slot_at

BAKU = CentreHours("Asia/Baku", {"mon": "09:00-12:00", "sat": "10:00-12:00"}, bays=2, slot_minutes=60)
MONDAY = date(2026, 12, 14)
NOW = datetime(2026, 12, 7, 8, 0, tzinfo=UTC)  # a Monday, 12:00 in Baku


def test_the_hours_are_cut_into_slots_in_local_time() -> None:
    starts = opening_slots(BAKU, MONDAY)
    assert [s.time() for s in starts] == [time(9), time(10), time(11)]
    assert starts[0].astimezone(UTC).hour == 5  # Baku is UTC+4


def test_a_closed_day_has_no_slot() -> None:
    assert opening_slots(BAKU, date(2026, 12, 13)) == []  # Sunday
    assert bookable_day(BAKU, date(2026, 12, 13), NOW) == "closed"


def test_a_slot_is_free_while_a_bay_is_left() -> None:
    nine = datetime(2026, 12, 14, 5, 0, tzinfo=UTC)
    one_booked = free_slots(BAKU, MONDAY, [nine], NOW)
    assert one_booked[0].free_bays == 1
    both_booked = free_slots(BAKU, MONDAY, [nine, nine], NOW)
    assert [s.local.time() for s in both_booked] == [time(10), time(11)]


def test_no_slot_starts_sooner_than_the_lead_time() -> None:
    today = free_slots(BAKU, date(2026, 12, 7), [], NOW)
    assert today == []  # 12:00 now: the last slot (11:00) has started


def test_past_and_far_days_cannot_be_booked() -> None:
    assert bookable_day(BAKU, date(2026, 12, 6), NOW) == "past"
    assert bookable_day(BAKU, date(2027, 6, 1), NOW) == "too_far"
    assert bookable_day(BAKU, MONDAY, NOW) is None


def test_a_time_inside_a_slot_names_that_slot() -> None:
    assert slot_at(BAKU, MONDAY, time(10, 30)) == datetime(2026, 12, 14, 6, 0, tzinfo=UTC)
    assert slot_at(BAKU, MONDAY, time(10)) == datetime(2026, 12, 14, 6, 0, tzinfo=UTC)
    assert slot_at(BAKU, MONDAY, time(18)) is None

"""The next service: the next milestone by distance and by date, and what that visit includes."""

from __future__ import annotations

from datetime import date

import pytest

from service_desk.maintenance import Schedule, add_months, items_of_visit, next_service

TIGGO = Schedule(
    "chery-tiggo-7",
    interval_km=10_000,
    interval_months=12,
    visits=((1, ("engine_oil", "oil_filter")), (2, ("cabin_filter", "air_filter")), (4, ("brake_fluid", "engine_oil"))),
)
TODAY = date(2026, 12, 7)


def test_the_next_service_by_distance_is_the_next_multiple_of_the_interval() -> None:
    due = next_service(TIGGO, TODAY, mileage_km=28_000)
    assert (due.visit, due.due_km, due.due_date) == (3, 30_000, None)
    assert due.items == ("engine_oil", "oil_filter")


def test_every_second_and_fourth_visit_add_their_items_once_each() -> None:
    assert items_of_visit(TIGGO, 4) == ("engine_oil", "oil_filter", "cabin_filter", "air_filter", "brake_fluid")


def test_with_the_sale_date_the_next_anniversary_is_given_too() -> None:
    due = next_service(TIGGO, TODAY, mileage_km=28_000, start=date(2024, 3, 15))
    assert due.due_km == 30_000
    assert due.due_date == date(2027, 3, 15)


def test_a_reading_just_below_a_milestone_is_soon() -> None:
    assert next_service(TIGGO, TODAY, mileage_km=29_500).soon
    assert not next_service(TIGGO, TODAY, mileage_km=25_000).soon


def test_a_reading_on_a_milestone_points_at_the_next_one() -> None:
    assert next_service(TIGGO, TODAY, mileage_km=30_000).due_km == 40_000


def test_without_mileage_or_date_there_is_nothing_to_compute() -> None:
    with pytest.raises(ValueError):
        next_service(TIGGO, TODAY)


def test_months_are_added_to_the_last_day_of_a_shorter_month() -> None:
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2026, 11, 30), 14) == date(2028, 1, 30)

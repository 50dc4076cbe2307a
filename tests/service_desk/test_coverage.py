"""What the warranty still covers: years and kilometres, whichever comes first, part by part."""

from __future__ import annotations

from datetime import date

from service_desk.coverage import Limit, Policy, add_years, coverage, covering_part

EV_POLICY = Policy(
    model_code="byd-atto-3",
    market="*",
    limits={
        "general": Limit(6, 150_000),
        "battery": Limit(8, 200_000),
        "drive_unit": Limit(8, 150_000),
        "corrosion": Limit(6, None),
    },
    battery_capacity_pct=70,
    exclusions=("wear_parts", "misuse"),
)
TODAY = date(2026, 12, 7)


def test_a_young_car_is_covered_with_the_dates_and_kilometres_left() -> None:
    result = coverage(EV_POLICY, start=date(2025, 5, 10), mileage_km=20_000, today=TODAY)
    general = result.part("general")
    assert general is not None and general.covered
    assert general.until == date(2031, 5, 10)
    assert general.km_left == 130_000
    assert result.anything_covered


def test_a_part_ends_at_its_distance_limit_even_when_time_is_left() -> None:
    result = coverage(EV_POLICY, start=date(2025, 5, 10), mileage_km=160_000, today=TODAY)
    assert result.part("general").ended_by == "distance"  # type: ignore[union-attr]
    assert result.part("drive_unit").ended_by == "distance"  # type: ignore[union-attr]
    assert result.part("battery").covered  # type: ignore[union-attr]  # 200,000 km
    assert result.part("corrosion").covered  # type: ignore[union-attr]  # no distance limit


def test_a_part_ends_on_its_anniversary() -> None:
    result = coverage(EV_POLICY, start=date(2018, 6, 1), mileage_km=10_000, today=TODAY)
    assert result.part("general").ended_by == "time"  # type: ignore[union-attr]
    battery = result.part("battery")
    assert battery is not None and battery.until == date(2026, 6, 1) and battery.ended_by == "time"
    assert not result.anything_covered


def test_the_last_day_is_not_covered_any_more() -> None:
    policy = Policy("m", "*", {"general": Limit(3, None)}, None, ())
    assert not coverage(policy, date(2023, 12, 7), 1, TODAY).parts[0].covered
    assert coverage(policy, date(2023, 12, 8), 1, TODAY).parts[0].covered


def test_a_leap_day_sale_ends_on_the_28th() -> None:
    assert add_years(date(2024, 2, 29), 3) == date(2027, 2, 28)


def test_only_the_parts_of_the_policy_are_listed_in_order() -> None:
    policy = Policy("m", "*", {"powertrain": Limit(7, 200_000), "general": Limit(5, 150_000)}, None, ())
    assert [p.part for p in coverage(policy, date(2024, 1, 1), 0, TODAY).parts] == ["general", "powertrain"]


def test_a_defect_falls_under_its_own_part_while_covered_else_under_the_basic_warranty() -> None:
    result = coverage(EV_POLICY, start=date(2025, 5, 10), mileage_km=160_000, today=TODAY)
    assert covering_part("battery", result).part == "battery"  # type: ignore[union-attr]
    assert covering_part("drive_unit", result).part == "general"  # type: ignore[union-attr]
    assert covering_part(None, result).part == "general"  # type: ignore[union-attr]

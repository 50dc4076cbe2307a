"""When the next scheduled service is due and what it includes.

A schedule counts visits: visit n falls at n x interval_km or at n x interval_months
after the start (the sale date), whichever comes first. Without the service history the
bot cannot know which visits were done, so it names the next milestone on each scale
the customer gave (the next multiple of the interval above the odometer reading, the
next interval date after today) and lists the items of the visit the odometer points
at: most owners keep to the distance schedule, and the distance is what they tell us.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from service_desk.coverage import add_years

# "Soon": within this share of an interval of the next milestone.
SOON_SHARE = 0.1


@dataclass(frozen=True, slots=True)
class Schedule:
    model_code: str
    interval_km: int
    interval_months: int
    visits: tuple[tuple[int, tuple[str, ...]], ...]  # (every, items)


@dataclass(frozen=True, slots=True)
class NextService:
    visit: int  # which visit of the schedule (1 = the first)
    due_km: int | None
    due_date: date | None
    items: tuple[str, ...]
    soon: bool  # within SOON_SHARE of an interval (by distance or time)


def add_months(start: date, months: int) -> date:
    years, month_index = divmod(start.month - 1 + months, 12)
    moved = date(start.year + years, month_index + 1, 1)
    # The same day of the month, or the month's last day when it is shorter.
    for day in (start.day, 30, 29, 28):
        try:
            return moved.replace(day=day)
        except ValueError:
            continue
    return moved


def items_of_visit(schedule: Schedule, visit: int) -> tuple[str, ...]:
    """Every item of visit `visit`, each once, in schedule order."""
    seen: dict[str, None] = {}
    for every, items in schedule.visits:
        if every > 0 and visit % every == 0:
            seen.update(dict.fromkeys(items))
    return tuple(seen)


def next_service(
    schedule: Schedule, today: date, mileage_km: int | None = None, start: date | None = None
) -> NextService:
    """The next milestone by distance (when the mileage is known) and by date (when the start is known)."""
    if mileage_km is None and start is None:
        raise ValueError("the next service needs the mileage, the start date, or both")
    due_km = visit_km = None
    if mileage_km is not None:
        visit_km = mileage_km // schedule.interval_km + 1
        due_km = visit_km * schedule.interval_km
    due_date = visit_time = None
    if start is not None:
        visit_time = 1
        while add_months(start, visit_time * schedule.interval_months) <= today:
            visit_time += 1
        due_date = add_months(start, visit_time * schedule.interval_months)
    visit = visit_km if visit_km is not None else visit_time
    assert visit is not None
    soon = False
    if due_km is not None and mileage_km is not None:
        soon = due_km - mileage_km <= schedule.interval_km * SOON_SHARE
    if due_date is not None:
        soon = soon or (due_date - today).days <= schedule.interval_months * 30 * SOON_SHARE
    return NextService(visit, due_km, due_date, items_of_visit(schedule, visit), soon)


__all__ = ["NextService", "Schedule", "add_months", "add_years", "items_of_visit", "next_service"]

"""A centre's bookable slots: its opening hours cut into slots, times its bays, minus what is booked.

All in the centre's local time (its time zone), stored in UTC. A slot starting sooner
than LEAD_TIME from now is not offered: a workshop needs time to prepare.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
LEAD_TIME = timedelta(hours=2)
# How far ahead a customer may book.
HORIZON_DAYS = 60


@dataclass(frozen=True, slots=True)
class CentreHours:
    timezone: str
    hours: dict[str, str]  # "mon" -> "09:00-18:00"
    bays: int
    slot_minutes: int


@dataclass(frozen=True, slots=True)
class Slot:
    starts_at: datetime  # UTC
    local: datetime  # in the centre's time zone
    free_bays: int


def _span(value: str) -> tuple[time, time]:
    opens, closes = value.split("-")
    return time.fromisoformat(opens.strip()), time.fromisoformat(closes.strip())


def opening_slots(centre: CentreHours, day: date) -> list[datetime]:
    """Every slot start on `day` (local, aware) while the centre is open; none on a closed day."""
    value = centre.hours.get(DAYS[day.weekday()])
    if not value:
        return []
    opens, closes = _span(value)
    zone = ZoneInfo(centre.timezone)
    start = datetime.combine(day, opens, zone)
    end = datetime.combine(day, closes, zone)
    step = timedelta(minutes=centre.slot_minutes)
    starts = []
    while start + step <= end:
        starts.append(start)
        start += step
    return starts


def free_slots(centre: CentreHours, day: date, booked: Iterable[datetime], now: datetime) -> list[Slot]:
    """The slots of `day` with a bay free, given the start times (UTC) of its confirmed bookings."""
    taken = Counter(at.astimezone(UTC) for at in booked)
    slots = []
    for local in opening_slots(centre, day):
        at = local.astimezone(UTC)
        if at < now + LEAD_TIME:
            continue
        free = centre.bays - taken[at]
        if free > 0:
            slots.append(Slot(at, local, free))
    return slots


def local_today(timezone: str, now: datetime) -> date:
    return now.astimezone(ZoneInfo(timezone)).date()


def bookable_day(centre: CentreHours, day: date, now: datetime) -> str | None:
    """Why `day` cannot be booked ("past", "too_far", "closed"), or None when it can be."""
    today = local_today(centre.timezone, now)
    if day < today:
        return "past"
    if day > today + timedelta(days=HORIZON_DAYS):
        return "too_far"
    if not centre.hours.get(DAYS[day.weekday()]):
        return "closed"
    return None


def slot_at(centre: CentreHours, day: date, wanted: time) -> datetime | None:
    """The slot of `day` that starts at `wanted` (local), or contains it; None outside the hours."""
    for local in opening_slots(centre, day):
        if local.time() <= wanted < (local + timedelta(minutes=centre.slot_minutes)).time() or local.time() == wanted:
            return local.astimezone(UTC)
    return None

"""What the warranty still covers: each part's limit in years and kilometres, whichever comes first.

A policy is chosen per model and market (the market's own, else the "*" default). The
start is the sale date from the registry, or the purchase date the customer gives.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

# The parts a policy can cover, in the order the bot lists them.
PARTS = ("general", "powertrain", "battery", "drive_unit", "corrosion")


@dataclass(frozen=True, slots=True)
class Limit:
    years: int
    km: int | None  # None: no distance limit


@dataclass(frozen=True, slots=True)
class Policy:
    model_code: str
    market: str
    limits: dict[str, Limit]  # part -> limit, only the parts this policy covers
    battery_capacity_pct: int | None
    exclusions: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class PartCoverage:
    part: str
    covered: bool
    until: date  # the day the time limit ends
    until_km: int | None
    ended_by: str | None  # "time", "distance" or None while covered
    km_left: int | None


@dataclass(frozen=True, slots=True)
class Coverage:
    parts: tuple[PartCoverage, ...]
    exclusions: tuple[str, ...]
    battery_capacity_pct: int | None

    @property
    def anything_covered(self) -> bool:
        return any(part.covered for part in self.parts)

    def part(self, name: str) -> PartCoverage | None:
        return next((part for part in self.parts if part.part == name), None)


def add_years(start: date, years: int) -> date:
    """`start` plus whole years; 29 February becomes 28 February in a common year."""
    try:
        return start.replace(year=start.year + years)
    except ValueError:
        return start.replace(year=start.year + years, day=28)


def coverage(policy: Policy, start: date, mileage_km: int, today: date) -> Coverage:
    """Each part of `policy` for a vehicle sold on `start` that has run `mileage_km` by `today`."""
    parts = []
    for name in PARTS:
        limit = policy.limits.get(name)
        if limit is None:
            continue
        until = add_years(start, limit.years)
        ended_by = None
        if today >= until:
            ended_by = "time"
        elif limit.km is not None and mileage_km >= limit.km:
            ended_by = "distance"
        parts.append(
            PartCoverage(
                part=name,
                covered=ended_by is None,
                until=until,
                until_km=limit.km,
                ended_by=ended_by,
                km_left=None if limit.km is None else max(limit.km - mileage_km, 0),
            )
        )
    return Coverage(tuple(parts), policy.exclusions, policy.battery_capacity_pct)


def covering_part(symptom_part: str | None, result: Coverage) -> PartCoverage | None:
    """The part a claim falls under: its own when the policy names it and still covers it, else the basic warranty."""
    if symptom_part is not None:
        specific = result.part(symptom_part)
        if specific is not None and specific.covered:
            return specific
    return result.part("general")

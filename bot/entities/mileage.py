"""The odometer reading among the numbers of a message.

A message names many numbers: prices, years, intervals, trips. mileage_judge.py says which
of them could be the reading; this module skips intervals, follows a customer correcting
a figure, keeps only the readings that "now" or a mileage word names when there are any,
and converts those without a unit to kilometres when the message says the odometer counts
miles. Of what is left, extract() keeps the most certain.
"""

from __future__ import annotations

from dataclasses import replace

from bot.entities.entity import Entity
from bot.entities.mileage_context import (
    _CORRECTION_MARKER,
    _INTERVAL_OR_LIMIT_AFTER,
    _INTERVAL_OR_LIMIT_BEFORE,
    _KM_ANYWHERE,
    _MILES_IN_FULL,
    _MILES_SHOWN,
    _MILES_WORD,
    _NOT_AFTER,
    _NOT_BEFORE,
    _NUMBER_OR_THOUSAND_BEFORE,
    _OR_BETWEEN,
    _PRICE_BEFORE,
    _UNIT,
    _UNIT_CORRECTED,
    KM_PER_MILE,
)
from bot.entities.mileage_judge import _judge, _Reading
from bot.entities.quantities import _numbers, _Quantity, _read_quantity

MAX_MILEAGE_KM = 2_000_000


def _find_mileages(text: str, folded: str, *, has_vin: bool = False) -> list[Entity]:
    """The readings in `text`; when a mileage word names one, only the named ones.

    "жолға шығып 1200 км жүрдік ... жалпы пробег 76 300": the word "пробег" says which
    number is the odometer, so the other distance is something else (a trip, here).
    """
    readings = []
    read_until = 0
    interval_end = -1  # where the last interval ("every 10 000 km") ended
    for number in _numbers(folded):
        if number.start < read_until:
            continue  # the tail of a compound number already read: "1 लाख [२० हजार]"
        quantity = _read_quantity(folded, number)
        if quantity is None:
            continue
        read_until = quantity.end
        if _is_interval(folded, quantity) or (
            interval_end >= 0 and _OR_BETWEEN.match(folded[interval_end : quantity.start])
        ):
            unit = _UNIT.match(folded, quantity.end)
            interval_end = unit.end() if unit else quantity.end
            continue
        reading = _judge(folded, quantity, has_vin=has_vin)
        corrected = _corrected(folded, quantity, reading)
        if corrected is not None:
            reading, read_until = corrected, corrected.end
        if reading is None or not 0 < reading.km <= MAX_MILEAGE_KM:
            continue
        readings.append(reading)
    if any(reading.now for reading in readings):
        readings = [reading for reading in readings if reading.now]
    elif any(reading.named for reading in readings):
        readings = [reading for reading in readings if reading.named]
    if _miles_meant(folded):
        readings = [r if r.unit else replace(r, km=round(r.km * KM_PER_MILE)) for r in readings]
    return [Entity("mileage", r.km, r.start, r.end, text[r.start : r.end], r.confidence) for r in readings]


def _corrected(folded: str, quantity: _Quantity, reading: _Reading | None) -> _Reading | None:
    """The reading the customer corrected this one to, if a correction follows it.

    "пробег 45 тыс, ой сорри не 45 а 54", "45 min km... pardon, 45 yox 54 min", "its on 45k
    miles\nsorry not 45 its 54k": after a word of apology or "no wait", the first other
    number is the reading, with the "thousand" and the unit of the first one when it has
    none of its own. A "thousand" number that was no reading by itself becomes one when
    it is corrected like this ("У меня 33 тыс, хотя нет, извините, 38 тыс").
    """
    if reading is None and not (quantity.multiplied and not _PRICE_BEFORE.search(folded, 0, quantity.start)):
        return None
    end = reading.end if reading is not None else quantity.end
    marker = _CORRECTION_MARKER.search(folded, end, end + 40)
    if marker is None:
        return None
    unit = _UNIT_CORRECTED.match(folded, marker.end())
    if reading is not None and reading.unit and unit is not None and bool(unit.group("miles")) != reading.miles:
        # "67 min mil\nyox km-dir": the same figure, in the other unit
        km = round(quantity.value * (KM_PER_MILE if unit.group("miles") else 1))
        return _Reading(reading.start, reading.end, km, 0.85, True, True, True, bool(unit.group("miles")))
    for number in _numbers(folded[: marker.end() + 40]):
        if number.start < marker.start() or number.value in (quantity.head, quantity.value, quantity.value / 1000):
            continue  # the number being corrected, repeated: "не 45 а 54", "67 000 - sorry, not 67 but 76"
        second = _read_quantity(folded, number)
        if second is None or second.leading_zero:
            return None
        # "не 45 а 54" takes the first figure's thousand; "10 мың ... жоқ па... 10 420" needs none
        factored = not second.multiplied and second.value < quantity.factor
        value = second.value * quantity.factor if factored else second.value
        own_unit = _UNIT.match(folded, second.end)
        miles = own_unit.group("miles") if own_unit else reading is not None and reading.miles
        km = round(value * (KM_PER_MILE if miles else 1))
        near = quantity.value / 10 <= value <= quantity.value * 10
        if not near and not (second.multiplied and quantity.head / 10 <= second.head <= quantity.head * 10):
            return None  # "пробег 45 емес 54 мың": the first figure had no thousand yet
        end = own_unit.end() if own_unit else second.end
        return _Reading(second.start, end, km, 0.85, True, bool(own_unit or miles), True, bool(miles))
    return None


def _is_interval(folded: str, quantity: _Quantity) -> bool:
    """Whether the quantity is an interval or a limit: "every 10 000 km", "10 000 км сайын", "до 150 000"."""
    unit = _UNIT.match(folded, quantity.end)
    return bool(
        _INTERVAL_OR_LIMIT_BEFORE.search(folded, max(0, quantity.start - 40), quantity.start)
        or _INTERVAL_OR_LIMIT_AFTER.match(folded, unit.end() if unit else quantity.end)
    )


def _miles_meant(folded: str) -> bool:
    """Whether the message says the odometer counts miles, so that a reading without a
    unit is in miles.

    Either it names miles on their own ("ოდომეტრი მაილებშია, 32k წერია": the odometer is
    in miles, it shows 32k) and does not deny it ("54 тыс. это км, не мили", "миль емес км"), or it gives
    other distances in miles and none in kilometres ("odometer at 36,870 ... 5yr/60k
    miles": a car from the US, whose warranty and odometer count the same unit), or
    says that it shows miles ("spidometr mil gosterir 62 min").
    """
    named = any(
        not _NUMBER_OR_THOUSAND_BEFORE.search(folded, max(0, match.start() - 30), match.start())
        and not _NOT_BEFORE.search(folded, max(0, match.start() - 12), match.start())
        and not _NOT_AFTER.match(folded, match.end())
        for match in _MILES_IN_FULL.finditer(folded)
    )
    if named or _MILES_SHOWN.search(folded):
        return True
    as_units = any(
        _NUMBER_OR_THOUSAND_BEFORE.search(folded, max(0, match.start() - 30), match.start())
        for match in _MILES_WORD.finditer(folded)
    )
    return as_units and _KM_ANYWHERE.search(folded) is None

"""Whether one quantity is the car's odometer reading, and how certain that is.

Judged from the words around it (mileage_context.py), one quantity at a time: mileage.py
and extract() choose among the readings of a message.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.entities.mileage_context import (
    _ABOUT_BEFORE,
    _ABOUT_BEFORE_AZ,
    _ABOUT_THOUSAND,
    _AGO_AFTER,
    _ALTERNATIVE_AFTER,
    _ALTERNATIVE_BEFORE,
    _AT_AFTER,
    _AT_BEFORE,
    _AT_THOUSAND,
    _AZ_MILEAGE_VERB_AFTER,
    _CHARGE_OR_RANGE,
    _CLOSING_PARENTHESIS,
    _CONSUMPTION,
    _CORRECTION_BEFORE,
    _DUE_WORK,
    _DURATION_BEFORE,
    _ENDS_LINE,
    _EXACT_AFTER,
    _HOW_FAR,
    _INTERVAL_OR_LIMIT_AFTER,
    _INTERVAL_OR_LIMIT_BEFORE,
    _LOCATIVE_AFTER,
    _LONGEST_TRIP_KM,
    _MILEAGE_VERB_AFTER,
    _MILEAGE_VERB_BEFORE,
    _MILEAGE_WORD,
    _MILEAGE_WORD_AFTER,
    _MILEAGE_WORD_AFTER_A_WORD,
    _MODEL_ONLY,
    _NOT_A_DISTANCE_AFTER,
    _NOW_BEFORE,
    _NUMBER_OR_THOUSAND_BEFORE,
    _ODOMETER_DISPLAY,
    _ORDER_BEFORE,
    _PAST_WORK,
    _PER_BEFORE,
    _PLACE_AFTER,
    _PLACE_BEFORE,
    _PRICE_BEFORE,
    _PRICE_QUESTION,
    _RANGE,
    _RANGE_WINDOW,
    _RATE_AFTER,
    _RATE_BEFORE,
    _RECENT_DAY,
    _SERVICE_AFTER,
    _SERVICE_BEFORE,
    _TOTAL_BEFORE,
    _TRIP_VERB_AFTER,
    _TRIP_VERB_BEFORE,
    _UNIT,
    _UNIT_BEFORE,
    _WARRANTY_AFTER,
    _WARRANTY_BEFORE,
    _WARRANTY_WORD_BEFORE,
    _WAS_AFTER,
    _WORD_TO_NUMBER_GAP,
    _YEARS,
    KM_PER_MILE,
)
from bot.entities.quantities import _Quantity
from bot.entities.text import _CLAUSE_END, _SENTENCE_END, _sentence_around


@dataclass(frozen=True)
class _Reading:
    """A quantity judged to be a mileage."""

    start: int
    end: int
    km: int
    confidence: float
    named: bool = False  # a mileage word stands next to it ("пробег 76 300")
    unit: bool = False  # a distance unit stands next to it ("76 300 km")
    now: bool = False  # "now" or "exactly" names it: it wins over any other reading
    miles: bool = False  # the unit next to it is miles


def _judge(folded: str, quantity: _Quantity, *, has_vin: bool = False) -> _Reading | None:
    """The quantity as a mileage, or None when the context says it is not one.

    A number is a mileage when a distance unit follows it ("45 000 km", "45 тыс. км",
    "30k mi") or stands just before it ("км 88 000", "km: 45000"), when a mileage word is
    next to it ("пробег 45000", "45 ათასი გარბენი"), when a verb of driving is ("намотал
    60 тыс", "45 мың жүрді"), or when it is a bare "45k" that nothing marks as money.
    Confidence: 1.0 with a unit, 0.9 with a mileage word, 0.85 with a verb or "total", 0.8
    for a bare "45k", 0.75 for a "thousand" number alone at the end of a line after a VIN
    ("LVTDB21B5PD123456\n15 мың").
    A distance with a unit is still no reading when it is a warranty limit, a distance to
    a place or yesterday's trip (see `_elsewhere`).
    """
    start, end, value = quantity.start, quantity.end, quantity.value
    before = folded[max(0, start - 40) : start]
    unit = _UNIT.match(folded, end)
    if _is_past_work(folded, start, unit.end() if unit else end) or _is_alternative(folded, start, end):
        return None
    if unit is None and not quantity.multiplied and _ORDER_BEFORE.search(before):
        return None  # "შეკვეთა 7734-ზე": the order's number
    if unit is not None and unit.group().strip() == "ml" and not (quantity.multiplied or value >= 1000):
        return None  # "500 ml" of oil; "54 400 ml" are miles
    if unit is not None:
        if _RATE_AFTER.match(folded, unit.end()) or _INTERVAL_OR_LIMIT_AFTER.match(folded, unit.end()):
            return None
        if unit.group().endswith("მდე"):  # "კილომეტრამდე": up to ... kilometres
            return None
        if _INTERVAL_OR_LIMIT_BEFORE.search(before):
            return None
        if not quantity.multiplied and value in (100, 1000) and _is_consumption(folded, start, unit.end(), before):
            return None  # "8 л на 100 км", oil "1 л на 1000 км": a consumption, not a reading
        if _SERVICE_AFTER.match(folded, unit.end()) or _WAS_AFTER.match(folded, unit.end()):
            return None  # "the 60 000 km service"; "onda 80 min km idi": what it was then
        if _LOCATIVE_AFTER.match(folded, unit.end()) and _service_before(folded, start):
            return None  # "first free service 1000 km ma": when that service is due
        if _elsewhere(folded, start, unit.end(), value):
            return None
        km = value * (KM_PER_MILE if unit.group("miles") else 1)
        now = _is_now(folded, before, unit.end())
        named = _next_to_mileage_word(folded, start, unit.end()) or now
        return _Reading(start, unit.end(), round(km), 1.0, named, unit=True, now=now, miles=bool(unit.group("miles")))
    if _NOT_A_DISTANCE_AFTER.match(folded, end) or _INTERVAL_OR_LIMIT_AFTER.match(folded, end):
        return None
    if _WARRANTY_BEFORE.search(before) or _WARRANTY_AFTER.match(folded, end) or _WAS_AFTER.match(folded, end):
        return None  # "8 years or 200k", "onda 80 min idi"
    if _INTERVAL_OR_LIMIT_BEFORE.search(before) or _SERVICE_AFTER.match(folded, end):
        return None
    unit_before = _unit_before(folded, start)
    if unit_before is not None:
        if not quantity.multiplied and (int(value) in _YEARS or quantity.leading_zero):
            return None
        if _RATE_AFTER.match(folded, end) or _elsewhere(folded, unit_before.start(), end, value):
            return None
        km = value * (KM_PER_MILE if unit_before.group("miles") else 1)
        named = _next_to_mileage_word(folded, unit_before.start(), end)
        return _Reading(
            unit_before.start(), end, round(km), 1.0, named, unit=True, miles=bool(unit_before.group("miles"))
        )
    if _next_to_mileage_word(folded, start, end) or (
        (quantity.multiplied or value >= 1000) and _MILEAGE_WORD_AFTER_A_WORD.match(folded, end)
    ):
        if not quantity.multiplied and int(value) in _YEARS:
            return None  # "mileage in 2019 was ..." names a year; a real 2 000 km comes with "km"
        if not quantity.multiplied and quantity.leading_zero and not _ODOMETER_DISPLAY.fullmatch(folded, start, end):
            return None  # phone numbers start with 0, odometer readings only as the display shows them
        return _Reading(start, end, round(value), 0.9, named=True)
    big = quantity.multiplied or (value >= 1000 and int(value) not in _YEARS and not quantity.leading_zero)
    price_asked = not quantity.multiplied and _PRICE_QUESTION.search(folded)
    if big and _is_now(folded, before, end) and not _PRICE_BEFORE.search(before) and not price_asked:
        return _Reading(start, end, round(value), 0.85, named=True, now=True)
    if big and _CORRECTION_BEFORE.search(before) and _CLOSING_PARENTHESIS.match(folded, end):
        # "2 lakh pugna lagyo (1,98,000)": the exact figure of a round one
        return _Reading(start, end, round(value), 0.85, named=True, now=True)
    if big and _AT_AFTER.match(folded, end):
        return _Reading(start, end, round(value), 0.8)
    if _next_to_mileage_verb(folded, quantity) and not _PRICE_BEFORE.search(before):
        return _Reading(start, end, round(value), 0.85)
    if quantity.bare_k and not _PRICE_BEFORE.search(before):
        return _Reading(start, end, round(value), 0.8)
    if quantity.multiplied and _AT_THOUSAND.search(folded, start, end) and not _PRICE_BEFORE.search(before):
        return _Reading(start, end, round(value), 0.8)  # "140 ათასზეა": it is at 140 thousand
    about = _ABOUT_BEFORE.search(before) or _ABOUT_THOUSAND.search(folded, start, end)
    if quantity.minutes_like:  # "about 45 min" is minutes; "təxminən 90 min" is 90 thousand
        about = _ABOUT_BEFORE_AZ.search(before)
    if quantity.multiplied and about and not _PRICE_BEFORE.search(before):
        return _Reading(start, end, round(value), 0.75)  # "шамамен 85 мыңдай", "az qala 300 min"
    if big and value >= 1000 and _TOTAL_BEFORE.search(before) and _UNIT.search(folded):
        return _Reading(start, end, round(value), 0.85, named=True)  # "service due in 1 500 km, total 58 500"
    # A car described by its VIN and model, then "15 мың" or "89 min" on its own.
    minutes = quantity.minutes_like and _DURATION_BEFORE.search(before)
    if has_vin and quantity.multiplied and _ENDS_LINE.match(folded, end) and not minutes:
        return None if _PRICE_BEFORE.search(before) else _Reading(start, end, round(value), 0.75)
    # ... or a "thousand" number that is a clause of its own: "Tiggo 4 pro 2023, 60 min, yağı ..."
    clause_start, clause_end = _sentence_around(folded, start, end, 40, _CLAUSE_END)
    alone = not folded[clause_start:start].strip(" ,") and not folded[end:clause_end].strip()
    if quantity.multiplied and alone and clause_start > 0 and not minutes and not _PRICE_BEFORE.search(before):
        return _Reading(start, end, round(value), 0.7)
    # ... or one that follows the model's name opening the message: "Elantra 165tis, son 2 ayda ..."
    # (not "45 min": "Stood 45 min, nobody came")
    after_model = clause_start == 0 and _MODEL_ONLY.fullmatch(folded, 0, start) is not None
    if quantity.multiplied and after_model and not folded[end:clause_end].strip() and not quantity.minutes_like:
        return None if _PRICE_BEFORE.search(before) else _Reading(start, end, round(value), 0.7)
    return None


def _is_past_work(folded: str, start: int, end: int) -> bool:
    """Whether the distance says when work was done (or is due) on the car, not how far it has gone.

    "80 min km-də remeni dəyişmişdim", "ГРМ ремнін 90 мыңда ауыстырғанмын", "60 ათასზე
    შევცვალე ღვედი", "२० हजार किमीमा clutch फेरेको थियो", "changed at 60,000 miles": the
    distance in the locative ("at") and a past verb of work in its clause ("tiggo is at
    14 800 km, first service was done at 10k": the first is the reading).
    """
    at = (
        _LOCATIVE_AFTER.match(folded, end)
        or _AT_BEFORE.search(folded, max(0, start - 12), start)
        or _AT_THOUSAND.search(folded, start, end)
    )
    if not at or _NOW_BEFORE.search(folded, max(0, start - 40), start):
        return False  # "ახლა 112 ათასზეა": now it is at 112 thousand
    clause_start, clause_end = _sentence_around(folded, start, end, 80, _CLAUSE_END)
    if not folded[clause_start:start].strip(" ,") and not folded[end:clause_end].strip(" -"):
        # the distance is a clause of its own, an afterthought to the work: "ბოლოს ტო 2023 წლის
        # ოქტომბერში გავიარე, 30 ათასზე" (I had the last service in October 2023, at 30 thousand)
        clause_start, clause_end = _sentence_around(folded, start, end, 80)
    return (
        _PAST_WORK.search(folded, clause_start, clause_end) is not None
        or _DUE_WORK.search(folded, clause_start, clause_end) is not None
    )


def _is_alternative(folded: str, start: int, end: int) -> bool:
    """Whether the number is one of two figures a question offers: "at 90 000 km or 100 000?"."""
    if not (_ALTERNATIVE_AFTER.match(folded, end) or _ALTERNATIVE_BEFORE.search(folded, max(0, start - 60), start)):
        return False
    _, sentence_end = _sentence_around(folded, start, end, 120, _SENTENCE_END)
    return folded.startswith("?", sentence_end)


def _is_now(folded: str, before: str, end: int) -> bool:
    """Whether "now" or "exactly" names the number: "indi 210 min", "24.350 to be exact"."""
    return _NOW_BEFORE.search(before) is not None or _EXACT_AFTER.match(folded, end) is not None


def _is_consumption(folded: str, start: int, end: int, before: str) -> bool:
    """Whether "100 km" at `start`:`end` is the "per 100 km" of a fuel or energy consumption."""
    if _PER_BEFORE.search(before):
        return True
    sentence_start, sentence_end = _sentence_around(folded, start, end, 40)
    return _CONSUMPTION.search(folded, sentence_start, sentence_end) is not None


def _unit_before(folded: str, start: int) -> re.Match[str] | None:
    """The distance unit written just before the number at `start`, unless it belongs to an earlier number."""
    unit = _UNIT_BEFORE.search(folded, max(0, start - 30), start)
    if unit is None or _NUMBER_OR_THOUSAND_BEFORE.search(folded, max(0, unit.start() - 30), unit.start()):
        return None
    if _INTERVAL_OR_LIMIT_BEFORE.search(folded, max(0, unit.start() - 40), unit.start()):
        return None
    return unit


def _elsewhere(folded: str, start: int, end: int, km: float) -> bool:
    """Whether the distance at `start`:`end` is something other than the car's odometer.

    A warranty limit ("5 years or 150 000 km", "кепілдік 100 000 км ба"), a distance per
    day or year ("gündə 100 km"), a distance to or from a place ("Bakıdan 30 km", "в 40 км
    от Караганды"), a range on one charge ("350 km range") or a trip ("I drove 300 km
    yesterday"). A mileage word next to the distance wins over all but the first two:
    "пробег 300 км" on a new car is a reading.
    """
    before = folded[max(0, start - 40) : start]
    if _WARRANTY_BEFORE.search(before) or _WARRANTY_AFTER.match(folded, end) or _RATE_BEFORE.search(before):
        return True
    if _AGO_AFTER.match(folded, end):
        return True
    if _next_to_mileage_word(folded, start, end):
        return False
    if _PLACE_BEFORE.search(before) or _PLACE_AFTER.match(folded, end) or _WARRANTY_WORD_BEFORE.search(before):
        return True
    clause_start, clause_end = _sentence_around(folded, start, end, _RANGE_WINDOW, _CLAUSE_END)
    if _RANGE.search(folded, clause_start, clause_end):
        return True
    if km < 1000 and (_CHARGE_OR_RANGE.search(folded) or _HOW_FAR.search(folded)):
        return True  # "zaryadka 100% olanda 520 km göstərirdi", "в описании 410 км": a range, not an odometer
    return km <= _LONGEST_TRIP_KM and _is_trip(folded, start, end)


def _is_trip(folded: str, start: int, end: int) -> bool:
    """A driving verb next to the distance and "today" or "yesterday" in its sentence."""
    sentence_start, sentence_end = _sentence_around(folded, start, end, 80)
    if _RECENT_DAY.search(folded, sentence_start, sentence_end) is None:
        return False
    return (
        _TRIP_VERB_BEFORE.search(folded, sentence_start, start) is not None
        or _TRIP_VERB_AFTER.match(folded, end, sentence_end) is not None
    )


def _next_to_mileage_verb(folded: str, quantity: _Quantity) -> bool:
    """Whether a verb of driving stands within two words of a number big enough to be a mileage.

    "намотал 60 тыс" or "прошла 80000" are readings; "прошла 2 недели" or "done in 45 min"
    are not: the number needs a "thousand" word or four digits, and "45 min" only counts
    before an Azerbaijani verb ("45 min gedib").
    """
    start, end, value = quantity.start, quantity.end, quantity.value
    if not quantity.multiplied and (value < 1000 or int(value) in _YEARS or quantity.leading_zero):
        return False
    if quantity.minutes_like:
        return _AZ_MILEAGE_VERB_AFTER.match(folded, end) is not None
    return (
        _MILEAGE_VERB_BEFORE.search(folded, max(0, start - 60), start) is not None
        or _MILEAGE_VERB_AFTER.match(folded, end) is not None
    )


def _next_to_mileage_word(folded: str, start: int, end: int) -> bool:
    """Whether a mileage word stands just before the number (a few words back at most) or right after it."""
    if _MILEAGE_WORD_AFTER.match(folded, end):
        return True
    window_start = max(0, start - 60)
    last = None
    for last in _MILEAGE_WORD.finditer(folded, window_start, start):  # noqa: B007 - only the last one counts
        pass
    return last is not None and _WORD_TO_NUMBER_GAP.fullmatch(folded, last.end(), start) is not None


def _service_before(folded: str, start: int) -> bool:
    """Whether a word for a service stands before `start` in its sentence."""
    sentence_start, _ = _sentence_around(folded, start, start, 60)
    return _SERVICE_BEFORE.search(folded, sentence_start, start) is not None

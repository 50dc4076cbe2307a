"""A number read whole: in digits or words, with its "thousand" word, a compound's tail and a "half more".

Compounds are how people say large numbers, and reading only part of one would give a
wrong value, which is worse than none. What the number means is decided elsewhere
(mileage_judge.py); this module only says what value was typed and where.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.entities.mileage_context import _EXACT_AFTER, _MILEAGE_VERB_AFTER, _MILEAGE_WORD_AFTER, _UNIT
from bot.entities.number_words import LONE_QUARTER, WORD_NUMBER, fraction_before, word_number_value
from bot.entities.numerals import _MULTIPLIER, _MULTIPLIERS, _NUMBER, parse_number

# What may follow a Cyrillic к typed after a space when it means thousand (the preposition never ends a clause).
_SPACED_K_END = re.compile(
    rf"{_UNIT.pattern}|[^\S\n]*(?:[.,;!?)\n]|$)|{_MILEAGE_WORD_AFTER.pattern}|{_MILEAGE_VERB_AFTER.pattern}"
)
_SPACES = re.compile(r"\s{1,2}")
# "And a bit" between a number and its "thousand": "300 с лишним тыщ", "300-odd thousand" are 300 000.
_ODD = re.compile(r"(?:[^\S\n]+|-)(?:с\s+лишним|с\s+гаком|с\s+хвостиком|с\s+копейками|odd|something)(?=\s)")
# ... and with the "thousand" left unsaid, at the end of a clause: "пробег 150 с хвостиком, коробка ..."
# (only a count of thousands is rounded like that; "с хвостиком" is never said of 150 km).
_ODD_THOUSANDS = re.compile(r"[^\S\n]+с\s+(?:лишним|гаком|хвостиком|копейками)(?=[^\S\n]*(?:[,.;!?)\n]|$))")
# A Georgian number word with a case ending: "ხუთასზეა" (at five hundred), "ხუთასს".
_GEORGIAN_CASED_NUMBER = re.compile(r"(?P<word>[ა-ჰ]+?)(?:ზე[აც]?|ს|ია)(?![ა-ჰ])")
# Slang for a round number of thousands: "полтос почти проехали" (50 thousand). A word alone, so
# only a mileage word or verb next to it makes it a reading.
_SLANG_THOUSANDS = re.compile(r"(?<![^\W\d_])(?:полтос\w*|полтинник\w*|полтишок|полтишка)(?![^\W\d_])")
_SLANG_VALUE = 50
# What may follow the tail of a compound ("120 мың 500 км", "29 min 400, skoda"): a unit,
# the end of the clause or "exactly" ("ოცი ათას ოთხასია ზუსტად"); "45 мың 300 теңге" is a price.
_TAIL_END = re.compile(rf"{_UNIT.pattern}|[^\S\n]*(?:[,.;!?)\n]|$)|{_EXACT_AFTER.pattern}")


@dataclass(frozen=True)
class _Quantity:
    """A number as typed, with its "thousand" word and compound tail, before any unit."""

    start: int
    end: int
    value: float
    multiplied: bool  # a "thousand", "lakh" ... word follows the digits
    bare_k: bool  # ... and it is the "k" of "45k"
    leading_zero: bool
    minutes_like: bool = False  # ... and it is Azerbaijani "min", which in English is minutes
    head: float = 0.0  # the number before the "thousand" word: 45 of "45 тыс"
    factor: int = 1  # ... and that word's factor: 1000


def _multiplier_at(folded: str, position: int) -> tuple[int, int, bool] | None:
    """The factor, end and k-ness of a "thousand" word at `position`, if there is one.

    A "+" or "and a bit" may stand between ("250+ т.км": over 250 thousand, "300 с лишним
    тыщ"); a Cyrillic к after a space
    is the preposition "to" unless a unit, a mileage word or verb, or the end of the clause
    follows it ("61 к км", "78 к პრობეგი", "45 к жүрдік", "пробег 312 к.").
    """
    if folded.startswith("+", position):
        position += 1
    odd = _ODD.match(folded, position)
    if odd is not None:
        position = odd.end()
    multiplier = _MULTIPLIER.match(folded, position)
    if multiplier is None:
        return None
    if multiplier.group("m1") and multiplier.group("space") and not _SPACED_K_END.match(folded, multiplier.end()):
        return None
    factor = next(f for i, (_, f) in enumerate(_MULTIPLIERS) if multiplier.group(f"m{i}"))
    return factor, multiplier.end(), bool(multiplier.group("m0") or multiplier.group("m1"))


@dataclass(frozen=True)
class _Number:
    """A number as typed, in digits ("45 000", "42,5") or in words ("yüz əlli", "डेढ")."""

    start: int
    end: int
    value: float
    fraction: bool  # digits with a decimal part: only meaningful with "thousand" after them
    leading_zero: bool
    thousands: bool = False  # a slang word that means so many thousand: "полтос"


def _numbers(folded: str) -> list[_Number]:
    """The numbers of `folded` in order, in digits or in words.

    A number in words counts only before a word for thousand, lakh or million ("yuz elli
    min"): alone it is too often no number at all (number_words.py).
    """
    numbers = [
        _Number(
            match.start(),
            match.end(),
            parse_number(match.group("number"), match.group("fraction")),
            match.group("fraction") is not None,
            match.group("number").startswith("0"),
        )
        for match in _NUMBER.finditer(folded)
    ]
    for match in _SLANG_THOUSANDS.finditer(folded):
        numbers.append(_Number(match.start(), match.end(), _SLANG_VALUE, False, False, thousands=True))
    for match in LONE_QUARTER.finditer(folded):
        numbers.append(_Number(match.start(), match.end(), 1.25, True, False))
    for match in WORD_NUMBER.finditer(folded):
        value = word_number_value(match.group())
        multiplier = _multiplier_at(folded, match.end())
        lone_a_min = match.group() == "a" and folded.startswith("min", multiplier[1] - 3) if multiplier else False
        if (
            value is not None
            and multiplier is not None
            and multiplier[0] >= 1000
            and not multiplier[2]
            and not lone_a_min
        ):
            numbers.append(_Number(match.start(), match.end(), value, value != int(value), False))
    return sorted(numbers, key=lambda number: number.start)


def _read_quantity(folded: str, number: _Number) -> _Quantity | None:
    """The number with its multiplier, including compounds and a "half more" before it.

    Compounds are how people say large numbers: "1 लाख २० हजार" (1 lakh 20 thousand =
    120 000), "1 млн 200 тыс", "120 мың 500 км", "एक लाख बीस हजार". Reading only the last
    part would give a wrong value, which is worse than none. "साढे ४२ हजार" is 42 500.
    """
    start, value = number.start, number.value
    if number.thousands:
        return _Quantity(start, number.end, value * 1000, True, False, False, head=value, factor=1000)
    fraction = fraction_before(folded, start)
    if fraction is not None:
        start, value = fraction[0], value + fraction[1]
    multiplier = _multiplier_at(folded, number.end)
    odd = _ODD_THOUSANDS.match(folded, number.end) if multiplier is None and 0 < value < 1000 else None
    if odd is not None:
        multiplier = (1000, odd.end(), False)
    if multiplier is None:
        if number.fraction or fraction is not None:
            return None  # "45,5" alone is no odometer reading; "45,5 тыс" is
        return _Quantity(start, number.end, value, False, False, number.leading_zero, head=number.value)
    factor, end, bare_k = multiplier
    total = value * factor
    gap = _SPACES.match(folded, end)
    tail = _tail_number(folded, gap.end()) if gap else None
    if tail is not None and not tail.fraction:
        tail_multiplier = _multiplier_at(folded, tail.end)
        if tail_multiplier is not None and tail.value * tail_multiplier[0] < factor:
            total, end, bare_k = total + tail.value * tail_multiplier[0], tail_multiplier[1], False
        elif tail_multiplier is None and tail.value < factor and _TAIL_END.match(folded, tail.end):
            total, end, bare_k = total + tail.value, tail.end, False
    minutes_like = re.fullmatch(r"\s?min", folded[number.end : end]) is not None
    return _Quantity(start, end, total, True, bare_k, number.leading_zero, minutes_like, number.value, factor)


def _tail_number(folded: str, position: int) -> _Number | None:
    """The number, in digits or words, that starts at `position`: the tail of a compound."""
    match = _NUMBER.match(folded, position)
    if match is not None:
        fraction = match.group("fraction") is not None
        return _Number(
            match.start(),
            match.end(),
            parse_number(match.group("number"), match.group("fraction")),
            fraction,
            False,
        )
    match = WORD_NUMBER.match(folded, position)
    value = word_number_value(match.group()) if match else None
    if match is None or value is None:
        match = _GEORGIAN_CASED_NUMBER.match(folded, position)  # "40 ათას ხუთასზეა": at 40 500
        value = word_number_value(match.group("word")) if match else None
        if match is None or value is None:
            return None
    return _Number(match.start(), match.end(), value, value != int(value), False)

"""The unit of a mileage (bot/entities/mileage_context.py), read as a specification.

Kilometres and miles, after the number or written before it; a reading in miles is
returned in kilometres.
"""

from __future__ import annotations

import pytest

from bot.entities import extract


def mileages(text: str) -> list[int]:
    return [entity.value for entity in extract(text) if entity.entity == "mileage"]  # type: ignore[misc]


# -- miles -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "km"),
    [
        ("30000 miles", 48280),
        ("30k mi", 48280),
        ("30 000 миль", 48280),
        ("45,000 mi on it", 72420),
        ("გარბენი 50 000 მილი", 80467),
    ],
)
def test_miles_are_converted_to_km(text: str, km: int) -> None:
    assert mileages(text) == [km]


@pytest.mark.parametrize("text", ["probeg 45000, zemanet var mi?", "yürüş 45 min, zəmanət qüvvədədir mi?"])
def test_the_azerbaijani_question_particle_mi_is_no_mile(text: str) -> None:
    assert mileages(text) == [45000]


# -- a unit written before the number --------------------------------------------------


@pytest.mark.parametrize(
    ("text", "km"),
    [
        ("Salam, km 132 000, yağ dəyişmək lazımdır?", 132000),
        ("maşında km: 87 min", 87000),
        ("көлікте км 64 000, май ауыстыру керек пе?", 64000),
        ("км 210 мың, тежегіш шықырлайды", 210000),
        ("კმ: 120 000, ძრავი ხმაურობს", 120000),
        ("კილომეტრი 87 ათასი", 87000),
        ("गाडीको कि.मि. ६५,००० छ", 65000),
        ("किलोमिटर १ लाख पुग्यो", 100000),  # "the km reached 1 lakh"
        ("прив, км 45 000, когда ТО?", 45000),
        ("Пробег: км 98000", 98000),
        ("KM 76,500 and the brakes squeal", 76500),
        ("kilometres 54 000 on the clock", 54000),
        ("miles: 30,000", 48280),
    ],
)
def test_a_unit_written_before_the_number_makes_it_a_mileage(text: str, km: int) -> None:
    assert mileages(text) == [km]


def test_a_unit_before_the_number_is_part_of_the_entity() -> None:
    [entity] = extract("привет, км 88 000, стучит")
    assert (entity.value, entity.text, entity.confidence) == (88000, "км 88 000", 1.0)


@pytest.mark.parametrize(
    ("text", "km"),
    [
        ("2 км 300 м", [2]),  # "км" is the unit of 2, not of 300
        ("расход на 100 км 8", []),
        ("45k km 30000", [45000]),
        ("120 km/h, km 45000", [45000]),
        ("км/ч 120", []),
        ("neçə km 3 ildə", []),
        ("сколько км 2019 года", []),  # a year
        ("km 0501234567", []),  # a phone number
    ],
)
def test_a_unit_before_a_number_is_not_borrowed_from_another_number(text: str, km: list[int]) -> None:
    assert mileages(text) == km

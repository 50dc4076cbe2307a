"""A customer correcting the reading just typed (bot/entities/mileage.py), read as a specification.

After a word of apology or "no wait", the corrected figure is the reading, with the
"thousand" and the unit of the first one when it has none of its own.
"""

from __future__ import annotations

import pytest

from bot.entities import extract


def mileages(text: str) -> list[int]:
    return [entity.value for entity in extract(text) if entity.entity == "mileage"]  # type: ignore[misc]


@pytest.mark.parametrize(
    ("text", "km"),
    [
        ("Salam, Elantra 2018, yürüş 45 min km... pardon, 45 yox 54 min. Arxa tormozdan cırıltı", 54000),
        ("yurus 130 min... yox pardon 103 min, qarisdirdim", 103000),
        ("шанақ нөмірі TMBAG7NE5K0271936. жүрісі 45 мың\nкешіріңіз қате жаздым, 54 мың", 54000),
        ("жүрісі 86 000 ой жоқ 68 000, қате басып кетіппін", 68000),
        ("პრობეგი 45 ათასია.. ბოდიში 45 კი არა 54 ათასი, ავურიე", 54000),
        ("agi ko message ma km 12,000 lekhe, sorry, 1,20,000 ho", 120000),
        ("Kia Rio 2018. Пробег 45 тыс, ой сорри не 45 а 54. Горит чек", 54000),
        ("У меня 33 тыс, хотя нет, извините, 38 тыс и машине 3 года.", 38000),
        ("its on 45k miles\nsorry not 45 its 54k, misread the clock", 86905),
        ("car is 73k km no wait 37k sorry just looked", 37000),
    ],
)
def test_a_corrected_reading_is_the_corrected_figure(text: str, km: int) -> None:
    assert mileages(text) == [km]


@pytest.mark.parametrize(
    ("text", "km"),
    [
        ("пробег 45 емес 54 мың", 54000),  # "not 45 but 54 thousand": the first figure had no thousand yet
        ("пробег 76 000 емес, 67 000. Sorento", 67000),
        ("Пробег 10 мың болды ма, жоқ па... 10 420 екен", 10420),  # a full figure takes no thousand
        ("გარბენი 35 000, უი არა, 53 000", 53000),
        ("mileage 67 000 - sorry, not 67 but 76 thousand", 76000),
        ("Yürüş 67 min mil\nyox km-dir, bağışlayın", 67000),  # the unit corrected, not the figure
        ("its on 31,200 miles... wait no 32,100", 51660),  # a correction of miles stays in miles
    ],
)
def test_corrections_the_seventh_rounds_misses_taught(text: str, km: int) -> None:
    assert mileages(text) == [km]

"""The number of a mileage as customers type it (bot/entities/numerals.py, number_words.py
and quantities.py), read as a specification.

Digits with any thousands separator and script, a word for thousand or lakh, compounds,
numbers in words; read whole and in kilometres, or not at all.
"""

from __future__ import annotations

import pytest

from bot.entities import MAX_MILEAGE_KM, extract, parse_mileage


def mileages(text: str) -> list[int]:
    return [entity.value for entity in extract(text) if entity.entity == "mileage"]  # type: ignore[misc]


# -- in digits -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "km"),
    [
        ("45000 km", 45000),
        ("45 000 km", 45000),
        ("45 000км", 45000),
        ("45000км", 45000),
        ("45.000 km", 45000),
        ("45,000 km", 45000),
        ("45'000 km", 45000),
        ("45k", 45000),
        ("45K", 45000),
        ("45k km", 45000),
        ("45к км", 45000),
        ("45 тыс км", 45000),
        ("45 тыс. км", 45000),
        ("45 тыс.км", 45000),
        ("45 тысяч километров", 45000),
        ("45 мың км", 45000),
        ("45 мың шақырым", 45000),
        ("45 min km", 45000),
        ("45 000 kilometr", 45000),
        ("45 ათასი კმ", 45000),
        ("45000 კმ", 45000),
        ("45 000 კმ-ზე", 45000),
        ("४५,००० कि.मि.", 45000),
        ("४५००० किमी", 45000),
        ("४५ हजार किलोमिटर", 45000),
        ("१ लाख कि.मि.", 100000),
        ("१,००,००० कि.मि.", 100000),  # South-Asian digit grouping
        ("1.2 lakh km", 120000),
        ("gadi 45 hajar km chalyo", 45000),  # romanised Nepali
        ("probeg 45 tys. km", 45000),  # transliterated Russian
        ("45,5 тыс км", 45500),
        ("1 200 000 km", 1200000),
    ],
)
def test_a_number_with_a_distance_unit_is_a_mileage_in_km(text: str, km: int) -> None:
    assert mileages(text) == [km]


@pytest.mark.parametrize(
    ("text", "km"),
    [
        ("45\u00a0000 km", 45000),  # no-break space
        ("45\u202f000 km", 45000),  # narrow no-break space
        ("४५ ००० किमी", 45000),
        ("गाडी 45000 कि.मि. चलेको छ", 45000),  # ASCII digits in a Nepali sentence
        ("माइलेज ४५०००", 45000),
    ],
)
def test_devanagari_digits_and_no_break_spaces_are_understood(text: str, km: int) -> None:
    assert mileages(text) == [km]


@pytest.mark.parametrize(
    ("text", "km"),
    [
        ("गाडी १ लाख २० हजार कि.मि. चलिसक्यो", 120000),
        ("1 млн 200 тыс км", 1200000),
        ("120 мың 500 км", 120500),
    ],
)
def test_a_compound_number_is_read_whole(text: str, km: int) -> None:
    assert mileages(text) == [km]


# -- in words, before a word for thousand or lakh --------------------------------------


@pytest.mark.parametrize(
    ("text", "km"),
    [
        ("iki yüz on min gedib, mühərrik yağ yeyir", 210000),
        ("probeg yuz qirx min", 140000),
        ("жүз жиырма мың жүрді", 120000),
        ("пробег сто восемьдесят тысяч, пора менять ремень?", 180000),
        ("полтораста тысяч пробег, масло ест", 150000),
        ("ას ოცი ათასი კმ აქვს გავლილი", 120000),
        ("ორმოცდახუთი ათასი კმ-ია", 45000),
        ("दुई लाख किमि चलिसक्यो", 200000),
        ("सवा लाख किमि चलेको गाडी", 125000),
        ("पचहत्तर हजार किमि पुग्यो", 75000),
        ("साढे ६७ हजार किमि चलेको छ", 67500),
        ("dedh lakh km chaleko gadi", 150000),
        ("it has done a hundred and ten thousand miles", 177028),
        ("sixty-two thousand km on the clock", 62000),
    ],
)
def test_a_reading_written_in_words_before_thousand_or_lakh(text: str, km: int) -> None:
    assert mileages(text) == [km]


@pytest.mark.parametrize(
    "text",
    [
        "on min manat istəyirlər",  # money
        "zəmanət yüz əlli min km-dək",  # a limit
        "вышло сто двадцать тысяч тенге",
        "पचास हजार रुपैयाँ लाग्छ रे",
        "I live ten km away",  # no thousand: a number word alone is never read
        "गाडी छ हजार रुपैयाँको पार्टस",
    ],
)
def test_number_words_that_are_not_a_reading(text: str) -> None:
    assert mileages(text) == []


# -- bounds ----------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "km"), [("0 km", None), ("2 000 000 km", 2_000_000), ("2 000 001 km", None)])
def test_a_mileage_is_more_than_0_and_at_most_2_million_km(text: str, km: int | None) -> None:
    assert MAX_MILEAGE_KM == 2_000_000
    assert mileages(text) == ([km] if km else [])


def test_parse_mileage_reads_one_expression() -> None:
    assert parse_mileage("45 тыс. км") == 45000
    assert parse_mileage("२५ हजार किमी") == 25000
    assert parse_mileage("45000 тенге") is None

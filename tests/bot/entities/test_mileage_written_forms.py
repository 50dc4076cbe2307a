"""Ways of writing a reading, and figures that only look like one, first seen in held-out round 8
(bot/entities/), read as a specification. The sentences are new ones, not round 8's.

Units, mileage words and "thousand" words misspelt or abbreviated, slang numbers, "and a bit"
before the thousand, an odometer's zero-padded display, verbs of showing and reaching, "is at"
in Nepali, corrections by "excuse me" and "the right one is"; and figures that are alternatives
in a question, an EV's range, the distance of past work, and a price quoted "now".
"""

from __future__ import annotations

import pytest

from bot.entities import extract


def mileages(text: str) -> list[int]:
    return [entity.value for entity in extract(text) if entity.entity == "mileage"]  # type: ignore[misc]


# -- misspelt and abbreviated words ----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "km"),
    [
        ("odo says 41,000 miels, rear wiper stopped", 65983),  # "miels": e and l swapped
        ("clio 2017, 64 t.km, the clutch slips", 64000),  # "т.км" in Latin letters
        ("ვიტარა, გარბნი 58 000, საბურავები მინდა", 58000),  # "გარბნი" for "გარბენი"
        ("81 ათსი აქვს, ზეთი როდის შევცვალო?", 81000),  # "ათსი" for "ათასი"
        ("პრაბეგი 143 200, ძრავი ხმაურობს", 143200),  # "пробег" in Georgian letters
        ("სპიდზე 96 ათასია, სალონის ფილტრი მინდა", 96000),  # on the speedo
        ("рио 2015, пр 121тыс, стук справа", 121000),  # "пр" for "пробег"
        ("пр. 88 000, когда ГРМ?", 88000),
    ],
)
def test_misspelt_and_abbreviated_words_still_name_a_reading(text: str, km: int) -> None:
    assert mileages(text) == [km]


@pytest.mark.parametrize("text", ["пр. Абая 45, когда вы открыты?", "пр-т Достык 12, сервис там?"])
def test_pr_is_no_mileage_word_before_a_street(text: str) -> None:
    assert mileages(text) == []


# -- numbers that are written unusually ------------------------------------------------


@pytest.mark.parametrize(
    ("text", "km"),
    [
        ("пробег 140 с лишним тыщ, коробка пинается", 140000),  # "and a bit" before the thousand
        ("she's done 90-odd thousand km, needs brakes", 90000),
        ("полтос уже намотали, масло какое лить?", 50000),  # slang for fifty thousand
        ("пробег полтинник, гарантия действует?", 50000),
        ("meter ma 12 hajar 4 saya dekhauchha, service kahile?", 12400),  # "saya": hundred
        ("სამოცდაათი ათასი გადავიდა, გრმ როდის?", 70000),  # in words, then "passed"
        ("ოდომეტრი 031540 აჩვენებს, ზეთი?", 31540),  # a six-digit display with its zeros
    ],
)
def test_numbers_written_unusually(text: str, km: int) -> None:
    assert mileages(text) == [km]


@pytest.mark.parametrize(
    "text",
    [
        "заплатил полтинник за диагностику",  # slang money
        "пробег 0557123456",  # a phone number starts with 0 too, but is longer than a display
        "150 с лишним",  # no thousand after "and a bit"
    ],
)
def test_unusual_numbers_that_are_no_reading(text: str) -> None:
    assert mileages(text) == []


# -- what makes a number the reading ----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "km"),
    [
        ("ახლა გადავიდა 120 ათასს, ძრავის ზეთი", 120000),  # Georgian "passed"
        ("८० हजार पुग्न लागेको गाडी, ब्रेक जाँच्नु छ", 80000),  # "about to reach"
        ("kilometer ma 36,700 dekhako chha", 36700),  # "shows" in Latin letters
        ("गाडी ४७,३०० मा छ, कहिले सर्भिस?", 47300),  # "is at"
        ("gadi 61,800 ma chha, tyre kati ko ho?", 61800),
        ("95 ათასი დღეს გადავიდა, ზეთი უნდა", 95000),  # "დღეს" is today, not days
    ],
)
def test_verbs_of_showing_reaching_and_being_at(text: str, km: int) -> None:
    assert mileages(text) == [km]


@pytest.mark.parametrize(
    ("text", "km"),
    [
        ("odometr mil göstərir, 41 min var", 65983),  # the odometer shows miles
        ("spidometr mil gosterir 70 min", 112654),
        ("US import, miles ma 22,000 dekhauchha", 35406),
    ],
)
def test_an_odometer_that_shows_miles(text: str, km: int) -> None:
    assert mileages(text) == [km]


def test_a_slash_between_fields_is_no_speed() -> None:
    assert mileages("Jolion / 27 300 km / kondisioner isləmir") == [27300]
    assert mileages("120 km / saat sürətdə titrəyir") == []
    assert mileages("at 110 km / h the wheel shakes") == []


# -- corrections -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "km"),
    [
        ("გარბენი 64 ათასი, უკაცრავად 46 ათასი", 46000),  # "excuse me"
        ("Жүрісі 61 000 деп жаздым, дұрысы 16 000", 16000),  # "the right one is"
        ("пробег 93 тыс, правильно 39 тыс", 39000),
    ],
)
def test_corrections_take_the_corrected_figure(text: str, km: int) -> None:
    assert mileages(text) == [km]


# -- figures that are not the reading ---------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "brake fluid at 40 000 km or 60 000?",  # alternatives in a question
        "ГРМ менять на 90 тыс или 120 тыс?",
        "Yağ 10 min km-də yoxsa 15?",
        "फिल्टर २०,००० km हो कि ३०,०००?",
        "გარანტია 3 წელი თუ 100 000 კმ?",
        "кепілдік 3 жыл ма әлде 100 мың км ба?",
        "tam menzil 480 km, amma qışda azalır",  # an EV's range
        "my previous service was at 20,000 miles, what's next?",  # past work
        "45 ათასზე ჩამიტარეს სერვისი, ახლა ისევ?",
        "ब्रेक प्याड कति पर्छ? पहिले ३५०० थियो, अहिले ४२०० भन्नुभयो",  # a price quoted now
    ],
)
def test_figures_that_are_not_the_reading(text: str) -> None:
    assert mileages(text) == []


@pytest.mark.parametrize(
    ("text", "km"),
    [
        # a reading, then a question about when to come: only one figure before the "or"
        ("пробег 58 000 км, ТО делать на 60 000 или на 70 000?", 58000),
        ("пробег 44 тыс, нужно ли менять или нет?", 44000),
        ("сколько стоит ТО? у меня 75 тыс сейчас", 75000),  # a reading with its thousand in a price question
        ("my last service was at 30k, now at 41,200 km", 41200),
    ],
)
def test_readings_next_to_those_figures(text: str, km: int) -> None:
    assert mileages(text) == [km]

"""Ways of writing a reading or a VIN, and figures that only look like a reading, first seen in
held-out round 9 (bot/entities/), read as a specification. The sentences are new ones, not round 9's.

A counter ("sayğac"), a misspelt "пробек", Kazakh "милямен", Georgian "30კ", "9 тыш", "km is",
"150 с хвостиком", "exactly" after a compound, Nepali "crossed", a model's name before the
reading, a correction by "I was wrong", "not miles" said after the word; and figures that are
an order's number, an AZ "zapas xodu", a tow's or a nearer service's distance, a price after
one in rupees, a numbered service, the service "of" 30 000 km, a bound not reached yet, and
work done or due "at" a distance. A VIN broken over two lines or glued to a Russian ending.
"""

from __future__ import annotations

import pytest

from bot.entities import extract


def mileages(text: str) -> list[int]:
    return [entity.value for entity in extract(text) if entity.entity == "mileage"]  # type: ignore[misc]


def vins(text: str) -> list[str]:
    return [entity.value for entity in extract(text) if entity.entity == "vin"]  # type: ignore[misc]


# -- words that name a reading ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "km"),
    [
        ("Creta, sayğac 64 min, arxa əyləc səs salır", 64000),  # the counter: the odometer
        ("saygac 112 min gosterir, yağ vaxtıdır?", 112000),
        ("счётчик 87 тыс, пора менять колодки?", 87000),
        ("пробек 63 500, щётки скрипят", 63500),  # "пробег" misspelt
        ("одометр милямен 30 000, АҚШ-тан келген", 48280),  # Kazakh "in miles"
        ("ახლა 45კ-ზეა, საბურავები მინდა", 45000),  # Georgian კ for k
        ("пробег 14 тыш, а уже стучит", 14000),  # "тыш" for "тыщ"
        ("my odometer km is 38 thousand 200", 38200),  # "km is": the unit, then the figure
        ("пробег 120 с лишним, масло ест", 120000),  # the thousand left unsaid
        ("გარბენი ოცდაათი ათას ხუთასია ზუსტად", 30500),  # the compound's tail, then "exactly"
        ("३ लाख नाघेको छ, अब के गर्ने?", 300000),  # "crossed"
        ("Sonata 142tis, kondisioner islemir", 142000),  # the model's name, then the reading
        ("Camry 95 тыс, чек горит", 95000),
    ],
)
def test_words_that_name_a_reading(text: str, km: int) -> None:
    assert mileages(text) == [km]


@pytest.mark.parametrize(
    ("text", "km"),
    [
        ("жүрісі 48 мың, жоқ қателестім, 84 мың", 84000),  # "I was wrong"
        ("пробег 72 000, миль емес, км", 72000),  # "not miles", the negation after the word
        ("VIN JTDBR32E530012345 amerikadan gəlib, 41k miles var", 65983),  # not "from America 41k"
    ],
)
def test_corrections_and_units_said_around_the_reading(text: str, km: int) -> None:
    assert mileages(text) == [km]


@pytest.mark.parametrize(
    "text",
    [
        "Кредит 165 тыс, когда платить?",  # a word of the customer's own language, not a model
        "Stood 45 min, nobody came to the desk",  # minutes after an English word
        "мне 40 с хвостиком, вожу с восемнадцати",  # an age, nothing says it is a distance
    ],
)
def test_not_readings_among_the_new_forms(text: str) -> None:
    assert mileages(text) == []


# -- figures that are not the reading --------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "შეკვეთა 5520-ზე რა ხდება?",  # the order's number
        "заказ 8841 когда привезут?",
        "Tam doludursa zapas xodu 510 km göstərir",  # the range on a full tank
        "evakuator 25 km ucun neçəyə olar?",  # what a tow costs for 25 km
        "Сервиске 35 шақырым, жақынырақ жоқ па?",  # is there a nearer service
        "Oil change was Rs 6,200 in March, now 9,400?",  # a price after one in rupees
        "Сколько стоит ТО-3 на 45 000 км?",  # a numbered service
        "२० हजार किमीको सर्भिस कहिले गर्ने?",  # the service "of" 20 000 km
        "жүрісі 10 мыңға жетпей жатыр әлі",  # a bound not reached yet
        "80 мыңда тежегіш ауыстырғам, қашан тағы?",  # work done at 80 thousand, as spoken
        "ბოლოს სერვისი გაზაფხულზე გავიარე, 50 ათასზე",  # the last service, at 50 thousand
        "последнее ТО делали летом, на 45 тыс",
        "говорят на 90 тыс ремень менять надо",  # when the work is due
        "100 min-də yağ dəyişmək lazımdır?",
    ],
)
def test_figures_that_are_not_the_reading(text: str) -> None:
    assert mileages(text) == []


def test_work_at_a_distance_leaves_the_reading_now() -> None:
    assert mileages("последнее ТО делал на 60 тыс, сейчас 75 тыс") == [75000]


# -- VINs ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "vin"),
    [
        ("vin:\nXW8AN2NE1LH\n012345\nit did not fit one line", "XW8AN2NE1LH012345"),  # broken over lines
        ("для XTA210990Y2765432го нужен фильтр", "XTA210990Y2765432"),  # typed on into a Russian word
        ("проверьте XTA210990Y2765432у гарантию", "XTA210990Y2765432"),
    ],
)
def test_vins_broken_over_lines_or_glued_to_a_russian_ending(text: str, vin: str) -> None:
    assert vins(text) == [vin]


def test_a_vin_glued_to_a_unit_is_still_no_vin() -> None:
    assert vins("XTA210990Y2765432км") == []

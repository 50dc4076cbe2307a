"""Which number of a message is the car's odometer reading (bot/entities/mileage_judge.py
and mileage.py), read as a specification.

A mileage word, a verb of driving, "now" or a unit name the reading among the other
numbers of a chat message. The held-out rounds' tables keep what each round taught.
"""

from __future__ import annotations

import pytest

from bot.entities import extract


def mileages(text: str) -> list[int]:
    return [entity.value for entity in extract(text) if entity.entity == "mileage"]  # type: ignore[misc]


# -- what makes a number the reading ---------------------------------------------------


@pytest.mark.parametrize(
    ("text", "km"),
    [
        ("пробег 45000", 45000),
        ("Пробег: 87 тыс., пора на ТО?", 87000),
        ("probeg 45000", 45000),
        ("yürüş 45000", 45000),
        ("maşının yürüşü 89 min", 89000),
        ("жүрісі 150 000, тежегіш шықырлайды", 150000),
        ("გარბენი 45000", 45000),
        ("გარბენი 210 ათასი, გაზს ვერ იღებს", 210000),
        ("माइलेज: ३२ हजार", 32000),
        ("mileage is about 45000", 45000),
        ("odometer reads 201 000", 201000),
        ("одометр показывает 123456", 123456),
        ("У меня 60 тыс пробег", 60000),  # the mileage word after the number
    ],
)
def test_a_bare_number_next_to_a_mileage_word_is_a_mileage(text: str, km: int) -> None:
    assert mileages(text) == [km]


@pytest.mark.parametrize(
    ("text", "km"),
    [
        ("odometrdə 125 min göstərir", 125000),
        ("spidometrdə 88 000", 88000),
        ("odometri 64 min", 64000),
        ("одометрі 132 мың", 132000),
        ("ოდომეტრზე 140 ათასი", 140000),
        ("სპიდომეტრზე 140 ათასი", 140000),
        ("गाडीको ओडोमिटर ७२ हजार", 72000),
        ("на спидометре 77 тыс", 77000),
        ("одометр: 155 000", 155000),
        ("odo reads 88 thousand", 88000),
        ("odometer reading is 45 000", 45000),
    ],
)
def test_odometer_and_speedometer_words_are_mileage_words(text: str, km: int) -> None:
    assert mileages(text) == [km]


@pytest.mark.parametrize(
    ("text", "km"),
    [
        ("maşın 120 min gedib, səs gəlir", 120000),
        ("maşın 86 min yol gedibdir", 86000),
        ("artıq 200 min qaçıb", 200000),
        ("көлік 88 мың жүрді, тежегіш шықырлайды", 88000),
        ("машина 150 мың жүрген", 150000),
        ("მანქანას 120 ათასი აქვს გავლილი", 120000),
        ("ჩემმა მანქანამ 120 000 გაიარა", 120000),
        ("गाडी ८० हजार कुदिसक्यो", 80000),
        ("गाडी १ लाख चलेको छ", 100000),
        ("машина уже намотала 150 тыщ", 150000),
        ("прошёл почти 200 тысяч", 200000),
        ("80 тысяч прошла, стучит подвеска", 80000),
        ("it has done 120 thousand", 120000),
        ("the car's clocked 88 000", 88000),
        ("she's got 60 thousand on her", 60000),
    ],
)
def test_a_verb_of_driving_next_to_a_number_makes_it_a_mileage(text: str, km: int) -> None:
    assert mileages(text) == [km]


@pytest.mark.parametrize(
    ("text", "km"),
    [
        ("добрый день, пробег 45 000 км, горит чек", 45000),
        ("Salam, maşının yürüşü 120 000 km-dir, yağ dəyişmək lazımdır?", 120000),
        ("көлік 120 мың шақырым жүрді, ТО қашан?", 120000),
        ("მანქანას აქვს 87000 კმ გარბენი", 87000),
        ("४५,००० कि.मि. मा सर्भिस कहिले?", 45000),
        ("Check engine light at 38 000 km, what should I do?", 38000),
    ],
)
def test_a_mileage_in_a_chat_message_in_each_language(text: str, km: int) -> None:
    assert mileages(text) == [km]


@pytest.mark.parametrize(
    ("text", "confidence"),
    [
        ("45 000 km", 1.0),
        ("km 45 000", 1.0),
        ("пробег 45000", 0.9),
        ("намотал 45 тыс", 0.85),
        ("45k", 0.8),
    ],
)
def test_the_confidence_says_how_the_mileage_was_recognised(text: str, confidence: float) -> None:
    [entity] = extract(text)
    assert entity.confidence == confidence


# -- what the held-out rounds taught ---------------------------------------------------


@pytest.mark.parametrize(
    ("text", "km"),
    [
        ("80 grand on the clock", 80000),
        ("120 ათ. კმ აქვს", 120000),
        ("пробег 70 т км", 70000),
        ("ნარბენი 85 ათასი აქვს", 85000),
        ("85 ათასი აქვს ნარბენი", 85000),  # the mileage word one word after the number
        ("ओडो मा ६५ ३०० छ", 65300),
        ("मिटरमा ५४००० देखाउँछ", 54000),
        ("I've driven 52 thousand so far", 52000),
        ("уже проехали 130 тыс", 130000),
        ("30 ათასი ვიარე ამ მანქანით", 30000),
        ("oil change soon? im at 9800 now", 9800),
        ("90 ათასზეა ჩემი მანქანა", 90000),  # "is at 90 thousand"
        ("masin 60 min getib", 60000),
    ],
)
def test_more_ways_to_write_a_reading(text: str, km: int) -> None:
    assert mileages(text) == [km]


@pytest.mark.parametrize(
    ("text", "km"),
    [
        ("90 min km-də kəmər dəyişilir? indi 87 min km-dəyəm", 87000),  # "now" names the reading
        ("ТО делал на 60 тыс, сейчас 74 500 км", 74500),
        ("ზეთი 50 ათასზე შევცვალე, ახლა 58 300-ზეა", 58300),
        ("गत वर्ष ३० हजारमा सर्भिसिङ गरेको, अहिले ४२,१०० पुग्यो", 42100),
        ("у меня хавал 6 про пробег 15300", 15300),  # a model number is not a reading
        ("masinin 57 min var", 57000),
        ("110 мын км журди", 110000),  # "мың" on a Russian keyboard
        ("garbeni 78 atasi", 78000),  # romanized Georgian
        ("გარბენი დაახლ. 164 ათასი", 164000),
        ("45 000 მაილი აქვს", 72420),
        ("१२ हजार ५ सय कि.मि. चलेको", 12500),
        ("vin lvvdb11b5kd045678\nkm 38500", 38500),  # the VIN's digits are not the unit's number
    ],
)
def test_the_current_reading_is_found_among_other_numbers(text: str, km: int) -> None:
    assert mileages(text) == [km]


@pytest.mark.parametrize(
    ("text", "km"),
    [
        ("mende 64 min olub", 64000),
        ("golf 4, 156 tis probeg", 156000),
        ("maşın 50 min mildədir", 80467),
        ("118 ათ კმ აქვს", 118000),
        ("ओडो ६५,४०० किमी\nसर्भिस बुक गर्नु छ", 65400),  # the next line's "service" names nothing
    ],
)
def test_third_round_readings(text: str, km: int) -> None:
    assert mileages(text) == [km]


@pytest.mark.parametrize(
    ("text", "km"),
    [
        ("vin-WVWZZZ1KZ8W562193 km-61 400", 61400),  # a dash after a unit, not a range
        ("XTA21099043576182/88000km, стук в подвеске", 88000),  # glued to the VIN by a slash
        ("Kia Sportage\nKNAPM81ABM7123457\n120 мың", 120000),  # a VIN, a model, then the reading
        ("nissan qashqai SJNFAAJ11U2345678 95 min", 95000),
        ("next service in 2 000 km, total 43 700", 43700),
        ("одометр в милях, показывает 40 тыс", 64374),  # the odometer counts miles
        ("Tiggo 8 Pro Max\n35 000 km", 35000),  # "max" names the model, not a limit
        ("180 000-dən çox gedib", 180000),  # a case ending before the verb
        ("maşın 85 min keçib", 85000),
    ],
)
def test_readings_the_third_rounds_misses_taught(text: str, km: int) -> None:
    assert mileages(text) == [km]


@pytest.mark.parametrize(
    ("text", "km"),
    [
        ("yürüş 200 000 km yazılmışdı, indi 260 min göstərir", 260000),  # "now" wins over the old figure
        ("пробег больше 300 000 км, точнее 318 400", 318400),
        ("it has done about 50.000 km (51.200 to be exact)", 51200),
        ("odo 3 lakh najik (2,96,500) pugyo", 296500),  # the exact figure in parentheses
        ("only a thousand km on it and the door squeaks", 1000),
        ("my i20 reading 43,900 on the meter, next service due at 45,000 km", 43900),
        ("odo 66k km done, mileage only 11 kmpl now", 66000),  # km per litre is fuel economy
        ("prius 2016, odometri 52 000 mili", 83686),  # romanized Georgian miles
        ("elantra 180 atasi aqvs gavlili", 180000),
        ("ჩემმა მანქანამ ნახევარი მილიონი აჩვენა", 500000),
        ("qazir 72 myn km, maiy auystyru kerek pe?", 72000),  # Kazakh in Latin letters
        ("gadi le 61 hajar cross garyo", 61000),
        ("Camry 70\nprobeg 98000", 98000),  # the model's number on the line above is no reading
    ],
)
def test_readings_the_fourth_rounds_misses_taught(text: str, km: int) -> None:
    assert mileages(text) == [km]


@pytest.mark.parametrize(
    ("text", "km"),
    [
        ("yürüşü 240 mindi, var sizdə?", 240000),
        ("Yürüşü 100 minə az qalıb.", 100000),
        ("200 minden coxdu yurusu, motor yag yeyir", 200000),
        ("yurus 29 min 400, skoda octavia", 29400),
        ("қазір спидометрде 44 мың 300. Алдыңғы дөңгелектен гул", 44300),
        ("Tiago ho 1.2 petrol, 39,800 K.M. chaleko", 39800),
        ("Bolero pickup ho, odo 1.45.600, steering ekdam bhari", 145600),
        ("пробег 250+ т.км. двигатель троит", 250000),
        ("Ниссан кашкай 61 к км, сзади гул", 61000),
        ("Америкалық BMW X5, 54 400 ml жүрген", 87548),
        ("sportage, mileage 19 000 mls", 30578),
        ("Тойота приус из японии, на одометре 54 тыс. это км, не мили)", 54000),
        ("Salam, Corolla 2021.\nKm: 112 000\nVIN JTDB4RFE7M3012657", 112000),
        ("Reg No.: बा ५ च ८८२१\nKm: 98,760", 98760),
        ("пробег: 61 200\nгод: 2020", 61200),
        ("Tiggo 4 pro 2023, 60 min, yağı dəyişmək vaxtıdı?", 60000),
        ("сколько стоит ТО на 60 тыс? у меня как раз 60 тыс сейчас", 60000),
        ("गाडी झन्डै एक लाख पुग्न लाग्यो (९९,२०० छ)", 99200),
        ("mero car ko reading 2 lakh 15 hazar cha", 215000),
        ("km chai thik 8 hazar pugyo, first service 1000 km ma garisakeko", 8000),
        ("ორმოცდაათი ათასი გავიდა და წინა ხუნდები ჭრიალებს", 50000),
        ("მანქანას 57 ათასი აქვს, გარანტიით დახმარება მეკუთვნის?", 57000),
        ("X-Trail 2017, 250 мыңнан асты. Вариатор дірілдейді", 250000),
        ("gamarjobat, elantra maqvs\ngarbeni 45k milia, amerikidanaa", 72420),
        ("მანქანა: Mitsubishi ASX\nგარბ.: 212000", 212000),
        ("журиси 48 мын шамасында", 48000),
    ],
)
def test_readings_as_round_five_and_six_wrote_them(text: str, km: int) -> None:
    assert mileages(text) == [km]


@pytest.mark.parametrize(
    ("text", "km"),
    [
        ("təxminən 90 min olar, dəqiq bilmirəm", 90000),  # "about": Azerbaijani min is thousand here
        ("az qala 250 min olacaq, hələ sürürəm", 250000),
        ("шамамен 85 мыңдай болу керек", 85000),  # "-дай" on the thousand: about
        ("у меня примерно 120 тысяч набежало", 120000),
        ("Kia K5, 45 к yurub, sükan titrəyir", 45000),  # a spaced Cyrillic к before a verb
        ("45 к жүрдік, Sonata", 45000),
        ("ოქტავია, 78 к პრობეგი", 78000),  # ... or a mileage word
        ("нексия 3, пробег 312 к. сцепление", 312000),  # ... or the clause's end
        ("пробег 143т, маслоны жейді", 143000),  # т glued to its digits
        ("Cerato 2018, 110 myñ km júripti", 110000),  # the 2021 state alphabet
        ("жуз жиырма бес мын журди, май ауыстыру", 125000),  # Kazakh typed plainly
        ("yurusu 100 mine yaxindi, boyuk TO", 100000),  # dative min without ə
        ("bayasi hajar km chalisakyo", 82000),  # romanized Nepali 82
        ("gadi saathi hajar kilo jati chaliskyo", 60000),
        ("din ko 200 km kudcha. aile meter ma 2 lakh 35 hajar cha", 235000),
        ("previous service 40k ma bhako thyo, aile 50.5k", 50500),
        ("ზეთს 10 ათას კმ-ში ვცვლი, ახლა 40 ათას ხუთასზეა", 40500),  # a Georgian tail with its case ending
        ("ღვედი 60 ათასზე გამოვცვალე, ახლა 112 ათასზეა", 112000),  # "now" wins over past work
        ("changed the belt at 60 000, now it's at 118 500", 118500),
        ("my tiggo is at 14 800 km, first service was done at 10k", 14800),  # past work in another clause
        ("bought it with 41 350 km, now it shows 42 100", 42100),
        ("cobalt taxi, 245 thousand already, gearbox oil never changed", 245000),
        ("2018 RAV4 hybrid, mi 45,300. battery died", 72903),  # "mi" before the number, after a comma
        ("F150, odometer at 36,870, warranty 5yr/60k miles", 59337),  # other distances in miles, none in km
    ],
)
def test_readings_the_seventh_rounds_misses_taught(text: str, km: int) -> None:
    assert mileages(text) == [km]

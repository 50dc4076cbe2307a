"""Numbers and distances that are not the odometer reading (bot/entities/mileage_context.py
and mileage_judge.py), read as a specification.

Prices, years, phone and claim numbers, durations, speeds, consumptions, intervals,
warranty limits, distances to a place, ranges, trips and the distance at which work was
done; each rule next to the reading it must still let through.
"""

from __future__ import annotations

import pytest

from bot.entities import extract


def mileages(text: str) -> list[int]:
    return [entity.value for entity in extract(text) if entity.entity == "mileage"]  # type: ignore[misc]


# -- numbers that are no distance ------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "машина 2019 года",  # years
        "пробег в 2019 был меньше",
        "мой телефон +7 777 123 45 67",  # phone numbers
        "nömrəm 050 555 12 34",
        "mileage? call me 0501234567",
        "45000 тенге",  # prices
        "45000 manat",
        "пробег 45000 тенге",
        "$450",
        "45 тыс тенге",
        "45k manat",
        "paid 45k for it",
        "за 45к взял",
        "20% скидка",  # percentages
        "battery at 45%",
        "150 kW",  # power
        "мощность 150 л.с.",
        "заявка 45000",  # claim and order numbers
        "ticket #45000",
        "заявка №45000 км",
        "в 10:45",  # times and dates
        "12.05.2023",
        "45000",  # a plain number
        "45,5",
        "waited 45 min",
        "120 km/h",  # speeds and fuel economy
        "120 км/ч",
        "sürət 100 km/saat",
        "5 kmh",
        "15 km/l",
        "расход 8 л на 100 км",  # consumption
        "каждые 15 000 км ТО?",  # intervals
        "every 10,000 km",
        "hər 10 000 km-dən bir",
        "10 000 км сайын",
        "ყოველ 10 000 კმ-ში",
        "हरेक १०,००० कि.मि. मा",
        "гарантия до 100 000 км",  # limits
        "up to 100 000 km",
        "100 000 km-ə qədər",
        "100 000 км-ге дейін",
        "100 000 კილომეტრამდე",
        "१ लाख कि.मि. सम्म",
    ],
)
def test_numbers_that_are_not_an_odometer_reading_are_not_mileages(text: str) -> None:
    assert mileages(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "45 min manat gedib",  # money
        "прошла 2 недели",  # too small to be a mileage without a "thousand"
        "прошло 2 года",
        "прошла 2019",  # a year
        "ремонт прошёл за 45 минут",
        "done in 45 min",  # English minutes, not Azerbaijani "min" = thousand
        "worked 45 min on it",
        "spent 45 thousand on it",
        "потратил 60 тыс на ремонт",
    ],
)
def test_a_verb_of_driving_does_not_make_a_duration_a_price_or_a_small_number_a_mileage(text: str) -> None:
    assert mileages(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "yürüş 3 ay",
        "жүрісі 2 апта",
        "გარბენი 3 თვე",
        "माइलेज ३ महिना",
        "пробег 5 дней",
        "mileage 3 months",
    ],
)
def test_a_number_of_days_weeks_or_months_is_not_a_mileage(text: str) -> None:
    assert mileages(text) == []


# -- distances that are not the odometer, and where each rule stops --------------------


@pytest.mark.parametrize(
    "text",
    [
        "80 min km-də remeni sizdə dəyişmişdim, indi yenə səs gəlir",
        "ГРМ ремнін 90 мыңда ауыстырғанмын, келесісін қашан ауыстыру керек?",
        "60 ათასზე შევცვალე ღვედი თქვენთან და ახლა ისევ სტვენს",
        "२० हजार किमीमा clutch फेरेको थियो",
        "the cambelt was changed at 60,000 miles by the previous owner",
        "the timing belt was done at 60,000 miles by the previous owner",
    ],
)
def test_the_distance_at_which_work_was_done_is_not_a_mileage(text: str) -> None:
    assert mileages(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "BYD Song Plus alanda zaryadka 100% olanda 520 km göstərirdi, indi 430 km göstərir",
        "BYD Han жазда бір зарядкамен 500 км жүретін, қазір 350-ге әрең жетеді",
        "ID.4 მაქვს, კატალოგში 520 კმ წერია და ზამთარში 300-ს ძლივს გადის",
        "nexon ev max ko real range kati ho? company le 437 km bhancha",
        "какой реальный запас хода у москвич 3е зимой? в описании 410 км",
        "ioniq 5-s ramdeni aqvs realurad zamtarshi? 480 km wers saitze",
    ],
)
def test_a_distance_under_1000_km_in_a_message_about_charge_or_range_is_a_range(text: str) -> None:
    assert mileages(text) == []


def test_a_named_small_reading_in_a_message_about_charging_is_still_a_reading() -> None:
    assert mileages("BYD aldim, probeg 700 km-di hele. evde rozetkadan zaryadka etmek olar?") == [700]


def test_oil_burnt_per_1000_km_is_a_consumption() -> None:
    assert mileages("თითქმის 200 000 აქვს გავლილი, ზეთს ძალიან ჭამს, ლიტრს 1000 კმ-ზე") == [200000]


@pytest.mark.parametrize(
    "text",
    [
        "zəmanət 5 il və ya 150 min km-dir?",
        "кепілдік 3 жыл немесе 100 мың км",
        "გარანტია 3 წელი ან 100 000 კმ",
        "वारेन्टी ३ वर्ष वा १ लाख कि.मि. हो?",
        "гарантия 5 лет или 150 тыс км",
        "гарантия 100 000 км или 3 года",
        "3 года/100 000 км",
        "warranty is 3 years or 100,000 km, whichever comes first",
        "warranty: 60,000 miles or 5 years",
        "24 months or 50 000 km",
    ],
)
def test_a_warranty_limit_in_years_or_km_is_not_a_mileage(text: str) -> None:
    assert mileages(text) == []


@pytest.mark.parametrize(
    ("text", "km"),
    [
        ("машине 3 года и 100 000 км пробега", 100000),  # "and": the car's age and its mileage
        ("машине 3 года, 100 000 км", 100000),
        ("maşının 5 ili var, 150 000 km", 150000),
    ],
)
def test_an_age_and_a_mileage_are_not_a_warranty_limit(text: str, km: int) -> None:
    assert mileages(text) == [km]


@pytest.mark.parametrize(
    "text",
    [
        "Gəncədən 45 km aralıda yaşayıram",
        "Шымкенттен 30 км жерде тұрамын",
        "ბათუმიდან 20 კმ-ში ვცხოვრობ",
        "पोखराबाट २५ कि.मि. टाढा बस्छु",
        "я в 30 км от Астаны, есть ли сервис ближе?",
        "I live 25 km away from the dealer",
        "the nearest service is 60 km from Shymkent",
    ],
)
def test_a_distance_to_or_from_a_place_is_not_a_mileage(text: str) -> None:
    assert mileages(text) == []


@pytest.mark.parametrize(
    ("text", "km"),
    [
        ("45,000 km from new, first service?", 45000),
        ("my sedan 45000 km", 45000),  # "sedan" is no ablative
        ("седан 45 000 км", 45000),
        ("Казахстан, 45 000 км", 45000),
        ("Bakıdan aldım, yürüş 45 000 km", 45000),
    ],
)
def test_words_that_only_look_like_a_place_do_not_hide_a_mileage(text: str, km: int) -> None:
    assert mileages(text) == [km]


@pytest.mark.parametrize(
    "text",
    [
        "dünən 400 km getdim, indi səs gəlir",
        "бүгін 200 км жүрдім",
        "დღეს 200 კმ გავიარე",
        "आज २०० कि.मि. गुडाएँ",
        "сегодня проехал 250 км и загорелся чек",
        "today I did 150 km and the light came on",
    ],
)
def test_todays_or_yesterdays_trip_is_not_a_mileage(text: str) -> None:
    assert mileages(text) == []


@pytest.mark.parametrize(
    ("text", "km"),
    [
        ("вчера проехал 300 км, пробег теперь 45 000 км", [45000]),
        ("сегодня машина прошла 100 000 км", [100000]),  # a milestone, no day's drive
        ("yesterday the odometer hit 100 000 km", [100000]),
        ("today at 45000 km the check engine came on", [45000]),  # no verb of driving
        ("пробег 300 км, машина новая, сегодня загорелся чек", [300]),
        ("проехал 300 км и загорелся чек", [300]),  # no "today": on a new car, its mileage
    ],
)
def test_a_trip_needs_a_verb_of_driving_and_a_recent_day(text: str, km: list[int]) -> None:
    assert mileages(text) == km


@pytest.mark.parametrize(
    "text",
    [
        "sürət 90 km saatda",
        "ildə 15 000 km sürürəm",
        "күніне 100 км жүремін",
        "100 კმ საათში",
        "१०० कि.मि. प्रति घण्टा",
        "दिनमा ८० कि.मि. चलाउँछु",
        "15 000 км в год",
        "в день 300 км проезжаю",
        "I drive 50 km a day",
        "about 20,000 km per year",
    ],
)
def test_speeds_and_distances_per_day_or_year_are_not_mileages(text: str) -> None:
    assert mileages(text) == []


# -- what the held-out rounds taught ---------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "100 km-ə 8 litr yanacaq gedir",  # consumption: fuel in the sentence
        "100 კმ-ზე 9 ლიტრს ხარჯავს",
        "12 литр 100 км ге жұмсайды",
        "on a full charge the range is 420 km",  # range
        "запас хода 380 км зимой",
        "tam şarjla 400 km gedir",
        "रेन्ज ३०० km मात्र आउँछ",
        "how much is the 90 000 km service?",  # a service named by its distance
        "45 min km servisi neçəyədir?",
        "кепілдік 150 000 км ме?",  # what the warranty covers
        "warranty 150 000 km right?",
        "zemanet 3 il ve ya 100 min km",
        "८० कि.मि. प्रति घण्टामा गाडी काँप्छ",  # a speed, with a case ending
    ],
)
def test_distances_that_are_not_the_odometer(text: str) -> None:
    assert mileages(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "каждые 10 000 или 15 000 км менять масло?",  # an interval and its alternative
        "әр 10 000 км сайын ба әлде 15 мыңда ма?",
        "Gəncəyə 40 km qalır, maşın dayandı",  # still to go
        "Алматыдан Қапшағайға дейін 70 км",
        "3 ათასი კმ-ის წინ ვიყავი სერვისზე",  # ago
        "2000 км назад меняли масло",
        "लिटरमा १४ किमि दिन्थ्यो",  # fuel economy
    ],
)
def test_intervals_trips_and_economy_are_not_readings(text: str) -> None:
    assert mileages(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "अचेल लिटरको १२ किमि मात्र दिन्छ",
        "батарея держит 350 км зимой",
        "сколько стоит ТО на 60 000 км?",
        "через 30 км загорелся чек",
        "до сервиса еще 25 км",
        "service due in 2 000 km",
    ],
)
def test_third_round_distances_that_are_not_readings(text: str) -> None:
    assert mileages(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "drove 250 km to Shymkent and the light came on",
        "navigator says 6 km to the dealer",
        "осталось ехать 40 км до Алматы",
        "300 km gedəcək deyirdilər, zaryadla 220 km gedir",
        "VIN KNAPM81ABM7123457, waited for 40 min",  # minutes, not thousands
        "VIN KNAPM81ABM7123457\nfor 45 min",
        "KNAPM81ABM7123457\nqiyməti 15 min",  # a price
        "range 10-15 km",
    ],
)
def test_distances_the_third_rounds_misses_taught_are_not_readings(text: str) -> None:
    assert mileages(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "garantia 3 weli an 100 000 km aris?",  # romanized Georgian warranty limit
        "kepildik 3 jyl nemese 100 000 km ba?",  # Kazakh in Latin letters
        "warranty 5 barsa wa 1 lakh km samma ho?",  # Nepali in Latin letters
        "har 5,000 km ma oil change garne ho?",
        "sadguramde 20 km maqvs darchenili",  # 20 km left to the station
        "qalaga 30 km qaldy, janarmai bitip barady",
        "taghy 45 km juru kerek, zaryad jetpeidi",
        "Butwal bata 15 km agadi gadi band bhayo",
        "стою на трассе М-5, 412 км, нужен эвакуатор",
        "до ближайшего сервиса 180 км",
        "range fell to 210 km on a full charge",
        "60k wala service kati ko parcha?",
        "VIN KNAPM81ABM7123457, give me a min",
    ],
)
def test_distances_the_fourth_rounds_misses_taught_are_not_readings(text: str) -> None:
    assert mileages(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Gəncədəyəm, Bakıdakı servisinizə 360 km yoldu.",
        "Xirdalandayam, sizden 25 km olar",
        "Таразға 90 км қалғанда машина тоқтап қалды",
        "ევაკუატორი რა ღირს? დაახლოებით 15 კმ იქნება",
        "ბათუმში ვცხოვრობ, 380 კმ-ია თბილისამდე",
        "эвакуатор нужен, трасса М4 дон 742 км, машина не заводится",
        "До вашего дилерского центра 140 км ехать, есть кто поближе?",
        "is it ok to drive 300 miles up to scotland tomorrow",
        "peugeot 3008 adblue fault 'starting impossible in 600 miles'",
        "AdBlue warning + 'engine start not possible in 1000 km'",
        "Do you have a 320i M Sport in stock? budget around 25k",
        "მეგობარმა მითხრა 100 ათასი კილომეტრის მერე ძრავზე გარანტია აღარ მოქმედებსო",
        "battery warranty 8 barsa athawa 1,60,000 km ho re",
    ],
)
def test_distances_trips_countdowns_and_limits_from_rounds_five_and_six_are_not_the_reading(text: str) -> None:
    assert mileages(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Yoxsa zəmanət 100 min km-ə qədərdi?",  # "up to", with the copula
        "Akkumulyatoru deyismisem, onda 80 min km idi",  # what it was then
        "Bakıya hələ 380 km var, evakuator lazımdır",  # to a place (dative)
        "Corolla ucun 10 min km TO-nun qiymeti nece olar?",  # a service named by its distance
        "რამდენი ღირს 10 000 კმ-იანი სერვისი?",
        "qutaisshi var da 230 km unda gamovlio",  # still to drive
        "service interval 10,000 km ki 6 mahina?",  # "or six months" in romanized Nepali
        "first free service 1000 km ma garnu parne ho?",  # when the service is due
        "it's 8 years or 200k for the blade battery",  # a warranty limit without a unit
        "road trip Almaty to Astana, about 1200 km one way",
        "how far is your centre from the airport? about 30 km right?",
    ],
)
def test_distances_the_seventh_rounds_misses_taught_are_not_readings(text: str) -> None:
    assert mileages(text) == []

"""Which day, and what time, a customer means (service_desk/understanding: parse_when, parse_time).

Today is fixed at Monday 7 December 2026 throughout.
"""

from __future__ import annotations

from datetime import date, time

import pytest

from service_desk.understanding import When, parse_time, parse_when

TODAY = date(2026, 12, 7)  # a Monday
TOMORROW = date(2026, 12, 8)
AFTER_TOMORROW = date(2026, 12, 9)
NEXT = {  # the next such weekday strictly after today
    "mon": date(2026, 12, 14),
    "tue": date(2026, 12, 8),
    "wed": date(2026, 12, 9),
    "thu": date(2026, 12, 10),
    "fri": date(2026, 12, 11),
    "sat": date(2026, 12, 12),
    "sun": date(2026, 12, 13),
}
MARCH_12 = date(2027, 3, 12)  # the next 12th of March


def day(text: str, language: str) -> date | None:
    when = parse_when(text, language, TODAY)
    return None if when is None else when.day


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("en", "today", TODAY),
        ("en", "tomorrow", TOMORROW),
        ("en", "tmrw pls", TOMORROW),
        ("en", "the day after tomorrow", AFTER_TOMORROW),
        ("en", "after tomorrow", AFTER_TOMORROW),
        ("ru", "сегодня", TODAY),
        ("ru", "Завтра", TOMORROW),
        ("ru", "послезавтра", AFTER_TOMORROW),
        ("ru", "zavtra", TOMORROW),
        ("ru", "poslezavtra", AFTER_TOMORROW),
        ("az", "bu gün", TODAY),
        ("az", "sabah", TOMORROW),
        ("az", "sabaha", TOMORROW),
        ("az", "birigün", AFTER_TOMORROW),
        ("az", "o biri gün", AFTER_TOMORROW),
        ("kk", "бүгін", TODAY),
        ("kk", "ертең", TOMORROW),
        ("kk", "ертеңге", TOMORROW),
        ("kk", "бүрсігүні", AFTER_TOMORROW),
        ("kk", "erteng", TOMORROW),  # romanized
        ("ka", "დღეს", TODAY),
        ("ka", "ხვალ", TOMORROW),
        ("ka", "ზეგ", AFTER_TOMORROW),
        ("ka", "xval", TOMORROW),  # romanized, the chat way
        ("ka", "khval", TOMORROW),  # romanized, the careful way
        ("ne", "आज", TODAY),
        ("ne", "भोलि", TOMORROW),
        ("ne", "पर्सि", AFTER_TOMORROW),
        ("ne", "aaja", TODAY),
        ("ne", "bholi", TOMORROW),
        ("ne", "parsi", AFTER_TOMORROW),
    ],
)
def test_today_tomorrow_and_the_day_after(language: str, text: str, expected: date) -> None:
    assert day(text, language) == expected


@pytest.mark.parametrize(
    ("language", "text", "weekday"),
    [
        ("en", "Monday", "mon"),
        ("en", "on wednesday", "wed"),
        ("en", "fri", "fri"),
        ("ru", "в понедельник", "mon"),
        ("ru", "во вторник", "tue"),
        ("ru", "в среду", "wed"),
        ("ru", "в четверг", "thu"),
        ("ru", "в пятницу", "fri"),
        ("ru", "в субботу", "sat"),
        ("ru", "в воскресенье", "sun"),
        ("ru", "пт", "fri"),
        ("ru", "v pyatnicu", "fri"),  # romanized
        ("ru", "vo vtornik", "tue"),
        ("az", "bazar ertəsi", "mon"),
        ("az", "çərşənbə axşamı", "tue"),  # "Wednesday evening": Tuesday
        ("az", "çərşənbə", "wed"),
        ("az", "cümə axşamı", "thu"),  # "Friday evening": Thursday
        ("az", "cümə günü", "fri"),
        ("az", "şənbəyə", "sat"),
        ("az", "bazar", "sun"),
        ("az", "cersenbe axsami", "tue"),  # typed without the Azerbaijani letters
        ("kk", "дүйсенбі", "mon"),
        ("kk", "сейсенбіге", "tue"),
        ("kk", "сәрсенбіде", "wed"),
        ("kk", "жұмаға", "fri"),
        ("kk", "жексенбі", "sun"),
        ("kk", "дуйсенби", "mon"),  # on a Russian keyboard
        ("kk", "seisenbige", "tue"),  # romanized
        ("ka", "ორშაბათს", "mon"),
        ("ka", "სამშაბათს", "tue"),
        ("ka", "ხუთშაბათი", "thu"),
        ("ka", "პარასკევს", "fri"),
        ("ka", "შაბათს", "sat"),
        ("ka", "კვირას", "sun"),
        ("ka", "orshabats", "mon"),  # romanized
        ("ne", "सोमबार", "mon"),
        ("ne", "मंगलबारमा", "tue"),
        ("ne", "शुक्रबार", "fri"),
        ("ne", "आइतबार", "sun"),
        ("ne", "sombar", "mon"),  # romanized
        ("ne", "mangalbar ma", "tue"),
        ("ne", "sukrabar", "fri"),
    ],
)
def test_a_weekday_is_the_next_such_day(language: str, text: str, weekday: str) -> None:
    assert day(text, language) == NEXT[weekday]


def test_a_weekday_is_strictly_after_today() -> None:
    """Named on a Monday, "Monday" is next week's: today is said "today"."""
    assert day("monday", "en") == date(2026, 12, 14)
    assert day("ორშაბათს", "ka") == date(2026, 12, 14)


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "this friday"),
        ("en", "next friday"),
        ("ru", "в эту пятницу"),
        ("ru", "в следующую пятницу"),
        ("az", "gələn cümə"),
        ("ka", "ამ პარასკევს"),
    ],
)
def test_this_and_next_weekday_are_both_the_coming_one(language: str, text: str) -> None:
    assert day(text, language) == NEXT["fri"]


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("en", "in 3 days", date(2026, 12, 10)),
        ("en", "3 days later", date(2026, 12, 10)),
        ("en", "in two days", AFTER_TOMORROW),
        ("en", "in a week", date(2026, 12, 14)),
        ("ru", "через 3 дня", date(2026, 12, 10)),
        ("ru", "через два дня", AFTER_TOMORROW),
        ("ru", "через неделю", date(2026, 12, 14)),
        ("ru", "через 2 недели", date(2026, 12, 21)),
        ("az", "3 gündən sonra", date(2026, 12, 10)),
        ("az", "iki gün sonra", AFTER_TOMORROW),
        ("kk", "3 күннен кейін", date(2026, 12, 10)),
        ("ka", "3 დღეში", date(2026, 12, 10)),
        ("ka", "ორ დღეში", AFTER_TOMORROW),
        ("ka", "3 დღის შემდეგ", date(2026, 12, 10)),
        ("ne", "३ दिन पछि", date(2026, 12, 10)),
        ("ne", "3 दिनमा", date(2026, 12, 10)),
        ("ne", "dui din pachi", AFTER_TOMORROW),
    ],
)
def test_a_count_of_days_from_today(language: str, text: str, expected: date) -> None:
    assert day(text, language) == expected


def test_a_count_without_in_or_after_is_how_long_not_when() -> None:
    assert day("3 дня", "ru") is None
    assert day("3 days", "en") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12.03", MARCH_12),
        ("12/03", MARCH_12),
        ("12/3", MARCH_12),
        ("12.03.2027", MARCH_12),
        ("12.03.27", MARCH_12),
        ("2027-03-12", MARCH_12),
        ("на 12.03, пожалуйста", MARCH_12),
        ("12.03-də", MARCH_12),  # Azerbaijani "on": the ending is not part of the date
        ("10.12", date(2026, 12, 10)),  # later this month: this year
        ("07.12", TODAY),  # a day-month on or after today
        ("06.12", date(2027, 12, 6)),  # yesterday's day-month: next year
        ("29.02", date(2028, 2, 29)),  # the next 29th of February
    ],
)
def test_numeric_dates_are_day_first(text: str, expected: date) -> None:
    assert day(text, "ru") == expected


def test_a_date_in_the_past_is_returned_as_written() -> None:
    """The caller decides what to tell the customer about it."""
    assert day("12.01.2020", "ru") == date(2020, 1, 12)


@pytest.mark.parametrize("text", ["31.02", "31.04.2027", "31 февраля", "30 fevral", "2027-02-30"])
def test_a_date_that_does_not_exist_is_no_day(text: str) -> None:
    assert parse_when(text, "ru", TODAY) is None


def test_a_decimal_with_one_digit_is_not_a_date() -> None:
    """ "1.5" is an engine more often than the 1st of May."""
    assert day("двигатель 1.5", "ru") is None


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "12 March"),
        ("en", "March 12"),
        ("en", "12th of March"),
        ("en", "Mar 12"),
        ("ru", "12 марта"),
        ("ru", "12-го марта"),
        ("ru", "12 мар"),
        ("az", "12 mart"),
        ("az", "12 martda"),
        ("az", "martın 12-si"),
        ("kk", "12 наурыз"),
        ("kk", "12-наурызда"),
        ("kk", "наурыздың 12-сі"),
        ("kk", "12 марта"),  # Kazakh customers often name the month in Russian
        ("kk", "12 nauryz"),
        ("ka", "12 მარტი"),
        ("ka", "12 მარტს"),
        ("ka", "12 marts"),
        ("ne", "१२ मार्च"),
        ("ne", "१२ मार्चमा"),
        ("ne", "12 march"),  # romanized Nepali names the month in English
    ],
)
def test_a_day_and_a_month_name(language: str, text: str) -> None:
    assert day(text, language) == MARCH_12


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("ru", "12 марта 2028 года", date(2028, 3, 12)),
        ("en", "March 12, 2028", date(2028, 3, 12)),
        ("ru", "25 декабря", date(2026, 12, 25)),
        ("ne", "२५ डिसेम्बर", date(2026, 12, 25)),
        ("ka", "1 იანვარს", date(2027, 1, 1)),
        ("az", "1 yanvar", date(2027, 1, 1)),
        ("kk", "1 қаңтар", date(2027, 1, 1)),
    ],
)
def test_a_day_and_a_month_with_a_year_or_not(language: str, text: str, expected: date) -> None:
    assert day(text, language) == expected


def test_nepal_books_in_the_gregorian_calendar() -> None:
    """ "१२ मार्च" is the 12th of March, not a Bikram Sambat date."""
    assert day("१२ मार्च २०२७", "ne") == MARCH_12


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("en", "Tuesday 12 March", MARCH_12),  # a date is more specific than a weekday
        ("ru", "в пятницу, 11 декабря", date(2026, 12, 11)),
        ("ru", "завтра или в пятницу", TOMORROW),  # "tomorrow" is more specific than a weekday
        ("en", "tomorrow, no, in 3 days", date(2026, 12, 10)),
        ("ru", "12.03 или 13.03", MARCH_12),  # of one kind, the first mentioned
    ],
)
def test_of_several_days_the_most_specific_then_the_first(language: str, text: str, expected: date) -> None:
    assert day(text, language) == expected


@pytest.mark.parametrize("language", ["ru", "en", "az", "kk", "ka", "ne"])
def test_another_languages_words_are_read_too(language: str) -> None:
    assert day("завтра", language) == TOMORROW
    assert day("tomorrow", language) == TOMORROW


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "hello"),
        ("en", ""),
        ("ru", "машина не заводится"),
        ("ru", "в среднем раз в год"),  # "сред-" is not Wednesday
        ("en", "at 10am"),  # a time is not a day
        ("ru", "в 10.12"),
        ("az", "Bakıda"),
        ("ne", "आजकल गाडी चल्दैन"),  # "nowadays" is not today
    ],
)
def test_an_answer_naming_no_day_is_none(language: str, text: str) -> None:
    assert parse_when(text, language, TODAY) is None


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("en", "tuesday 10am", When(NEXT["tue"], time(10, 0))),
        ("en", "tomorrow at 3 pm", When(TOMORROW, time(15, 0))),
        ("ru", "завтра в 10", When(TOMORROW, time(10, 0))),
        ("ru", "12.03 в 10.30", When(MARCH_12, time(10, 30))),
        ("ru", "завтра в 10.12", When(TOMORROW, time(10, 12))),  # "в" says it is a time
        ("ru", "завтра в 7 вечера", When(TOMORROW, time(19, 0))),
        ("az", "sabah saat 10-da", When(TOMORROW, time(10, 0))),
        ("az", "çərşənbə axşamı saat 10-da", When(NEXT["tue"], time(10, 0))),  # Tuesday, not the evening
        ("az", "12 mart 10-da", When(MARCH_12, time(10, 0))),
        ("az", "dekabrın 10-da", When(date(2026, 12, 10), None)),  # the 10th, not ten o'clock
        ("kk", "ертең сағат 15:00-де", When(TOMORROW, time(15, 0))),
        ("ka", "ხვალ 10 საათზე", When(TOMORROW, time(10, 0))),
        ("ka", "ხვალ საღამოს 6 საათზე", When(TOMORROW, time(18, 0))),
        ("ne", "भोलि १० बजे", When(TOMORROW, time(10, 0))),
        ("ne", "bholi beluka 5 baje", When(TOMORROW, time(17, 0))),
        ("en", "tomorrow", When(TOMORROW, None)),
    ],
)
def test_the_time_of_day_comes_with_the_day(language: str, text: str, expected: When) -> None:
    assert parse_when(text, language, TODAY) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("10:00", time(10, 0)),
        ("10.30", time(10, 30)),
        ("10am", time(10, 0)),
        ("3 pm", time(15, 0)),
        ("3 p.m.", time(15, 0)),
        ("at 5pm", time(17, 0)),
        ("12am", time(0, 0)),
        ("12 pm", time(12, 0)),
        ("15h", time(15, 0)),
        ("15h30", time(15, 30)),
        ("в 10", time(10, 0)),
        ("к 9:30", time(9, 30)),
        ("в 3 часа дня", time(15, 0)),
        ("10 утра", time(10, 0)),
        ("в 2 ночи", time(2, 0)),
        ("15 ч", time(15, 0)),
        ("saat 10-da", time(10, 0)),
        ("saat 10:30-da", time(10, 30)),
        ("axşam 6-da", time(18, 0)),
        ("сағат 10-да", time(10, 0)),
        ("кешкі 6-да", time(18, 0)),
        ("10 საათზე", time(10, 0)),
        ("10-ზე", time(10, 0)),
        ("10 बजे", time(10, 0)),
        ("१० बजे", time(10, 0)),
        ("बेलुका ५ बजे", time(17, 0)),
        ("10 baje", time(10, 0)),
        ("10:00-11:00", time(10, 0)),  # the first of several
    ],
)
def test_a_time_of_day(text: str, expected: time) -> None:
    assert parse_time(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "10",  # maybe the day
        "10.12",  # the 10th of December
        "12.03.2027",
        "через 3 часа",  # in three hours: how long, not when
        "25:00",
        "13 pm",
        "в 10 км от города",
        "машина не заводится",
    ],
)
def test_not_a_time_of_day(text: str) -> None:
    assert parse_time(text) is None

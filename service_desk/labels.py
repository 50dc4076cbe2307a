"""Dates, distances and lists as each language writes them, for the values the bot puts in its answers.

The sentences around them are templates of bot/responses/<lang>.yml; only the values
are formatted here, because a template cannot decline a month or group digits.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from datetime import date, datetime

_MONTHS = {
    "en": "January February March April May June July August September October November December",
    "ru": "января февраля марта апреля мая июня июля августа сентября октября ноября декабря",
    "az": "yanvar fevral mart aprel may iyun iyul avqust sentyabr oktyabr noyabr dekabr",
    "kk": "қаңтар ақпан наурыз сәуір мамыр маусым шілде тамыз қыркүйек қазан қараша желтоқсан",
    "ka": "იანვარი თებერვალი მარტი აპრილი მაისი ივნისი ივლისი აგვისტო სექტემბერი ოქტომბერი ნოემბერი დეკემბერი",
    "ne": "जनवरी फेब्रुअरी मार्च अप्रिल मे जुन जुलाई अगस्ट सेप्टेम्बर अक्टोबर नोभेम्बर डिसेम्बर",
}
MONTHS = {language: names.split() for language, names in _MONTHS.items()}
_WEEKDAYS = {
    "en": "Monday Tuesday Wednesday Thursday Friday Saturday Sunday",
    "ru": "понедельник вторник среда четверг пятница суббота воскресенье",
    "az": "bazar_ertəsi çərşənbə_axşamı çərşənbə cümə_axşamı cümə şənbə bazar",
    "kk": "дүйсенбі сейсенбі сәрсенбі бейсенбі жұма сенбі жексенбі",
    "ka": "ორშაბათი სამშაბათი ოთხშაბათი ხუთშაბათი პარასკევი შაბათი კვირა",
    "ne": "सोमबार मंगलबार बुधबार बिहीबार शुक्रबार शनिबार आइतबार",
}
WEEKDAYS = {language: [name.replace("_", " ") for name in names.split()] for language, names in _WEEKDAYS.items()}
_NEPALI_DIGITS = str.maketrans("0123456789", "०१२३४५६७८९")


def _language(language: str) -> str:
    return language if language in MONTHS else "en"


def format_date(day: date, language: str) -> str:
    """15 March 2029 / 15 марта 2029 / 2029 ж. 15 наурыз / 15 მარტი 2029 …"""
    language = _language(language)
    month = MONTHS[language][day.month - 1]
    if language == "kk":
        return f"{day.year} ж. {day.day} {month}"
    if language == "az":
        return f"{day.day} {month} {day.year}"
    return f"{day.day} {month} {day.year}"


def format_day(day: date, language: str) -> str:
    """The weekday and date of an appointment: "Tuesday, 15 December 2026"."""
    return f"{WEEKDAYS[_language(language)][day.weekday()]}, {format_date(day, language)}"


def format_time(at: datetime) -> str:
    return at.strftime("%H:%M")


def format_km(km: int, language: str) -> str:
    """150,000 in English; 150 000 in the others (a narrow no-break space keeps it on one line)."""
    grouped = f"{km:,}"
    return grouped if _language(language) == "en" else grouped.replace(",", "\u202f")


def join(names: Iterable[str]) -> str:
    return ", ".join(names)


def item_name(names: dict[str, dict[str, str]], code: str, language: str) -> str:
    """An item's name in `language`, else in English, else its code (a catalogue being edited)."""
    translations = names.get(code) or {}
    return translations.get(language) or translations.get("en") or code.replace("_", " ")


_DAY_KEYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def format_hours(hours: dict[str, str], language: str) -> str:
    """Opening hours with runs of equal days joined: "Monday–Friday 09:00–18:00, Saturday 10:00–15:00"."""
    names = WEEKDAYS[_language(language)]
    runs: list[tuple[int, int, str]] = []
    for index, key in enumerate(_DAY_KEYS):
        span = hours.get(key)
        if not span:
            continue
        span = span.replace("-", "–")
        if runs and runs[-1][1] == index - 1 and runs[-1][2] == span:
            runs[-1] = (runs[-1][0], index, span)
        else:
            runs.append((index, index, span))
    return ", ".join(
        f"{names[first]} {span}" if first == last else f"{names[first]}–{names[last]} {span}"
        for first, last, span in runs
    )


_SCRIPT_OF = {"az": "LATIN", "en": "LATIN", "kk": "CYRILLIC", "ru": "CYRILLIC", "ka": "GEORGIAN", "ne": "DEVANAGARI"}


def _script(name: str) -> str | None:
    for ch in name:
        if ch.isalpha():
            return unicodedata.name(ch, "").split(" ")[0]
    return None


def place_name(names: list[str], language: str) -> str:
    """A city's name as the language writes it: the first spelling in its script, else the display name.

    "Баку" for a Russian speaker, "ბაქო" for a Georgian one; the catalogue lists the
    display name first, then every spelling customers use.
    """
    wanted = _SCRIPT_OF.get(language, "LATIN")
    return next((name for name in names if _script(name) == wanted), names[0] if names else "")

"""The day a customer means when the bot asks "which day?".

What is read, most specific first (when an answer names several days, the most specific
kind wins, and of one kind the first mentioned):

1. a date: "12.03", "12/3", "12.03.2027", "12.03.27", "2027-03-12" (day first), or a day
   and a month name in either order ("12 марта", "12-го марта", "12th of March",
   "March 12", "12 mart", "martın 12-si", "12 наурыз", "12 მარტს", "१२ मार्च"), with a
   year after it or not. Without a year it is the next such day on or after today. A
   date in the past with its year is returned as it is: the caller says what to do about
   it. A day that does not exist (31.02) is no day at all;
2. a count of days or weeks from today: "in 3 days", "через 3 дня", "через неделю",
   "3 gündən sonra", "3 күннен кейін", "3 დღეში", "3 დღის შემდეგ", "३ दिन पछि", with the
   count in digits or as a word up to ten ("через два дня", "in a week");
3. today, tomorrow, the day after tomorrow ("sabah", "ертең", "ხვალ", "भोलि", "bholi",
   "послезавтра");
4. a weekday: the next such day strictly after today. "this friday" and "next friday"
   alike are the coming Friday: customers use both for it, and a customer who means the
   week after names the date.

Nepal books in the Gregorian calendar in this product: Nepali month names are the English
ones written in Devanagari, and Bikram Sambat dates are not read.

Not read: negations ("не завтра"), ranges ("10-12 марта" gives the 12th of March: a
lone "10" is not a day), a day of the month alone ("the 15th"), "next week".
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, time, timedelta

from service_desk.understanding.text import Token, fold, tokens
from service_desk.understanding.times import parse_time, time_spans
from service_desk.understanding.words import Vocabulary, vocabulary

_START = r"(?<![\d.:/-])"
_END = r"(?!\d|[./:-]\d)"
_NUMERIC_DATES = (
    re.compile(rf"{_START}(?P<y>\d{{4}})[-./](?P<m>\d{{1,2}})[-./](?P<d>\d{{1,2}}){_END}"),  # 2027-03-12
    re.compile(rf"{_START}(?P<d>\d{{1,2}})(?P<sep>[./-])(?P<m>\d{{1,2}})(?P=sep)(?P<y>\d{{4}}|\d{{2}}){_END}"),
    # "12.03", "12/3"; not "1.5" (an engine size more often than the 1st of May)
    re.compile(rf"{_START}(?P<d>\d{{1,2}})(?:\.(?P<m>\d{{2}})|/(?P<m2>\d{{1,2}})){_END}"),
)
_CENTURY = 2000
_SHORT_YEAR = 2  # digits of "27" in "12.03.27"
_YEARS = range(1900, 2200)  # a four-digit number after a date is its year only within these
_YEARS_TO_SEARCH = 9  # the next 29th of February is at most eight years away
_MAX_DAY = 31
_MAX_COUNT_DAYS = 366  # "через 500 дней" is no booking
# The kinds of mention, most specific first.
_DATE, _COUNT, _RELATIVE, _WEEKDAY = range(4)


@dataclass(frozen=True, slots=True)
class When:
    """The day a customer means, and the time of day when they gave one too ("tuesday 10am")."""

    day: date
    time: time | None


@dataclass(frozen=True, slots=True)
class _Mention:
    kind: int
    start: int  # offset in the text: of one kind, the first mentioned wins
    day: date | None  # None: a date that does not exist ("31.02"), read so that nothing else is


def parse_when(text: str, language: str, today: date) -> When | None:
    """The day (and time) the customer means, or None when the text names no day.

    `language` is the conversation's: its words are tried first, then every other
    language's. `today` is the customer's date, in the market's time zone.
    """
    folded = fold(text)
    for span in time_spans(folded):  # "в 10.30" is not the 10th of some month
        folded = _blank(folded, span.start, span.end)
    numeric, folded = _numeric_dates(folded, today)
    mentions = numeric + _worded(tokens(folded), vocabulary(language), today)
    days = [(mention.kind, mention.start, mention.day) for mention in mentions if mention.day is not None]
    if not days:
        return None
    return When(min(days)[2], parse_time(text))


def _blank(text: str, start: int, end: int) -> str:
    return text[:start] + " " * (end - start) + text[end:]


def _numeric_dates(folded: str, today: date) -> tuple[list[_Mention], str]:
    """The dates written in digits, and the text without them (their numbers are read)."""
    mentions: list[_Mention] = []
    for pattern in _NUMERIC_DATES:  # longest forms first: "12.03" is not read again in "12.03.2027"
        for match in pattern.finditer(folded):
            year = match.groupdict().get("y")
            month = int(match.groupdict().get("m") or match["m2"])
            day = _date(int(match["d"]), month, _full_year(year) if year else None, today)
            mentions.append(_Mention(_DATE, match.start(), day))
            folded = _blank(folded, match.start(), match.end())
    return mentions, folded


def _full_year(year: str) -> int:
    return int(year) + (_CENTURY if len(year) == _SHORT_YEAR else 0)


def _date(day: int, month: int, year: int | None, today: date) -> date | None:
    """The date, or without a year its next occurrence on or after `today`; None if there is none."""
    for candidate_year in [year] if year is not None else range(today.year, today.year + _YEARS_TO_SEARCH):
        try:
            found = date(candidate_year, month, day)
        except ValueError:
            continue
        if year is not None or found >= today:
            return found
    return None


def _worded(found: Sequence[Token], words: Vocabulary, today: date) -> list[_Mention]:
    """Every day the words name, left to right; a phrase once read is not read again."""
    mentions: list[_Mention] = []
    at = 0
    while at < len(found):
        for reader in (_day_and_month, _count_from_today, _relative, _weekday):
            read = reader(found, at, words, today)
            if read is not None:
                kind, length, day = read
                mentions.append(_Mention(kind, found[at].start, day))
                at += length
                break
        else:
            at += 1
    return mentions


_Read = tuple[int, int, date | None]  # kind, tokens read, the day


def _day_and_month(found: Sequence[Token], at: int, words: Vocabulary, today: date) -> _Read | None:
    """ "12 марта", "12-го марта", "12th of March" or "March 12", "martın 12-si", with a year or not."""
    day = _day_number(found, at)
    if day is not None:
        after_day = _skip_ordinals(found, at + 1, words)
        month = Vocabulary.first(words.months, found, after_day)
        if month is None:
            return None
        end = after_day + len(month.words)
    else:
        month = Vocabulary.first(words.months, found, at)
        if month is None:
            return None
        day_at = _skip_ordinals(found, at + len(month.words), words)
        day = _day_number(found, day_at)
        if day is None:
            return None
        end = _skip_ordinals(found, day_at + 1, words)
    year = int(found[end].text) if end < len(found) and found[end].is_number else None
    if year is not None and year in _YEARS:
        end += 1
    else:
        year = None
    return _DATE, end - at, _date(day, month.value, year, today)


def _day_number(found: Sequence[Token], at: int) -> int | None:
    if at < len(found) and found[at].is_number:
        day = int(found[at].text)
        return day if 1 <= day <= _MAX_DAY else None
    return None


def _skip_ordinals(found: Sequence[Token], at: int, words: Vocabulary) -> int:
    while (ordinal := Vocabulary.first(words.ordinals, found, at)) is not None:
        at += len(ordinal.words)
    return at


def _count_from_today(found: Sequence[Token], at: int, words: Vocabulary, today: date) -> _Read | None:
    """ "in 3 days", "через неделю", "3 gündən sonra", "3 დღეში", "३ दिन पछि"."""
    end = at
    before = Vocabulary.first(words.before_count, found, end)
    end += len(before.words) if before else 0
    count: int | None = None
    if end < len(found) and found[end].is_number:
        count = int(found[end].text)
        end += 1
    elif (number := Vocabulary.first(words.numbers, found, end)) is not None:
        count = number.value
        end += len(number.words)
    marked = Vocabulary.first(words.marked_units, found, end)
    unit = marked or Vocabulary.first(words.units, found, end)
    if unit is None:
        return None
    end += len(unit.words)
    after = Vocabulary.first(words.after_unit, found, end)
    end += len(after.words) if after else 0
    if count is None and before is not None and unit.value > 1:
        count = 1  # "через неделю": in a week
    if count is None or not (before or after or marked):
        return None  # "3 дня" alone may be how long, not when
    days = count * unit.value
    return _COUNT, end - at, today + timedelta(days=days) if days <= _MAX_COUNT_DAYS else None


def _relative(found: Sequence[Token], at: int, words: Vocabulary, today: date) -> _Read | None:
    phrase = Vocabulary.first(words.relative, found, at)
    if phrase is None:
        return None
    return _RELATIVE, len(phrase.words), today + timedelta(days=phrase.value)


def _weekday(found: Sequence[Token], at: int, words: Vocabulary, today: date) -> _Read | None:
    phrase = Vocabulary.first(words.weekdays, found, at)
    if phrase is None:
        return None
    ahead = (phrase.value - today.weekday() - 1) % 7 + 1  # 1..7: strictly after today
    return _WEEKDAY, len(phrase.words), today + timedelta(days=ahead)

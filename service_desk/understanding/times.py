"""The time of day in an answer: "10:00", "10.30", "10am", "3 pm", "15h", "в 10",
"saat 10-da", "сағат 10-да", "10 საათზე", "10 बजे".

A bare number is never a time ("10" may be the day), and neither is a dotted pair that
could be a day and a month ("10.12" is the 10th of December; "10.30" is half past ten):
a number is a time when it has minutes after a colon, "am"/"pm", an hour word after it
("ч", "часов", "h", "o'clock", "საათზე", "-ზე", "बजे"), a word before it that says "at"
("в", "к", "at", "by", "around", "saat", "сағат"), "утра", "вечера" or "ночи" after it, or
an Azerbaijani or Kazakh locative ending ("10-da", "10-да": at ten; not after a month
named without its day, "dekabrın 10-da" being the 10th of December).

A word for the afternoon or the evening within two words of it ("вечера", "axşam",
"кешкі", "საღამოს", "बेलुका", "evening") moves 1–11 to the afternoon; one for the night
("ночи", "gecə", "राति") moves only 6–11, since "2 at night" is 02:00.

Not read: times in words ("в десять"), "half past ten", "साढे १०", "в пол одиннадцатого".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import time

from service_desk.understanding.text import Token, fold, plain, romanized, tokens
from service_desk.understanding.words import Vocabulary, vocabulary

_LETTER = r"[^\W\d_]"
_START = r"(?<![\d.:/])"  # not the middle of a number or a date
_END = r"(?!\d|[.:/]\d)"
_HOUR = r"(?P<h>\d{1,2})"
_MINUTES = r"(?:[:.](?P<m>\d{2}))?"
# Azerbaijani and Kazakh "at": "10-da", "10-də", "10:30-a", "10-да", "10-ға", "5-те".
_LOCATIVE = "da|də|de|ya|yə|ye|a|ə|e|да|де|та|те|ға|ге|қа|ке|а|е"
_GLUED_LOCATIVE = "da|də|de|ya|yə|ye|да|де|та|те|ға|ге|қа|ке"  # a one-letter ending needs its hyphen
_HOUR_WORD = (
    rf"h(?P<hm>\d{{2}})?(?!{_LETTER})|ч(?!{_LETTER})|час(?:а|ов)?(?!{_LETTER})|o'?clock"
    rf"|საათზე|ზე|saatze|(?<=-)ze(?!{_LETTER})|बजे|baje|bajey|bje"  # Georgian "10-ზე", romanized "10-ze"
)
_MERIDIEM = rf"(?:(?P<am>a\.?m)|(?P<pm>p\.?m))\.?(?!{_LETTER})"
_MARKER = "в|во|к|около|at|by|around|about|saat|сағат|сағ"
_PATTERNS = {
    "clock": re.compile(rf"{_START}(?P<h>\d{{1,2}}):(?P<m>\d{{2}}){_END}"),
    "dotted": re.compile(rf"{_START}(?P<h>\d{{1,2}})\.(?P<m>\d{{2}}){_END}"),
    "meridiem": re.compile(rf"{_START}{_HOUR}{_MINUTES}\s*{_MERIDIEM}"),
    "hour word": re.compile(rf"{_START}{_HOUR}{_MINUTES}\s*-?\s*(?:{_HOUR_WORD})"),
    "marked": re.compile(
        rf"(?<!{_LETTER})(?:{_MARKER})\.?\s*{_HOUR}{_MINUTES}{_END}"
        rf"(?:\s*-\s*(?:{_LOCATIVE})(?!{_LETTER})|\s*{_MERIDIEM})?"  # "saat 10-da", "at 5pm"
    ),
    "bare": re.compile(rf"{_START}{_HOUR}{_MINUTES}{_END}"),  # only with "утра", "вечера", "ночи" after it
    "locative": re.compile(
        rf"{_START}{_HOUR}(?::(?P<m>\d{{2}}))?(?:\s*-\s*(?:{_LOCATIVE})|(?:{_GLUED_LOCATIVE}))(?!{_LETTER})"
    ),
}
_LAST_MONTH = 12
_NOON = 12
_LAST_HOUR = 23
_LAST_MINUTE = 59


def _plain_forms(*written: str) -> frozenset[str]:
    forms: set[str] = set()
    for word in written:
        folded = fold(word)
        forms.update(plain(form) for form in (folded, *romanized(folded)))
    return frozenset(forms)


_AFTERNOON = _plain_forms(
    *("afternoon", "evening", "tonight"),
    *("дня", "днём", "вечера", "вечером", "вечер"),
    *("axşam", "axşamüstü", "günorta", "günortadan"),  # not "axşamı": "çərşənbə axşamı" is Tuesday
    *("кешкі", "кеште", "кешке", "түстен"),
    *("საღამოს", "შუადღის", "შუადღეს"),
    *("बेलुका", "बेलुकी", "साँझ", "दिउँसो", "beluka", "beluki", "sanjh", "saanjh", "diuso", "diunso"),
)
_PERIOD_AFTER_NUMBER = _plain_forms("утра", "вечера", "ночи")  # not "дня": "3 дня" is also three days
_NIGHT = _plain_forms("night", "ночи", "ночью", "gecə", "түнгі", "түнде", "ღამის", "राति", "rati", "raati")
_EVENING_FROM = 6  # "at 2 at night" stays 02:00; "at 11 at night" is 23:00
_DURATION_BEFORE = _plain_forms("через", "за", "спустя", "in", "after", "within")  # "через 3 часа": not a time
_DAY_OF_MONTH_BEFORE = _plain_forms("ayın", "айдың", "числа")  # "ayın 10-da": the 10th
_NOT_AFTER_TIME = _plain_forms("числа", "km", "км", "il", "жыл", "года", "год")  # "в 10 км"


@dataclass(frozen=True, slots=True)
class TimeSpan:
    """A time of day found in a folded answer, and where."""

    start: int
    end: int
    time: time


def parse_time(text: str) -> time | None:
    """A time of day: "10:00", "10.30", "10am", "3 pm", "15h", "в 10", "saat 10-da", "10 बजे",
    "10 საათზე" (the first one, if the answer names several)."""
    spans = time_spans(fold(text))
    return spans[0].time if spans else None


def time_spans(folded: str) -> list[TimeSpan]:
    """Every time of day in `folded` (see `text.fold`), in order; where two readings overlap, the longer one."""
    words = vocabulary("en")
    found: list[TimeSpan] = []
    for kind, pattern in _PATTERNS.items():
        for match in pattern.finditer(folded):
            found.extend(_reading(kind, match, folded, words))
    found.sort(key=lambda span: (span.start, span.start - span.end))
    kept: list[TimeSpan] = []
    for span in found:
        if not kept or span.start >= kept[-1].end:
            kept.append(span)
    return kept


def _reading(kind: str, match: re.Match[str], folded: str, words: Vocabulary) -> list[TimeSpan]:
    """The time `match` stands for, as a one-element list, or none when it is not a time after all."""
    hour = int(match["h"])
    minutes = match.groupdict().get("m") or match.groupdict().get("hm")
    minute = int(minutes) if minutes else 0
    before, after = _tokens_around(folded, match.start(), match.end())
    previous, following = before[-1:], after[:1]
    if kind == "dotted" and minute <= _LAST_MONTH:
        return []  # "10.12": a day and a month, unless something else says it is a time
    if kind == "bare" and not (following and following[0].text in _PERIOD_AFTER_NUMBER):
        return []  # "10": maybe the day; "10 утра" is a time
    if kind == "hour word" and previous and previous[0].text in _DURATION_BEFORE:
        return []  # "через 3 часа": in three hours
    if kind == "locative" and previous and _names_month_or_day(previous[0], words) and not before[0].is_number:
        return []  # "dekabrın 10-da", "ayın 10-da": a day of the month; but "12 dekabr 10-da" is at ten
    if kind in ("marked", "locative") and following and _names_month_or_day(following[0], words):
        return []  # "в 10 км", "at 10 march"
    if match.groupdict().get("am") or match.groupdict().get("pm"):
        if not 1 <= hour <= _NOON:
            return []
        hour = hour % _NOON + (_NOON if match["pm"] else 0)
    else:
        nearby = {token.text for token in (*before[-2:], *after[:2])}
        if (nearby & _AFTERNOON and 1 <= hour < _NOON) or (nearby & _NIGHT and _EVENING_FROM <= hour < _NOON):
            hour += _NOON
    if hour > _LAST_HOUR or minute > _LAST_MINUTE:
        return []
    return [TimeSpan(match.start(), match.end(), time(hour, minute))]


def _tokens_around(folded: str, start: int, end: int) -> tuple[list[Token], list[Token]]:
    """The two tokens just before `start` and the two just after `end`."""
    return tokens(folded[:start])[-2:], tokens(folded[end:])[:2]


def _names_month_or_day(token: Token, words: Vocabulary) -> bool:
    if token.text in _DAY_OF_MONTH_BEFORE or token.text in _NOT_AFTER_TIME:
        return True
    return Vocabulary.first(words.months, [token], 0) is not None

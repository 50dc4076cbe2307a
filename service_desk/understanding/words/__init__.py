"""The words for days in each language, ready to match against an answer's tokens.

Each language's module (`az`, `en`, `ka`, `kk`, `ne`, `ru`) lists the words as people
write them, in their own script; this module folds them the way `text.tokens` folds an
answer and adds the romanized forms, so the tables stay readable and short.

A `Vocabulary` holds every language's words, the answer's own language first: customers
mix languages ("12 марта" in Kazakh, "tomorrow" in Russian), so all are read, and where
a word means different things in two languages the conversation's language decides.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from types import ModuleType

from service_desk.understanding.text import Token, fold, plain, romanized
from service_desk.understanding.words import az, en, ka, kk, ne, ru

LANGUAGES: dict[str, ModuleType] = {"az": az, "en": en, "ka": ka, "kk": kk, "ne": ne, "ru": ru}
DAYS_PER_WEEK = 7
_STEM = "*"
# How many letters a stem may be followed by: "ორშაბათ" + "ისთვის" (for Monday) is six.
_MAX_ENDING = 6


@dataclass(frozen=True, slots=True)
class Phrase:
    """One way of writing something, word by word (`plain`; a trailing "*" marks a stem), and what it means."""

    words: tuple[str, ...]
    value: int

    def matches(self, tokens: Sequence[Token], at: int) -> bool:
        """Whether the tokens from `at` on spell this phrase."""
        if at + len(self.words) > len(tokens):
            return False
        return all(_word_matches(word, token.text) for word, token in zip(self.words, tokens[at:], strict=False))


def _word_matches(word: str, token: str) -> bool:
    if not word.endswith(_STEM):
        return token == word
    stem = word[:-1]
    return token.startswith(stem) and len(token) - len(stem) <= _MAX_ENDING


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """Every language's words for days, each kind longest phrase first."""

    relative: tuple[Phrase, ...]  # today, tomorrow, the day after: value = days from today
    weekdays: tuple[Phrase, ...]  # value = 0 for Monday .. 6 for Sunday
    months: tuple[Phrase, ...]  # value = 1 .. 12
    numbers: tuple[Phrase, ...]  # "three", "три", "üç": the count in "in three days"
    units: tuple[Phrase, ...]  # "days", "недели": value = days per unit; needs a count and a marker
    marked_units: tuple[Phrase, ...]  # "დღეში", "दिनमा": a unit whose ending says "in"
    before_count: tuple[Phrase, ...]  # "in", "через" (value unused)
    after_unit: tuple[Phrase, ...]  # "later", "sonra", "кейін", "შემდეგ", "पछि" (value unused)
    ordinals: tuple[Phrase, ...]  # "th", "го", "ci": between a day and its month (value unused)

    @staticmethod
    def first(phrases: Iterable[Phrase], tokens: Sequence[Token], at: int) -> Phrase | None:
        """The first of `phrases` that the tokens from `at` on spell."""
        return next((phrase for phrase in phrases if phrase.matches(tokens, at)), None)


def vocabulary(language: str) -> Vocabulary:
    """The words of every language, `language`'s first (an unknown one just reads them all)."""
    order = (language, *(other for other in LANGUAGES if other != language))
    return _vocabulary(tuple(code for code in order if code in LANGUAGES))


@cache
def _vocabulary(order: tuple[str, ...]) -> Vocabulary:
    def kind(entries: str) -> tuple[Phrase, ...]:
        phrases: list[Phrase] = []
        for code in order:
            table = _phrases(code, entries)
            phrases.extend(sorted(table, key=lambda phrase: (-len(phrase.words), -len("".join(phrase.words)))))
        return tuple(dict.fromkeys(phrases))

    return Vocabulary(
        relative=kind("relative"),
        weekdays=kind("weekdays"),
        months=kind("months"),
        numbers=kind("numbers"),
        units=kind("units"),
        marked_units=kind("marked_units"),
        before_count=kind("before_count"),
        after_unit=kind("after_unit"),
        ordinals=kind("ordinals"),
    )


@cache
def _phrases(code: str, kind: str) -> tuple[Phrase, ...]:
    """One language's phrases of one kind, folded and romanized."""
    table = LANGUAGES[code]
    entries: list[tuple[str, int]]
    if kind == "relative":
        entries = [(word, offset) for offset, words in enumerate(_relative(table)) for word in words]
    elif kind == "weekdays":
        entries = _numbered(table.WEEKDAYS, start=0)
        abbreviations = _numbered(table.WEEKDAY_ABBREVIATIONS, start=0)
        return _compiled(entries, romanize=True) + _compiled(abbreviations, romanize=False)
    elif kind == "months":
        entries = _numbered(table.MONTHS, start=1)
    elif kind == "numbers":
        entries = list(table.NUMBERS.items())
    elif kind == "units":
        entries = [(word, 1) for word in table.DAY_UNITS] + [(word, DAYS_PER_WEEK) for word in table.WEEK_UNITS]
    elif kind == "marked_units":
        entries = list(table.IN_UNITS.items())
    else:
        entries = [(word, 0) for word in getattr(table, kind.upper())]
    return _compiled(entries, romanize=True)


def _relative(table: ModuleType) -> tuple[tuple[str, ...], ...]:
    return (table.TODAY, table.TOMORROW, table.AFTER_TOMORROW)


def _numbered(groups: Sequence[Sequence[str]], start: int) -> list[tuple[str, int]]:
    return [(word, value) for value, words in enumerate(groups, start=start) for word in words]


def _compiled(entries: Iterable[tuple[str, int]], romanize: bool) -> tuple[Phrase, ...]:
    phrases: dict[Phrase, None] = {}
    for entry, value in entries:
        written = fold(entry)
        for form in (written, *(romanized(written) if romanize else ())):
            phrases[Phrase(tuple(plain(word) for word in form.split()), value)] = None
    return tuple(phrases)

"""Numbers written in words (bot/entities/number_words.py): the values of the runs it finds."""

from __future__ import annotations

import pytest

from bot.entities.number_words import WORD_NUMBER, word_number_value
from bot.entities.number_words_by_language import _WORDS
from nlu.language import romanize


def runs(text: str) -> list[float | None]:
    return [word_number_value(match.group()) for match in WORD_NUMBER.finditer(text)]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("yüz əlli", 150),
        ("yuz elli", 150),  # typed without the Azerbaijani letters
        ("iki yüz on", 210),
        ("жүз елу", 150),
        ("жуз елу", 150),  # on a Russian keyboard
        ("сто двадцать пять", 125),
        ("двести", 200),
        ("полторы", 1.5),
        ("ას ორმოცდაათი", 150),  # Georgian counts by twenties: 2×20 + 10
        ("ოცდათხუთმეტი", 35),
        ("ორასი", 200),
        ("ოთხმოცდაცხრა", 89),
        ("डेढ", 1.5),
        ("पैँतालीस", 45),
        ("पैंतालिस", 45),  # the same word spelt with other marks
        ("दुई सय", 200),
        ("a hundred and twenty", 120),
        ("forty-five", 45),
        ("dui", 2),
    ],
)
def test_a_run_of_number_words_has_its_value(text: str, value: float) -> None:
    assert runs(text) == [value]


@pytest.mark.parametrize("text", ["სამსახური", "ორშაბათი", "गाडी", "someone", "дваждый", "onlar"])
def test_words_that_begin_like_a_number_are_not_numbers(text: str) -> None:
    assert runs(text) == []


def test_nepali_number_words_in_latin_letters_are_the_detectors_romanization_of_the_devanagari_ones() -> None:
    """The Latin-letter words are generated, not typed: a change to the romanizer shows up here."""
    devanagari = {w: v for w, v in _WORDS["ne"].items() if not w.isascii() and 11 <= v <= 99 and v == int(v)}
    typed = {romanize("ne", word)[0]: value for word, value in devanagari.items()}

    assert {word: _WORDS["ne"].get(word) for word in typed} == typed
    assert word_number_value("bayasi") == 82
    assert WORD_NUMBER.fullmatch("chalis")

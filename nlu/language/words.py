"""The words a message is judged by: letters only (no VINs, mileages, links or payloads),
with the script each belongs to."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

_KEYBOARD_FOLD = {
    "az": str.maketrans("əışçğöü", "eiscgou"),
    "kk": str.maketrans("әғқңөұүһі", "агкноуухи"),
}
_CODE_TOKEN = re.compile(r"\S*\d\S*|https?://\S+|/\w+")  # VINs, mileages, error codes, links, payloads
# Letters, with the combining marks that Devanagari vowels and accents are written with.
_LETTER = "(?:[^\\W\\d_]|[\u0300-\u036f\u0483-\u0489\u0900-\u0903\u093a-\u094f\u0951-\u0957\u0962\u0963])"
_WORD = re.compile(f"{_LETTER}+(?:['’]{_LETTER}+)*")
# Fewer words than this, or fewer letters, never switch a conversation's language within
# a script (brand names and the like not counted).
_SHORT_WORDS = 3
_SHORT_LETTERS = 12
_SWITCH_CONFIDENCE = 0.9

# The n-gram model, chosen by cross-validation on the training examples (random 5-fold
# and leave-one-intent-out), never on the held-out sets.
_NGRAM_MAX = 4  # letters, and 2- to 4-grams
_WORD_WEIGHT = 3  # the whole word counts as this many n-grams
_SMOOTHING = 0.3  # additive (Lidstone) smoothing of the counts
# Overlapping n-grams of one word are far from independent: the model's log-odds are
# divided by this before they become a confidence.
_CONFIDENCE_TEMPERATURE = 4.0


@dataclass(frozen=True, slots=True)
class Detection:
    language: str
    confidence: float


# The letters (and signs) of each script, as Unicode blocks.
_SCRIPT_LETTERS = {
    "LATIN": re.compile("[A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02af\u1e00-\u1eff]"),
    "CYRILLIC": re.compile("[\u0400-\u052f\u1c80-\u1c8f\u2de0-\u2dff\ua640-\ua69f]"),
    "GEORGIAN": re.compile("[\u10a0-\u10ff\u1c90-\u1cbf\u2d00-\u2d2f]"),
    "DEVANAGARI": re.compile("[\u0900-\u097f\ua8e0-\ua8ff]"),
}


def _word_script(word: str) -> str | None:
    """The script of the first letter of `word` that belongs to one."""
    for ch in word:
        for script, letters in _SCRIPT_LETTERS.items():
            if letters.match(ch):
                return script
    return None


def _script_letters(words: Iterable[str]) -> dict[str, int]:
    """How many letters of `words` each script has (the scripts with any)."""
    text = "".join(words)
    counts = {script: len(letters.findall(text)) for script, letters in _SCRIPT_LETTERS.items()}
    return {script: n for script, n in counts.items() if n}


def _words(text: str) -> list[str]:
    """The lower-cased words of `text`, without tokens that carry digits, links or payloads."""
    text = unicodedata.normalize("NFC", _CODE_TOKEN.sub(" ", text).lower()).replace("\u0307", "")  # "İ" -> "i"
    return _WORD.findall(text)


_ENTITY_ANNOTATION = re.compile(r"\[([^\]]*)\](?:\([^)]*\)|\{[^}]*\})")  # "[BYD](brand)" -> "BYD"

"""An answer folded for matching, and the words in it.

Two levels of folding, because customers type the same word several ways:

* `fold` lower-cases and turns Nepali digits into ASCII ones, one character for one, so
  that offsets found in the folded text are offsets in the original (the time finder
  blanks what it found before the date finder reads the rest);
* `plain` also drops what a phone keyboard makes optional: accents and the letters of
  Azerbaijani and Kazakh that a Russian or English layout lacks ("Gəncə" -> "gence",
  "сейсенбі" -> "сейсенби", "ё" -> "е"), and the Devanagari marks written either way
  (candrabindu or anusvara, nukta or not). Both sides of a comparison get it.

`romanized` writes a word the ways customers type Georgian, Russian, Kazakh and Nepali in
Latin letters, using the language detector's own tables (`nlu.language.scripts`), so
"ხვალ" is found as "xval" and "khval" without a second list to keep in step.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from nlu.language.scripts import romanize

_DEVANAGARI_DIGITS = "०१२३४५६७८९"
_FOLD = {
    **{ord(digit): str(value) for value, digit in enumerate(_DEVANAGARI_DIGITS)},
    0x00A0: " ",  # no-break spaces
    0x202F: " ",
    0x2019: "'",
    ord("İ"): "i",  # Azerbaijani capital dotted I: str.lower() makes it two characters
}
# Letters a phone keyboard may not have, as customers replace them: Azerbaijani ə and ı,
# Kazakh Cyrillic letters on a Russian keyboard. Latin and Cyrillic accents go by
# decomposition (ç ş ğ ö ü é ё й); these letters do not decompose. Shared with the defect
# reader (service_desk/symptoms.py), which folds a few more.
KEYBOARD_FOLDS: dict[str, str | None] = {
    "ə": "e",
    "ı": "i",
    "ә": "а",
    "ғ": "г",
    "қ": "к",
    "ң": "н",
    "ө": "о",
    "ұ": "у",
    "ү": "у",
    "һ": "х",
    "і": "и",
    "\u0901": "\u0902",  # candrabindu written as anusvara: "काठमाडौँ" = "काठमाडौं"
}
_PLAIN = str.maketrans({**KEYBOARD_FOLDS, "ß": "ss", "\u093c": None})  # and the nukta
_LAST_ACCENTED_SCRIPT = "\u0530"  # Latin, Greek and Cyrillic lie below: their marks are accents
# Letters, with the combining marks Devanagari vowels are written with (not letters to re).
_MARKS = "\u0300-\u036f\u0483-\u0489\u0900-\u0903\u093a-\u094f\u0951-\u0957\u0962\u0963"
_TOKEN = re.compile(rf"\d+|(?:[^\W\d_]|[{_MARKS}])+")
# The scripts `romanize` knows, and the languages written in each.
_ROMANIZED_SCRIPTS = (
    ("\u0400", "\u04ff", ("ru", "kk")),
    ("\u10a0", "\u10ff", ("ka",)),
    ("\u0900", "\u097f", ("ne",)),
)


@dataclass(frozen=True, slots=True)
class Token:
    """A word or a run of digits: where it starts in the text, and its `plain` form."""

    start: int
    text: str

    @property
    def is_number(self) -> bool:
        # Only the digits int() reads alike everywhere here: ASCII and Devanagari ("²" is a digit
        # to str.isdigit, and int("²") raises).
        return bool(self.text) and all("0" <= ch <= "9" or "\u0966" <= ch <= "\u096f" for ch in self.text)


def fold(text: str) -> str:
    """`text` lower-cased with ASCII digits, each character kept at its offset."""
    out = []
    for ch in text:
        mapped = _FOLD.get(ord(ch))
        if mapped is None:
            lower = ch.lower()
            mapped = lower if len(lower) == 1 else ch
        out.append(mapped)
    return "".join(out)


def plain(text: str) -> str:
    """`text` (already folded) without accents or keyboard-optional letters: "bazar ertəsi" -> "bazar ertesi"."""
    kept: list[str] = []
    for ch in unicodedata.normalize("NFD", text):
        if unicodedata.combining(ch) and kept and kept[-1] < _LAST_ACCENTED_SCRIPT:
            continue
        kept.append(ch)
    return unicodedata.normalize("NFC", "".join(kept)).translate(_PLAIN)


def tokens(text: str) -> list[Token]:
    """The words and numbers of `text` (already folded), each in its `plain` form.

    Digits and letters part ("12марта", "10am", "tiggo7"), and so do hyphens
    ("12-го", "Nur-Sultan"): every catalogue is split the same way.
    """
    return [Token(match.start(), plain(match.group())) for match in _TOKEN.finditer(text)]


def plain_words(text: str) -> tuple[str, ...]:
    """The `plain` words of `text` (already folded), without their offsets."""
    return tuple(token.text for token in tokens(text))


def written_words(text: str) -> tuple[str, ...]:
    """The words of `text` (already folded) as written, accents and all: "bakıda" stays "bakıda"."""
    return tuple(match.group() for match in _TOKEN.finditer(text))


def romanized(text: str) -> list[str]:
    """`text` (already folded) in Latin letters the ways customers type it, for each language
    whose script it uses: "თბილისი" -> ["tbilisi"], "Алматы" -> ["almaty", "almatı", ...]."""
    out: list[str] = []
    for low, high, languages in _ROMANIZED_SCRIPTS:
        if any(low <= ch <= high for ch in text):
            for language in languages:
                out.extend(form for form in romanize(language, text) if form not in out)
    return out

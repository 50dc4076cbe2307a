"""A message folded for matching, and the bounds of a sentence or clause in it.

Offsets always refer to the original text. Every rewrite done before matching
(Devanagari digits to ASCII, no-break spaces to spaces, lower case) maps one character to
one character, so a match in the folded text has the same offsets in the original.
"""

from __future__ import annotations

import re

from bot.entities.entity import Entity

_DEVANAGARI_DIGITS = "०१२३४५६७८९"
_FOLD = {
    **{ord(digit): str(value) for value, digit in enumerate(_DEVANAGARI_DIGITS)},
    # No-break, narrow no-break, thin and figure spaces: thousands separators in "45 000".
    0x00A0: " ",
    0x202F: " ",
    0x2009: " ",
    0x2007: " ",
    0x2019: "'",  # 45’000
    ord("İ"): "i",  # Azerbaijani capital dotted I; str.lower() would make it two characters
}


def _fold(text: str) -> str:
    """Lower-case `text` and unify digits and spaces, keeping every character at its offset."""
    out = []
    for ch in text:
        mapped = _FOLD.get(ord(ch))
        if mapped is None:
            lower = ch.lower()
            mapped = lower if len(lower) == 1 else ch
        out.append(mapped)
    return "".join(out)


def _without_vins(folded: str, vins: list[Entity]) -> str:
    """`folded` with each VIN, and a slash or dash glued to its end, blanked out.

    A number inside a VIN is never a mileage, and the reading typed right after one
    ("LJ12EKR18N4012345/43000km") is a number of its own.
    """
    chars = list(folded)
    for vin in vins:
        end = vin.end + (vin.end < len(chars) and chars[vin.end] in "/-,;")
        chars[vin.start : end] = " " * (end - vin.start)
    return "".join(chars)


_LETTER = r"[^\W\d_]"  # a letter of any script (Devanagari vowel signs are not letters to re)
_SENTENCE_END = re.compile(r"[.!?;\n]")
_CLAUSE_END = re.compile(r"[,.!?;\n](?!\d)")


def _sentence_around(
    folded: str, start: int, end: int, reach: int, boundary: re.Pattern[str] = _SENTENCE_END
) -> tuple[int, int]:
    """The bounds of the sentence (or, with `_CLAUSE_END`, the clause) around `start`:`end`,
    at most `reach` characters either side."""
    ends = [m.end() for m in boundary.finditer(folded, max(0, start - reach), start)]
    next_end = boundary.search(folded, end, end + reach)
    return (ends[-1] if ends else max(0, start - reach)), (
        next_end.start() if next_end else min(len(folded), end + reach)
    )

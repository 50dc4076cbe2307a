"""Numbers in digits as customers type them, and the words for thousand, lakh and million after them.

Kept apart from quantities.py, which reads a number whole with them, because the patterns
of mileage_context.py are built from them too ("a number just before this unit") and
quantities.py needs those patterns: so the imports run one way.
"""

from __future__ import annotations

import re

from bot.entities.text import _LETTER

# A number as customers type it: 45000, 45 000 (also with no-break spaces), 45.000, 45,000,
# 45'000, Nepali 1,00,000, or a decimal 45,5 / 1.2 (only meaningful with "thousand" or
# "lakh" after it). Not part of a word, a code, a longer number, a range, a claim number
# (#, №), a phone number (+) or a price ($45000).
_NUMBER = re.compile(
    r"""
    (?<![\w.,'#№+/$€£₼₸₾₽])(?<!\d:)(?<!(?<![^\W\d_])-)  # after a dash only when a letter precedes it: "km-73 210"
    (?P<number>
        \d{1,2}(?P<lakh>[,.])\d{2}(?:(?P=lakh)\d{2})*(?P=lakh)\d{3}  # South-Asian grouping: 1,00,000, 1.45.600
      | \d{1,3}(?P<sep>[ .,'])\d{3}(?:(?P=sep)\d{3})*  # thousands groups: 45 000, 1.200.000
      | \d+
    )
    (?:[.,](?P<fraction>\d{1,2}))?
    (?!\d|[.,]\d|-\d)
    """,
    re.VERBOSE,
)

# Words for "thousand" (and lakh, million), each with its factor. Cyrillic к ("45к") only
# directly after the digits: with a space it is the preposition "to".
_MULTIPLIERS: tuple[tuple[str, int], ...] = (
    # not the k of "39,800 K.M."; also the Georgian კ glued to its digits: "30კ-ზე"
    (rf"k(?!{_LETTER}|\.\s?m\b)|(?<=\d)კ(?!{_LETTER})", 1000),
    (rf"к(?!{_LETTER})", 1000),
    # "143т" only glued to its digits; "23 t.km" is "23 т.км" typed in Latin letters; "9 тыш" a typo
    (
        rf"тыс(?:яч[аиь]?|\.|(?!{_LETTER}))|тыщ{_LETTER}*|тыш(?!{_LETTER})|т\.?(?=\s?км)|(?<=\d)т(?!{_LETTER})|t[yi]s(?:\.|(?!{_LETTER}))"
        r"|t\.?(?=\s?km)",
        1000,
    ),
    # also typed plainly, and in the 2021 state alphabet ("110 myñ")
    (rf"мың{_LETTER}*|мын(?:г|да|га|нан)?(?!{_LETTER})|myn(?:g|da|ga)?(?!{_LETTER})|m[yı]ñ{_LETTER}*", 1000),
    # Azerbaijani "min" = thousand, also with a case ending: "240 mindi", "150 minə", "200 mindən"
    (rf"min(?:[əae]|d[əe]n|d[ıi]r?)?(?!{_LETTER})", 1000),
    # also romanized, and with the second ა dropped: "67 ათსი" ("ათს" alone is "to ten")
    (rf"ათას{_LETTER}*|ათ(?:\.|(?!{_LETTER}))|atas{_LETTER}*|ათს(?:ი|ზე{_LETTER}*)", 1000),
    (rf"हजार|हज़ार|हज़ार|ha[jz]aa?r(?!{_LETTER})", 1000),  # Nepali, also romanised
    (rf"thousand{_LETTER}*|thou(?!{_LETTER})|grand(?!{_LETTER})", 1000),
    (rf"लाख|lakh{_LETTER}*|lacs?(?!{_LETTER})", 100_000),
    (rf"सय|saya(?!{_LETTER})", 100),  # the tail of "१२ हजार ५ सय" (12 500), "9 hajar 8 saya"
    (rf"млн\.?|million{_LETTER}*|milyon{_LETTER}*|მილიონ{_LETTER}*|milion{_LETTER}*", 1_000_000),
)
_MULTIPLIER = re.compile(
    r"(?P<space>\s?)(?P<multiplier>"
    + "|".join(f"(?P<m{i}>{pattern})" for i, (pattern, _) in enumerate(_MULTIPLIERS))
    + ")"
)


def parse_number(number: str, fraction: str | None = None) -> float:
    """The value of a number as matched by `_NUMBER`: "45 000" -> 45000, "45", "5" -> 45.5."""
    digits = "".join(ch for ch in number if ch.isdigit())
    return float(f"{digits}.{fraction}") if fraction else float(digits)

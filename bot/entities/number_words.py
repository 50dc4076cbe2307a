"""Numbers written in words, in the six languages, as they come before "thousand" or "lakh".

Customers write round readings the way they say them: "yüz əlli min" (150 thousand),
"сто двадцать тысяч", "жүз елу мың", "ას ორმოცდაათი ათასი", "डेढ लाख" (one and a half
lakh), "साढे ४२ हजार" (forty-two and a half thousand), "a hundred and twenty thousand".
bot/entities/quantities.py reads them only when a word for thousand, lakh or million follows: a
number word alone is too often something else ("on" is Azerbaijani ten and English "on",
"छ" is Nepali six and "is").

Standard library only, like the rest of bot/entities/, which runs in both environments.
Words are matched on text folded the way bot/entities/text.py folds it (lower case, one
character for one); the Azerbaijani and Kazakh ones also as typed without their special
letters ("yuz elli", "жуз елу"). The words and their values are listed in
number_words_by_language.py.
"""

from __future__ import annotations

import re

from bot.entities.number_words_by_language import _HUNDRED, _WORDS

__all__ = ["FRACTION_BEFORE", "LONE_QUARTER", "WORD_NUMBER", "fraction_before", "word_number_value"]

_LETTER = r"[^\W\d_]"
_DEVANAGARI_MARK = r"[\u0900-\u0903\u093a-\u094f\u0951-\u0957\u0962\u0963]"

_ALL: dict[str, float] = {}
for _table in _WORDS.values():
    _ALL.update(_table)


def _ne_key(word: str) -> str:
    """A Nepali number word with its spelling variants folded: nasal marks dropped, long
    vowels made short, श as स ("पैँतीस", "पैंतिस" and "पैतिस" are one word)."""
    return re.sub("[\u0901\u0902]", "", word).translate(str.maketrans("ीूश", "िुस"))


_NE_BY_KEY = {_ne_key(word): value for word, value in _WORDS["ne"].items() if not word.isascii()}

# Georgian builds numbers inside one word, by twenties: ორმოცდაათი = 2×20 + 10 (50),
# ას ოცდახუთი = 125, ორასი = 200. Units are written with their final ი or without it
# when more follows.
_KA_UNITS = {
    "ერთ": 1,
    "ორ": 2,
    "სამ": 3,
    "ოთხ": 4,
    "ხუთ": 5,
    "ექვს": 6,
    "შვიდ": 7,
    "რვა": 8,
    "ცხრა": 9,
    "ათ": 10,
    "თერთმეტ": 11,
    "თორმეტ": 12,
    "ცამეტ": 13,
    "თოთხმეტ": 14,
    "თხუთმეტ": 15,
    "თექვსმეტ": 16,
    "ჩვიდმეტ": 17,
    "თვრამეტ": 18,
    "ცხრამეტ": 19,
}
_KA_TWENTIES = {"ოც": 20, "ორმოც": 40, "სამოც": 60, "ოთხმოც": 80}
_KA_HUNDREDS = {
    "ას": 100,
    "ორას": 200,
    "სამას": 300,
    "ოთხას": 400,
    "ხუთას": 500,
    "ექვსას": 600,
    "შვიდას": 700,
    "რვაას": 800,
    "ცხრაას": 900,
}


def _alternation(words: object) -> str:
    return "|".join(sorted(map(re.escape, words), key=len, reverse=True))  # type: ignore[call-overload]


_KA_WORD = re.compile(
    rf"(?P<hundreds>{_alternation(_KA_HUNDREDS)})?"
    rf"(?:(?P<twenties>{_alternation(_KA_TWENTIES)})(?:და(?P<unit_after>{_alternation(_KA_UNITS)})ი?|ი)"
    rf"|(?P<unit>{_alternation(_KA_UNITS)})ი?)?ი?"
)


def _ka_value(word: str) -> float | None:
    match = _KA_WORD.fullmatch(word)
    if match is None or not match.group():
        return None
    hundreds = _KA_HUNDREDS.get(match.group("hundreds") or "", 0)
    if match.group("hundreds") and not (match.group("twenties") or match.group("unit")) and word[-1] not in "სი":
        return None
    tens = _KA_TWENTIES.get(match.group("twenties") or "", 0)
    unit = _KA_UNITS.get(match.group("unit_after") or match.group("unit") or "", 0)
    return float(hundreds + tens + unit)


def _ne_pattern(word: str) -> str:
    """A regex for a Nepali number word in any of its spellings (see `_ne_key`)."""
    variants = {"ि": "[िी]", "ु": "[ुू]", "स": "[सश]"}
    return "".join(variants.get(ch, re.escape(ch)) + "[ँं]?" for ch in _ne_key(word))


_KA_WORD_UNNAMED = re.sub(r"\(\?P<\w+>", "(?:", _KA_WORD.pattern)
_NE_WORDS = "|".join(sorted({_ne_pattern(w) for w in _WORDS["ne"] if not w.isascii()}, key=len, reverse=True))
_OTHER_WORDS = _alternation(w for w in _ALL if not re.match("[\u0900-\u097f]", w))
# One number word: a listed one, a Georgian compound, or a Nepali one however it is spelt.
_ONE_WORD = (
    rf"(?<!{_LETTER})(?<![\u0900-\u097f])"
    rf"(?:{_OTHER_WORDS}|(?=[ა-ჰ]){_KA_WORD_UNNAMED}|{_NE_WORDS})"
    rf"(?!{_LETTER})(?![\u0900-\u097f])"
)
# A quarter more with no number: सवा लाख = 125 000.
LONE_QUARTER = re.compile(r"(?<![\u0900-\u097f\w])(?:सवा|sawa|sava)(?=\s?(?:लाख|हजार|हज़ार|lakh|ha[jz]aa?r))")
# "Half more" before a number: साढे ४२ हजार = 42 500, सवा लाख = 125 000, पौने दुई लाख = 175 000.
FRACTION_BEFORE = re.compile(
    r"(?:(?P<half>साढे|साढ़े|sadhe|sade|saadhe)|(?P<quarter>सवा|sawa|sava)|(?P<less>पौने|paune))\s$"
)
_JOINER = r"(?:\s+(?:and|и|və|ve|жəне|және|da)\s+|[\s-]+)"
WORD_NUMBER = re.compile(rf"(?P<words>{_ONE_WORD}(?:{_JOINER}{_ONE_WORD}){{0,4}})")


def _one_value(word: str) -> float | None:
    if word in _ALL and not re.match("[\u0900-\u097f]", word):
        return _ALL[word]
    if re.match("[ა-ჰ]", word):
        return _ka_value(word)
    return _NE_BY_KEY.get(_ne_key(word))


def word_number_value(words: str) -> float | None:
    """The value of a run of number words ("iki yüz əlli" -> 250, "डेढ" -> 1.5), or None
    when any word of it is not a number word (then the run is no number)."""
    parts = [part for part in re.split(r"[\s-]+", words) if part and part not in ("and", "и", "və", "ve", "және", "da")]
    if len(parts) > 1:
        parts = [part for part in parts if part != "a"]  # "a" is one only alone: "a thousand"
    total = 0.0
    for part in parts:
        value = _one_value(part)
        if value is None:
            return None
        total = (total or 1) * _HUNDRED if value == _HUNDRED and part not in ("ას",) else total + value
    return total if parts else None


def fraction_before(folded: str, start: int) -> tuple[int, float] | None:
    """A "half more" word just before `start` ("साढे ४२"): its start and what it does to a
    number: +0.5, +0.25, or -0.25 (the caller adds it before multiplying)."""
    match = FRACTION_BEFORE.search(folded, max(0, start - 10), start)
    if match is None:
        return None
    return match.start(), (0.5 if match.group("half") else 0.25 if match.group("quarter") else -0.25)

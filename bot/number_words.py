"""Numbers written in words, in the six languages, as they come before "thousand" or "lakh".

Customers write round readings the way they say them: "yüz əlli min" (150 thousand),
"сто двадцать тысяч", "жүз елу мың", "ას ორმოცდაათი ათასი", "डेढ लाख" (one and a half
lakh), "साढे ४२ हजार" (forty-two and a half thousand), "a hundred and twenty thousand".
bot/entities.py reads them only when a word for thousand, lakh or million follows: a
number word alone is too often something else ("on" is Azerbaijani ten and English "on",
"छ" is Nepali six and "is").

Standard library only, like bot/entities.py, which imports it in both environments.
Words are matched on text folded the way bot/entities.py folds it (lower case, one
character for one); the Azerbaijani and Kazakh ones also as typed without their special
letters ("yuz elli", "жуз елу").
"""

from __future__ import annotations

import re

__all__ = ["FRACTION_BEFORE", "LONE_QUARTER", "WORD_NUMBER", "fraction_before", "word_number_value"]

_LETTER = r"[^\W\d_]"
_DEVANAGARI_MARK = r"[\u0900-\u0903\u093a-\u094f\u0951-\u0957\u0962\u0963]"

# Each language's number words and their values. A "hundred" word multiplies what stands
# before it ("iki yüz" = 200); every other word adds.
_HUNDRED = 100
_WORDS: dict[str, dict[str, float]] = {
    "az": {
        "bir": 1,
        "iki": 2,
        "üç": 3,
        "uc": 3,
        "üc": 3,
        "uç": 3,
        "dörd": 4,
        "dord": 4,
        "beş": 5,
        "bes": 5,
        "altı": 6,
        "alti": 6,
        "yeddi": 7,
        "səkkiz": 8,
        "sekkiz": 8,
        "doqquz": 9,
        "on": 10,
        "iyirmi": 20,
        "igirmi": 20,
        "otuz": 30,
        "qırx": 40,
        "qirx": 40,
        "əlli": 50,
        "elli": 50,
        "altmış": 60,
        "altmis": 60,
        "yetmiş": 70,
        "yetmis": 70,
        "səksən": 80,
        "seksen": 80,
        "doxsan": 90,
        "yüz": _HUNDRED,
        "yuz": _HUNDRED,
        "yarım": 0.5,
        "yarim": 0.5,
    },
    "kk": {
        "бір": 1,
        "бир": 1,
        "екі": 2,
        "еки": 2,
        "үш": 3,
        "уш": 3,
        "төрт": 4,
        "торт": 4,
        "бес": 5,
        "алты": 6,
        "жеті": 7,
        "жети": 7,
        "сегіз": 8,
        "сегиз": 8,
        "тоғыз": 9,
        "тогыз": 9,
        "он": 10,
        "жиырма": 20,
        "отыз": 30,
        "қырық": 40,
        "кырык": 40,
        "елу": 50,
        "алпыс": 60,
        "жетпіс": 70,
        "жетпис": 70,
        "сексен": 80,
        "тоқсан": 90,
        "токсан": 90,
        "жүз": _HUNDRED,
        "жуз": _HUNDRED,
        "жарым": 0.5,
    },
    "ru": {
        "один": 1,
        "одна": 1,
        "два": 2,
        "две": 2,
        "три": 3,
        "четыре": 4,
        "пять": 5,
        "шесть": 6,
        "семь": 7,
        "восемь": 8,
        "девять": 9,
        "десять": 10,
        "одиннадцать": 11,
        "двенадцать": 12,
        "тринадцать": 13,
        "четырнадцать": 14,
        "пятнадцать": 15,
        "шестнадцать": 16,
        "семнадцать": 17,
        "восемнадцать": 18,
        "девятнадцать": 19,
        "двадцать": 20,
        "тридцать": 30,
        "сорок": 40,
        "пятьдесят": 50,
        "шестьдесят": 60,
        "семьдесят": 70,
        "восемьдесят": 80,
        "девяносто": 90,
        "сто": 100,
        "двести": 200,
        "триста": 300,
        "четыреста": 400,
        "пятьсот": 500,
        "шестьсот": 600,
        "семьсот": 700,
        "восемьсот": 800,
        "девятьсот": 900,
        "полтора": 1.5,
        "полторы": 1.5,
        "полтораста": 150,
    },
    "en": {
        "one": 1,
        "two": 2,
        "three": 3,
        "four": 4,
        "five": 5,
        "six": 6,
        "seven": 7,
        "eight": 8,
        "nine": 9,
        "ten": 10,
        "eleven": 11,
        "twelve": 12,
        "thirteen": 13,
        "fourteen": 14,
        "fifteen": 15,
        "sixteen": 16,
        "seventeen": 17,
        "eighteen": 18,
        "nineteen": 19,
        "twenty": 20,
        "thirty": 30,
        "forty": 40,
        "fourty": 40,
        "fifty": 50,
        "sixty": 60,
        "seventy": 70,
        "eighty": 80,
        "ninety": 90,
        "hundred": _HUNDRED,
        "a": 1,  # "a hundred", "a thousand"
        "half": 0.5,  # "one and a half"
    },
    "ka": {"ნახევარი": 0.5, "ნახევარ": 0.5},  # half: "ნახევარი მილიონი"
    # Nepali names every number up to a hundred with its own word. Spellings vary with and
    # without the nasal marks and in long or short i and u; see `_ne_key`.
    "ne": {
        "एक": 1,
        "दुई": 2,
        "तीन": 3,
        "चार": 4,
        "पाँच": 5,
        "छ": 6,
        "सात": 7,
        "आठ": 8,
        "नौ": 9,
        "दश": 10,
        "एघार": 11,
        "बाह्र": 12,
        "तेह्र": 13,
        "चौध": 14,
        "पन्ध्र": 15,
        "सोह्र": 16,
        "सत्र": 17,
        "अठार": 18,
        "उन्नाइस": 19,
        "बीस": 20,
        "एक्काइस": 21,
        "बाइस": 22,
        "तेइस": 23,
        "चौबीस": 24,
        "पच्चीस": 25,
        "छब्बीस": 26,
        "सत्ताइस": 27,
        "अठ्ठाइस": 28,
        "उनन्तीस": 29,
        "तीस": 30,
        "एकतीस": 31,
        "बत्तीस": 32,
        "तेत्तीस": 33,
        "चौँतीस": 34,
        "पैँतीस": 35,
        "छत्तीस": 36,
        "सैँतीस": 37,
        "अठतीस": 38,
        "उनन्चालीस": 39,
        "चालीस": 40,
        "एकचालीस": 41,
        "बयालीस": 42,
        "त्रिचालीस": 43,
        "चवालीस": 44,
        "पैँतालीस": 45,
        "छयालीस": 46,
        "सतचालीस": 47,
        "अठचालीस": 48,
        "उनन्पचास": 49,
        "पचास": 50,
        "एकाउन्न": 51,
        "बाउन्न": 52,
        "त्रिपन्न": 53,
        "चवन्न": 54,
        "पचपन्न": 55,
        "छपन्न": 56,
        "सन्ताउन्न": 57,
        "अन्ठाउन्न": 58,
        "उनन्साठी": 59,
        "साठी": 60,
        "एकसठ्ठी": 61,
        "बयसठ्ठी": 62,
        "त्रिसठ्ठी": 63,
        "चौंसठ्ठी": 64,
        "पैंसठ्ठी": 65,
        "छयसठ्ठी": 66,
        "सतसठ्ठी": 67,
        "अठसठ्ठी": 68,
        "उनन्सत्तरी": 69,
        "सत्तरी": 70,
        "एकहत्तर": 71,
        "बहत्तर": 72,
        "त्रिहत्तर": 73,
        "चौहत्तर": 74,
        "पचहत्तर": 75,
        "छयहत्तर": 76,
        "सतहत्तर": 77,
        "अठहत्तर": 78,
        "उनासी": 79,
        "असी": 80,
        "एकासी": 81,
        "बयासी": 82,
        "त्रियासी": 83,
        "चौरासी": 84,
        "पचासी": 85,
        "छयासी": 86,
        "सतासी": 87,
        "अठासी": 88,
        "उनान्नब्बे": 89,
        "नब्बे": 90,
        "एकानब्बे": 91,
        "बयानब्बे": 92,
        "त्रियानब्बे": 93,
        "चौरानब्बे": 94,
        "पन्चानब्बे": 95,
        "छयानब्बे": 96,
        "सन्तानब्बे": 97,
        "अन्ठानब्बे": 98,
        "उनान्सय": 99,
        "सय": _HUNDRED,
        "डेढ": 1.5,
        "डेढ़": 1.5,
        "अढाई": 2.5,
        "अढाइ": 2.5,
        # typed in Latin letters
        "ek": 1,
        "dui": 2,
        "tin": 3,
        "char": 4,
        "paanch": 5,
        "panch": 5,
        "saat": 7,
        "aath": 8,
        "nau": 9,
        "das": 10,
        "bis": 20,
        "tis": 30,
        "chalis": 40,
        "pachas": 50,
        "saathi": 60,
        "sathi": 60,
        "sattari": 70,
        "asi": 80,
        "nabbe": 90,
        "saya": _HUNDRED,
        "dedh": 1.5,
        "derh": 1.5,
        "dhed": 1.5,
        "adhai": 2.5,
        "arhai": 2.5,
        # 11 to 99 as customers type them in Latin letters: the chat habit of nlu.language.romanize
        # applied to the words above ("bayasi hajar" = 82 000); tests/bot/test_number_words.py keeps them in step.
        "eghar": 11,
        "bahra": 12,
        "tehra": 13,
        "chaudh": 14,
        "pandhra": 15,
        "sohra": 16,
        "satra": 17,
        "athar": 18,
        "unnais": 19,
        "ekkais": 21,
        "bais": 22,
        "teis": 23,
        "chaubis": 24,
        "pachchis": 25,
        "chabbis": 26,
        "sattais": 27,
        "aththais": 28,
        "unantis": 29,
        "ekatis": 31,
        "battis": 32,
        "tettis": 33,
        "chauntis": 34,
        "paintis": 35,
        "chattis": 36,
        "saintis": 37,
        "athatis": 38,
        "unanchalis": 39,
        "ekachalis": 41,
        "bayalis": 42,
        "trichalis": 43,
        "chabalis": 44,
        "paintalis": 45,
        "chayalis": 46,
        "satachalis": 47,
        "athachalis": 48,
        "unanpachas": 49,
        "ekaunna": 51,
        "baunna": 52,
        "tripanna": 53,
        "chabanna": 54,
        "pachapanna": 55,
        "chapanna": 56,
        "santaunna": 57,
        "anthaunna": 58,
        "unansathi": 59,
        "ekasaththi": 61,
        "bayasaththi": 62,
        "trisaththi": 63,
        "chaunsaththi": 64,
        "painsaththi": 65,
        "chayasaththi": 66,
        "satasaththi": 67,
        "athasaththi": 68,
        "unansattari": 69,
        "ekahattar": 71,
        "bahattar": 72,
        "trihattar": 73,
        "chauhattar": 74,
        "pachahattar": 75,
        "chayahattar": 76,
        "satahattar": 77,
        "athahattar": 78,
        "unasi": 79,
        "ekasi": 81,
        "bayasi": 82,
        "triyasi": 83,
        "chaurasi": 84,
        "pachasi": 85,
        "chayasi": 86,
        "satasi": 87,
        "athasi": 88,
        "unannabbe": 89,
        "ekanabbe": 91,
        "bayanabbe": 92,
        "triyanabbe": 93,
        "chauranabbe": 94,
        "panchanabbe": 95,
        "chayanabbe": 96,
        "santanabbe": 97,
        "anthanabbe": 98,
        "unansay": 99,
    },
}
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

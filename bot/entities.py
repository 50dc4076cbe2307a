"""The vehicle's VIN and odometer reading (mileage), found in informal customer messages.

Customers write in Azerbaijani, Kazakh, Georgian, Nepali, Russian and English, on phones,
with whatever keyboard layout happens to be active. A statistical extractor trained on our
few hundred examples would learn neither the structure of a VIN nor "45 тыс. км" = 45 000,
so both entities are recognised by rules here, and the Rasa pipeline only wraps them
(bot/components.py). This module is standard library only: it runs in the Rasa
environment (Python 3.10) and in the gateway's (Python 3.11) alike.

Offsets always refer to the original text. Every rewrite done before matching
(Devanagari digits to ASCII, no-break spaces to spaces, lower case) maps one character to
one character, so a match in the folded text has the same offsets in the original.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from bot.number_words import LONE_QUARTER, WORD_NUMBER, fraction_before, word_number_value

__all__ = [
    "MAX_MILEAGE_KM",
    "Entity",
    "extract",
    "extract_mileage",
    "extract_vins",
    "normalize_vin",
    "parse_mileage",
    "parse_number",
    "vin_check_digit_valid",
]


@dataclass(frozen=True)
class Entity:
    """One entity found in a message.

    `value` is normalised (a VIN as 17 upper-case characters, a mileage as whole
    kilometres); `start`, `end` and `text` locate what the customer actually typed.
    """

    entity: str
    value: object
    start: int
    end: int
    text: str
    confidence: float = 1.0


def extract(text: str) -> list[Entity]:
    """All VINs and the mileage in `text`, sorted by position.

    VINs are found first, each once; a number inside a VIN is never read as a mileage. A car has one
    odometer: of several readings the most certain is kept (the first of equals), so
    "пробег 76 300" wins over a distance that only has "км" after it.
    """
    folded = _fold(text)
    vins = _find_vins(text, folded)
    mileages = _find_mileages(text, _without_vins(folded, vins), has_vin=bool(vins))
    # A vehicle passport names the VIN twice: it is one VIN.
    vins = [vin for i, vin in enumerate(vins) if all(vin.value != seen.value for seen in vins[:i])]
    best = max(mileages, key=lambda m: m.confidence, default=None)  # max() keeps the first of equals
    return sorted([*vins, *([best] if best else [])], key=lambda entity: (entity.start, entity.end))


def extract_vins(text: str) -> list[Entity]:
    """Only the VINs of `extract`."""
    return [entity for entity in extract(text) if entity.entity == "vin"]


def extract_mileage(text: str) -> list[Entity]:
    """Only the mileage of `extract` (an empty list or one entity)."""
    return [entity for entity in extract(text) if entity.entity == "mileage"]


def parse_mileage(text: str) -> int | None:
    """The mileage in `text` in kilometres, e.g. "45 тыс. км" -> 45000; None when there is none."""
    found = extract_mileage(text)
    return int(found[0].value) if found else None  # type: ignore[call-overload]


# -- text folding ----------------------------------------------------------------------

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


# -- VIN -------------------------------------------------------------------------------

# ISO 3779 alphabet: digits and Latin letters except I, O and Q (too easily read as 1 and 0).
_VIN_ALPHABET = frozenset("0123456789ABCDEFGHJKLMNPRSTUVWXYZ")
# Cyrillic letters that look like Latin ones, typed when the phone's layout is Russian or
# Kazakh ("ХТА21099043576182" for a Lada). Cyrillic О and І look like O and I, which a
# VIN cannot contain, so they go the way of O and I (to 0 and 1) below.
_CYRILLIC_LOOKALIKES = str.maketrans("АВЕКМНОРСТХУІ", "ABEKMHOPCTXYI")
# Letters a VIN never contains, typed for the digit they resemble.
_MISTYPED_DIGITS = str.maketrans("IOQ", "100")
_VIN_LENGTH = 17
# Characters that may belong to a VIN as typed, after folding to lower case: Latin letters
# and digits, Azerbaijani dotless ı (the az layout's I) and the Cyrillic look-alikes.
_VIN_TYPED = frozenset("0123456789abcdefghijklmnopqrstuvwxyzıавекмнорстхуі")
# Letters and digits of any script, with Devanagari's vowel signs ("…148203को" is one word).
_WORD = re.compile(r"(?:[^\W_]|[\u0900-\u0903\u093a-\u094f])+")
_VIN_GROUP_SEPARATORS = frozenset(" -")

# Check digit (position 9), as 49 CFR 565 specifies it for North America.
_TRANSLITERATION = {
    **{str(digit): digit for digit in range(10)},
    **dict(zip("ABCDEFGH", range(1, 9), strict=True)),
    **dict(zip("JKLMN", range(1, 6), strict=True)),
    "P": 7,
    "R": 9,
    **dict(zip("STUVWXYZ", range(2, 10), strict=True)),
}
_WEIGHTS = (8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2)

# Words that announce a VIN. They are not needed to find one written in one piece; they
# vouch for a VIN typed in groups ("vin lgx ce4cb8 n0123457"). The Georgian ვინ also means
# "who", which is one more reason why they are only ever supporting evidence.
_VIN_WORDS = re.compile(
    r"\bvin\b|вин\b|вин-?код|vin-?kod|ვინ|ვინკოდ|भिन|भीन|chassis|шасси|номер кузова|kuzov|шанақ",
)
# A VIN glued to the word that announces it ("винKMHLS41DBNU318472", "vinkodiLS5A3…") or
# to a case ending after its last digit ("…K0583316dı", Nepali "…27530ko"): the word's
# head must be one of these, its tail one of the endings below. A VIN ends in four digits,
# so an ending can only start after them.
_GLUED_VIN_HEAD = re.compile(r"(?:(?:vin|вин|ვინ)(?:kod|код|კოდ)?|kod|код|კოდ)[^\W\d_]{0,2}")
# Endings typed in lower case: Azerbaijani -dı/-dır/-nın/-da/-ya, Nepali -ko/-ma/-le, Kazakh -ды/-дің/-да/-ға,
# and in the scripts of Georgian (-ზე, -ის) and Nepali (-को, -मा).
_GLUED_VIN_ENDING = re.compile(
    r"d[ıiuü]r?|n[ıiuü]n|[dtny][aə]|ko|ma|le|[дтн][ыі]|[дтн][ыі]ң|[дт][ае]|[гғқк][ае]|thx|pls|plz"  # and "…648203thx"
    r"|ზე[აც]?|ი?ს|ში|ით|को|के|का|मा|ले"  # Georgian "…398512ზე", Devanagari "…148203को"
)


def vin_check_digit_valid(vin: str) -> bool:
    """Whether position 9 of a 17-character VIN is the ISO 3779 / North-American check digit.

    Only North America (and vehicles built for it) requires the check digit; European,
    Russian, Chinese and Kazakh VINs put whatever the maker likes at position 9
    (WVWZZZ1JZXW000001 has a Z there). The extractor therefore uses it only to grade its
    confidence, never to reject a VIN.
    """
    vin = vin.upper()
    if len(vin) != _VIN_LENGTH or not set(vin) <= _VIN_ALPHABET:
        return False
    total = sum(_TRANSLITERATION[ch] * weight for ch, weight in zip(vin, _WEIGHTS, strict=True))
    remainder = total % 11
    return vin[8] == ("X" if remainder == 10 else str(remainder))


def normalize_vin(raw: str, *, allow_mistyped: bool = True) -> str | None:
    """The VIN `raw` stands for, as 17 upper-case characters, or None when it is not one.

    Accepts lower case, spaces and dashes between groups, Cyrillic look-alike letters and,
    when `allow_mistyped`, the letters I, O and Q typed for 1, 0 and 0. The result must
    look like a real VIN (see `_looks_like_vin`); a wrong check digit does not matter.
    """
    compact = "".join(ch for ch in raw if not ch.isspace() and ch != "-")
    candidate = compact.upper().translate(_CYRILLIC_LOOKALIKES)  # upper() also turns the dotless ı into I
    if allow_mistyped:
        candidate = candidate.translate(_MISTYPED_DIGITS)
    return candidate if _looks_like_vin(candidate) else None


def _looks_like_vin(candidate: str) -> bool:
    """17 characters of the VIN alphabet, shaped like a VIN and not like a word or a number.

    ISO 3779 makes the last four characters of every VIN numeric; a VIN also has at
    least one letter (the maker code of every manufacturer we serve has one). Together
    these rule out long numbers (phones, claim numbers) and words.
    """
    return (
        len(candidate) == _VIN_LENGTH
        and set(candidate) <= _VIN_ALPHABET
        and candidate[-4:].isdigit()
        and any(ch.isalpha() for ch in candidate)
    )


def _vin_entity(text: str, start: int, end: int, vin: str) -> Entity:
    confidence = 1.0 if vin_check_digit_valid(vin) else 0.9
    return Entity("vin", vin, start, end, text[start:end], confidence)


def _find_vins(text: str, folded: str) -> list[Entity]:
    """VINs written in one piece, glued to a word, then typed in groups that can only be read one way."""
    chains = _vin_chains(folded)
    found: list[Entity] = [vin for word in _WORD.finditer(folded) if (vin := _glued_vin(text, word)) is not None]
    for chain in chains:
        rest: list[re.Match[str]] = []
        for word in chain:
            if any(vin.start <= word.start() < vin.end for vin in found):
                continue  # the glued VIN of this word is found already
            vin = normalize_vin(word.group()) if len(word.group()) == _VIN_LENGTH else None
            if vin is None:
                rest.append(word)
                continue
            found.append(_vin_entity(text, word.start(), word.end(), vin))
            _grouped_vins(text, folded, rest, found)
            rest = []
        _grouped_vins(text, folded, rest, found)
    return found


def _glued_vin(text: str, word: re.Match[str]) -> Entity | None:
    """The VIN inside a word longer than a VIN, between an announcing head and a case ending."""
    typed = word.group()
    if not _VIN_LENGTH < len(typed) <= _VIN_LENGTH + 12:
        return None
    end = len(typed)
    while end > 0 and not typed[end - 1].isdigit():
        end -= 1
    tail, start = text[word.start() + end : word.end()], end - _VIN_LENGTH
    if start < 0 or (tail and _GLUED_VIN_ENDING.fullmatch(tail) is None):
        return None  # "LGXCE4CB8N0123457X" is a mistyped VIN or no VIN, not one with an ending
    if start and _GLUED_VIN_HEAD.fullmatch(typed[:start]) is None:
        return None
    vin = normalize_vin(typed[start:end], allow_mistyped=False)
    return _vin_entity(text, word.start() + start, word.start() + end, vin) if vin else None


def _vin_chains(folded: str) -> list[list[re.Match[str]]]:
    """Runs of words made of VIN characters, each separated from the next by one space or dash."""
    chains: list[list[re.Match[str]]] = []
    current: list[re.Match[str]] = []
    for word in _WORD.finditer(folded):
        if not set(word.group()) <= _VIN_TYPED:
            if current:
                chains.append(current)
            current = []
            continue
        if current and not (
            word.start() - current[-1].end() == 1 and folded[current[-1].end()] in _VIN_GROUP_SEPARATORS
        ):
            chains.append(current)
            current = []
        current.append(word)
    if current:
        chains.append(current)
    return chains


def _grouped_vins(text: str, folded: str, words: list[re.Match[str]], found: list[Entity]) -> None:
    """Add the VIN typed in groups ("LGX CE4CB8 N0123457") among `words`, if it is unambiguous.

    Conservative on purpose: any run of short words can add up to 17 characters, so a
    window of consecutive groups counts only if it is the only one in its run that makes a
    VIN, needs no I/O/Q rewritten, and is vouched for by a VIN word before it, by a valid
    check digit, or by every group looking like code (a digit in it, or typed in capitals).
    """
    windows: list[tuple[int, int, str]] = []
    for first in range(len(words)):
        length = 0
        for last in range(first, len(words)):
            length += len(words[last].group())
            if length > _VIN_LENGTH:
                break
            if length == _VIN_LENGTH and last > first:
                start, end = words[first].start(), words[last].end()
                vin = normalize_vin(folded[start:end], allow_mistyped=False)
                if vin is not None and _typed_like_code(text, words[first : last + 1]):
                    windows.append((start, end, vin))
    if len(windows) != 1:
        return
    start, end, vin = windows[0]
    group_texts = [text[w.start() : w.end()] for w in words if start <= w.start() < end]
    maker_code = group_texts[0] if group_texts[0].isalpha() and group_texts[0].islower() else None
    vouched = (
        _VIN_WORDS.search(folded, max(0, start - 30), start) is not None
        or vin_check_digit_valid(vin)
        or all(any(ch.isdigit() for ch in group) or group.isupper() or group is maker_code for group in group_texts)
    )
    if vouched:
        found.append(_vin_entity(text, start, end, vin))


def _typed_like_code(text: str, words: list[re.Match[str]]) -> bool:
    """Whether the groups could be a VIN as typed: "number 0800 123 4567" and "and the kms are
    45000" add up to 17 characters too, and "…067392 elantra 2020" would with the model's
    name. Words in lower case are no part of a VIN, but for its maker code ("lvv db21b8 nd348215")."""
    groups = [text[w.start() : w.end()] for w in words]
    typed = [group for group in groups if group.isalpha() and group.islower()]
    return len(typed) <= 1 and all(len(group) <= 3 for group in typed)


# -- mileage ---------------------------------------------------------------------------

MAX_MILEAGE_KM = 2_000_000
KM_PER_MILE = 1.609344

_LETTER = r"[^\W\d_]"  # a letter of any script (Devanagari vowel signs are not letters to re)

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
    (rf"k(?!{_LETTER}|\.\s?m\b)", 1000),  # not the k of "39,800 K.M."
    (rf"к(?!{_LETTER})", 1000),
    # "143т" only glued to its digits
    (
        rf"тыс(?:яч[аиь]?|\.|(?!{_LETTER}))|тыщ{_LETTER}*|т\.?(?=\s?км)|(?<=\d)т(?!{_LETTER})|t[yi]s(?:\.|(?!{_LETTER}))",
        1000,
    ),
    # also typed plainly, and in the 2021 state alphabet ("110 myñ")
    (rf"мың{_LETTER}*|мын(?:г|да|га|нан)?(?!{_LETTER})|myn(?:g|da|ga)?(?!{_LETTER})|m[yı]ñ{_LETTER}*", 1000),
    # Azerbaijani "min" = thousand, also with a case ending: "240 mindi", "150 minə", "200 mindən"
    (rf"min(?:[əae]|d[əe]n|d[ıi]r?)?(?!{_LETTER})", 1000),
    (rf"ათას{_LETTER}*|ათ(?:\.|(?!{_LETTER}))|atas{_LETTER}*", 1000),  # also romanized
    (rf"हजार|हज़ार|हज़ार|ha[jz]aa?r(?!{_LETTER})", 1000),  # Nepali, also romanised
    (rf"thousand{_LETTER}*|thou(?!{_LETTER})|grand(?!{_LETTER})", 1000),
    (rf"लाख|lakh{_LETTER}*|lacs?(?!{_LETTER})", 100_000),
    (r"सय", 100),  # the tail of "१२ हजार ५ सय" (12 500)
    (rf"млн\.?|million{_LETTER}*|milyon{_LETTER}*|მილიონ{_LETTER}*|milion{_LETTER}*", 1_000_000),
)
_MULTIPLIER = re.compile(
    r"(?P<space>\s?)(?P<multiplier>"
    + "|".join(f"(?P<m{i}>{pattern})" for i, (pattern, _) in enumerate(_MULTIPLIERS))
    + ")"
)

_KILOMETRES = (
    r"kms?"  # a dot after km or км ends the sentence more often than it abbreviates
    r"|klm|k\.\s?m\.?"
    rf"|kilomet(?:er|re|r){_LETTER}*"
    r"|км"
    rf"|километр{_LETTER}*"
    rf"|шақырым{_LETTER}*"
    rf"|კმ|კილომეტრ{_LETTER}*"
    r"|कि\.?\s?म[िी]\.?|किलो\s?म[िी]टर|के\.?\s?एम\.?"
)
_MILES = (
    # "ml" counts only after thousands: "54 400 ml" are miles, "500 ml" is oil
    rf"mi(?:les?|l|ls)?(?!{_LETTER})|mil(?:d[əe]|d[əe]dir|dir)(?!{_LETTER})|mls?(?!{_LETTER})"
    rf"|мил(?:ь|и|ях|ям|ями)(?!{_LETTER})"
    rf"|მილ(?!იონ){_LETTER}*|მაილ{_LETTER}*|mili[ae]?(?!{_LETTER})"
    r"|माइल(?!ेज)"
)
_UNIT = re.compile(rf"[^\S\n]{{0,2}}(?:(?P<km>{_KILOMETRES})|(?P<miles>{_MILES}))")  # on the number's line

# Words that say the number next to them is the odometer reading: "пробег 45000".
_MILEAGE_WORDS = (
    rf"пробег{_LETTER}*|probe[gq]{_LETTER}*|одометр{_LETTER}*|спидометр{_LETTER}*|жүріс{_LETTER}*|журис{_LETTER}*"
    rf"|y[üu]r[üu][şs]{_LETTER}*"
    rf"|mileage|milage|odomet(?:er|r){_LETTER}*|odo\b|spidomet(?:er|r){_LETTER}*|reading"  # also az "odometrdə"
    rf"|გარბენ{_LETTER}*|გარბ\.|ნარბენ{_LETTER}*|garben{_LETTER}*|narben{_LETTER}*|ოდომეტრ{_LETTER}*|სპიდომეტრ{_LETTER}*|პრობეგ{_LETTER}*"
    r"|मा[इई]लेज|मायलेज|ओडोमिटर|ओडोमीटर|ओडो(?![\u0900-\u097f])|मिटरमा|meter\s?ma(?![^\W\d_])"
)
_MILEAGE_WORD = re.compile(_MILEAGE_WORDS)
# After the number, right away or one word later: "45 000 пробег", "23 ათასი აქვს ნარბენი".
_MILEAGE_WORD_AFTER = re.compile(rf"[ \t]?[-–—:]?[ \t]?(?:{_MILEAGE_WORDS})")  # on the same line
# ... one word later only after a number big enough to be a reading: "тигго 7 про пробег 15300".
_MILEAGE_WORD_AFTER_A_WORD = re.compile(
    rf"\s?[-–—:]?\s?(?:{_LETTER}|[\u0900-\u0963\u0971-\u097f])+\s+(?:{_MILEAGE_WORDS})"
)
# Between a mileage word and its number: up to three words ("mileage is about 45000",
# "пробег у машины сейчас 45000") and a colon or dash, but no sentence boundary or comma.
_WORD_TO_NUMBER_GAP = re.compile(r"[\s:=~≈–—-]*(?:(?:[^\W\d_]|[\u0900-\u0963\u0971-\u097f])+\.?[\s:=~≈–—-]+){0,3}")

# After a number, what makes it something other than a mileage: money, other units,
# years, durations, percentages.
_NOT_A_DISTANCE_AFTER = re.compile(
    r"[^\S\n]?(?:"
    r"[%₼₸₾₽$€£₹]"
    rf"|(?:azn|manat|man|тенге|теңге|тг|tg|руб{_LETTER}*|р\.|rub|usd|eur|euro|евро|долл{_LETTER}*|dollar{_LETTER}*"
    rf"|лари|lari|gel|rs|npr|рупи{_LETTER}*|сом|сум|sum)(?!{_LETTER})"
    r"|रु|रुपैयाँ|रुपियाँ|लारी"
    rf"|(?:kw|квт|hp|ps|cc|л\.\s?с|лс|kg|кг|mm|мм|см|cm|l|л|lt|litr{_LETTER}*|литр{_LETTER}*)(?!{_LETTER})"
    rf"|(?:год{_LETTER}*|лет|г\.|years?|yrs?|il|ildə|жыл{_LETTER}*|წ\.|წლ{_LETTER}*)(?!{_LETTER})"
    r"|साल|वर्ष"
    rf"|(?:months?|мес(?:яц{_LETTER}*|\.)?|ay{_LETTER}*|ай{_LETTER}*|თვ{_LETTER}*"
    rf"|weeks?|недел{_LETTER}*|həftə{_LETTER}*|апта{_LETTER}*|კვირ{_LETTER}*"
    rf"|days?|дн(?:я|ей)|день|сут{_LETTER}*|gün{_LETTER}*|күн{_LETTER}*|დღ{_LETTER}*)(?!{_LETTER})"
    r"|महिना|हप्ता|दिन"
    rf"|(?:час{_LETTER}*|ч\.|hours?|hrs?|h|saat{_LETTER}*|сағ{_LETTER}*|საათ{_LETTER}*|minutes?|mins?|мин{_LETTER}*"
    rf"|dəq{_LETTER}*|deq{_LETTER}*|წუთ{_LETTER}*)(?!{_LETTER})"
    r"|घण्टा|घन्टा|मिनेट|बजे"
    r")"
)
# Speeds, fuel economy and distances per day or year: km/h, км/ч, km/l, kmh, kmph,
# "км в час", "100 कि.मि. प्रति घण्टा", "15 000 km a year", "gündə 100 km".
_RATE_AFTER = re.compile(
    r"\s?/\s?\D|h(?!\w)|ph(?!\w)|pl(?!\w)"  # km/h, kmh, kmph, kmpl
    r"|\s(?:в|per|an|a|प्रति)\s?(?:час|hour|saat|घण्टा|घन्टा|घंटा|день|сутки|day|неделю|week|месяц|month|год|year|दिन)"
    r"(?![^\W\d_])(?!\s+ago)"
    r"|\s?प्रति\s?(?:घण्टा|घन्टा|घंटा|दिन)"  # with a case ending: "प्रति घण्टामा"
    rf"|\s(?:saatda|saatı|сағатына|საათში|gündə|күніне|დღეში|दिनमा|ayda|айына|თვეში|ildə|жылына|წელიწადში)(?!{_LETTER})"
)
# ... and the same written before the number: "gündə 100 km", "в день 300 км", "ildə 15 000 km".
_RATE_BEFORE = re.compile(
    r"(?<!\w)(?:(?:a|per|в|за)\s+(?:day|week|month|year|день|сутки|неделю|месяц|год)"
    r"|gündə|ayda|ildə|күніне|айына|жылына|დღეში|თვეში|წელიწადში)\s*$"
    r"|(?:दिनमा|महिनामा|वर्षमा|प्रति\s?(?:दिन|महिना|वर्ष))\s*$"
    # distance per litre (fuel economy): "लिटरमा १४ किमि", "per litre 14 km", "на литр 12 км"
    r"|(?<!\w)(?:per|a|на|за)\s+(?:litre|liter|литр)\s*$|(?:litrə|litre|литрге|ლიტრზე|लिटरमा|लिटरको|प्रति\s?लिटर)\s*$"
)
# Distances that are not a reading: intervals ("every 10 000 km", "каждые", "hər") and
# limits ("up to 100 000 km", "до 150 000 км"), e.g. in warranty and service-plan questions.
_INTERVAL_OR_LIMIT_BEFORE = re.compile(
    r"(?<!\w)(?:every|each|каждые|каждых|каждый|каждого|hər|her|әр|ყოველ|हरेक|प्रत्येक|har|harek|yovel"
    r"|дейін|шейін|qədər|qeder|через|ещ[её]|тағы|тагы|ta[gq]h?y|due\s+(?:in|at)|in\s+another"
    r"|(?:то|техобслуживание|сервис|service|servis)\s+(?:на|at|в)"
    r"|up\s+to|within|до|не\s+более|максимум|(?<!pro\s)max(?:imum)?"  # not "Tiggo 8 Pro Max"
    r"|(?:impossible|possible|stop\w*|due|service)\s+in)[ \t:]*$"  # a countdown: "engine start impossible in 600 miles"
)
_INTERVAL_OR_LIMIT_AFTER = re.compile(
    rf"[\s-]?(?:{_LETTER}{{0,3}}\s)?(?:сайын|saiyn|sayin|q[əe]d[əe]r(?:d[iı]r?)?|дейін|шейін|deiin|dək|მდე|सम्म|samma|limit"
    rf"|მერე|შემდეგ|sonra|кейін)(?!{_LETTER})"
    rf"|-?(?:{_LETTER}{{0,3}})?მდე"
)
# A warranty or service-plan limit: "5 years or 150 000 km", "100 000 км или 3 года",
# "8 il və ya 160 000 km", "5 жыл немесе", "5 წელი ან", "५ वर्ष वा", also "3 года/100 000 км".
_PERIOD = (
    rf"(?:years?|yrs?|months?|год{_LETTER}*|лет|мес{_LETTER}*|il|ay|жыл{_LETTER}*|ай{_LETTER}*"
    rf"|წელ{_LETTER}*|წლ{_LETTER}*|თვ{_LETTER}*|jyl{_LETTER}*|zhyl{_LETTER}*|wel{_LETTER}*|tsel{_LETTER}*|wl{_LETTER}*"
    rf"|barsa|barsha|bars|sal|god{_LETTER}*|let|mahina|mahena)(?!{_LETTER})|वर्ष|साल|महिना"
)
_OR = (
    r"(?:or|или|либо|v[əe]\s+ya|yaxud|ya\s+da|ya|немесе|nemese|не|ან|an|वा|wa|va|अथवा|athawa|athaba|या|ili"
    r"|ki|कि)(?!\w)|/"  # Nepali "ki": "10,000 km ki 6 mahina"
)
_WARRANTY_BEFORE = re.compile(rf"(?<![\w.,])\d+\s?-?\s?(?:{_PERIOD})\s*,?\s*(?:{_OR})\s*$")
_WARRANTY_AFTER = re.compile(rf"\s*,?\s*(?:{_OR})\s*\d+\s?-?\s?(?:{_PERIOD})")
# A distance to or from a place: "Bakıdan 30 km", "Алматыдан 40 км", "თბილისიდან 30 კმ",
# "काठमाडौंबाट ३० कि.मि." (the ablative case: "from Baku"), "в 40 км от Караганды",
# "40 km from Almaty", "30 km away" ("45,000 km from new" is still a reading).
_PLACE_BEFORE = re.compile(
    # not "sedan", "Казахстан"
    rf"(?:{_LETTER}{{2,}}(?:(?<!se)dan|dən|den|(?<!се)дан|ден|(?<!с)тан|тен|нан|нен|დან|მდე|mde)"
    r"|[\u0900-\u097f]+\s?(?:बाट|भन्दा)"
    rf"|{_LETTER}{{2,}}\s(?:bata|bhanda)"  # Nepali typed in Latin letters: "Mugling bata"
    rf"|{_LETTER}{{2,}}(?:ya|yə)(?:\s+h[əe]l[əe])?"  # to a place (az dative): "Bakıya hələ 380 km"
    rf"|(?<!\w)(?:from|от|из|до)\s+{_LETTER}+)"
    rf"(?:\s+{_LETTER}+){{0,2}}[\s:?-]*$"
    # a kilometre post on a road: "на трассе М-4, 312 км", "highway A1, km 45"
    rf"|(?<!{_LETTER})(?:трасс{_LETTER}*|шоссе|trass{_LETTER}*|highway|hwy|магистрал{_LETTER}*|avtoban{_LETTER}*)"
    r"(?:[\s,]+\S{1,8}){1,2}[\s,]*$"
)
_PLACE_AFTER = re.compile(
    rf"(?:-{_LETTER}{{1,4}})?\s+(?:from(?!\s+new)|away|outside|от|из|uzaqda|uzaqlıqda|aralıda|məsafədə|жерде"
    rf"|қашықтықта|მოშორებით|დაშორებით"
    # still to go: "Bakıya 25 km qalır", "осталось", "қалды"
    rf"|qal(?:ır|ir|ıb|ib|dı|di|dy)|kaldy|осталось|остается|қалды|калды|қалғанда|калганда|qalganda|დარჩა|darchen{_LETTER}*"
    rf"|maqvs\s+darchen{_LETTER}*|yol(?:du|dur)?|jol|жол|იქნება|iqneba|будет|olacaq|უნდა|unda"
    # a distance to a place, or one the car will go: "300 km to Ganja", "400 km gedəcək"
    rf"|(?:to(?!\s+date)|до)\s+{_LETTER}+|ged[əe]c[əe]k{_LETTER}*|one\s+way|round\s+trip|в\s+одну\s+сторону)(?!{_LETTER})"
    r"|\s+(?:टाढा|बाँकी|अगाडि|पछाडि|tadha|baki|agadi|pachadi)(?![^\W\d_])"
    rf"|(?:-{_LETTER}{{1,4}})?\s+{_LETTER}{{3,}}ამდე(?!{_LETTER})"
)
# A distance driven since something: "5 ათასი კმ-ის წინ", "2000 км назад", "500 km ago".
_AGO_AFTER = re.compile(
    rf"(?:-{_LETTER}{{1,4}})?\s+(?:ago|назад|тому|əvvəl|evvel|бұрын|бурын|წინ)(?!{_LETTER})|\s+(?:अघि|अगाडि)"
)
# Consumption: "8 л на 100 км", "per 100 km", "100 km-ə 7 litr", "100 კმ-ზე 12 ლიტრს წვავს",
# "расход 12 литр 100 км ге": 100 km with "per" before it, or with an amount of fuel or
# energy, or a word for consumption, in its sentence.
_PER_BEFORE = re.compile(r"(?<!\w)(?:на|per|a|hər|her|для)\s*$")
_CONSUMPTION = re.compile(
    rf"\d\s?(?:l|л|lt|litr{_LETTER}*|liter{_LETTER}*|litre{_LETTER}*|литр{_LETTER}*|ლიტრ{_LETTER}*|kwh|квт\W?ч)(?!{_LETTER})"
    r"|\d\s?(?:लिटर|लिटर)"
    rf"|(?<!{_LETTER})(?:расход{_LETTER}*|rasxod{_LETTER}*|s[əe]rfiyyat{_LETTER}*|шығын{_LETTER}*|consumption|mpg"
    rf"|წვავ{_LETTER}*|ხარჯავ{_LETTER}*|ხარჯ{_LETTER}*|ჭამ{_LETTER}*|ест(?!ь)|жр[её]т|жейді|yeyir|eats|burns)"
    r"|खपत|खान्छ"
)
# The distance a charge or a tank lasts: "350 km range", "запас хода 400 км", "tam şarjda
# 350 km gedir", "range अहिले २५० km", "ერთ დამუხტვაზე 300 კმ".
_RANGE = re.compile(
    rf"(?<!{_LETTER})(?:range|запас\w*\s+хода|батаре\w*\s+держит|на\s+(?:одном|полном)\s+заряд{_LETTER}*|ş?arjda|şarjla|sarjla|zaryad(?:la|da)"
    rf"|зарядта|зарядкада|зарядпен|დამუხტვ{_LETTER}*|მუხტზე|damuxtv{_LETTER}*"
    rf"|(?:on|per|in)\s+(?:a\s+|one\s+)?(?:full\s+)?charge|(?:full|ek)\s+charge(?:\s+ma)?)(?!{_LETTER})"
    r"|रेन्ज|रेञ्ज|चार्जमा"
)
# Anywhere in a message, what makes an unnamed distance under 1 000 km a distance to somewhere.
_HOW_FAR = re.compile(
    r"(?<!\w)(?:how\s+far|далеко|расстояни\w*|m[əe]saf[əe]\w*|қашық\w*|кашык\w*|მანძილ\w*|შორს)(?!\w)"
    r"|कति\s?टाढा|दूरी|kati\s+tadha"
)
# Anywhere in a message, what makes an unnamed distance under 1 000 km a range.
_CHARGE_OR_RANGE = re.compile(
    r"(?<!\w)(?:zaryad\w*|заряд\w*|şarj\w*|sarj\w*|charg\w*|батаре\w*|batarey\w*|battery|аккумулятор\w*|range"
    r"|запас\w*\s+хода|каталог\w*|catalog\w*|კატალოგ\w*|описани\w*|wltp|nedc|cltc|ბატარე\w*|დამუხტ\w*"
    r"|ev|электромоб\w*|ელექტრო\w*|დატენ\w*|sait\w*|сайт\w*|საიტ\w*|website)(?!\w)|\d\s?%|रेन्ज|चार्ज|ब्याट्री"
)
_RANGE_WINDOW = 25  # characters either side of the distance
# A service named by its distance: "the 60 000 km service", "30 min km servisi", "60 тыс км ТО".
_SERVICE_WORDS = (
    rf"service|servis{_LETTER}*|сервис{_LETTER}*|то(?!{_LETTER})|техобслуживан{_LETTER}*"
    rf"|სერვის{_LETTER}*|ტექმომსახურ{_LETTER}*|सर्भिस{_LETTER}*|सर्विस{_LETTER}*"
)
_SERVICE_AFTER = re.compile(rf"[ \t-]?(?:wala\s|वाला\s|იანი\s)?(?:{_SERVICE_WORDS}|to-{_LETTER}+)")
# ... and named before a distance in its sentence: "first free service 1000 km ma".
_SERVICE_BEFORE = re.compile(rf"(?<![\w\u0900-\u097f])(?:{_SERVICE_WORDS})(?![^\W\d_])")
# What the warranty covers, not the car's reading: "кепілдік 100 000 км ба", "warranty is
# 100k km?", "zəmanət 150 min km-dir" (at most two words between, no comma).
_WARRANTY_WORD_BEFORE = re.compile(
    rf"(?<!{_LETTER})(?:warranty|guarantee|гаранти{_LETTER}*|z[əe]man[əe]t{_LETTER}*|кепілдік{_LETTER}*|кепилдик{_LETTER}*"
    rf"|გარანტი{_LETTER}*)(?:\s+{_LETTER}+){{0,2}}[\s:-]*$"
    r"|(?:वारेन्टी|वारेंटी|ग्यारेन्टी)(?:\s+[\u0900-\u097f]+){0,2}\s*$"
)
# A bare "45k" is usually a mileage in this chat, but not after a word about money.
_PRICE_BEFORE = re.compile(
    r"(?<!\w)(?:cost|price|paid|pay|for|spen[dt]|budget|бюджет|b[üu]dc[əe]|\$|€|стои|цен|за|заплат|плат|потрат|qiymət|qiymet|ödə|ode|xərc"
    r"|баға|төле|жұмса|ფას|გადავიხადე|დავხარჯე"
    r"|मूल्य|पैसा|तिर|खर्च|रु|salary|зарплат|maaş)\S*\s*(?:\S+\s*)?$"
)
# A distance unit written before its number: "км 88 000", "km: 45000", "კმ 45000",
# "कि.मि. ४५०००", "किलोमिटर ५६००० पुग्यो". Only the whole words for miles: a bare
# "mi" or "mil" before a number is too often something else.
_UNIT_BEFORE = re.compile(
    rf"(?<![\w\u0900-\u097f])(?:(?P<km>{_KILOMETRES})|(?P<miles>miles|миль|მილ(?!იონ){_LETTER}*|माइल(?!ेज)"
    r"|(?:^|(?<=[,;:\n]\s)|(?<=[,;:\n]))mi))"  # "RAV4 hybrid, mi 45,300"
    r"[\s:=–—-]*$"
)
# ... unless it is the unit of the number before it: "2 км 300 м", "на 100 км 8".
# (A number, not the digits that end a VIN or a code: "lvvdb11b5kd045678\nkm 38500".)
_NUMBER_OR_THOUSAND_BEFORE = re.compile(
    # \Z, not $: "$" would also match before a line break ("2021.\nKm: 112 000")
    r"(?<!\w)\d+(?:[ .,]\d+)*(?:\s?(?:" + "|".join(pattern for pattern, _ in _MULTIPLIERS) + r"))?[^\S\n]*\.?[^\S\n]*\Z"
)
# Verbs that say how far the car has gone: "намотал 60 тыс", "прошла 80 тысяч", "done 45k",
# "has 45k on it", "45 min (yol) gedib", "45 мың жүрді", "95 ათასი (აქვს) გავლილი",
# "४५ हजार कुदेको". The Azerbaijani ones are kept apart: only they may follow "45 min",
# which in English is 45 minutes.
_MILEAGE_VERBS_AZ = (
    rf"ged(?:ib|miş|mis){_LETTER}*|getib{_LETTER}*|getmi[şs]{_LETTER}*|sürül(?:üb|müş){_LETTER}*|surul(?:ub|mus){_LETTER}*"
    rf"|qaçıb{_LETTER}*|qacib{_LETTER}*|keçib{_LETTER}*|kecib{_LETTER}*|y[üu]r[üu](?:y[üu])?b{_LETTER}*"
    rf"|var(?!{_LETTER})|olub(?!{_LETTER})"  # "57 min var": it has 57 thousand
)
_MILEAGE_VERBS = (
    _MILEAGE_VERBS_AZ
    + rf"|намота{_LETTER}*|набежа{_LETTER}*|наезди{_LETTER}*|наката{_LETTER}*|отката{_LETTER}*|отъезди{_LETTER}*"
    rf"|пробежал{_LETTER}*"
    rf"|прош(?:ла|[её]л|ли)(?!{_LETTER})"
    r"|done|clocked|covered|racked\s+up|on\s+(?:it|her|the\s+clock)(?!\w)"
    rf"|(?:i'?m|i\s+am|we'?re|it'?s|currently|now)\s+at(?!\w)|reached|hit|перевалил{_LETTER}*"
    r"|पुग्यो|पुगेको|पुगिसक"
    # what the odometer shows: "показывает 40 тыс", "göstərir 85 min"
    rf"|shows|showing|показыва{_LETTER}*|көрсет{_LETTER}*|göstər{_LETTER}*|gostər{_LETTER}*|gosterir|აჩვენ{_LETTER}*"
    r"|देखाउँ[\u0900-\u097f]*|देखाउ[\u0900-\u097f]*"
    rf"|ж[үу]р[іи]?д[іи](?!{_LETTER})|ж[үу]рген{_LETTER}*|ж[үу]р[іи]пт[іи](?!{_LETTER})"  # also typed plainly: "журди"
    rf"|გავლილ{_LETTER}*|გაიარა{_LETTER}*|გაუვლია|გაირბინა|gavlil{_LETTER}*|gaiara|gauvlia|cross(?:ed)?"
    r"|(?:कुद|गुड|चल)(?:ेको|्यो|िसक)[\u0900-\u097f]*"
    rf"|(?:chal|kud|gud|pug)(?:eko|yo|isak|isk){_LETTER}*"
    # Georgian "passed", "exceeded", "became", "is approaching": "150 ათასს გადასცდა", "60 000-ს უახლოვდება"
    rf"|გავიდა|გადასცდა|გადააცილა|გახდა|უახლოვდება|მიუახლოვდა|gavida|gadascda|gaxda|uaxlovdeba|აქვს|aqvs"
    rf"|асты|асып|asty"  # Kazakh "exceeded": "250 мыңнан асты"
)
# Verbs of a journey, which with a big number and no unit say how far the car has gone:
# "15 ათასი გავიარე", "проехал уже 120 тыс", "drove 95k".
_DROVE = (
    rf"drove|driven|про[еъ]ха{_LETTER}*|getdi[mk]|sürdü[mk]|surdu[mk]|жүрді[мк]|журди[мк]"
    rf"|გავიარე{_LETTER}*|ვიარე{_LETTER}*"
    r"|(?:गुडाए|चलाए|कुदाए)ँ"
)
# Up to two words between such a verb and the number: "прошла уже почти 80 тысяч".
_VERB_GAP_WORDS = r"(?:(?:[^\W\d_]|[\u0900-\u0963\u0971-\u097f])+\s+){0,2}"
# "Now" just before a number: it is the current reading, whatever other distances the
# message names ("120 min km-də zəncir dəyişilir? indi 112 min km-dəyəm").
_NOW_BEFORE = re.compile(
    r"(?<![\w\u0900-\u097f])(?:now|currently|сейчас|щас|счас|теперь|indi|hal[\s-]?haz[ıi]rda|haz[ıi]rda|қазір|казир"
    r"|ახლა|अहिले|अब|qazir|kazir|ahile|ahle|aile|axla"
    # "exactly": the precise figure after a round one ("400 000 km-dən çoxdur, dəqiq 412 350")
    r"|d[əe]qiq|exactly|precisely|точнее|ровно|нақты|naqty|ზუსტად|zustad|ठ्याक्कै|thyakkai)"
    r"[\s:]+(?:(?:[^\W\d_]|[\u0900-\u0963\u0971-\u097f'’])+\s+){0,2}$"  # "now it shows 42 100"
)
_EXACT_AFTER = re.compile(
    r"\s*(?:km\s*|км\s*)?(?:to\s+be\s+(?:exact|precise)|exactly|precisely|если\s+точно"
    r"|сейчас|щас|now|right\s+now|currently|already|уже|artıq|artiq|indi|hal[\s-]?haz[ıi]rda|қазір|qazir|ახლა|axla)(?!\w)"
)
# A round reading, then the exact one in parentheses: "2 lakh pugna lagyo (1,98,000)".
_CORRECTION_BEFORE = re.compile(rf"(?:\d\s?\S{{1,12}}|\d|{_MULTIPLIER.pattern})[^()\d]{{0,25}}\(\s*$")
_CLOSING_PARENTHESIS = re.compile(r"\s*(?:km|км)?\s*(?:छ|cha|chha)?\s*\)")
# A customer correcting the number just typed: "ой сорри не 45 а 54", "45 yox 54 min",
# "86 000 ой жоқ 68 000", "45 ათასია.. ბოდიში 45 კი არა 54", "73k km no wait 37k".
_CORRECTION_MARKER = re.compile(
    r"(?<![\w\u0900-\u097f])(?:sorry|sry|soz|pardon|oops|no\s+wait|wait\s+no|i\s+mean|my\s+bad|typo|misread"
    r"|пардон|сорри|сори|извин\w*|прошу\s+прощения|ой|упс|хотя\s+нет|вернее|ошиб\w*|опечат\w*"
    r"|yox|s[əe]hv|qar[ıi]şd[ıi]rd[ıi]m|qarisdirdim|ba[ğg][ıi][şs]la\w*|кешір\w*|кешир\w*|қате|kate|qate|keshir\w*"
    r"|ბოდიში|ავურიე|შევცდი|კი\s+არა|bodishi|maaf|galti|galat|गलत|माफ"
    r"|жо[қк]\s+па|jo[qk]\s+pa|или\s+нет|or\s+not|емес|emes|არა|ara)(?![\w\u0900-\u097f])"
)
# "At" a distance: a locative ending after it ("80 min km-də", "90 мыңда", "60 ათასზე",
# "किमीमा", "1000 km ma") or "at", "на" before it.
_LOCATIVE_AFTER = re.compile(r"-?(?:d[əae]|t[əae]|да|де|та|те|ზე|मा)(?![^\W\d_])|\s(?:ma|maa|मा)(?![^\W\d_])")
# A unit alone after a correction: "67 min mil\nyox km-dir", "45k km, sorry, miles".
_UNIT_CORRECTED = re.compile(rf"[\s,:;.-]*(?:(?P<km>{_KILOMETRES})|(?P<miles>{_MILES}))(?![^\W\d_])")
_AT_BEFORE = re.compile(r"(?<!\w)(?:at|на|в)\s+$")
# A past verb of work on the car: "dəyişmişdim", "ауыстырғанмын", "შევცვალე", "फेरेको",
# "garisakeko", "меняли", "changed".
_PAST_WORK = re.compile(
    r"(?<![\w\u0900-\u097f])(?:d[əe]yi[şs]\w*(?:dim|dik|di|mi[şs]\w*|ildi)|deyis\w*(?:dim|dik|mis\w*)"
    r"|ауыстыр(?:ған\w*|дым|дық|ды|ылды)|auystyr(?:gan\w*|dym|dyq|dyk)"
    r"|შევცვალე\w*|შეიცვალა|გამოვცვალე\w*|შეცვალეს|შევაკეთე\w*|gamovcvale|shevcvale"
    r"|garisak\w*|gareko|fereko|ferisak\w*|pher\w*ko"
    r"|(?:по)?менял\w*|замен(?:ил|или|ял|яли)\w*"
    r"|changed|replaced|swapped|fixed|repaired|done)(?!\w)"
    r"|(?:फेरे|फेर्|गरेको|गरिसके|बदले|फेरिसके)"
)
# What the car's reading was then, not what it is: "onda 80 min km idi", "тогда было 80 тыс".
_WAS_AFTER = re.compile(r"[^\S\n]*-?(?:idi|ydi|еді|еди|болатын|было)(?![^\W\d_])")
# Georgian "at N" on a number: "71 500-ზეა" (it is at 71 500).
_AT_AFTER = re.compile(rf"-?ზე(?:ა|ც)?(?!{_LETTER})")
# A second distance joined by "or" to an interval is one too: "каждые 10 000 или 15 000 км".
_OR_BETWEEN = re.compile(
    r"^[^\d.!?\n]{0,40}?(?<!\w)(?:or|или|либо|әлде|немесе|yoxsa|ya\s+da|v[əe]\s+ya|ან|वा|अथवा)\s*$"
)
# The locative of a "thousand" word: the car is at that reading ("140 ათასზეა", "80 mində",
# "90 мыңда", "८० हजारमा").
_AT_THOUSAND = re.compile(rf"(?:ათასზე{_LETTER}*|mind[əe](?!{_LETTER})|мыңда(?!{_LETTER})|हजारमा|हज़ारमा)$")
# "About" or "almost" before a "thousand" number: "шамамен 85 мыңдай", "az qala 300 min",
# "примерно 120 тысяч", "करिब ८० हजार"; and Kazakh "-дай" on the thousand ("85 мыңдай").
_ABOUT_AZ = r"t[əe]xmin[əe]n|t[əe]qrib[əe]n|az\s+qala"  # the only ones that make "90 min" a reading
_ABOUT_BEFORE = re.compile(
    r"(?<![\w\u0900-\u097f])(?:about|around|almost|nearly|approx\w*|roughly|почти|около|примерно|приблизительно"
    rf"|где-?то|порядка|{_ABOUT_AZ}|шамамен|shamamen|шамасы|жуық|жуык|дерлік"
    r"|დაახლოებით|თითქმის|daaxloebit|titqmis|करिब|झन्डै|लगभग|karib|jhandai|lagbhag|~|≈)[\s:]*$"
)
_ABOUT_THOUSAND = re.compile(r"(?:мың|мын)д[ае]й$")
_ABOUT_BEFORE_AZ = re.compile(rf"(?<!\w)(?:{_ABOUT_AZ})\s*$")
# "Total" before a number when the message speaks of distances: "due in 1 500 km, total 58 500".
_TOTAL_BEFORE = re.compile(
    r"(?<![\w\u0900-\u097f])(?:total|overall|reading|reads|всего|итого|общий|c[əe]mi|ümumi|umumi|барлығы|жалпы|სულ|जम्मा|कुल)[\s:=-]*$"
)
# Nothing but punctuation or emoji after the number until the end of its line.
_ENDS_LINE = re.compile(r"[^\w\n]*(?:\n|$)")
# Before "45 min", what makes it minutes: "waited 45 min", "for 45 min", "in 45 min".
_DURATION_BEFORE = re.compile(
    r"(?<!\w)(?:for|in|after|about|around|waited|wait|took|takes|over|than|every|each|last|past|only)\s*$"
)
_NOT_BEFORE = re.compile(r"(?<!\w)(?:не|not|no|yox|emes|емес|არა|ara|होइन|hoina)[\s,]*$")
_MILES_WORD = re.compile(rf"(?<![\w\u0900-\u097f])(?:{_MILES})")
# Miles named in full: "mi" and "mil" alone are also Azerbaijani question particles ("var mi?").
_MILES_IN_FULL = re.compile(
    rf"(?<![\w\u0900-\u097f])(?:miles?|мил(?:ь|и|ях|ям|ями)|მილ(?!იონ){_LETTER}*|მაილ{_LETTER}*|mili[ae]?|माइल(?!ेज))"
    rf"(?![^\W\d_])"
)
_KM_ANYWHERE = re.compile(rf"(?<![\w\u0900-\u097f])(?:{_KILOMETRES})(?![^\W\d_])")
_MILEAGE_VERB_BEFORE = re.compile(rf"(?<![\w\u0900-\u097f])(?:{_MILEAGE_VERBS}|{_DROVE})\s+{_VERB_GAP_WORDS}$")
_MILEAGE_VERB_AFTER = re.compile(rf"(?:-{_LETTER}{{1,4}})?\s+{_VERB_GAP_WORDS}(?:{_MILEAGE_VERBS}|{_DROVE})")
# What may follow a Cyrillic к typed after a space when it means thousand (the preposition never ends a clause).
_SPACED_K_END = re.compile(
    rf"{_UNIT.pattern}|[^\S\n]*(?:[.,;!?)\n]|$)|{_MILEAGE_WORD_AFTER.pattern}|{_MILEAGE_VERB_AFTER.pattern}"
)
_AZ_MILEAGE_VERB_AFTER = re.compile(rf"\s+{_VERB_GAP_WORDS}(?:{_MILEAGE_VERBS_AZ})")
# A trip, not the odometer: "I drove 300 km yesterday", "вчера проехал 300 км", "bu gün
# 200 km getdim", "кеше 300 км жүрдім", "გუშინ 300 კმ გავიარე", "हिजो ३०० कि.मि. गुडाएँ":
# a driving verb next to the distance and "today" or "yesterday" in the same sentence.
_RECENT_DAY = re.compile(
    r"(?<!\w)(?:yesterday|today|tonight|tomorrow|last\s+night|this\s+morning|вчера|позавчера|сегодня|завтра"
    r"|dünən|bu\s?gün|srağagün|sabah|кеше|бүгін|ертең|გუშინ|დღეს|ხვალ)(?!\w)"
    r"|(?<![\u0900-\u097f])(?:हिजो|आज|अस्ति|भोलि)"
)
_TRIP_VERBS = (
    _MILEAGE_VERBS + "|" + _DROVE + rf"|drive|travel{_LETTER}*|went|did"
    rf"|проеду|ездил{_LETTER}*|съездил{_LETTER}*|поездил{_LETTER}*"
    rf"|gəzdi[mk]|бард[ыі][мк]|ვიმგზავრე{_LETTER}*"
    r"|(?:हाँके|गए)ँ|यात्रा"
)
_TRIP_VERB_BEFORE = re.compile(rf"(?<![\w\u0900-\u097f])(?:{_TRIP_VERBS})\s+{_VERB_GAP_WORDS}$")
_TRIP_VERB_AFTER = re.compile(rf"\s+{_VERB_GAP_WORDS}(?:{_TRIP_VERBS})")
_SENTENCE_END = re.compile(r"[.!?;\n]")
_CLAUSE_END = re.compile(r"[,.!?;\n](?!\d)")
_LONGEST_TRIP_KM = 2000  # more than a car drives in a day: "сегодня прошла 100 000 км" is a milestone
_YEARS = range(1950, 2036)
_SPACES = re.compile(r"\s{1,2}")
# A Georgian number word with a case ending: "ხუთასზეა" (at five hundred), "ხუთასს".
_GEORGIAN_CASED_NUMBER = re.compile(r"(?P<word>[ა-ჰ]+?)(?:ზე[აც]?|ს|ია)(?![ა-ჰ])")
# What may follow the tail of a compound ("120 мың 500 км", "29 min 400, skoda"): a unit,
# or the end of the clause; "45 мың 300 теңге" is a price.
_TAIL_END = re.compile(rf"{_UNIT.pattern}|[^\S\n]*(?:[,.;!?)\n]|$)")


@dataclass(frozen=True)
class _Quantity:
    """A number as typed, with its "thousand" word and compound tail, before any unit."""

    start: int
    end: int
    value: float
    multiplied: bool  # a "thousand", "lakh" ... word follows the digits
    bare_k: bool  # ... and it is the "k" of "45k"
    leading_zero: bool
    minutes_like: bool = False  # ... and it is Azerbaijani "min", which in English is minutes
    head: float = 0.0  # the number before the "thousand" word: 45 of "45 тыс"
    factor: int = 1  # ... and that word's factor: 1000


@dataclass(frozen=True)
class _Reading:
    """A quantity judged to be a mileage."""

    start: int
    end: int
    km: int
    confidence: float
    named: bool = False  # a mileage word stands next to it ("пробег 76 300")
    unit: bool = False  # a distance unit stands next to it ("76 300 km")
    now: bool = False  # "now" or "exactly" names it: it wins over any other reading
    miles: bool = False  # the unit next to it is miles


def parse_number(number: str, fraction: str | None = None) -> float:
    """The value of a number as matched by `_NUMBER`: "45 000" -> 45000, "45", "5" -> 45.5."""
    digits = "".join(ch for ch in number if ch.isdigit())
    return float(f"{digits}.{fraction}") if fraction else float(digits)


def _find_mileages(text: str, folded: str, *, has_vin: bool = False) -> list[Entity]:
    """The readings in `text`; when a mileage word names one, only the named ones.

    "жолға шығып 1200 км жүрдік ... жалпы пробег 76 300": the word "пробег" says which
    number is the odometer, so the other distance is something else (a trip, here).
    """
    readings = []
    read_until = 0
    interval_end = -1  # where the last interval ("every 10 000 km") ended
    for number in _numbers(folded):
        if number.start < read_until:
            continue  # the tail of a compound number already read: "1 लाख [२० हजार]"
        quantity = _read_quantity(folded, number)
        if quantity is None:
            continue
        read_until = quantity.end
        if _is_interval(folded, quantity) or (
            interval_end >= 0 and _OR_BETWEEN.match(folded[interval_end : quantity.start])
        ):
            unit = _UNIT.match(folded, quantity.end)
            interval_end = unit.end() if unit else quantity.end
            continue
        reading = _judge(folded, quantity, has_vin=has_vin)
        corrected = _corrected(folded, quantity, reading)
        if corrected is not None:
            reading, read_until = corrected, corrected.end
        if reading is None or not 0 < reading.km <= MAX_MILEAGE_KM:
            continue
        readings.append(reading)
    if any(reading.now for reading in readings):
        readings = [reading for reading in readings if reading.now]
    elif any(reading.named for reading in readings):
        readings = [reading for reading in readings if reading.named]
    if _miles_meant(folded):
        readings = [r if r.unit else replace(r, km=round(r.km * KM_PER_MILE)) for r in readings]
    return [Entity("mileage", r.km, r.start, r.end, text[r.start : r.end], r.confidence) for r in readings]


def _corrected(folded: str, quantity: _Quantity, reading: _Reading | None) -> _Reading | None:
    """The reading the customer corrected this one to, if a correction follows it.

    "пробег 45 тыс, ой сорри не 45 а 54", "45 min km... pardon, 45 yox 54 min", "its on 45k
    miles\nsorry not 45 its 54k": after a word of apology or "no wait", the first other
    number is the reading, with the "thousand" and the unit of the first one when it has
    none of its own. A "thousand" number that was no reading by itself becomes one when
    it is corrected like this ("У меня 33 тыс, хотя нет, извините, 38 тыс").
    """
    if reading is None and not (quantity.multiplied and not _PRICE_BEFORE.search(folded, 0, quantity.start)):
        return None
    end = reading.end if reading is not None else quantity.end
    marker = _CORRECTION_MARKER.search(folded, end, end + 40)
    if marker is None:
        return None
    unit = _UNIT_CORRECTED.match(folded, marker.end())
    if reading is not None and reading.unit and unit is not None and bool(unit.group("miles")) != reading.miles:
        # "67 min mil\nyox km-dir": the same figure, in the other unit
        km = round(quantity.value * (KM_PER_MILE if unit.group("miles") else 1))
        return _Reading(reading.start, reading.end, km, 0.85, True, True, True, bool(unit.group("miles")))
    for number in _numbers(folded[: marker.end() + 40]):
        if number.start < marker.start() or number.value in (quantity.head, quantity.value, quantity.value / 1000):
            continue  # the number being corrected, repeated: "не 45 а 54", "67 000 - sorry, not 67 but 76"
        second = _read_quantity(folded, number)
        if second is None or second.leading_zero:
            return None
        # "не 45 а 54" takes the first figure's thousand; "10 мың ... жоқ па... 10 420" needs none
        factored = not second.multiplied and second.value < quantity.factor
        value = second.value * quantity.factor if factored else second.value
        own_unit = _UNIT.match(folded, second.end)
        miles = own_unit.group("miles") if own_unit else reading is not None and reading.miles
        km = round(value * (KM_PER_MILE if miles else 1))
        near = quantity.value / 10 <= value <= quantity.value * 10
        if not near and not (second.multiplied and quantity.head / 10 <= second.head <= quantity.head * 10):
            return None  # "пробег 45 емес 54 мың": the first figure had no thousand yet
        end = own_unit.end() if own_unit else second.end
        return _Reading(second.start, end, km, 0.85, True, bool(own_unit or miles), True, bool(miles))
    return None


def _is_interval(folded: str, quantity: _Quantity) -> bool:
    """Whether the quantity is an interval or a limit: "every 10 000 km", "10 000 км сайын", "до 150 000"."""
    unit = _UNIT.match(folded, quantity.end)
    return bool(
        _INTERVAL_OR_LIMIT_BEFORE.search(folded, max(0, quantity.start - 40), quantity.start)
        or _INTERVAL_OR_LIMIT_AFTER.match(folded, unit.end() if unit else quantity.end)
    )


def _multiplier_at(folded: str, position: int) -> tuple[int, int, bool] | None:
    """The factor, end and k-ness of a "thousand" word at `position`, if there is one.

    A "+" may stand between ("250+ т.км": over 250 thousand); a Cyrillic к after a space
    is the preposition "to" unless a unit, a mileage word or verb, or the end of the clause
    follows it ("61 к км", "78 к პრობეგი", "45 к жүрдік", "пробег 312 к.").
    """
    if folded.startswith("+", position):
        position += 1
    multiplier = _MULTIPLIER.match(folded, position)
    if multiplier is None:
        return None
    if multiplier.group("m1") and multiplier.group("space") and not _SPACED_K_END.match(folded, multiplier.end()):
        return None
    factor = next(f for i, (_, f) in enumerate(_MULTIPLIERS) if multiplier.group(f"m{i}"))
    return factor, multiplier.end(), bool(multiplier.group("m0") or multiplier.group("m1"))


@dataclass(frozen=True)
class _Number:
    """A number as typed, in digits ("45 000", "42,5") or in words ("yüz əlli", "डेढ")."""

    start: int
    end: int
    value: float
    fraction: bool  # digits with a decimal part: only meaningful with "thousand" after them
    leading_zero: bool


def _numbers(folded: str) -> list[_Number]:
    """The numbers of `folded` in order, in digits or in words.

    A number in words counts only before a word for thousand, lakh or million ("yuz elli
    min"): alone it is too often no number at all (bot/number_words.py).
    """
    numbers = [
        _Number(
            match.start(),
            match.end(),
            parse_number(match.group("number"), match.group("fraction")),
            match.group("fraction") is not None,
            match.group("number").startswith("0"),
        )
        for match in _NUMBER.finditer(folded)
    ]
    for match in LONE_QUARTER.finditer(folded):
        numbers.append(_Number(match.start(), match.end(), 1.25, True, False))
    for match in WORD_NUMBER.finditer(folded):
        value = word_number_value(match.group())
        multiplier = _multiplier_at(folded, match.end())
        lone_a_min = match.group() == "a" and folded.startswith("min", multiplier[1] - 3) if multiplier else False
        if (
            value is not None
            and multiplier is not None
            and multiplier[0] >= 1000
            and not multiplier[2]
            and not lone_a_min
        ):
            numbers.append(_Number(match.start(), match.end(), value, value != int(value), False))
    return sorted(numbers, key=lambda number: number.start)


def _read_quantity(folded: str, number: _Number) -> _Quantity | None:
    """The number with its multiplier, including compounds and a "half more" before it.

    Compounds are how people say large numbers: "1 लाख २० हजार" (1 lakh 20 thousand =
    120 000), "1 млн 200 тыс", "120 мың 500 км", "एक लाख बीस हजार". Reading only the last
    part would give a wrong value, which is worse than none. "साढे ४२ हजार" is 42 500.
    """
    start, value = number.start, number.value
    fraction = fraction_before(folded, start)
    if fraction is not None:
        start, value = fraction[0], value + fraction[1]
    multiplier = _multiplier_at(folded, number.end)
    if multiplier is None:
        if number.fraction or fraction is not None:
            return None  # "45,5" alone is no odometer reading; "45,5 тыс" is
        return _Quantity(start, number.end, value, False, False, number.leading_zero, head=number.value)
    factor, end, bare_k = multiplier
    total = value * factor
    gap = _SPACES.match(folded, end)
    tail = _tail_number(folded, gap.end()) if gap else None
    if tail is not None and not tail.fraction:
        tail_multiplier = _multiplier_at(folded, tail.end)
        if tail_multiplier is not None and tail.value * tail_multiplier[0] < factor:
            total, end, bare_k = total + tail.value * tail_multiplier[0], tail_multiplier[1], False
        elif tail_multiplier is None and tail.value < factor and _TAIL_END.match(folded, tail.end):
            total, end, bare_k = total + tail.value, tail.end, False
    minutes_like = re.fullmatch(r"\s?min", folded[number.end : end]) is not None
    return _Quantity(start, end, total, True, bare_k, number.leading_zero, minutes_like, number.value, factor)


def _tail_number(folded: str, position: int) -> _Number | None:
    """The number, in digits or words, that starts at `position`: the tail of a compound."""
    match = _NUMBER.match(folded, position)
    if match is not None:
        fraction = match.group("fraction") is not None
        return _Number(
            match.start(),
            match.end(),
            parse_number(match.group("number"), match.group("fraction")),
            fraction,
            False,
        )
    match = WORD_NUMBER.match(folded, position)
    value = word_number_value(match.group()) if match else None
    if match is None or value is None:
        match = _GEORGIAN_CASED_NUMBER.match(folded, position)  # "40 ათას ხუთასზეა": at 40 500
        value = word_number_value(match.group("word")) if match else None
        if match is None or value is None:
            return None
    return _Number(match.start(), match.end(), value, value != int(value), False)


def _judge(folded: str, quantity: _Quantity, *, has_vin: bool = False) -> _Reading | None:
    """The quantity as a mileage, or None when the context says it is not one.

    A number is a mileage when a distance unit follows it ("45 000 km", "45 тыс. км",
    "30k mi") or stands just before it ("км 88 000", "km: 45000"), when a mileage word is
    next to it ("пробег 45000", "45 ათასი გარბენი"), when a verb of driving is ("намотал
    60 тыс", "45 мың жүрді"), or when it is a bare "45k" that nothing marks as money.
    Confidence: 1.0 with a unit, 0.9 with a mileage word, 0.85 with a verb or "total", 0.8
    for a bare "45k", 0.75 for a "thousand" number alone at the end of a line after a VIN
    ("LVTDB21B5PD123456\n15 мың").
    A distance with a unit is still no reading when it is a warranty limit, a distance to
    a place or yesterday's trip (see `_elsewhere`).
    """
    start, end, value = quantity.start, quantity.end, quantity.value
    before = folded[max(0, start - 40) : start]
    unit = _UNIT.match(folded, end)
    if _is_past_work(folded, start, unit.end() if unit else end):
        return None
    if unit is not None and unit.group().strip() == "ml" and not (quantity.multiplied or value >= 1000):
        return None  # "500 ml" of oil; "54 400 ml" are miles
    if unit is not None:
        if _RATE_AFTER.match(folded, unit.end()) or _INTERVAL_OR_LIMIT_AFTER.match(folded, unit.end()):
            return None
        if unit.group().endswith("მდე"):  # "კილომეტრამდე": up to ... kilometres
            return None
        if _INTERVAL_OR_LIMIT_BEFORE.search(before):
            return None
        if not quantity.multiplied and value in (100, 1000) and _is_consumption(folded, start, unit.end(), before):
            return None  # "8 л на 100 км", oil "1 л на 1000 км": a consumption, not a reading
        if _SERVICE_AFTER.match(folded, unit.end()) or _WAS_AFTER.match(folded, unit.end()):
            return None  # "the 60 000 km service"; "onda 80 min km idi": what it was then
        if _LOCATIVE_AFTER.match(folded, unit.end()) and _service_before(folded, start):
            return None  # "first free service 1000 km ma": when that service is due
        if _elsewhere(folded, start, unit.end(), value):
            return None
        km = value * (KM_PER_MILE if unit.group("miles") else 1)
        now = _is_now(folded, before, unit.end())
        named = _next_to_mileage_word(folded, start, unit.end()) or now
        return _Reading(start, unit.end(), round(km), 1.0, named, unit=True, now=now, miles=bool(unit.group("miles")))
    if _NOT_A_DISTANCE_AFTER.match(folded, end) or _INTERVAL_OR_LIMIT_AFTER.match(folded, end):
        return None
    if _WARRANTY_BEFORE.search(before) or _WARRANTY_AFTER.match(folded, end) or _WAS_AFTER.match(folded, end):
        return None  # "8 years or 200k", "onda 80 min idi"
    if _INTERVAL_OR_LIMIT_BEFORE.search(before) or _SERVICE_AFTER.match(folded, end):
        return None
    unit_before = _unit_before(folded, start)
    if unit_before is not None:
        if not quantity.multiplied and (int(value) in _YEARS or quantity.leading_zero):
            return None
        if _RATE_AFTER.match(folded, end) or _elsewhere(folded, unit_before.start(), end, value):
            return None
        km = value * (KM_PER_MILE if unit_before.group("miles") else 1)
        named = _next_to_mileage_word(folded, unit_before.start(), end)
        return _Reading(
            unit_before.start(), end, round(km), 1.0, named, unit=True, miles=bool(unit_before.group("miles"))
        )
    if _next_to_mileage_word(folded, start, end) or (
        (quantity.multiplied or value >= 1000) and _MILEAGE_WORD_AFTER_A_WORD.match(folded, end)
    ):
        if not quantity.multiplied and int(value) in _YEARS:
            return None  # "mileage in 2019 was ..." names a year; a real 2 000 km comes with "km"
        if not quantity.multiplied and quantity.leading_zero:
            return None  # phone numbers start with 0, odometer readings do not
        return _Reading(start, end, round(value), 0.9, named=True)
    big = quantity.multiplied or (value >= 1000 and int(value) not in _YEARS and not quantity.leading_zero)
    if big and _is_now(folded, before, end) and not _PRICE_BEFORE.search(before):
        return _Reading(start, end, round(value), 0.85, named=True, now=True)
    if big and _CORRECTION_BEFORE.search(before) and _CLOSING_PARENTHESIS.match(folded, end):
        # "2 lakh pugna lagyo (1,98,000)": the exact figure of a round one
        return _Reading(start, end, round(value), 0.85, named=True, now=True)
    if big and _AT_AFTER.match(folded, end):
        return _Reading(start, end, round(value), 0.8)
    if _next_to_mileage_verb(folded, quantity) and not _PRICE_BEFORE.search(before):
        return _Reading(start, end, round(value), 0.85)
    if quantity.bare_k and not _PRICE_BEFORE.search(before):
        return _Reading(start, end, round(value), 0.8)
    if quantity.multiplied and _AT_THOUSAND.search(folded, start, end) and not _PRICE_BEFORE.search(before):
        return _Reading(start, end, round(value), 0.8)  # "140 ათასზეა": it is at 140 thousand
    about = _ABOUT_BEFORE.search(before) or _ABOUT_THOUSAND.search(folded, start, end)
    if quantity.minutes_like:  # "about 45 min" is minutes; "təxminən 90 min" is 90 thousand
        about = _ABOUT_BEFORE_AZ.search(before)
    if quantity.multiplied and about and not _PRICE_BEFORE.search(before):
        return _Reading(start, end, round(value), 0.75)  # "шамамен 85 мыңдай", "az qala 300 min"
    if big and value >= 1000 and _TOTAL_BEFORE.search(before) and _UNIT.search(folded):
        return _Reading(start, end, round(value), 0.85, named=True)  # "service due in 1 500 km, total 58 500"
    # A car described by its VIN and model, then "15 мың" or "89 min" on its own.
    minutes = quantity.minutes_like and _DURATION_BEFORE.search(before)
    if has_vin and quantity.multiplied and _ENDS_LINE.match(folded, end) and not minutes:
        return None if _PRICE_BEFORE.search(before) else _Reading(start, end, round(value), 0.75)
    # ... or a "thousand" number that is a clause of its own: "Tiggo 4 pro 2023, 60 min, yağı ..."
    clause_start, clause_end = _sentence_around(folded, start, end, 40, _CLAUSE_END)
    alone = not folded[clause_start:start].strip(" ,") and not folded[end:clause_end].strip()
    if quantity.multiplied and alone and clause_start > 0 and not minutes and not _PRICE_BEFORE.search(before):
        return _Reading(start, end, round(value), 0.7)
    return None


def _is_past_work(folded: str, start: int, end: int) -> bool:
    """Whether the distance says when work was done on the car, not how far it has gone.

    "80 min km-də remeni dəyişmişdim", "ГРМ ремнін 90 мыңда ауыстырғанмын", "60 ათასზე
    შევცვალე ღვედი", "२० हजार किमीमा clutch फेरेको थियो", "changed at 60,000 miles": the
    distance in the locative ("at") and a past verb of work in its clause ("tiggo is at
    14 800 km, first service was done at 10k": the first is the reading).
    """
    at = (
        _LOCATIVE_AFTER.match(folded, end)
        or _AT_BEFORE.search(folded, max(0, start - 12), start)
        or _AT_THOUSAND.search(folded, start, end)
    )
    if not at or _NOW_BEFORE.search(folded, max(0, start - 40), start):
        return False  # "ახლა 112 ათასზეა": now it is at 112 thousand
    clause_start, clause_end = _sentence_around(folded, start, end, 80, _CLAUSE_END)
    return _PAST_WORK.search(folded, clause_start, clause_end) is not None


def _is_now(folded: str, before: str, end: int) -> bool:
    """Whether "now" or "exactly" names the number: "indi 210 min", "24.350 to be exact"."""
    return _NOW_BEFORE.search(before) is not None or _EXACT_AFTER.match(folded, end) is not None


def _miles_meant(folded: str) -> bool:
    """Whether the message says the odometer counts miles, so that a reading without a
    unit is in miles.

    Either it names miles on their own ("ოდომეტრი მაილებშია, 32k წერია": the odometer is
    in miles, it shows 32k) and does not deny it ("54 тыс. это км, не мили"), or it gives
    other distances in miles and none in kilometres ("odometer at 36,870 ... 5yr/60k
    miles": a car from the US, whose warranty and odometer count the same unit).
    """
    named = any(
        not _NUMBER_OR_THOUSAND_BEFORE.search(folded, max(0, match.start() - 30), match.start())
        and not _NOT_BEFORE.search(folded, max(0, match.start() - 12), match.start())
        for match in _MILES_IN_FULL.finditer(folded)
    )
    if named:
        return True
    as_units = any(
        _NUMBER_OR_THOUSAND_BEFORE.search(folded, max(0, match.start() - 30), match.start())
        for match in _MILES_WORD.finditer(folded)
    )
    return as_units and _KM_ANYWHERE.search(folded) is None


def _is_consumption(folded: str, start: int, end: int, before: str) -> bool:
    """Whether "100 km" at `start`:`end` is the "per 100 km" of a fuel or energy consumption."""
    if _PER_BEFORE.search(before):
        return True
    sentence_start, sentence_end = _sentence_around(folded, start, end, 40)
    return _CONSUMPTION.search(folded, sentence_start, sentence_end) is not None


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


def _unit_before(folded: str, start: int) -> re.Match[str] | None:
    """The distance unit written just before the number at `start`, unless it belongs to an earlier number."""
    unit = _UNIT_BEFORE.search(folded, max(0, start - 30), start)
    if unit is None or _NUMBER_OR_THOUSAND_BEFORE.search(folded, max(0, unit.start() - 30), unit.start()):
        return None
    if _INTERVAL_OR_LIMIT_BEFORE.search(folded, max(0, unit.start() - 40), unit.start()):
        return None
    return unit


def _elsewhere(folded: str, start: int, end: int, km: float) -> bool:
    """Whether the distance at `start`:`end` is something other than the car's odometer.

    A warranty limit ("5 years or 150 000 km", "кепілдік 100 000 км ба"), a distance per
    day or year ("gündə 100 km"), a distance to or from a place ("Bakıdan 30 km", "в 40 км
    от Караганды"), a range on one charge ("350 km range") or a trip ("I drove 300 km
    yesterday"). A mileage word next to the distance wins over all but the first two:
    "пробег 300 км" on a new car is a reading.
    """
    before = folded[max(0, start - 40) : start]
    if _WARRANTY_BEFORE.search(before) or _WARRANTY_AFTER.match(folded, end) or _RATE_BEFORE.search(before):
        return True
    if _AGO_AFTER.match(folded, end):
        return True
    if _next_to_mileage_word(folded, start, end):
        return False
    if _PLACE_BEFORE.search(before) or _PLACE_AFTER.match(folded, end) or _WARRANTY_WORD_BEFORE.search(before):
        return True
    clause_start, clause_end = _sentence_around(folded, start, end, _RANGE_WINDOW, _CLAUSE_END)
    if _RANGE.search(folded, clause_start, clause_end):
        return True
    if km < 1000 and (_CHARGE_OR_RANGE.search(folded) or _HOW_FAR.search(folded)):
        return True  # "zaryadka 100% olanda 520 km göstərirdi", "в описании 410 км": a range, not an odometer
    return km <= _LONGEST_TRIP_KM and _is_trip(folded, start, end)


def _is_trip(folded: str, start: int, end: int) -> bool:
    """A driving verb next to the distance and "today" or "yesterday" in its sentence."""
    sentence_start, sentence_end = _sentence_around(folded, start, end, 80)
    if _RECENT_DAY.search(folded, sentence_start, sentence_end) is None:
        return False
    return (
        _TRIP_VERB_BEFORE.search(folded, sentence_start, start) is not None
        or _TRIP_VERB_AFTER.match(folded, end, sentence_end) is not None
    )


def _next_to_mileage_verb(folded: str, quantity: _Quantity) -> bool:
    """Whether a verb of driving stands within two words of a number big enough to be a mileage.

    "намотал 60 тыс" or "прошла 80000" are readings; "прошла 2 недели" or "done in 45 min"
    are not: the number needs a "thousand" word or four digits, and "45 min" only counts
    before an Azerbaijani verb ("45 min gedib").
    """
    start, end, value = quantity.start, quantity.end, quantity.value
    if not quantity.multiplied and (value < 1000 or int(value) in _YEARS or quantity.leading_zero):
        return False
    if quantity.minutes_like:
        return _AZ_MILEAGE_VERB_AFTER.match(folded, end) is not None
    return (
        _MILEAGE_VERB_BEFORE.search(folded, max(0, start - 60), start) is not None
        or _MILEAGE_VERB_AFTER.match(folded, end) is not None
    )


def _next_to_mileage_word(folded: str, start: int, end: int) -> bool:
    """Whether a mileage word stands just before the number (a few words back at most) or right after it."""
    if _MILEAGE_WORD_AFTER.match(folded, end):
        return True
    window_start = max(0, start - 60)
    last = None
    for last in _MILEAGE_WORD.finditer(folded, window_start, start):  # noqa: B007 - only the last one counts
        pass
    return last is not None and _WORD_TO_NUMBER_GAP.fullmatch(folded, last.end(), start) is not None


def _service_before(folded: str, start: int) -> bool:
    """Whether a word for a service stands before `start` in its sentence."""
    sentence_start, _ = _sentence_around(folded, start, start, 60)
    return _SERVICE_BEFORE.search(folded, sentence_start, start) is not None

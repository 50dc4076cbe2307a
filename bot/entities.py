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
from dataclasses import dataclass

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
    """All VINs and mileages in `text`, sorted by position.

    VINs are found first; a number inside a VIN is never read as a mileage.
    """
    folded = _fold(text)
    vins = _find_vins(text, folded)
    taken = [(vin.start, vin.end) for vin in vins]
    mileages = [m for m in _find_mileages(text, folded) if not _overlaps(m.start, m.end, taken)]
    return sorted(vins + mileages, key=lambda entity: (entity.start, entity.end))


def extract_vins(text: str) -> list[Entity]:
    """Only the VINs of `extract`."""
    return [entity for entity in extract(text) if entity.entity == "vin"]


def extract_mileage(text: str) -> list[Entity]:
    """Only the mileages of `extract`."""
    return [entity for entity in extract(text) if entity.entity == "mileage"]


def parse_mileage(text: str) -> int | None:
    """The first mileage in `text` in kilometres, e.g. "45 тыс. км" -> 45000; None when there is none."""
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


def _overlaps(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(start < other_end and other_start < end for other_start, other_end in spans)


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
_WORD = re.compile(r"[^\W_]+")  # letters and digits of any script
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
    """VINs written in one piece, then VINs typed in groups that can only be read one way."""
    chains = _vin_chains(folded)
    found: list[Entity] = []
    for chain in chains:
        rest: list[re.Match[str]] = []
        for word in chain:
            vin = normalize_vin(word.group()) if len(word.group()) == _VIN_LENGTH else None
            if vin is None:
                rest.append(word)
                continue
            found.append(_vin_entity(text, word.start(), word.end(), vin))
            _grouped_vins(text, folded, rest, found)
            rest = []
        _grouped_vins(text, folded, rest, found)
    return found


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
                if vin is not None:
                    windows.append((start, end, vin))
    if len(windows) != 1:
        return
    start, end, vin = windows[0]
    group_texts = [text[w.start() : w.end()] for w in words if start <= w.start() < end]
    vouched = (
        _VIN_WORDS.search(folded, max(0, start - 30), start) is not None
        or vin_check_digit_valid(vin)
        or all(any(ch.isdigit() for ch in group) or group.isupper() for group in group_texts)
    )
    if vouched:
        found.append(_vin_entity(text, start, end, vin))


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
    (?<![\w.,'#№+/$€£₼₸₾₽-])(?<!\d:)
    (?P<number>
        \d{1,2}(?:,\d{2})+,\d{3}                      # South-Asian grouping: 1,00,000
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
    (rf"k(?!{_LETTER})", 1000),
    (rf"к(?!{_LETTER})", 1000),
    (rf"тыс(?:яч[аиь]?|\.|(?!{_LETTER}))|тыщ{_LETTER}*|т\.(?=\s?км)|tys(?:\.|(?!{_LETTER}))", 1000),
    (rf"мың{_LETTER}*", 1000),
    (rf"min(?!{_LETTER})", 1000),  # Azerbaijani "min" = thousand
    (rf"ათას{_LETTER}*", 1000),
    (rf"हजार|हज़ार|हज़ार|ha[jz]aa?r(?!{_LETTER})", 1000),  # Nepali, also romanised
    (rf"thousand{_LETTER}*", 1000),
    (rf"लाख|lakh{_LETTER}*|lacs?(?!{_LETTER})", 100_000),
    (rf"млн\.?|million{_LETTER}*|milyon{_LETTER}*", 1_000_000),
)
_MULTIPLIER = re.compile(
    r"(?P<space>\s?)(?P<multiplier>"
    + "|".join(f"(?P<m{i}>{pattern})" for i, (pattern, _) in enumerate(_MULTIPLIERS))
    + ")"
)

_KILOMETRES = (
    r"kms?"  # a dot after km or км ends the sentence more often than it abbreviates
    r"|klm"
    rf"|kilomet(?:er|re|r){_LETTER}*"
    r"|км"
    rf"|километр{_LETTER}*"
    rf"|шақырым{_LETTER}*"
    rf"|კმ|კილომეტრ{_LETTER}*"
    r"|कि\.?\s?म[िी]\.?|किलो\s?म[िी]टर|के\.?\s?एम\.?"
)
_MILES = (
    rf"mi(?:les?|l|ls)?(?!{_LETTER})"
    rf"|мил(?:ь|и|ях|ям|ями)(?!{_LETTER})"
    rf"|მილ(?!იონ){_LETTER}*"
    r"|माइल(?!ेज)"
)
_UNIT = re.compile(rf"\s{{0,2}}(?:(?P<km>{_KILOMETRES})|(?P<miles>{_MILES}))")

# Words that say the number next to them is the odometer reading: "пробег 45000".
_MILEAGE_WORDS = (
    rf"пробег{_LETTER}*|probe[gq]{_LETTER}*|одометр{_LETTER}*|спидометр{_LETTER}*|жүріс{_LETTER}*"
    rf"|y[üu]r[üu][şs]{_LETTER}*"
    r"|mileage|milage|odometer|odo\b"
    rf"|გარბენ{_LETTER}*|ოდომეტრ{_LETTER}*|პრობეგ{_LETTER}*"
    r"|मा[इई]लेज|मायलेज|ओडोमिटर|ओडोमीटर"
)
_MILEAGE_WORD = re.compile(_MILEAGE_WORDS)
_MILEAGE_WORD_AFTER = re.compile(rf"\s?[-–—:]?\s?(?:{_MILEAGE_WORDS})")
# Between a mileage word and its number: up to three words ("mileage is about 45000",
# "пробег у машины сейчас 45000") and a colon or dash, but no sentence boundary or comma.
_WORD_TO_NUMBER_GAP = re.compile(r"[\s:=~≈–—-]*(?:(?:[^\W\d_]|[\u0900-\u0963\u0971-\u097f])+[\s:=~≈–—-]+){0,3}")

# After a number, what makes it something other than a mileage: money, other units,
# years, durations, percentages.
_NOT_A_DISTANCE_AFTER = re.compile(
    r"\s?(?:"
    r"[%₼₸₾₽$€£₹]"
    rf"|(?:azn|manat|man|тенге|теңге|тг|tg|руб{_LETTER}*|р\.|rub|usd|eur|euro|евро|долл{_LETTER}*|dollar{_LETTER}*"
    rf"|лари|lari|gel|rs|npr|рупи{_LETTER}*|сом|сум|sum)(?!{_LETTER})"
    r"|रु|रुपैयाँ|रुपियाँ|लारी"
    rf"|(?:kw|квт|hp|ps|cc|л\.\s?с|лс|kg|кг|mm|мм|см|cm|l|л|lt|litr{_LETTER}*|литр{_LETTER}*)(?!{_LETTER})"
    rf"|(?:год{_LETTER}*|лет|г\.|years?|yrs?|il|ildə|жыл{_LETTER}*|წ\.|წლ{_LETTER}*)(?!{_LETTER})"
    r"|साल|वर्ष"
    rf"|(?:час{_LETTER}*|ч\.|hours?|hrs?|h|saat{_LETTER}*|сағ{_LETTER}*|საათ{_LETTER}*|minutes?|mins?|мин{_LETTER}*"
    rf"|dəq{_LETTER}*|deq{_LETTER}*|წუთ{_LETTER}*)(?!{_LETTER})"
    r"|घण्टा|घन्टा|मिनेट|बजे"
    r")"
)
# Speeds and fuel economy: km/h, км/ч, km/l, kmh, kmph, "км в час".
_RATE_AFTER = re.compile(r"\s?/\s?\D|h(?!\w)|ph(?!\w)|\s(?:в|per|an|a|saatda|сағатына)\s(?:час|hour|saat)")
# Distances that are not a reading: intervals ("every 10 000 km", "каждые", "hər") and
# limits ("up to 100 000 km", "до 150 000 км"), e.g. in warranty and service-plan questions.
_INTERVAL_OR_LIMIT_BEFORE = re.compile(
    r"(?<!\w)(?:every|each|каждые|каждых|каждый|каждого|hər|ყოველ|हरेक|प्रत्येक"
    r"|up\s+to|within|до|не\s+более|максимум|max(?:imum)?)[\s:]*$"
)
_INTERVAL_OR_LIMIT_AFTER = re.compile(
    rf"[\s-]?(?:{_LETTER}{{0,3}}\s)?(?:сайын|qədər|qeder|дейін|шейін|dək|მდე|सम्म|limit)"
    rf"|-?(?:{_LETTER}{{0,3}})?მდე"
)
# Consumption: "8 л на 100 км", "per 100 km", "100 km-ə 7 litr".
_PER_BEFORE = re.compile(r"(?<!\w)(?:на|per|a|hər|для)\s*$")
# A bare "45k" is usually a mileage in this chat, but not after a word about money.
_PRICE_BEFORE = re.compile(
    r"(?<!\w)(?:cost|price|paid|pay|for|\$|€|стои|цен|за|заплат|плат|qiymət|qiymet|ödə|ode|баға|төле|ფას|გადავიხადე"
    r"|मूल्य|पैसा|तिर|रु|salary|зарплат|maaş)\S*\s*(?:\S+\s*)?$"
)
_YEARS = range(1950, 2036)
_SPACES = re.compile(r"\s{1,2}")


@dataclass(frozen=True)
class _Quantity:
    """A number as typed, with its "thousand" word and compound tail, before any unit."""

    start: int
    end: int
    value: float
    multiplied: bool  # a "thousand", "lakh" ... word follows the digits
    bare_k: bool  # ... and it is the "k" of "45k"
    leading_zero: bool


@dataclass(frozen=True)
class _Reading:
    """A quantity judged to be a mileage."""

    start: int
    end: int
    km: int
    confidence: float


def parse_number(number: str, fraction: str | None = None) -> float:
    """The value of a number as matched by `_NUMBER`: "45 000" -> 45000, "45", "5" -> 45.5."""
    digits = "".join(ch for ch in number if ch.isdigit())
    return float(f"{digits}.{fraction}") if fraction else float(digits)


def _find_mileages(text: str, folded: str) -> list[Entity]:
    found = []
    read_until = 0
    for match in _NUMBER.finditer(folded):
        if match.start() < read_until:
            continue  # the tail of a compound number already read: "1 लाख [२० हजार]"
        quantity = _read_quantity(folded, match)
        if quantity is None:
            continue
        read_until = quantity.end
        reading = _judge(folded, quantity)
        if reading is None or not 0 < reading.km <= MAX_MILEAGE_KM:
            continue
        found.append(
            Entity(
                "mileage", reading.km, reading.start, reading.end, text[reading.start : reading.end], reading.confidence
            )
        )
    return found


def _multiplier_at(folded: str, position: int) -> tuple[int, int, bool] | None:
    """The factor, end and k-ness of a "thousand" word at `position`, if there is one."""
    multiplier = _MULTIPLIER.match(folded, position)
    if multiplier is None or (multiplier.group("m1") and multiplier.group("space")):
        return None
    factor = next(f for i, (_, f) in enumerate(_MULTIPLIERS) if multiplier.group(f"m{i}"))
    return factor, multiplier.end(), bool(multiplier.group("m0") or multiplier.group("m1"))


def _read_quantity(folded: str, match: re.Match[str]) -> _Quantity | None:
    """The number at `match` with its multiplier, including compounds.

    Compounds are how people say large numbers: "1 लाख २० हजार" (1 lakh 20 thousand =
    120 000), "1 млн 200 тыс", "120 мың 500 км". Reading only the last part would give a
    wrong value, which is worse than none.
    """
    value = parse_number(match.group("number"), match.group("fraction"))
    leading_zero = match.group("number").startswith("0")
    multiplier = _multiplier_at(folded, match.end())
    if multiplier is None:
        if match.group("fraction"):
            return None  # "45,5" alone is no odometer reading; "45,5 тыс" is
        return _Quantity(match.start(), match.end(), value, False, False, leading_zero)
    factor, end, bare_k = multiplier
    total = value * factor
    gap = _SPACES.match(folded, end)
    tail = _NUMBER.match(folded, gap.end()) if gap else None
    if tail is not None and not tail.group("fraction"):
        tail_value = parse_number(tail.group("number"))
        tail_multiplier = _multiplier_at(folded, tail.end())
        if tail_multiplier is not None and tail_value * tail_multiplier[0] < factor:
            total, end, bare_k = total + tail_value * tail_multiplier[0], tail_multiplier[1], False
        elif tail_multiplier is None and tail_value < factor and _UNIT.match(folded, tail.end()):
            total, end, bare_k = total + tail_value, tail.end(), False
    return _Quantity(match.start(), end, total, True, bare_k, leading_zero)


def _judge(folded: str, quantity: _Quantity) -> _Reading | None:
    """The quantity as a mileage, or None when the context says it is not one.

    A number is a mileage when a distance unit follows it ("45 000 km", "45 тыс. км",
    "30k mi"), when a mileage word is next to it ("пробег 45000", "45 ათასი გარბენი"), or
    when it is a bare "45k" that nothing marks as money. Confidence: 1.0 with a unit, 0.9
    with a mileage word, 0.8 for a bare "45k".
    """
    start, end, value = quantity.start, quantity.end, quantity.value
    before = folded[max(0, start - 40) : start]
    unit = _UNIT.match(folded, end)
    if unit is not None:
        if _RATE_AFTER.match(folded, unit.end()) or _INTERVAL_OR_LIMIT_AFTER.match(folded, unit.end()):
            return None
        if unit.group().endswith("მდე"):  # "კილომეტრამდე": up to ... kilometres
            return None
        if _INTERVAL_OR_LIMIT_BEFORE.search(before):
            return None
        if not quantity.multiplied and value == 100 and _PER_BEFORE.search(before):
            return None  # "8 л на 100 км": a consumption, not a reading
        km = value * (KM_PER_MILE if unit.group("miles") else 1)
        return _Reading(start, unit.end(), round(km), 1.0)
    if _NOT_A_DISTANCE_AFTER.match(folded, end) or _INTERVAL_OR_LIMIT_AFTER.match(folded, end):
        return None
    if _INTERVAL_OR_LIMIT_BEFORE.search(before):
        return None
    if _next_to_mileage_word(folded, start, end):
        if not quantity.multiplied and int(value) in _YEARS:
            return None  # "mileage in 2019 was ..." names a year; a real 2 000 km comes with "km"
        if not quantity.multiplied and quantity.leading_zero:
            return None  # phone numbers start with 0, odometer readings do not
        return _Reading(start, end, round(value), 0.9)
    if quantity.bare_k and not _PRICE_BEFORE.search(before):
        return _Reading(start, end, round(value), 0.8)
    return None


def _next_to_mileage_word(folded: str, start: int, end: int) -> bool:
    """Whether a mileage word stands just before the number (a few words back at most) or right after it."""
    if _MILEAGE_WORD_AFTER.match(folded, end):
        return True
    window_start = max(0, start - 60)
    last = None
    for last in _MILEAGE_WORD.finditer(folded, window_start, start):  # noqa: B007 - only the last one counts
        pass
    return last is not None and _WORD_TO_NUMBER_GAP.fullmatch(folded, last.end(), start) is not None

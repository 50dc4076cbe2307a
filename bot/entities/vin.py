"""The VIN (ISO 3779), as customers type it in chat.

A VIN has a fixed shape, so it is recognised by that shape, not by the words around it:
written in one piece, glued to the word that announces it or to a case ending, or typed
in groups that can be joined only one way. Words that announce a VIN are only ever
supporting evidence.
"""

from __future__ import annotations

import re

from bot.entities.entity import Entity

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
# A line break too: a VIN copied from a narrow screen breaks in two ("VIN\nKNAKU811DM\n5183026").
_VIN_GROUP_SEPARATORS = frozenset(" -\n")

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
    # Russian endings, also of the word the VIN was pasted into: "по Z94K241CBLR245781му солярису" (not "…км")
    r"|[уеаюя]|ом|ой|ого|ому|го|му"
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

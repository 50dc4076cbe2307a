"""What a customer's defect description is about: its categories, the warranty part it
falls under, and whether a technician must look at it at once.

The bot uses it to tell whether a second claim for a vehicle repeats an open one
(`same_problem`), to route safety-critical defects to a technician straight away, and
to pick the warranty (powertrain, battery, drive unit, corrosion or basic) a claim is
checked against.

It reads keyword stems (`service_desk.symptom_words`) rather than asking the NLU
model: the answer must be the same every time and explainable to a technician, it must
hold in six languages and their romanised forms without training data for each
category, and safety must still be recognised when the Rasa stack is down. A stem
table errs in known ways: it does not understand negation ("no smoke") and reads
every mention, which for safety is the side to err on.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from service_desk.symptom_words import KEYWORDS, LAMP_PARTICLES, LAMP_WORDS
from service_desk.understanding.text import KEYBOARD_FOLDS

CATEGORIES = (
    "engine",
    "transmission",
    "hv_battery",
    "charging",
    "drive_motor",
    "electrical",
    "climate",
    "brakes",
    "steering",
    "suspension",
    "airbag",
    "infotainment",
    "body_paint",
    "corrosion",
    "lights",
    "leak",
    "noise",
    "warning_light",
    "smoke_fire",
    "tyres",
    "doors_windows",
    "adas",
)

# Labels of the word table that are not categories (see symptom_words).
_FLAGS = frozenset({"_power_loss", "_stopped", "_moving", "_hv_hazard", "_colour", "_ignore"})

_PARTS = {
    "hv_battery": "battery",
    "charging": "battery",
    "drive_motor": "drive_unit",
    "engine": "powertrain",
    "transmission": "powertrain",
    "corrosion": "corrosion",
}
# When a defect touches several warranty parts the claim goes under the first of these:
# the high-voltage parts first, as they cost most and carry warranties of their own;
# corrosion last, as rust mentioned beside a mechanical defect is seldom what the claim
# is about.
_PART_PREFERENCE = ("battery", "drive_unit", "powertrain", "corrosion")

# Categories a technician must look at at once whatever the wording.
_SAFETY_CATEGORIES = frozenset({"brakes", "steering", "airbag", "smoke_fire"})
# The traction battery is dangerous only when it swells, leaks, overheats or smokes;
# a battery that just holds less charge is an ordinary claim.
_HV_HAZARDS = frozenset({"_hv_hazard", "leak", "smoke_fire"})

_OTHER_HASH_BYTES = 5


@dataclass(frozen=True, slots=True)
class Symptom:
    """What `classify` read in a defect description, in terms that compare across languages."""

    categories: tuple[str, ...]  # sorted, from CATEGORIES; empty when nothing recognised
    part: str | None  # "powertrain", "battery", "drive_unit", "corrosion", or None (= the basic warranty)
    safety: bool  # a technician must look at it at once
    key: str  # "+".join(categories), or "other:" + a short stable hash of the normalised words


# -- normalisation -------------------------------------------------------------------

# Letters folded to the ones customers type instead when their keyboard lacks them:
# Azerbaijani ə and ı, Kazakh Cyrillic letters on a Russian keyboard. Letters with
# accents (ş, ç, ğ, ö, ü, ё, й, á) lose them below by Unicode decomposition. Devanagari:
# long and short i/u and the two nasal signs are confused in typing, so they are folded
# to one; joiners are dropped and Devanagari digits read as ASCII ones ("१२ भोल्ट").
_FOLD = str.maketrans(
    {
        **KEYBOARD_FOLDS,
        "\u0940": "\u093f",  # ी -> ि
        "\u0942": "\u0941",  # ू -> ु
        "\u0908": "\u0907",  # ई -> इ
        "\u090a": "\u0909",  # ऊ -> उ
        "\u200c": None,
        "\u200d": None,
        "'": None,  # "won't" is one word, as customers also type it ("wont")
        "’": None,
        "ʼ": None,
        "`": None,
        **{chr(0x0966 + digit): str(digit) for digit in range(10)},
    }
)
# Accents, and the Devanagari nukta, which decomposition splits off.
_MARKS = re.compile("[\u0300-\u036f\u093c]")
# Russian typed in Latin letters writes ч and ш as the digits that look like them
# ("te4et", "ma6ina"); only between letters, so that codes and mileages stay as they are.
_TRANSLIT_DIGITS = ((re.compile("(?<=[a-z])4(?=[a-z])"), "ch"), (re.compile("(?<=[a-z])6(?=[a-z])"), "sh"))
# A word: letters and digits, with the signs Devanagari writes vowels with; not the
# Devanagari danda (।, ॥), which ends a sentence.
_WORD = re.compile("(?:[^\\W_]|[\u0900-\u0963\u0966-\u097f])+")
# Punctuation that ends a clause: no phrase, and no lamp and its part, is read across it
# ("lights, horn and wipers dead" is not a horn warning light).
_CLAUSE_BREAK = re.compile('[,.;:!?()\\[\\]{}"«»\n\u0964\u0965]')


def _fold(text: str) -> str:
    """`text` as keywords are compared with it: case, accents and typing variants gone."""
    text = unicodedata.normalize("NFC", text).casefold().translate(_FOLD)
    text = _MARKS.sub("", unicodedata.normalize("NFD", text))
    for pattern, letters in _TRANSLIT_DIGITS:
        text = pattern.sub(letters, text)
    return unicodedata.normalize("NFC", text)


def _words(text: str) -> list[str]:
    """The words of `text`, folded; what keywords match and what an "other" key hashes."""
    return _WORD.findall(_fold(text))


# -- the keyword index ---------------------------------------------------------------

# A word of an entry: its folded text and whether it must be the whole word.
_Token = tuple[str, bool]
_MIN_STEM = 3  # shorter one-word stems would match too much; write them with "$"


@dataclass(frozen=True, slots=True)
class _Entry:
    tokens: tuple[_Token, ...]
    labels: frozenset[str]

    def matches(self, words: list[str], start: int) -> bool:
        if start + len(self.tokens) > len(words):
            return False
        return all(_token_matches(token, words[start + i]) for i, token in enumerate(self.tokens))


def _token_matches(token: _Token, word: str) -> bool:
    text, whole = token
    return word == text if whole else word.startswith(text)


def _parse(phrase: str) -> tuple[_Token, ...]:
    """The tokens of a table entry; a malformed entry stops the import, not a claim."""
    tokens = []
    for raw in phrase.split():
        whole = raw.endswith("$")
        words = _words(raw.rstrip("$"))
        if len(words) != 1:
            raise ValueError(f"symptom keyword {phrase!r}: {raw!r} is not one word")
        tokens.append((words[0], whole))
    if not tokens:
        raise ValueError("empty symptom keyword")
    if len(tokens) == 1 and not tokens[0][1] and len(tokens[0][0]) < _MIN_STEM:
        raise ValueError(f"symptom keyword {phrase!r} is too short for a stem; end it with '$'")
    return tuple(tokens)


def _index(table: Mapping[str, Mapping[str, Iterable[str]]]) -> dict[str, tuple[_Entry, ...]]:
    """Entries by the first letter they start with, best first: more words, then longer."""
    labels_by_tokens: dict[tuple[_Token, ...], set[str]] = {}
    for label, by_language in table.items():
        if label not in CATEGORIES and label not in _FLAGS:
            raise ValueError(f"symptom keyword label {label!r} is neither a category nor a flag")
        for phrases in by_language.values():
            for phrase in phrases:
                labels_by_tokens.setdefault(_parse(phrase), set()).add(label)
    index: dict[str, list[_Entry]] = {}
    for tokens, labels in labels_by_tokens.items():
        index.setdefault(tokens[0][0][0], []).append(_Entry(tokens, frozenset(labels)))
    return {
        letter: tuple(sorted(entries, key=lambda e: (-len(e.tokens), -sum(len(t) for t, _ in e.tokens))))
        for letter, entries in index.items()
    }


_INDEX = _index(KEYWORDS)
_LAMPS = tuple(_parse(word)[0] for word in LAMP_WORDS)
_PARTICLES = tuple(_parse(word)[0] for word in LAMP_PARTICLES)
# Labels that make a lamp word next to them a warning light (see LAMP_WORDS).
_PARTS_OF_A_WARNING = frozenset(CATEGORIES) - {"lights"}
_BEFORE_A_WARNING_LAMP = _PARTS_OF_A_WARNING | {"_colour"}
# A diagnostic trouble code (SAE J2012: P0420, U0100, C1201, P0A80) is read off the
# dashboard or a scanner, so it is a warning light whatever else the message says.
_TROUBLE_CODE = re.compile("[pbcu][0-9][0-9a-f]{3}")


def _entry_at(words: list[str], i: int) -> _Entry | None:
    """The best entry starting at word i, if any."""
    if i >= len(words):
        return None
    return next((e for e in _INDEX.get(words[i][0], ()) if e.matches(words, i)), None)


def _is_one_of(word: str, tokens: tuple[_Token, ...]) -> bool:
    return any(_token_matches(token, word) for token in tokens)


def _labels(words: list[str]) -> set[str]:
    """The labels of the entries found in `words`, each word used by at most one entry."""
    labels: set[str] = set()
    before: frozenset[str] = frozenset()  # the labels of the entry that ends right before word i
    i = 0
    while i < len(words):
        word = words[i]
        if before and _is_one_of(word, _PARTICLES):
            i += 1  # "oil ko light": the particle keeps the part next to its lamp
            continue
        if _is_one_of(word, _LAMPS):
            after = _entry_at(words, i + 1)
            if before & _BEFORE_A_WARNING_LAMP or (after is not None and after.labels & _PARTS_OF_A_WARNING):
                labels.add("warning_light")
                before = frozenset({"warning_light"})
                i += 1
                continue
        entry = _entry_at(words, i)
        if entry is None:
            if _TROUBLE_CODE.fullmatch(word):
                labels.add("warning_light")
            before = frozenset()
            i += 1
            continue
        labels |= entry.labels
        before = entry.labels
        i += len(entry.tokens)
    return labels


# -- the API -------------------------------------------------------------------------


def classify(text: str) -> Symptom:
    """What the defect described in `text` is about (any of the six languages, mixed or romanised)."""
    folded = _fold(text)
    words = _WORD.findall(folded)
    labels = set().union(*(_labels(_WORD.findall(clause)) for clause in _CLAUSE_BREAK.split(folded)))
    categories = tuple(sorted(labels.intersection(CATEGORIES)))
    parts = {_PARTS[c] for c in categories if c in _PARTS}
    part = next((p for p in _PART_PREFERENCE if p in parts), None)
    safety = (
        bool(_SAFETY_CATEGORIES.intersection(categories))
        or "_power_loss" in labels
        or {"_stopped", "_moving"} <= labels
        or ("hv_battery" in labels and bool(_HV_HAZARDS & labels))
    )
    if categories:
        key = "+".join(categories)
    else:
        digest = hashlib.blake2b(" ".join(words).encode(), digest_size=_OTHER_HASH_BYTES).hexdigest()
        key = f"other:{digest}"
    return Symptom(categories=categories, part=part, safety=safety, key=key)


# Categories that describe how a defect shows, not what is defective.
GENERIC_CATEGORIES = frozenset({"noise", "leak", "warning_light"})


def same_problem(a: Symptom, b: Symptom) -> bool:
    """Whether two claims describe one problem: they share a category.

    Descriptions nothing was recognised in are the same problem only when their words
    are (the keys are equal), so a repeated unrecognised message is still caught as a
    duplicate while two different unrecognised ones are not merged.
    """
    if a.categories or b.categories:
        shared = set(a.categories) & set(b.categories)
        specific = shared - GENERIC_CATEGORIES
        if specific:
            return True
        # A noise, a leak or a warning light alone says little: "the AC rattles" and "the
        # brakes rattle" are two problems. Shared only when neither names anything else.
        return bool(shared) and not (set(a.categories) | set(b.categories)) - GENERIC_CATEGORIES
    return a.key == b.key

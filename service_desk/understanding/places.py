"""Which city (or vehicle model, or any catalogue entry) a free-text answer names.

An answer to "which city?" is rarely the name alone: it carries a case ending
("Bakıda", "Алматыда", "Астанаға", "в Астане", "თბილისში", "काठमाडौंमा"), lacks the
special letters ("Gencede"), is romanized ("Tbilisshi", "Almatyda"), or has a typo
("Tbilsi"). So an alias matches the words of the answer when

* they are equal, first as written, then folded (`text.plain`: "Gəncə" = "gence") or
  romanized (`text.romanized`: "ბათუმი" = "batumi", on both sides: the catalogue may have
  only "Batumi" and the customer write "ბათუმში");
* the last word carries up to four more letters ("Bakı" + "da"), possibly after dropping
  the alias' final vowel (Russian "Астан|а" -> "Астан|е", Georgian "ბათუმ|ი" -> "ბათუმ|ში");
* failing those, a word of five letters or more is that close to a typo
  (`difflib` ratio >= 0.85); one of six letters or more may have a typo and an ending.

Of several matches the longest alias wins ("Tiggo 7 Pro" over "Tiggo 7", "Bakuriani"
over "Baku"), then the one matched as written, then the whole word over a suffixed one,
then the first in the answer. An alias shorter than three letters is only ever matched
whole ("X5"), and a stem is never shorter than four: no two-letter fragment matches.
Digits must be equal: "Tiggo 8" is not "Tiggo 7".
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

from service_desk.understanding.text import fold, plain_words, romanized, written_words

_MIN_SUFFIXED = 3  # letters an alias needs before an ending may follow it
_MIN_STEM = 4  # letters left once a final vowel is dropped
_MAX_ENDING = 4  # "Алматы" + "дағы"
_MIN_FUZZY = 5  # letters a word needs before a typo in it is forgiven
_MIN_FUZZY_ENDING = 6  # ... and before a typo followed by an ending is ("baaku" is not in "bakuriani")
_MIN_RATIO = 0.85
_KEY = 3  # letters of an alias' first word any match shares (or the whole word, if shorter)
_VOWELS = frozenset("aeiouyаеёиоуыэюяაეიოუािीुूेैोौ")
_WHOLE, _SUFFIXED, _FUZZY = 3, 2, 1
_AS_WRITTEN, _FOLDED = 2, 1
_Catalogue = tuple[tuple[str, tuple[str, ...]], ...]


@dataclass(frozen=True, slots=True)
class Place:
    """A city as customers write it."""

    code: str  # e.g. "baku"
    names: tuple[str, ...]  # every spelling we know: ("Baku", "Bakı", "Баку", "ბაქო", "बाकु")


@dataclass(frozen=True, slots=True)
class _Alias:
    entry: int  # its place in the catalogue
    words: tuple[str, ...]
    level: int  # _AS_WRITTEN (accents kept) or _FOLDED (plain or romanized)


def match_place(text: str, places: Sequence[Place]) -> Place | None:
    """The city a free-text answer names, or None."""
    entry = _best(text, tuple((place.code, tuple(place.names)) for place in places))
    return None if entry is None else places[entry]


def match_name(text: str, names: Mapping[str, Sequence[str]]) -> str | None:
    """The key whose alias the text contains, longest alias first, or None.

    Any catalogue: vehicle models ({"chery-tiggo-7": ["Tiggo 7", "Тигго 7", "Chery Tiggo7"]}),
    dealers, cities. The keys themselves are not aliases.
    """
    catalogue = tuple((key, tuple(aliases)) for key, aliases in names.items())
    entry = _best(text, catalogue)
    return None if entry is None else catalogue[entry][0]


def _best(text: str, catalogue: _Catalogue) -> int | None:
    """The catalogue entry the text names best (see the module's docstring)."""
    folded = fold(text)
    forms = {_AS_WRITTEN: [written_words(folded)], _FOLDED: _folded_forms(folded)}
    index = _index(catalogue)
    for fuzzy in (False, True):  # a typo is forgiven only when nothing matches as it is
        near = _near_words(index, {word for found in forms[_FOLDED] for word in found}) if fuzzy else {}
        best: tuple[int, int, int, int, int] | None = None
        for level, level_forms in forms.items():
            for found in level_forms:
                for at, word in enumerate(found):
                    candidates = [*index.by_start.get((level, word[:_KEY]), ())]
                    if level == _FOLDED:
                        candidates += [alias for close in near.get(word, ()) for alias in index.by_first.get(close, ())]
                    for alias in candidates:
                        kind = _match(alias.words, found, at, near)
                        if kind:
                            score = (len("".join(alias.words)), level, kind, -at, -alias.entry)
                            best = score if best is None else max(best, score)
        if best is not None:
            return -best[-1]
    return None


@dataclass(frozen=True, slots=True)
class _Index:
    """A catalogue's aliases, by what a word of the answer must share with their first word."""

    by_start: dict[tuple[int, str], tuple[_Alias, ...]]  # (level, first letters): matched whole or with an ending
    by_first: dict[str, tuple[_Alias, ...]]  # folded first word: for typos
    by_pair: dict[str, tuple[str, ...]]  # folded words of _MIN_FUZZY letters or more, by their letter pairs


@lru_cache(maxsize=64)
def _index(catalogue: _Catalogue) -> _Index:
    """Every way of writing every entry (as written, folded, romanized; multi-word ones also
    run together), indexed."""
    aliases: dict[_Alias, None] = {}
    for entry, (_, names) in enumerate(catalogue):
        for name in names:
            folded = fold(name)
            aliases[_Alias(entry, written_words(folded), _AS_WRITTEN)] = None
            for form in _folded_forms(folded):
                aliases[_Alias(entry, form, _FOLDED)] = None
                if len(form) > 1 and not any(word.isdigit() for word in form):  # "Nur-Sultan" typed "Nursultan"
                    aliases[_Alias(entry, ("".join(form),), _FOLDED)] = None
    by_start: dict[tuple[int, str], list[_Alias]] = defaultdict(list)
    by_first: dict[str, list[_Alias]] = defaultdict(list)
    by_pair: dict[str, set[str]] = defaultdict(set)
    for alias in aliases:
        if alias.words:
            by_start[alias.level, alias.words[0][:_KEY]].append(alias)
        if alias.words and alias.level == _FOLDED:
            by_first[alias.words[0]].append(alias)
            for word in alias.words:
                for pair in _pairs(word) if len(word) >= _MIN_FUZZY and not word.isdigit() else ():
                    by_pair[pair].add(word)
    return _Index(
        {key: tuple(found) for key, found in by_start.items()},
        {key: tuple(found) for key, found in by_first.items()},
        {pair: tuple(sorted(found)) for pair, found in by_pair.items()},
    )


def _near_words(index: _Index, answer: set[str]) -> dict[str, set[str]]:
    """For each word of the answer, the alias words it may be a typo of (see `_near`).

    Only alias words sharing half their letter pairs with it are compared: a typo or two
    leaves most of them, and `difflib` on every pair takes a quarter of a second for a
    long message and a catalogue of models.
    """
    near: dict[str, set[str]] = {}
    for word in answer:
        shared = Counter(expected for pair in _pairs(word) for expected in index.by_pair.get(pair, ()))
        near[word] = {
            expected
            for expected, count in shared.items()
            if 2 * count >= len(_pairs(expected)) and _near(expected, word, True)
        }
    return near


def _pairs(word: str) -> set[str]:
    return {word[i : i + 2] for i in range(len(word) - 1)}


def _folded_forms(folded: str) -> list[tuple[str, ...]]:
    forms = [plain_words(folded), *(plain_words(form) for form in romanized(folded))]
    return list(dict.fromkeys(forms))


def _match(alias: tuple[str, ...], found: tuple[str, ...], at: int, near: Mapping[str, set[str]]) -> int:
    """How the words from `at` on match the alias: _WHOLE, _SUFFIXED, _FUZZY, or 0 for not at all."""
    if at + len(alias) > len(found):
        return 0
    kind = _WHOLE
    for index, (expected, written) in enumerate(zip(alias, found[at:], strict=False)):
        if expected == written:
            continue
        last = index == len(alias) - 1
        if expected.isdigit() or written.isdigit():
            return 0
        if last and _with_ending(expected, written):
            kind = min(kind, _SUFFIXED)
        elif expected in near.get(written, ()) and _near(expected, written, last):
            kind = _FUZZY
        else:
            return 0
    return kind


def _with_ending(expected: str, written: str) -> bool:
    """ "bakı" in "bakıda"; "астана" in "астане"; "ბათუმი" in "ბათუმში"."""
    if len(expected) >= _MIN_SUFFIXED and written.startswith(expected):
        return len(written) - len(expected) <= _MAX_ENDING
    stem = expected[:-1]
    return (
        expected[-1] in _VOWELS
        and len(stem) >= _MIN_STEM
        and written.startswith(stem)
        and 1 <= len(written) - len(stem) <= _MAX_ENDING
    )


@lru_cache(maxsize=65536)
def _near(expected: str, written: str, last: bool) -> bool:
    """A typo: "tbilsi" for "tbilisi"; in the last word of six letters or more also before an
    ending ("almatida" for "almaty"), if the first letter is right."""
    if len(expected) < _MIN_FUZZY:
        return False
    if _ratio(expected, written) >= _MIN_RATIO:
        return True
    if not last or len(expected) < _MIN_FUZZY_ENDING or written[0] != expected[0]:
        return False
    if not 0 < len(written) - len(expected) <= _MAX_ENDING:
        return False
    return any(_ratio(expected, written[: len(expected) + extra]) >= _MIN_RATIO for extra in (-1, 0, 1))


def _ratio(expected: str, written: str) -> float:
    matcher = SequenceMatcher(None, expected, written)
    return matcher.ratio() if matcher.real_quick_ratio() >= _MIN_RATIO else 0.0

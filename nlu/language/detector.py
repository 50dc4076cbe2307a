"""The detector itself: script first, then the n-gram model, and when a conversation switches language."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from nlu.language.ngram import _py3langid, _trained_model
from nlu.language.requests import requested_language
from nlu.language.scripts import SCRIPTS, _base, _is_other_script, distinct_letters
from nlu.language.training import NLU_DATA
from nlu.language.words import (
    _CONFIDENCE_TEMPERATURE,
    _SHORT_LETTERS,
    _SHORT_WORDS,
    _SWITCH_CONFIDENCE,
    Detection,
    _script_letters,
    _word_script,
    _words,
)

# Scripts in which a short message without a telling letter is taken for a language written
# in it natively, not for one typed in it as a second script: in Cyrillic, Russian and Kazakh
# chat ("да", "ага", "мерси") outnumber the Azerbaijani typed in it. Not Latin: there the
# short romanized chat of Georgian and Nepali ("ki", "ho", "hus") is common and its own.
_SHORT_STAYS_NATIVE = frozenset({"CYRILLIC"})


class LanguageDetector:
    def __init__(self, languages: tuple[str, ...], default: str) -> None:
        if default not in languages:
            raise ValueError(f"default language {default} is not among {languages}")
        self.languages = languages
        self.default = default
        self._model = _trained_model(frozenset(languages), NLU_DATA)

    def detect(self, text: str) -> Detection | None:
        """The most likely configured language of `text`, or None when it has no letters."""
        found = self._detect(text)
        return found.detection if found else None

    def _detect(self, text: str) -> _Found | None:
        words = _words(text)
        borrowed = self._model.borrowed
        telling = [word for word in words if word not in borrowed.get(_word_script(word) or "", ())]
        script = self._script(telling or words)
        candidates = [lang for lang in self.languages if SCRIPTS[lang] == script]
        # Languages typed in this script as their second one: "ka-Latn" in Latin, "az-Cyrl" in Cyrillic.
        romanized = [c for c in self._model.classes(script or "", self.languages) if _is_other_script(c)]
        if script is None or not (candidates or romanized):
            return None
        telling = [word for word in telling if _word_script(word) == script]
        if len(candidates) + len(romanized) == 1:
            return _Found(Detection(_base([*candidates, *romanized][0]), 1.0), script, telling)
        letters = {ch for word in words for ch in word}
        classes = frozenset([*candidates, *romanized])
        for lang in [*candidates, *romanized]:
            if letters & distinct_letters(lang, classes):
                return _Found(Detection(_base(lang), 1.0), script, telling)
        sample = telling or [word for word in words if _word_script(word) == script]
        if not self._model.languages.issuperset(candidates):
            # A language without training examples: py3langid decides, as it used to.
            ranking = _py3langid(tuple(sorted(self.languages))).rank(" ".join(sample))
            probabilities = {lang: p for lang, p in ranking if lang in candidates}
            total = sum(probabilities.values()) or 1.0
            lang = max(probabilities, key=probabilities.__getitem__)
            return _Found(Detection(lang, probabilities[lang] / total), script, telling)
        short = len(sample) < _SHORT_WORDS or sum(map(len, sample)) < _SHORT_LETTERS
        if short and script in _SHORT_STAYS_NATIVE and candidates:
            romanized = []  # "да", "мерси": Russian, though Azerbaijani "da" and "mersi" in Cyrillic look the same
        scores = self._model.log_likelihoods(sample, [*candidates, *romanized])
        best = _best({lang: score / _CONFIDENCE_TEMPERATURE for lang, score in scores.items()})
        return _Found(Detection(_base(best.language), best.confidence), script, telling)

    def _script(self, words: list[str]) -> str | None:
        """The script `words` are written in: one that only one configured language uses
        wins over the majority ("hello दाइ", "Tiggo 7 pro को front bumper स्टकमा छ?"),
        since nobody writes a word of Georgian or Nepali into another language's message;
        and so does Cyrillic over Latin ("класс, thanks 👍"): Russian and Kazakh chat mixes
        in English words, English chat no Cyrillic ones. Azerbaijani chat does ("короче
        maşını axşam götürəcəm"), and its ə tells it."""
        letters = _script_letters(words)
        owned = [script for script in letters if sum(SCRIPTS[lang] == script for lang in self.languages) == 1]
        if owned:
            return max(owned, key=letters.__getitem__)
        azerbaijani = any(ch in distinct_letters("az", frozenset()) for word in words for ch in word)
        if (
            "CYRILLIC" in letters
            and not azerbaijani
            and any(len(w) > 1 and _word_script(w) == "CYRILLIC" for w in words)
        ):
            return "CYRILLIC"
        return max(letters, key=letters.__getitem__) if letters else None

    def requested_language(self, text: str) -> str | None:
        """A configured language the customer explicitly asks for in `text`, if any."""
        language = requested_language(text)
        return language if language in self.languages else None

    def choose(self, text: str, current: str | None, hint: str | None = None) -> str:
        """The language to answer `text` in, given the conversation's `current` one."""
        requested = self.requested_language(text)
        if requested is not None:
            return requested  # whatever language the request itself is written in
        fallback = current or (hint if hint in self.languages else None) or self.default
        found = self._detect(text)
        if found is None:
            return fallback
        detection, script = found.detection, found.script
        if current is None:
            uncertain = detection.confidence < _SWITCH_CONFIDENCE or not found.telling
            if uncertain and hint in self.languages and SCRIPTS[hint] == script:
                return hint  # type: ignore[return-value]
            return detection.language
        if detection.language == current:
            return current
        short = len(found.telling) < _SHORT_WORDS or sum(map(len, found.telling)) < _SHORT_LETTERS
        if script != SCRIPTS[current]:
            # "ok" or "спс" in another script is not a change of language; a script that
            # only one configured language uses (Georgian, Devanagari) is.
            unique_script = sum(SCRIPTS[lang] == script for lang in self.languages) == 1
            return detection.language if unique_script or not short else current
        if short:
            return current
        return detection.language if detection.confidence >= _SWITCH_CONFIDENCE else current


@dataclass(frozen=True, slots=True)
class _Found:
    detection: Detection
    script: str  # the script most of the message's letters are in, brand names aside
    telling: list[str]  # the message's words in that script that are not brand names and the like


def _best(scores: Mapping[str, float]) -> Detection:
    """The top language and its softmax probability over `scores` (log-odds)."""
    top = max(scores, key=scores.__getitem__)
    total = math.fsum(math.exp(score - scores[top]) for score in scores.values())
    return Detection(top, 1.0 / total)

"""Which of the configured languages a customer writes in.

py3langid (langid.py's model, shipped inside the package, 0.03 ms a message) is
restricted to the configured languages. langdetect, which the design card named, has no
profiles for Azerbaijani, Kazakh or Georgian (0% on those in ../shared/REFERENCE.md).

The writing system settles most cases before any statistics: Georgian and Devanagari
each belong to one configured language, Cyrillic to Kazakh or Russian, Latin to
Azerbaijani or English. A conversation keeps its language through short or ambiguous
messages ("ok", "👍", a VIN); it switches on a full sentence clearly in another
language, or on any message in a script only one other configured language uses.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from py3langid.langid import MODEL_FILE, LanguageIdentifier

SCRIPTS = {"az": "LATIN", "en": "LATIN", "kk": "CYRILLIC", "ru": "CYRILLIC", "ka": "GEORGIAN", "ne": "DEVANAGARI"}
# Letters that only one of two languages sharing a script uses.
_DISTINCT_LETTERS = {"kk": set("әғқңөұүһіӘҒҚҢӨҰҮҺІ"), "az": set("əƏ")}
_CODE_TOKEN = re.compile(r"\S*\d\S*|https?://\S+|/\w+")  # VINs, mileages, error codes, links, payloads
_SHORT_WORDS = 3  # fewer words than this never switch a conversation's language...
_SHORT_LETTERS = 12  # ...nor do fewer letters than this
_SWITCH_CONFIDENCE = 0.9


@dataclass(frozen=True, slots=True)
class Detection:
    language: str
    confidence: float


def _script(ch: str) -> str | None:
    name = unicodedata.name(ch, "")
    for script in ("LATIN", "CYRILLIC", "GEORGIAN", "DEVANAGARI"):
        if name.startswith(script):
            return script
    return None


class LanguageDetector:
    def __init__(self, languages: tuple[str, ...], default: str) -> None:
        if default not in languages:
            raise ValueError(f"default language {default} is not among {languages}")
        self.languages = languages
        self.default = default
        self._identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
        self._identifier.set_languages(list(languages))

    def _candidates(self, letters: str) -> tuple[str, ...]:
        counts: dict[str, int] = {}
        for ch in letters:
            script = _script(ch)
            if script:
                counts[script] = counts.get(script, 0) + 1
        if not counts:
            return ()
        script = max(counts, key=counts.__getitem__)
        return tuple(lang for lang in self.languages if SCRIPTS[lang] == script)

    def detect(self, text: str) -> Detection | None:
        """The most likely configured language of `text`, or None when it has no letters."""
        words = _CODE_TOKEN.sub(" ", text)
        letters = "".join(ch for ch in words if ch.isalpha())
        candidates = self._candidates(letters)
        if not candidates:
            return None
        if len(candidates) == 1:
            return Detection(candidates[0], 1.0)
        for lang in candidates:
            if set(letters) & _DISTINCT_LETTERS.get(lang, set()):
                return Detection(lang, 1.0)
        ranking = [(lang, p) for lang, p in self._identifier.rank(words) if lang in candidates]
        total = sum(p for _, p in ranking) or 1.0
        lang, p = ranking[0]
        return Detection(lang, p / total)

    def choose(self, text: str, current: str | None, hint: str | None = None) -> str:
        """The language to answer `text` in, given the conversation's `current` one."""
        fallback = current or (hint if hint in self.languages else None) or self.default
        detection = self.detect(text)
        if detection is None:
            return fallback
        if current is None:
            if (
                detection.confidence < _SWITCH_CONFIDENCE
                and hint in self.languages
                and SCRIPTS[hint] == SCRIPTS[detection.language]
            ):
                return hint  # type: ignore[return-value]
            return detection.language
        words = _CODE_TOKEN.sub(" ", text).split()
        letters = sum(ch.isalpha() for ch in "".join(words))
        short = len(words) < _SHORT_WORDS or letters < _SHORT_LETTERS
        if SCRIPTS[current] != SCRIPTS[detection.language]:
            # "ok" or "спс" in another script is not a change of language; a script that
            # only one configured language uses (Georgian, Devanagari) is.
            unique_script = sum(SCRIPTS[lang] == SCRIPTS[detection.language] for lang in self.languages) == 1
            return detection.language if unique_script or not short else current
        if short:
            return current
        if detection.language != current and detection.confidence >= _SWITCH_CONFIDENCE:
            return detection.language
        return current

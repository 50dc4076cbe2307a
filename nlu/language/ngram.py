"""The character n-gram model (naive Bayes) that decides between the languages of one script,
and py3langid for a language without examples."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping
from functools import lru_cache
from itertools import chain, repeat
from pathlib import Path
from typing import TYPE_CHECKING

from nlu.language.scripts import (
    _ROMANIZED_PRIOR,
    OTHER_SCRIPT,
    SCRIPTS,
    _base,
    _class_script,
    _is_other_script,
    other_script_class,
    transliterate,
)
from nlu.language.training import training_examples
from nlu.language.words import (
    _KEYBOARD_FOLD,
    _NGRAM_MAX,
    _SMOOTHING,
    _WORD_WEIGHT,
    _script_letters,
    _word_script,
    _words,
)

if TYPE_CHECKING:
    from py3langid.langid import LanguageIdentifier


def _word_features(word: str) -> list[str]:
    """The letters of `word`, its 2- to 4-grams padded with a space at each end, and the word itself."""
    padded = f" {word} "
    grams = [*word]
    for n in range(2, _NGRAM_MAX + 1):
        grams += [padded[i : i + n] for i in range(len(padded) - n + 1)]
    grams += [f"<{word}>"] * _WORD_WEIGHT
    return grams


class NgramModel:
    """Multinomial naive Bayes over character n-grams of words, one class per language.

    `examples` maps languages to their example texts; `classes` (all of them when None)
    are the languages the model tells apart. A language learns only from its examples
    written mostly in its own script: "hello" among the Kazakh examples says nothing about
    Kazakh against Russian. The class prior is the language's share of its script's examples.

    `borrowed`, per script, holds the words that examples written mostly in another script
    use ("byd", "tiggo", "check", "engine" inside Russian or Georgian sentences).

    A language customers also type in another script (`OTHER_SCRIPT`: Latin letters for
    ka, kk, ne and ru, Cyrillic for az) gets a second class, "<lang>-Latn" or "<lang>-Cyrl",
    learnt from its examples typed that way and from its own-script examples
    transliterated (`transliterate`); its prior is `_ROMANIZED_PRIOR`.
    """

    def __init__(self, examples: Mapping[str, Iterable[str]], classes: Iterable[str] | None = None) -> None:
        wanted = set(examples if classes is None else classes)
        words_of: dict[str, Counter[str]] = {}
        n_examples: Counter[str] = Counter()
        borrowed: dict[str, set[str]] = {}
        for language, texts in examples.items():
            fold = _KEYBOARD_FOLD.get(language)
            for text in texts:
                words = _words(text)
                scripts = _script_letters(words)
                script = max(scripts, key=scripts.__getitem__) if scripts else None
                second = other_script_class(language)
                if second is not None and script == OTHER_SCRIPT[language] and language in wanted:
                    # A customer's own message in the other script ("mero gadi start hudaina", "салам").
                    typed = [word for word in words if _word_script(word) == script]
                    words_of.setdefault(second, Counter()).update(typed)
                    continue
                if script is None or script != SCRIPTS.get(language):
                    continue
                if len(scripts) > 1:
                    for word in words:
                        other = _word_script(word)
                        if other is not None and other != script:
                            borrowed.setdefault(other, set()).add(word)
                if language not in wanted:
                    continue
                n_examples[language] += 1
                counter = words_of.setdefault(language, Counter())
                counter.update(words)
                if fold is not None:
                    folded = [word.translate(fold) for word in words]
                    if folded != words:
                        counter.update(folded)
                if second is not None:
                    native = [word for word in words if _word_script(word) == script]
                    for form in transliterate(language, " ".join(native)):
                        typed = [word for word in form.split() if _word_script(word) == OTHER_SCRIPT[language]]
                        words_of.setdefault(second, Counter()).update(typed)
        self.borrowed = {script: frozenset(words) for script, words in borrowed.items()}

        counts = {
            language: Counter(chain.from_iterable([_word_features(word) * n for word, n in word_counts.items()]))
            for language, word_counts in words_of.items()
        }
        self._log_p: dict[str, dict[str, float]] = {}
        self._log_unseen: dict[str, float] = {}
        self._log_prior: dict[str, float] = {}
        for script in {_class_script(language) for language in counts}:
            languages = [language for language in counts if _class_script(language) == script]
            vocabulary = len(set().union(*(counts[language] for language in languages)))
            native = [language for language in languages if not _is_other_script(language)]
            in_script = sum(n_examples[language] for language in native)
            for language in languages:
                grams = counts[language]
                log_total = math.log(grams.total() + _SMOOTHING * vocabulary)
                self._log_p[language] = {gram: math.log(n + _SMOOTHING) - log_total for gram, n in grams.items()}
                self._log_unseen[language] = math.log(_SMOOTHING) - log_total
                if language in native:
                    share = (
                        n_examples[language] / in_script * (1 - _ROMANIZED_PRIOR if len(native) < len(languages) else 1)
                    )
                else:
                    share = _ROMANIZED_PRIOR / (len(languages) - len(native))
                self._log_prior[language] = math.log(share)

    @property
    def languages(self) -> frozenset[str]:
        """The languages it learnt, those with training examples ("ka-Latn" counts as ka)."""
        return frozenset(map(_base, self._log_p))

    def classes(self, script: str, languages: Iterable[str]) -> list[str]:
        """The model's classes for `languages` written in `script`, romanized ones included."""
        return [c for c in self._log_p if _class_script(c) == script and _base(c) in set(languages)]

    def log_likelihoods(self, words: Iterable[str], languages: Iterable[str]) -> dict[str, float]:
        """log P(language) + log P(words | language) for each of `languages`."""
        grams = [gram for word in words for gram in _word_features(word)]
        scores = {}
        for language in languages:
            table = self._log_p[language]
            scores[language] = self._log_prior[language] + sum(
                map(table.get, grams, repeat(self._log_unseen[language]))
            )
        return scores


@lru_cache(maxsize=8)
def _trained_model(languages: frozenset[str], data_dir: Path) -> NgramModel:
    examples = {language: training_examples(language, data_dir) for language in SCRIPTS}
    return NgramModel(examples, classes=languages)


@lru_cache(maxsize=8)
def _py3langid(languages: tuple[str, ...]) -> LanguageIdentifier:
    """py3langid restricted to `languages` (loading its model takes about half a second)."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier  # only when needed

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(languages))
    return identifier


# -- asking for a language -----------------------------------------------------------
# Matched on lower-cased text with the Azerbaijani and Kazakh special letters folded to
# plain ones, hyphens as spaces: "по-русски" and "по русски", "қазақша" and "казакша".

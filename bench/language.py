"""Language identification on the held-out sets: accuracy and speed of each detector.

    PYTHONPATH=. python -m bench.language

Every held-out message that has a language of its own (scripts/heldout.py: the intent
files and the fresh chat messages, "ok 👍" and the like set aside) is identified on its
own (no conversation context) by

* langdetect, the design card's choice, its answer kept when it is one of the six
  languages (it has no profile for Azerbaijani, Kazakh or Georgian: those score 0);
* py3langid restricted to the six languages (what nlu/language/ used to be);
* lingua restricted to the six languages, when the package is installed (it has no
  Nepali model: Hindi stands in for it and is counted as Nepali);
* our `LanguageDetector.detect` (nlu/language/).

Prints a plain table: accuracy per language and overall, microseconds per message, and
how long building our detector takes. Nothing is asserted.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

from api.settings import SUPPORTED_LANGUAGES
from nlu import language as language_module
from nlu.language import LanguageDetector
from scripts.heldout import language_examples

Identify = Callable[[str], str | None]
Labelled = list[tuple[str, str]]  # (text, the language it is written in)


def heldout_sets() -> dict[str, Labelled]:
    """Per conversation language, its held-out messages that are written in some language."""
    return {
        language: [(e.text, e.language) for e in language_examples(language) if e.language is not None]
        for language in SUPPORTED_LANGUAGES
    }


def _ours() -> Identify:
    detector = LanguageDetector(SUPPORTED_LANGUAGES, "en")

    def identify(text: str) -> str | None:
        detection = detector.detect(text)
        return detection.language if detection else None

    return identify


def _py3langid() -> Identify:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(SUPPORTED_LANGUAGES))
    return lambda text: identifier.classify(text)[0]


def _langdetect() -> Identify:
    from langdetect import DetectorFactory, detect
    from langdetect.lang_detect_exception import LangDetectException

    DetectorFactory.seed = 0  # langdetect samples at random; fix it for repeatable figures

    def identify(text: str) -> str | None:
        try:
            return detect(text)
        except LangDetectException:  # no features in the text
            return None

    return identify


def _lingua() -> Identify | None:
    try:
        from lingua import IsoCode639_1, Language, LanguageDetectorBuilder
    except ImportError:
        return None
    known = {language.iso_code_639_1.name.lower(): language for language in Language.all()}
    wanted = [known[code] for code in SUPPORTED_LANGUAGES if code in known]
    stand_in = {}
    if "ne" not in known and "ne" in SUPPORTED_LANGUAGES:
        wanted.append(Language.HINDI)
        stand_in[IsoCode639_1.HI.name.lower()] = "ne"
    detector = LanguageDetectorBuilder.from_languages(*wanted).build()

    def identify(text: str) -> str | None:
        language = detector.detect_language_of(text)
        if language is None:
            return None
        code = language.iso_code_639_1.name.lower()
        return stand_in.get(code, code)

    return identify


def _measure(identify: Identify, sets: dict[str, Labelled]) -> tuple[dict[str, float], dict[str, float]]:
    """Accuracy and microseconds per message, per language."""
    accuracy, micros = {}, {}
    for language, labelled in sets.items():
        identify(labelled[0][0])  # warm-up
        started = time.perf_counter()
        answers = [identify(text) for text, _ in labelled]
        micros[language] = (time.perf_counter() - started) / len(labelled) * 1e6
        accuracy[language] = sum(a == wanted for a, (_, wanted) in zip(answers, labelled, strict=True)) / len(labelled)
    return accuracy, micros


def _build_time() -> float:
    """Seconds to build our detector in a fresh process: reading and training included."""
    language_module.ngram._trained_model.cache_clear()
    started = time.perf_counter()
    LanguageDetector(SUPPORTED_LANGUAGES, "en")
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.language", description=__doc__.split("\n\n")[0])
    parser.add_argument("--errors", action="store_true", help="also list the messages our detector gets wrong")
    args = parser.parse_args(argv)

    sets = heldout_sets()
    build = min(_build_time() for _ in range(3))
    detectors: list[tuple[str, Identify | None, str]] = [
        ("langdetect 1.0.9", _langdetect(), "no az/kk/ka profiles"),
        ("py3langid (6 languages)", _py3langid(), ""),
        ("lingua (6 languages)", _lingua(), "Hindi stands in for Nepali"),
        ("LanguageDetector.detect", _ours(), f"built in {build * 1000:.0f} ms"),
    ]
    total = sum(len(texts) for texts in sets.values())
    print(f"held-out messages: {', '.join(f'{lang} {len(texts)}' for lang, texts in sets.items())} ({total} in all)")
    print()
    header = f"{'detector':<26}" + "".join(f"{lang:>8}" for lang in sets) + f"{'overall':>9}{'µs/msg':>9}  note"
    print(header)
    print("-" * len(header))
    for name, identify, note in detectors:
        if identify is None:
            print(f"{name:<26}  not installed")
            continue
        accuracy, micros = _measure(identify, sets)
        overall = sum(accuracy[lang] * len(sets[lang]) for lang in sets) / total
        mean_micros = sum(micros[lang] * len(sets[lang]) for lang in sets) / total
        cells = "".join(f"{accuracy[lang] * 100:7.2f}%" for lang in sets)
        print(f"{name:<26}{cells}{overall * 100:8.2f}%{mean_micros:9.1f}  {note}")

    if args.errors:
        detector = LanguageDetector(SUPPORTED_LANGUAGES, "en")
        print()
        for language, labelled in sets.items():
            for text, wanted in labelled:
                detection = detector.detect(text)
                if detection is None or detection.language != wanted:
                    answer = f"{detection.language} {detection.confidence:.2f}" if detection else "none"
                    print(f"{language}: {wanted} -> {answer:<8} {text}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

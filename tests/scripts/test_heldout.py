"""The held-out data the evaluation measures on is well-formed, and scored as documented.

scripts/heldout.py describes the files and who wrote them; these tests keep a typo in a
file from silently changing what `./supportbot eval` reports.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from api.settings import SUPPORTED_LANGUAGES
from nlu.language import LanguageDetector, training_examples
from scripts import evaluate
from scripts.heldout import (
    LATER_SETS,
    NEUTRAL,
    LanguageExample,
    entity_examples,
    intent_examples,
    language_examples,
    language_labels,
    romanized_intent_examples,
)

ROOT = Path(__file__).resolve().parents[2]

VIN = re.compile(r"^[A-HJ-NPR-Z0-9]{17}$")


@pytest.mark.parametrize("source", LATER_SETS)
@pytest.mark.parametrize("language", SUPPORTED_LANGUAGES)
def test_every_language_has_later_entity_messages_with_and_without_entities(language: str, source: str) -> None:
    found = [e for e in entity_examples() if e.language == language and e.source == source]

    assert len(found) >= 40
    assert sum("vin" in e.expected for e in found) >= 15
    assert sum("mileage" in e.expected for e in found) >= 15
    assert sum(not e.expected for e in found) >= 8  # numbers that are neither
    for example in found:
        if "vin" in example.expected:
            assert VIN.match(example.expected["vin"]), example
        if "mileage" in example.expected:
            assert isinstance(example.expected["mileage"], int) and example.expected["mileage"] > 0, example


@pytest.mark.parametrize("source", LATER_SETS)
@pytest.mark.parametrize("language", SUPPORTED_LANGUAGES)
def test_every_language_has_later_chat_messages_a_few_of_them_neutral(language: str, source: str) -> None:
    found = [e for e in language_examples(language) if e.source == source]

    assert len(found) >= 120
    neutral = sum(e.language is None for e in found)
    assert 0 < neutral <= len(found) * 0.15
    assert all(e.written_in == language for e in found)


def test_every_relabelled_message_is_in_its_held_out_file_and_names_a_language_or_neutral() -> None:
    for language, labels in language_labels().items():
        texts = {text for text, _ in intent_examples(language)}
        for text, label in labels.items():
            assert text in texts, (language, text)
            assert label in (*SUPPORTED_LANGUAGES, NEUTRAL) and label != language, (language, text, label)


def test_neutral_messages_count_only_for_keeping_the_conversations_language(monkeypatch: pytest.MonkeyPatch) -> None:
    examples = [
        LanguageExample("zemanet nece ilidir, 3 il?", "az", "az", "round1"),
        LanguageExample("👍", "az", None, "round1"),
        LanguageExample("thank you so much, that helps a lot", "az", "en", "held-out"),
        LanguageExample("my car will not start this morning", "az", "az", "held-out"),  # mislabelled: a miss
    ]
    monkeypatch.setattr(evaluate, "language_examples", lambda language: examples)
    report = evaluate.LanguageReport("az")

    evaluate.score_languages(LanguageDetector(SUPPORTED_LANGUAGES, "en"), report)

    assert report.neutral == 1
    assert report.language_id["round1"] == [1, 1]
    assert report.language_id["held-out"] == [1, 2]
    assert report.language_accuracy() == pytest.approx(2 / 3)
    assert report.language_misses == [("my car will not start this morning", "az", "en")]
    assert report.kept == [2, 4]  # the two English sentences switch the conversation; the rest keep it


@pytest.mark.parametrize("language", ["ka", "kk", "ne", "ru"])
def test_romanized_held_out_intents_cover_every_intent_and_were_never_trained_on(language: str) -> None:
    held_out = romanized_intent_examples(language)
    trained = set(training_examples(language))  # romanized.yml, and chat replies typed in Latin letters

    assert {intent for _, intent in held_out} == {intent for _, intent in intent_examples(language)}
    assert min(Counter(intent for _, intent in held_out).values()) >= 3  # "da", "net": short ones overlap training
    native_script = ("\u0900", "\u097f"), ("\u10a0", "\u10ff"), ("\u0400", "\u04ff")  # Devanagari, Georgian, Cyrillic
    assert not any(low <= ch <= high for text, _ in held_out for ch in text for low, high in native_script)
    assert not {text for text, _ in held_out} & trained

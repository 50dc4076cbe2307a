"""The held-out data: what the evaluation and the language benchmark measure on.

Nothing here is ever trained on, and none of it was written by the author of the
extractor or the detector it measures:

* `tests/nlu_heldout/<lang>.yml` — intent examples per language (Rasa NLU YAML);
* `tests/nlu_heldout/entities.yml` — messages with the `vin` and `mileage` they hold;
* `tests/nlu_heldout/round<N>/<lang>.yml` — later rounds, each written by a new author per
  language who read nothing of the repository (no training data, no rules, no earlier
  rounds): entity messages, and chat messages for language identification, some marked
  `neutral`. Each round was measured once, blind, and that figure is the honest one
  (README, "NLU model"); its misses were then studied and the rules improved, so every
  round but a new one is no longer blind. From round 8 on, a round also holds
  `out_of_scope` messages (not the bot's business: banking, recipes, small talk, a new
  car's price...) and `in_scope` ones that are hard to place, each with its intent; a
  message typed in another script than its language's usual one carries `script:`
  ("cyrillic" for Azerbaijani as older customers write it). The next round goes in `round11/`.
* `tests/nlu_heldout/romanized/<lang>.yml` — intent examples of the languages customers
  also type in Latin letters (Georgian "manqana ar iqoqeba", Nepali "gadi start
  hudaina", Kazakh "jolda qaldym", Russian "mashina ne zavoditsya"), by a second
  author who saw neither the romanized training examples (`nlu_data/<lang>/romanized.yml`)
  nor anything else here;
* `tests/nlu_heldout/language_labels.yml` — the messages of the intent files that their
  language's reviewer found written in another language ("thank u" among the
  Azerbaijani ones) or in none ("ok 👍", "100%"), judged on the text alone.

A `neutral` message has no language of its own: scoring a detector's guess on it would
measure nothing, so it counts only where it matters, in "keeps the conversation's
language".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

HELD_OUT = Path(__file__).resolve().parent.parent / "tests" / "nlu_heldout"
# Directories of later held-out files, each one file per language, and the source name they report as.
LATER_SETS = {
    path.name: path
    for path in sorted(HELD_OUT.glob("round*"), key=lambda path: (len(path.name), path.name))  # round9 < round10
    if path.is_dir()
}
SOURCES = ("held-out", *LATER_SETS)
LANGUAGE_LABELS = HELD_OUT / "language_labels.yml"
ROMANIZED = HELD_OUT / "romanized"
NEUTRAL = "neutral"
OUT_OF_SCOPE = "out_of_scope"
ENTITY_TYPES = ("vin", "mileage")


@dataclass(frozen=True, slots=True)
class LanguageExample:
    text: str
    written_in: str  # the conversation's language: the file it comes from
    language: str | None  # the language it is written in; None when it has none (neutral)
    source: str  # "held-out" (the intent files) or the round: "round1", "round2", ...


@dataclass(frozen=True, slots=True)
class ScopeExample:
    """A message whose answer is whether it is the bot's business, and if so which intent."""

    text: str
    intent: str  # OUT_OF_SCOPE for a message that is not the bot's business
    source: str  # "held-out" or the round
    script: str | None = None  # set when not the language's usual script: "latin", "cyrillic"


@dataclass(frozen=True, slots=True)
class EntityExample:
    language: str
    text: str
    expected: dict[str, Any] = field(default_factory=dict)  # entity -> value; only vin and mileage
    source: str = "held-out"


def _load(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def intent_examples(language: str) -> list[tuple[str, str]]:
    """(text, intent) pairs of one language's held-out intent file."""
    return _intents(HELD_OUT / f"{language}.yml")


def romanized_intent_examples(language: str) -> list[tuple[str, str]]:
    """(text, intent) pairs of `language` typed in Latin letters; none for most languages."""
    path = ROMANIZED / f"{language}.yml"
    return _intents(path) if path.is_file() else []


def _intents(path: Path) -> list[tuple[str, str]]:
    return [
        (line.strip()[2:].strip(), block["intent"])
        for block in _load(path)["nlu"]
        for line in block["examples"].splitlines()
        if line.strip().startswith("- ")
    ]


def language_labels() -> dict[str, dict[str, str]]:
    """Per file language: text -> the language it is really written in, or "neutral"."""
    if not LANGUAGE_LABELS.is_file():
        return {}
    return {language: dict(labels or {}) for language, labels in (_load(LANGUAGE_LABELS) or {}).items()}


def _later(source: str, language: str) -> dict[str, Any]:
    path = LATER_SETS[source] / f"{language}.yml"
    return (_load(path) or {}) if path.is_file() else {}


def language_examples(language: str) -> list[LanguageExample]:
    """Every held-out message of a conversation in `language`, with the language it is written in."""
    relabelled = language_labels().get(language, {})
    examples = []
    for text, _ in intent_examples(language):
        label = relabelled.get(text, language)
        examples.append(LanguageExample(text, language, None if label == NEUTRAL else label, "held-out"))
    for source in LATER_SETS:
        for item in _later(source, language).get("language_id") or []:
            text = str(item["text"])
            examples.append(LanguageExample(text, language, None if item.get(NEUTRAL) else language, source))
        for example in _round_scope(source, language):
            examples.append(LanguageExample(example.text, language, language, source))
    return examples


def scope_examples(language: str) -> list[ScopeExample]:
    """The out-of-scope messages and the in-scope ones of one language: the intent file's,
    then each round's `out_of_scope` and `in_scope` sections."""
    examples = [ScopeExample(text, intent, "held-out") for text, intent in intent_examples(language)]
    for source in LATER_SETS:
        examples += _round_scope(source, language)
    return examples


def _round_scope(source: str, language: str) -> list[ScopeExample]:
    data = _later(source, language)
    examples = [
        ScopeExample(str(item["text"]), OUT_OF_SCOPE, source, item.get("script"))
        for item in data.get(OUT_OF_SCOPE) or []
    ]
    examples += [
        ScopeExample(str(item["text"]), str(item["intent"]), source, item.get("script"))
        for item in data.get("in_scope") or []
    ]
    return examples


def entity_examples() -> list[EntityExample]:
    """The entity messages of every language: the first held-out set, then the later ones."""
    examples = [
        EntityExample(
            item["language"],
            item["text"],
            {k: v for k, v in (item.get("entities") or {}).items() if k in ENTITY_TYPES},
        )
        for item in _load(HELD_OUT / "entities.yml")["examples"]
    ]
    for source, directory in LATER_SETS.items():
        for path in sorted(directory.glob("*.yml")):
            for item in _later(source, path.stem).get("entities") or []:
                expected = {k: item[k] for k in ENTITY_TYPES if item.get(k) is not None}
                examples.append(EntityExample(path.stem, str(item["text"]), expected, source))
    return examples

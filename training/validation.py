"""What an edit of the training data or the answers must not break, checked before anything is written.

Two kinds of check. The typed values themselves (an intent name, an example, an
answer) are checked first, with a reason naming the field. Then the content as it would
be after the edit is compared with the content before it: the edit is refused when it
brings a new problem (an example under two intents, an intent left without examples
in a language, an answer missing a language, a button to no intent). Problems already
in the files (a hand edit, a pull request) do not block an unrelated edit; they are
the lead of the next one.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict

from conversations.handoff import CANCEL_PAYLOAD, CSAT_PAYLOADS
from training.answer_files import AnswerText, payload_intent
from training.nlu_files import MarkupError, parse_markup
from training.snapshot import Snapshot

# Checked whole (`fullmatch`: a trailing line break is no part of a name); the admin API's schema shows it.
INTENT_NAME = r"[a-z][a-z0-9_]{1,47}"
_INTENT_NAME = re.compile(INTENT_NAME)
MAX_EXAMPLE = 400
MAX_TEXT = 4096  # WhatsApp's limit on a message
MAX_BUTTONS = 3  # WhatsApp's reply buttons
MAX_TITLE = 20  # WhatsApp's limit on a button title
WIDER = {"utter_csat_question": 5}  # the 1-5 rating goes as a list (conversations/handoff.py)
GATEWAY_PAYLOADS = {CANCEL_PAYLOAD, *CSAT_PAYLOADS}  # buttons the gateway answers itself
# Characters YAML or Rasa would read as a line break or not at all.
FORBIDDEN_CATEGORIES = {"Cc", "Cs", "Zl", "Zp", "Co", "Cn"}


class Invalid(ValueError):
    """Refused with a reason; nothing was written."""


def _odd_character(text: str, allowed: str = "") -> str | None:
    for char in text:
        if char not in allowed and (unicodedata.category(char) in FORBIDDEN_CATEGORIES or char == "\ufeff"):
            return f"U+{ord(char):04X}"
    return None


def check_intent_name(name: str) -> str:
    if not _INTENT_NAME.fullmatch(name):
        raise Invalid(
            f"intent name {name[:60]!r}: 2-48 characters, lowercase latin letters, digits and _, starting with a letter"
        )
    return name


def normalized(text: str) -> str:
    """How two examples are compared: case and spacing do not make a different example."""
    return " ".join(text.casefold().split())


def check_example(text: str, entities: set[str]) -> str:
    """The example as it will be written: trimmed, one line, its markup parsed and its entities known."""
    text = text.strip()
    if not text:
        raise Invalid("the example is empty")
    if len(text) > MAX_EXAMPLE:
        raise Invalid(f"the example is {len(text)} characters long; at most {MAX_EXAMPLE}")
    odd = _odd_character(text)
    if odd:
        raise Invalid(f"the example holds a control character ({odd}): one line of plain text")
    try:
        plain, spans = parse_markup(text)
    except MarkupError as error:
        raise Invalid(str(error)) from None
    if not plain.strip():
        raise Invalid("the example is empty once its markup is removed")
    unknown = sorted({span.entity for span in spans} - entities)
    if unknown:
        raise Invalid(f"unknown entity {unknown[0]!r}: the domain's entities are {', '.join(sorted(entities))}")
    return text


def check_answer(name: str, answer: AnswerText, intents: set[str], where: str | None = None) -> AnswerText:
    where = where or name
    text = answer.text.strip()
    if not text:
        raise Invalid(f"{where}: the text is empty")
    if len(text) > MAX_TEXT:
        raise Invalid(f"{where}: the text is {len(text)} characters long; at most {MAX_TEXT}")
    odd = _odd_character(text, allowed="\n\t")
    if odd:
        raise Invalid(f"{where}: the text holds a control character ({odd})")
    most = WIDER.get(name, MAX_BUTTONS)
    if len(answer.buttons) > most:
        raise Invalid(f"{where}: {len(answer.buttons)} buttons; at most {most}")
    for button in answer.buttons:
        title = button.title.strip()
        if not title or len(title) > MAX_TITLE or _odd_character(title):
            raise Invalid(f"{where}: button title {title[:40]!r} must be 1-{MAX_TITLE} characters of one line")
        check_payload(where, button.payload, intents)
    return AnswerText(text, tuple(type(b)(b.title.strip(), b.payload.strip()) for b in answer.buttons))


def check_payload(where: str, payload: str, intents: set[str]) -> None:
    payload = payload.strip()
    if payload in GATEWAY_PAYLOADS:
        return
    parsed = payload_intent(payload)
    if parsed is None or parsed[0] not in intents:
        raise Invalid(f"{where}: button payload {payload[:60]!r} must be /intent of a known intent")
    if parsed[1]:
        try:
            entities = json.loads(parsed[1])
        except json.JSONDecodeError:
            entities = None
        if not isinstance(entities, dict):
            raise Invalid(f"{where}: button payload {payload[:60]!r}: what follows the intent must be a JSON object")


def problems(snapshot: Snapshot) -> set[str]:
    """Everything wrong with the content as a whole, one sentence each."""
    found: set[str] = set()
    intents = set(snapshot.intents)
    for language, examples in snapshot.examples.items():
        owners: dict[str, set[str]] = defaultdict(set)
        counts: dict[str, int] = defaultdict(int)
        for example in examples:
            owners[normalized(example.plain)].add(example.intent)
            counts[example.intent] += 1
        for text, named in owners.items():
            if len(named) > 1:
                found.add(f"{text!r} ({language}) is an example of {' and '.join(sorted(named))}")
        for intent in intents:
            if counts[intent] == 0 and any(counts[i] for i in intents):
                found.add(f"intent {intent} has no examples in {language}")
        found |= {f"examples of {i} ({language}) but the domain has no intent {i}" for i in counts if i not in intents}
    for name in snapshot.domain_responses:
        for language in snapshot.languages:
            if name not in snapshot.answers.get(language, {}):
                found.add(f"answer {name} is missing in {language}")
    for language, answers in snapshot.answers.items():
        for name, answer in answers.items():
            try:
                check_answer(name, answer, intents, where=f"{name} ({language})")
            except Invalid as error:
                found.add(str(error))
    first = snapshot.answers.get(snapshot.languages[0], {})
    for language, answers in snapshot.answers.items():
        for name, answer in answers.items():
            if name in first and [b.payload for b in answer.buttons] != [b.payload for b in first[name].buttons]:
                found.add(f"{name}: the buttons in {language} send other payloads than in {snapshot.languages[0]}")
    for file, section, item in snapshot.dialogue:
        steps = [s for s in item.get("steps") or [] if isinstance(s, dict)]
        for step in steps:
            if isinstance(step.get("intent"), str) and step["intent"] not in intents | {"nlu_fallback"}:
                name = item.get("rule") or item.get("story")
                found.add(f"{file}: {section[:-1]} {name!r} uses unknown intent {step['intent']}")
    return found

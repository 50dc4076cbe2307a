"""Training examples in Rasa 3's NLU YAML: `- intent: x` with an `examples: |` block of `- text` lines.

One intent may have blocks in several files of a language (nlu.yml, chat.yml,
romanized.yml, code_mixed.yml); an example is known by a short hash of its language,
file and text, so the same words in two files are two examples, and an id stays the
same across reads until the example itself changes. Entity markup (`[text](entity)`,
`[text](entity:value)`, `[text]{"entity": "x", "value": "y"}`) is kept in the text as
typed; readers also get the plain text and the entity spans within it.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, LiteralScalarString

from training.yaml_files import Document, appended, removed

DEFAULT_FILE = "nlu.yml"  # where new examples of a language go
# Rasa's ENTITY_REGEX (rasa/shared/nlu/training_data/entities_parser.py), with its third form,
# `[text][{"entity": "a"}, {"entity": "b"}]`: a markup Rasa reads must be checked the way it reads it.
MARKUP = re.compile(
    r"\[(?P<text>[^\]]+?)\](?:\((?P<entity>[^:)]+?)(?::(?P<value>[^)]+))?\)|\{(?P<json>[^}]+?)\}|\[(?P<list>.*?)\])"
)
SINGLE_DICT = re.compile(r"{(?P<json>[^}]+?)\}")


class MarkupError(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class EntitySpan:
    start: int
    end: int
    value: str
    entity: str


@dataclass(frozen=True, slots=True)
class Example:
    id: str
    intent: str
    language: str
    text: str  # as written, with entity markup
    file: str  # relative to the content directory: nlu_data/en/nlu.yml
    plain: str = ""
    entities: tuple[EntitySpan, ...] = field(default=())


ID_CHARS = 12
EXAMPLE_ID = rf"[0-9a-f]{{{ID_CHARS}}}"  # what `example_id` makes, as the admin API's schema shows it


def example_id(language: str, file: str, text: str) -> str:
    return hashlib.sha256(f"{language}\0{file}\0{text}".encode()).hexdigest()[:ID_CHARS]


def parse_markup(text: str) -> tuple[str, tuple[EntitySpan, ...]]:
    """The text a customer would type, and where the annotated entities are in it."""
    plain: list[str] = []
    spans: list[EntitySpan] = []
    position = 0
    length = 0
    for match in MARKUP.finditer(text):
        plain.append(text[position : match.start()])
        length += match.start() - position
        words = match.group("text")
        if match.group("json") is not None:
            spans.append(_described(match.group("json"), match.group(0), words, length))
        elif match.group("entity") is not None:
            entity, value = match.group("entity").strip(), (match.group("value") or words).strip()
            spans.append(EntitySpan(length, length + len(words), value, entity))
        else:  # the list form: every {...} in it annotates the same words
            spans += [
                _described(m.group("json"), match.group(0), words, length)
                for m in SINGLE_DICT.finditer(match.group("list"))
            ]
        plain.append(words)
        length += len(words)
        position = match.end()
    plain.append(text[position:])
    return "".join(plain), tuple(spans)


def _described(inner: str, markup: str, words: str, start: int) -> EntitySpan:
    """One `{"entity": ..}` annotation, checked as Rasa's schema checks it (or `rasa train` fails)."""
    try:
        described = json.loads("{" + inner + "}")
    except json.JSONDecodeError as error:
        raise MarkupError(f"entity annotation {markup!r} is not valid JSON") from error
    if not isinstance(described, dict) or not isinstance(described.get("entity"), str):
        raise MarkupError(f'entity annotation {markup!r} needs an "entity" name')
    for key in ("role", "group"):
        if key in described and not isinstance(described[key], str):
            raise MarkupError(f"entity annotation {markup!r}: its {key} must be a string")
    value = described.get("value", words)
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise MarkupError(f"entity annotation {markup!r}: its value must be a string or a number")
    return EntitySpan(start, start + len(words), str(value), described["entity"])


def make_example(intent: str, language: str, file: str, text: str) -> Example:
    try:
        plain, spans = parse_markup(text)
    except MarkupError:
        plain, spans = text, ()
    return Example(example_id(language, file, text), intent, language, text, file, plain, spans)


def block_lines(block: Any) -> list[str]:
    """The examples of one `examples: |` block."""
    if not isinstance(block, str):
        return []
    return [line.strip()[2:].strip() for line in block.splitlines() if line.strip().startswith("- ")]


def read_examples(data: Any, language: str, file: str) -> list[Example]:
    """Every example of one NLU file, in file order (from a plain, fast load)."""
    found = []
    for item in (data or {}).get("nlu") or []:
        if isinstance(item, dict) and "intent" in item:
            found += [make_example(str(item["intent"]), language, file, t) for t in block_lines(item.get("examples"))]
    return found


def _block(texts: list[str]) -> LiteralScalarString:
    return LiteralScalarString("".join(f"- {text}\n" for text in texts))


def _items(document: Document) -> Any:
    return document.data.get("nlu") if isinstance(document.data, dict) else None


def add_example(document: Document, intent: str, text: str) -> None:
    """Append under the intent's first block in this file, or a new block at the end of the file."""
    if not isinstance(document.data, dict):  # a file not there yet (Document of ""): a new NLU file
        document.data = CommentedMap([("version", DoubleQuotedScalarString("3.1")), ("nlu", CommentedSeq())])
        document.style = (2, 2, 0)  # as the NLU files are written: `- intent:` at column 0
    items = _items(document)
    if items is None:
        document.data["nlu"] = items = CommentedSeq()
    for item in items:
        if isinstance(item, dict) and item.get("intent") == intent:
            item["examples"] = _block([*block_lines(item.get("examples")), text])
            return
    appended(items, None, CommentedMap([("intent", intent), ("examples", _block([text]))]))


def remove_example(document: Document, intent: str, text: str) -> bool:
    """Take one example out; a block left empty goes too (Rasa refuses an empty block)."""
    items = _items(document) or []
    for index, item in enumerate(items):
        if isinstance(item, dict) and item.get("intent") == intent:
            lines = block_lines(item.get("examples"))
            if text in lines:
                lines.remove(text)
                if lines:
                    item["examples"] = _block(lines)
                else:
                    removed(items, index)
                return True
    return False


def replace_example(document: Document, intent: str, old: str, new: str) -> bool:
    """Edit one example where it stands (same block, same line)."""
    for item in _items(document) or []:
        if isinstance(item, dict) and item.get("intent") == intent:
            lines = block_lines(item.get("examples"))
            if old in lines:
                lines[lines.index(old)] = new
                item["examples"] = _block(lines)
                return True
    return False


def rename_intent(document: Document, old: str, new: str) -> bool:
    changed = False
    for item in _items(document) or []:
        if isinstance(item, dict) and item.get("intent") == old:
            item["intent"] = new
            changed = True
    return changed


def drop_intent(document: Document, intent: str) -> bool:
    items = _items(document) or []
    doomed = [i for i, item in enumerate(items) if isinstance(item, dict) and item.get("intent") == intent]
    for index in reversed(doomed):
        removed(items, index)
    return bool(doomed)

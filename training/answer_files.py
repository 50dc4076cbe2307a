"""The bot's answers: bot/responses/<language>.yml, one file per language, same keys in each.

Rasa picks a response name; the gateway renders it from these files in the
conversation's language (conversations/answers.py, which reloads a changed file within
seconds, so an edit here goes live without training). An answer is `text` and up to
three `buttons` of `{title, payload}`; the files write buttons as one-line flow mappings
with quoted strings, and new ones are written the same way. A text keeps the scalar
style it had (`|-` blocks for most, quoted one-liners for the desk's short lines).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, LiteralScalarString

from training.yaml_files import Document, appended, removed


@dataclass(frozen=True, slots=True)
class Button:
    title: str
    payload: str


@dataclass(frozen=True, slots=True)
class AnswerText:
    text: str
    buttons: tuple[Button, ...] = ()


def read_answers(data: Any) -> dict[str, AnswerText]:
    """Every answer of one language file (from a plain, fast load); malformed entries are skipped."""
    found: dict[str, AnswerText] = {}
    responses = (data or {}).get("responses") if isinstance(data, dict) else None
    for name, entry in (responses or {}).items():
        if not isinstance(entry, dict) or "text" not in entry:
            continue
        buttons = tuple(
            Button(str(b.get("title", "")), str(b.get("payload", "")))
            for b in entry.get("buttons") or ()
            if isinstance(b, dict)
        )
        found[str(name)] = AnswerText(str(entry["text"]).strip(), buttons)
    return found


def _button(button: Button) -> CommentedMap:
    node = CommentedMap(
        [("title", DoubleQuotedScalarString(button.title)), ("payload", DoubleQuotedScalarString(button.payload))]
    )
    node.fa.set_flow_style()
    return node


def _text(text: str, like: Any) -> Any:
    """The new text in the old one's style: a one-line quoted text stays quoted, the rest are `|-` blocks."""
    one_line = isinstance(like, str) and not isinstance(like, LiteralScalarString) and "\n" not in like
    if isinstance(like, DoubleQuotedScalarString) or one_line:
        return DoubleQuotedScalarString(text)
    return LiteralScalarString(text)


def put_answer(document: Document, name: str, answer: AnswerText) -> None:
    responses = document.data.get("responses")
    if responses is None:
        document.data["responses"] = responses = CommentedMap()
    buttons = CommentedSeq([_button(b) for b in answer.buttons])
    entry = responses.get(name)
    if entry is None:
        new = CommentedMap([("text", LiteralScalarString(answer.text))])
        if answer.buttons:
            new["buttons"] = buttons
        appended(responses, name, new)
        return
    entry["text"] = _text(answer.text, entry.get("text"))
    if answer.buttons:
        entry["buttons"] = buttons
    elif "buttons" in entry:
        removed(entry, "buttons")


def remove_answer(document: Document, name: str) -> bool:
    responses = document.data.get("responses") or {}
    if name not in responses:
        return False
    removed(responses, name)
    return True


def payload_intent(payload: str) -> tuple[str, str] | None:
    """(intent, the JSON after it) of a `/intent` or `/intent{json}` payload; None for anything else."""
    if not payload.startswith("/"):
        return None
    name, brace, rest = payload[1:].partition("{")
    return name, (brace + rest)


def rename_payloads(document: Document, old: str, new: str) -> bool:
    """Buttons that send `/old` (with or without entities) send `/new`."""
    changed = False
    for entry in (document.data.get("responses") or {}).values():
        for button in (entry.get("buttons") or []) if isinstance(entry, dict) else []:
            parsed = payload_intent(str(button.get("payload", "")))
            if parsed is not None and parsed[0] == old:
                button["payload"] = DoubleQuotedScalarString(f"/{new}{parsed[1]}")
                changed = True
    return changed

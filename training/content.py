"""`BotContent`: the training data and the answers as the admin pages and the unsure inbox see them.

The files under the content directory (nlu_data/, bot/) stay the source of truth: every
read goes to them (a `git pull` shows at once), every write goes through one lock,
is validated as a whole and written back so that its diff is the edited lines
(training/edits.py). The trainer copies the same files (scripts/stack.py
TRAINING_INPUTS): nothing is kept anywhere else. Each write is audited with what was
there before and after.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from storage.engine import run_in_thread
from training import answer_files, dialogue_files, nlu_files
from training.answer_files import AnswerText
from training.edits import ContentStore, Edit
from training.nlu_files import DEFAULT_FILE, Example, make_example
from training.snapshot import DOMAIN, Snapshot
from training.validation import Invalid, check_answer, check_example, check_intent_name, normalized

RULES_FILE = "bot/data/rules.yml"
CODE_DIRS = ("actions", "conversations", "channels", "nlu", "service_desk", "api")


class Recorder(Protocol):
    async def record(self, actor: str, action: str, subject: str, before: Any = None, after: Any = None) -> None: ...


class NotFound(LookupError):
    pass


class Conflict(Exception):
    """The edit contradicts the content: a name taken, an intent in use or protected (409)."""


class ExampleExists(Conflict, ValueError):
    """The example is already under that intent (the unsure inbox counts this as done: `existing_intent`)."""

    def __init__(self, example: Example) -> None:
        super().__init__(f"{example.text!r} is already an example of {example.intent} in {example.language}")
        self.example = example
        self.existing_intent = example.intent


@dataclass(frozen=True, slots=True)
class IntentInfo:
    name: str
    examples: dict[str, int]
    answer: str | None
    used_by: list[str]
    protected: bool


@dataclass(frozen=True, slots=True)
class AnswerInfo:
    name: str
    kind: str  # "bot": a response of the domain; "notice": sent by the gateway's or the actions' code
    texts: dict[str, AnswerText]


def intents_named_in_code(code_root: Path) -> set[str]:
    """Every name-like string literal of the gateway's and the actions' code ("stop", "/human_agent"): an
    intent among them cannot be renamed or deleted, or that code would silently change what it does."""
    found: set[str] = set()
    for directory in CODE_DIRS:
        for path in (code_root / directory).rglob("*.py"):
            found.update(re.findall(r"[\"']/?([a-z][a-z0-9_]+)[\"'{]", path.read_text(encoding="utf-8")))
    return found


class BotContent:
    def __init__(
        self, content_dir: Path, languages: tuple[str, ...], audit: Recorder, protected: frozenset[str] = frozenset()
    ) -> None:
        self.store = ContentStore(content_dir, languages)
        self.languages = languages
        self._audit = audit
        self._protected = protected

    @property
    def training_dir(self) -> Path:
        """The checkout the trainer copies its inputs from; every edit stays inside nlu_data/ and bot/ there."""
        return self.store.content_dir

    # -- reads (files on every call; parsing cached by content hash) --------------------------------

    def snapshot(self) -> Snapshot:
        return self.store.read()

    def intent_names(self) -> list[str]:
        return self.snapshot().intents

    def is_protected(self, intent: str) -> bool:
        return intent in self._protected

    def intents(self, snapshot: Snapshot | None = None) -> list[IntentInfo]:
        snapshot = snapshot or self.snapshot()
        items = [(section, item) for _, section, item in snapshot.dialogue]
        return [self._intent_info(snapshot, items, name) for name in snapshot.intents]

    def _intent_info(self, snapshot: Snapshot, items: list[tuple[str, dict[str, Any]]], name: str) -> IntentInfo:
        counts = {lang: sum(1 for e in snapshot.examples[lang] if e.intent == name) for lang in self.languages}
        return IntentInfo(
            name, counts, dialogue_files.answer_of(items, name), _users(snapshot, name), self.is_protected(name)
        )

    def examples(self, intent: str, language: str | None = None) -> list[Example]:
        snapshot = self.snapshot()
        _known(snapshot, intent)
        return [e for lang in _languages(snapshot, language) for e in snapshot.examples[lang] if e.intent == intent]

    def search(self, query: str, language: str | None = None, limit: int = 100) -> list[Example]:
        snapshot = self.snapshot()
        wanted = normalized(query)
        found = []
        for lang in _languages(snapshot, language):
            for example in snapshot.examples[lang]:
                if wanted in normalized(example.text) or wanted in normalized(example.plain):
                    found.append(example)
                    if len(found) >= limit:
                        return found
        return found

    def answer_names(self, snapshot: Snapshot | None = None) -> list[tuple[str, str, list[str]]]:
        """(name, kind, languages it is written in) of every answer, in the first language's file order."""
        snapshot = snapshot or self.snapshot()
        domain = set(snapshot.domain_responses)
        names: dict[str, None] = {}
        for lang in self.languages:
            names.update(dict.fromkeys(snapshot.answers.get(lang, {})))
        return [
            (
                n,
                "bot" if n in domain else "notice",
                [lang for lang in self.languages if n in snapshot.answers.get(lang, {})],
            )
            for n in names
        ]

    def answer(self, name: str, snapshot: Snapshot | None = None) -> AnswerInfo:
        snapshot = snapshot or self.snapshot()
        texts = {
            lang: snapshot.answers[lang][name] for lang in self.languages if name in snapshot.answers.get(lang, {})
        }
        if not texts:
            raise NotFound(f"no answer {name!r}")
        return AnswerInfo(name, "bot" if name in snapshot.domain_responses else "notice", texts)

    # -- writes (serialized, validated, audited) --------------------------------------------------------

    async def add_example(
        self, intent: str, language: str, text: str, actor: str, if_match: str | None = None
    ) -> Example:
        """Add one example under `intent` in nlu_data/<language>/nlu.yml. ExampleExists when it is already there."""
        example, _ = await run_in_thread(self._change, if_match, lambda e: self._add(e, intent, language, text))
        await self._audit.record(actor, "example.add", f"{intent}/{language}", None, example.text)
        return example

    def _add(self, edit: Edit, intent: str, language: str, text: str) -> Callable[[Snapshot], Example]:
        snapshot = edit.before
        _known(snapshot, intent)
        _languages(snapshot, language)
        text = check_example(text, snapshot.entities)
        for example in snapshot.examples[language]:
            if normalized(example.plain) == normalized(nlu_files.parse_markup(text)[0]):
                if example.intent == intent:
                    raise ExampleExists(example)
                raise Invalid(f"{text!r} is already an example of {example.intent} in {language}")
        file = f"nlu_data/{language}/{DEFAULT_FILE}"
        nlu_files.add_example(edit.document(file), intent, text)
        return lambda after: _found(after, language, file, text)

    async def edit_example(
        self,
        example_id: str,
        actor: str,
        text: str | None = None,
        intent: str | None = None,
        if_match: str | None = None,
    ) -> Example:
        """Change an example's words where it stands, or move it to another intent (same file)."""
        before: list[Example] = []

        def mutate(edit: Edit) -> Callable[[Snapshot], Example]:
            old = _example(edit.before, example_id)
            before.append(old)
            new_text = check_example(text, edit.before.entities) if text is not None else old.text
            new_intent = intent or old.intent
            _known(edit.before, new_intent)
            document = edit.document(old.file)
            if new_intent == old.intent:
                nlu_files.replace_example(document, old.intent, old.text, new_text)
            else:
                nlu_files.remove_example(document, old.intent, old.text)
                nlu_files.add_example(document, new_intent, new_text)
            return lambda after: _found(after, old.language, old.file, new_text)

        example, _ = await run_in_thread(self._change, if_match, mutate)
        await self._audit.record(
            actor, "example.edit", example_id, _plain(before[0]), {"intent": example.intent, "text": example.text}
        )
        return example

    async def delete_example(self, example_id: str, actor: str, if_match: str | None = None) -> Example:
        def mutate(edit: Edit) -> Callable[[Snapshot], Example]:
            old = _example(edit.before, example_id)
            nlu_files.remove_example(edit.document(old.file), old.intent, old.text)
            return lambda _: old

        example, _ = await run_in_thread(self._change, if_match, mutate)
        await self._audit.record(actor, "example.delete", example_id, _plain(example), None)
        return example

    async def create_intent(
        self,
        name: str,
        examples: dict[str, list[str]],
        answer: dict[str, AnswerText] | None,
        actor: str,
        if_match: str | None = None,
    ) -> IntentInfo:
        """A new intent with examples in every language, and optionally its answer and the rule that sends it."""

        def mutate(edit: Edit) -> Callable[[Snapshot], IntentInfo]:
            snapshot = edit.before
            check_intent_name(name)
            if name in snapshot.intents or name == "nlu_fallback":
                raise Conflict(f"there is already an intent {name}")
            missing = [lang for lang in self.languages if not [t for t in examples.get(lang, []) if t.strip()]]
            if missing:
                raise Invalid(f"at least one example in every language; none in {', '.join(missing)}")
            extra = sorted(set(examples) - set(self.languages))
            if extra:
                raise Invalid(f"unknown language {extra[0]!r}")
            dialogue_files.add_intent(edit.document(DOMAIN), name)
            for lang in self.languages:
                seen: set[str] = set()
                for text in examples[lang]:
                    text = check_example(text, snapshot.entities)
                    if normalized(text) not in seen:
                        seen.add(normalized(text))
                        nlu_files.add_example(edit.document(f"nlu_data/{lang}/{DEFAULT_FILE}"), name, text)
            if answer is not None:
                self._new_answer(edit, name, answer)
            return lambda after: self._intent_info(after, [(s, i) for _, s, i in after.dialogue], name)

        info, _ = await run_in_thread(self._change, if_match, mutate)
        await self._audit.record(actor, "intent.create", name, None, {"examples": examples, "answer": _texts(answer)})
        return info

    def _new_answer(self, edit: Edit, intent: str, answer: dict[str, AnswerText]) -> None:
        response = f"utter_{intent}"
        if response in edit.before.domain_responses or any(response in a for a in edit.before.answers.values()):
            raise Conflict(f"there is already an answer {response}")
        texts = self._checked_texts(edit.before, response, answer, {*edit.before.intents, intent})
        dialogue_files.add_response(edit.document(DOMAIN), response)
        for lang, text in texts.items():
            answer_files.put_answer(edit.document(f"bot/responses/{lang}.yml"), response, text)
        dialogue_files.add_answer_rule(edit.document(RULES_FILE), intent, response)

    def _checked_texts(
        self, snapshot: Snapshot, name: str, texts: dict[str, AnswerText], intents: set[str]
    ) -> dict[str, AnswerText]:
        missing = [lang for lang in self.languages if lang not in texts]
        if missing:
            raise Invalid(f"{name}: the answer is needed in every language; missing {', '.join(missing)}")
        extra = sorted(set(texts) - set(self.languages))
        if extra:
            raise Invalid(f"{name}: unknown language {extra[0]!r}")
        return {lang: check_answer(name, texts[lang], intents, where=f"{name} ({lang})") for lang in self.languages}

    async def rename_intent(self, name: str, new_name: str, actor: str, if_match: str | None = None) -> IntentInfo:
        def mutate(edit: Edit) -> Callable[[Snapshot], IntentInfo]:
            snapshot = edit.before
            _known(snapshot, name)
            check_intent_name(new_name)
            if self.is_protected(name):
                raise Conflict(f"{name} is named by the gateway's or the actions' code; it cannot be renamed")
            if new_name in snapshot.intents or new_name == "nlu_fallback":
                raise Conflict(f"there is already an intent {new_name}")
            dialogue_files.rename_intent(edit.document(DOMAIN), name, new_name)
            for files in snapshot.nlu_files.values():
                for file in files:
                    if any(e.intent == name and e.file == file for e in _all(snapshot)):
                        nlu_files.rename_intent(edit.document(file), name, new_name)
            for file in sorted({file for file, _, item in snapshot.dialogue if dialogue_files.mentions(item, name)}):
                document = edit.document(file)
                dialogue_files.rename_mentions(document.data, name, new_name)
                dialogue_files.rename_answer_rule(document, name, new_name)
            for lang in self.languages:
                if any(_sends(a, name) for a in snapshot.answers.get(lang, {}).values()):
                    answer_files.rename_payloads(edit.document(f"bot/responses/{lang}.yml"), name, new_name)
            return lambda after: self._intent_info(after, [(s, i) for _, s, i in after.dialogue], new_name)

        info, _ = await run_in_thread(self._change, if_match, mutate)
        await self._audit.record(actor, "intent.rename", name, name, new_name)
        return info

    async def delete_intent(self, name: str, actor: str, if_match: str | None = None) -> None:
        """Remove the intent, its examples, and its own rule "answer <name>" with the answer it sent."""
        before: list[IntentInfo] = []

        def mutate(edit: Edit) -> None:
            snapshot = edit.before
            _known(snapshot, name)
            if self.is_protected(name):
                raise Conflict(f"{name} is named by the gateway's or the actions' code; it cannot be deleted")
            users = [u for u in _users(snapshot, name) if u != f"rule {dialogue_files.answer_rule_name(name)!r}"]
            if users:
                raise Conflict(f"{name} is used by {', '.join(users)}")
            before.append(self._intent_info(snapshot, [(s, i) for _, s, i in snapshot.dialogue], name))
            dialogue_files.remove_intent(edit.document(DOMAIN), name)
            for file in sorted({e.file for e in _all(snapshot) if e.intent == name}):
                nlu_files.drop_intent(edit.document(file), name)
            for file in sorted({f for f, _, item in snapshot.dialogue if dialogue_files.mentions(item, name)}):
                response = dialogue_files.remove_answer_rule(edit.document(file), name)
                if response and not any(
                    _acts(item, response)
                    for f, _, item in snapshot.dialogue
                    if item.get("rule") != dialogue_files.answer_rule_name(name)
                ):
                    dialogue_files.remove_response(edit.document(DOMAIN), response)
                    for lang in self.languages:
                        answer_files.remove_answer(edit.document(f"bot/responses/{lang}.yml"), response)

        await run_in_thread(self._change, if_match, mutate)
        info = before[0]
        await self._audit.record(actor, "intent.delete", name, {"examples": info.examples, "answer": info.answer}, None)

    async def put_answer(
        self, name: str, texts: dict[str, AnswerText], actor: str, if_match: str | None = None
    ) -> AnswerInfo:
        """Replace an existing answer in every language (a new answer comes only with a new intent)."""
        before: list[AnswerInfo] = []

        def mutate(edit: Edit) -> Callable[[Snapshot], AnswerInfo]:
            before.append(self.answer(name, edit.before))
            checked = self._checked_texts(edit.before, name, texts, set(edit.before.intents))
            for lang, text in checked.items():
                answer_files.put_answer(edit.document(f"bot/responses/{lang}.yml"), name, text)
            return lambda after: self.answer(name, after)

        info, _ = await run_in_thread(self._change, if_match, mutate)
        await self._audit.record(actor, "answer.put", name, _texts(before[0].texts), _texts(info.texts))
        return info

    def _change(self, if_match: str | None, mutate: Callable[[Edit], Any]) -> tuple[Any, str]:
        """Run one change under the lock; the mutation returns how to read its result from the new content."""
        result, changed = self.store.change(if_match, mutate)
        return (result(changed.after) if callable(result) else result), changed.after.version


# -- helpers ------------------------------------------------------------------------------------------


def _all(snapshot: Snapshot) -> list[Example]:
    return [e for examples in snapshot.examples.values() for e in examples]


def _known(snapshot: Snapshot, intent: str) -> None:
    if intent not in snapshot.intents:
        raise NotFound(f"no intent {intent!r}")


def _languages(snapshot: Snapshot, language: str | None) -> tuple[str, ...]:
    if language is None:
        return snapshot.languages
    if language not in snapshot.languages:
        raise Invalid(f"unknown language {language!r}: one of {', '.join(snapshot.languages)}")
    return (language,)


def _example(snapshot: Snapshot, example_id: str) -> Example:
    found = snapshot.example(example_id)
    if found is None:
        raise NotFound(f"no example {example_id!r} (changed or deleted since it was read?)")
    return found


def _found(snapshot: Snapshot, language: str, file: str, text: str) -> Example:
    return (
        _example(snapshot, nlu_files.example_id(language, file, text))
        if text
        else make_example("", language, file, text)
    )


def _plain(example: Example) -> dict[str, str]:
    return {"intent": example.intent, "language": example.language, "text": example.text, "file": example.file}


def _texts(texts: dict[str, AnswerText] | None) -> dict[str, Any] | None:
    if texts is None:
        return None
    return {
        lang: {"text": a.text, "buttons": [{"title": b.title, "payload": b.payload} for b in a.buttons]}
        for lang, a in texts.items()
    }


def _sends(answer: AnswerText, intent: str) -> bool:
    return any((answer_files.payload_intent(b.payload) or ("", ""))[0] == intent for b in answer.buttons)


def _acts(node: Any, action: str) -> bool:
    if isinstance(node, dict):
        return node.get("action") == action or any(_acts(v, action) for v in node.values())
    if isinstance(node, list):
        return any(_acts(v, action) for v in node)
    return False


def _users(snapshot: Snapshot, intent: str) -> list[str]:
    """Who would break without the intent: rules and stories, the domain's forms and slots, answers' buttons."""
    users = [
        f"{section[:-1]} {dialogue_files.item_name(section, item)!r}"
        for _, section, item in snapshot.dialogue
        if dialogue_files.mentions(item, intent)
    ]
    if any(dialogue_files.mentions(snapshot.domain.get(s), intent) for s in ("forms", "slots")):
        users.append("domain forms")
    first = snapshot.answers.get(snapshot.languages[0], {})
    users += [f"buttons of {name}" for name, answer in first.items() if _sends(answer, intent)]
    return users

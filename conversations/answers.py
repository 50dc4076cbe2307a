"""The answer catalogue: every bot answer in every configured language.

Rasa decides *which* answer (a response name such as utter_warranty_coverage); the
gateway renders it in the conversation's language from bot/responses/<lang>.yml. Why
here and not as Rasa response variations: editing an answer needs no retraining, the
language is the gateway's decision (it stores it, agents can change it), and the
gateway's own notices (delay, unsupported message) come from the same files.

The same files hold the web chat widget's labels (`widget:`) and the topics' button titles
that the clarifying question offers (`topics:`, conversations/clarify.py), so everything a
customer reads in one language is edited in one place.

An admin edits the files while the gateway runs: the catalogue looks at their
modification times at most every `RELOAD_CHECK_SECONDS` and reads them again when one
changed. A file that no longer loads (a YAML error mid-edit, a missing key) is logged and
the answers already loaded stay in use: a typo never leaves customers without answers.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from channels.base import Button

log = logging.getLogger(__name__)

RELOAD_CHECK_SECONDS = 2.0
# What the web chat widget shows around the conversation (api/static/widget.js).
WIDGET_LABELS = ("title", "connecting", "online", "reconnecting", "placeholder", "send", "open_chat")


class CatalogueError(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class Answer:
    text: str
    buttons: tuple[Button, ...] = ()


class _KeepMissing(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


@dataclass(frozen=True, slots=True)
class _Loaded:
    answers: dict[str, dict[str, Answer]]
    widget: dict[str, dict[str, str]]
    topics: dict[str, dict[str, str]]  # language -> intent -> button title
    stamps: tuple[tuple[int, int], ...]  # (mtime_ns, size) of each file, in language order


def _stamp(path: Path) -> tuple[int, int]:
    try:
        stat = path.stat()
    except OSError:
        return (-1, -1)
    return (stat.st_mtime_ns, stat.st_size)


def _read(directory: Path, languages: tuple[str, ...]) -> _Loaded:
    answers: dict[str, dict[str, Answer]] = {}
    widget: dict[str, dict[str, str]] = {}
    topics: dict[str, dict[str, str]] = {}
    stamps = []
    for language in languages:
        path = directory / f"{language}.yml"
        stamps.append(_stamp(path))
        try:
            # libyaml's safe loader: the same documents, read ~10x faster than yaml.safe_load
            data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
        except FileNotFoundError as error:
            raise CatalogueError(f"no answers for language {language}: {path} is missing") from error
        except (yaml.YAMLError, UnicodeDecodeError) as error:
            raise CatalogueError(f"{path} is not valid YAML: {error}") from error
        if not isinstance(data, dict) or data.get("language") != language:
            raise CatalogueError(f"{path}: 'language' must be {language}")
        try:
            answers[language] = {
                str(key): Answer(
                    text=str(entry["text"]).strip(),
                    buttons=tuple(Button(str(b["title"]), str(b["payload"])) for b in entry.get("buttons") or ()),
                )
                for key, entry in (data.get("responses") or {}).items()
            }
        except (AttributeError, KeyError, TypeError) as error:
            raise CatalogueError(f"{path}: every answer needs a text, every button a title and a payload") from error
        labels = data.get("widget") or {}
        if not isinstance(labels, dict):
            raise CatalogueError(f"{path}: 'widget' must map label names to texts")
        widget[language] = {str(k): str(v).strip() for k, v in labels.items() if k in WIDGET_LABELS}
        titles = data.get("topics") or {}
        if not isinstance(titles, dict):
            raise CatalogueError(f"{path}: 'topics' must map intents to button titles")
        topics[language] = {str(k): str(v).strip() for k, v in titles.items() if str(v).strip()}
    return _Loaded(answers, widget, topics, tuple(stamps))


class AnswerCatalogue:
    def __init__(self, directory: Path, languages: tuple[str, ...], default_language: str) -> None:
        self.default_language = default_language
        self._directory = directory
        self._languages = languages
        self._loaded = _read(directory, languages)
        self._checked_at = time.monotonic()
        self._lock = threading.Lock()

    @classmethod
    def load(cls, directory: Path, languages: tuple[str, ...], default_language: str) -> AnswerCatalogue:
        return cls(directory, languages, default_language)

    def _current(self) -> _Loaded:
        """The answers, read again first when a file changed since they were read."""
        if time.monotonic() - self._checked_at < RELOAD_CHECK_SECONDS:
            return self._loaded
        with self._lock:
            if time.monotonic() - self._checked_at < RELOAD_CHECK_SECONDS:
                return self._loaded
            self._checked_at = time.monotonic()
            stamps = tuple(_stamp(self._directory / f"{language}.yml") for language in self._languages)
            if stamps != self._loaded.stamps:
                try:
                    self._loaded = _read(self._directory, self._languages)
                    log.info("answers reloaded from %s", self._directory)
                except CatalogueError as error:
                    # Keep serving what was loaded; try again only after the next change.
                    log.error("answers not reloaded, the loaded ones stay in use: %s", error)
                    self._loaded = _Loaded(self._loaded.answers, self._loaded.widget, self._loaded.topics, stamps)
        return self._loaded

    def languages(self) -> tuple[str, ...]:
        return tuple(self._current().answers)

    def keys(self, language: str) -> set[str]:
        return set(self._current().answers.get(language, {}))

    def render(self, key: str, language: str, params: dict[str, Any] | None = None) -> Answer | None:
        """The answer `key` in `language` (the default language if that one lacks it)."""
        answers = self._current().answers
        answer = answers.get(language, {}).get(key) or answers[self.default_language].get(key)
        if answer is None:
            return None
        if params:
            return Answer(answer.text.format_map(_KeepMissing(params)), answer.buttons)
        return answer

    def topics(self, language: str) -> dict[str, str]:
        """Intent -> button title in `language`, for the topics a clarifying question can offer."""
        topics = self._current().topics
        return topics.get(language) or topics.get(self.default_language, {})

    def widget_labels(self) -> dict[str, dict[str, str]]:
        """Per language, the web chat widget's labels (the default language's where one lacks a label)."""
        widget = self._current().widget
        fallback = widget.get(self.default_language, {})
        return {language: {**fallback, **labels} for language, labels in widget.items()}

"""The answer catalogue: every bot answer in every configured language.

Rasa decides *which* answer (a response name such as utter_warranty_coverage); the
gateway renders it in the conversation's language from bot/responses/<lang>.yml. Why
here and not as Rasa response variations: editing an answer needs no retraining, the
language is the gateway's decision (it stores it, agents can change it), and the
gateway's own notices (delay, unsupported message) come from the same files.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from channels.base import Button


class CatalogueError(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class Answer:
    text: str
    buttons: tuple[Button, ...] = ()


class _KeepMissing(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


class AnswerCatalogue:
    def __init__(self, answers: dict[str, dict[str, Answer]], default_language: str) -> None:
        self._answers = answers
        self.default_language = default_language

    @classmethod
    def load(cls, directory: Path, languages: tuple[str, ...], default_language: str) -> AnswerCatalogue:
        answers: dict[str, dict[str, Answer]] = {}
        for language in languages:
            path = directory / f"{language}.yml"
            try:
                data = yaml.safe_load(path.read_text(encoding="utf-8"))
            except FileNotFoundError as error:
                raise CatalogueError(f"no answers for language {language}: {path} is missing") from error
            if data.get("language") != language:
                raise CatalogueError(f"{path}: 'language' must be {language}")
            answers[language] = {
                key: Answer(
                    text=str(entry["text"]).strip(),
                    buttons=tuple(Button(str(b["title"]), str(b["payload"])) for b in entry.get("buttons") or ()),
                )
                for key, entry in (data.get("responses") or {}).items()
            }
        return cls(answers, default_language)

    def languages(self) -> tuple[str, ...]:
        return tuple(self._answers)

    def keys(self, language: str) -> set[str]:
        return set(self._answers.get(language, {}))

    def render(self, key: str, language: str, params: dict[str, Any] | None = None) -> Answer | None:
        """The answer `key` in `language` (the default language if that one lacks it)."""
        answer = self._answers.get(language, {}).get(key) or self._answers[self.default_language].get(key)
        if answer is None:
            return None
        if params:
            return Answer(answer.text.format_map(_KeepMissing(params)), answer.buttons)
        return answer

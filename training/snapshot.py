"""One consistent read of every content file: what the admin pages list and what validation checks.

Reads are cheap enough to do on every request (a file changed by `git pull` or an editor
shows at once): the bytes are read each time, and a file is parsed again only when its
bytes changed (a hash-keyed cache of libyaml's fast parse). The version every listing
returns is a hash of the same bytes, so `If-Match` compares exactly what was read.
"""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from training.answer_files import AnswerText, read_answers
from training.dialogue_files import dialogue_items
from training.nlu_files import Example, read_examples
from training.yaml_files import digest, load_plain

DOMAIN = "bot/domain.yml"


class Unreadable(ValueError):
    """A content file that is not valid YAML (a merge conflict left in it, a bad hand edit)."""


def content_files(content_dir: Path, languages: tuple[str, ...]) -> list[str]:
    """Every file the admin pages read or write, relative to the content directory, in a stable order."""
    names = [
        f"nlu_data/{lang}/{p.name}"
        for lang in languages
        for p in sorted((content_dir / "nlu_data" / lang).glob("*.yml"))
    ]
    names.append(DOMAIN)
    names += [f"bot/data/{p.name}" for p in sorted((content_dir / "bot" / "data").glob("*.yml"))]
    names += [
        f"bot/responses/{lang}.yml"
        for lang in languages
        if (content_dir / "bot" / "responses" / f"{lang}.yml").exists()
    ]
    return names


@dataclass
class Snapshot:
    version: str
    languages: tuple[str, ...]
    domain: dict[str, Any]
    examples: dict[str, list[Example]]  # language -> examples in file order
    dialogue: list[tuple[str, str, dict[str, Any]]]  # (file, section, rule or story)
    answers: dict[str, dict[str, AnswerText]]  # language -> name -> answer
    nlu_files: dict[str, list[str]] = field(default_factory=dict)  # language -> its files

    @property
    def intents(self) -> list[str]:
        found = []
        for item in self.domain.get("intents") or []:
            found.append(str(next(iter(item))) if isinstance(item, dict) else str(item))
        return found

    @property
    def entities(self) -> set[str]:
        return {str(next(iter(e))) if isinstance(e, dict) else str(e) for e in self.domain.get("entities") or []}

    @property
    def domain_responses(self) -> list[str]:
        return [str(name) for name in self.domain.get("responses") or {}]

    def example(self, example_id: str) -> Example | None:
        for examples in self.examples.values():
            for example in examples:
                if example.id == example_id:
                    return example
        return None


class SnapshotReader:
    def __init__(self, content_dir: Path, languages: tuple[str, ...]) -> None:
        self.content_dir = content_dir
        self.languages = languages
        self._parsed: dict[str, tuple[bytes, Any]] = {}
        self._derived: dict[tuple[str, bytes], list[Example]] = {}
        self._lock = threading.Lock()

    def _parse(self, name: str, data: bytes) -> Any:
        key = hashlib.sha256(data).digest()
        with self._lock:
            cached = self._parsed.get(name)
        if cached is not None and cached[0] == key:
            return cached[1]
        try:
            parsed = load_plain(data.decode("utf-8"))
        except (yaml.YAMLError, UnicodeDecodeError) as error:
            raise Unreadable(f"{name} does not load as YAML: {error}") from error
        with self._lock:
            self._parsed[name] = (key, parsed)
        return parsed

    def _examples(self, name: str, data: bytes, parsed: Any, language: str) -> list[Example]:
        """A file's examples, kept with its parse: ids and entity spans are computed once per version."""
        key = (name, hashlib.sha256(data).digest())
        with self._lock:
            cached = self._derived.get(key)
        if cached is None:
            cached = read_examples(parsed, language, name)
            with self._lock:
                self._derived = {k: v for k, v in self._derived.items() if k[0] != name} | {key: cached}
        return cached

    def read(self, overrides: dict[str, str] | None = None) -> Snapshot:
        """The content as on disk, or as it would be with `overrides` (file -> new text) written."""
        overrides = overrides or {}
        names = content_files(self.content_dir, self.languages)
        names += [name for name in overrides if name not in names]
        raw = {
            name: overrides[name].encode("utf-8") if name in overrides else (self.content_dir / name).read_bytes()
            for name in names
        }
        parsed = {name: self._parse(name, data) for name, data in raw.items()}
        examples: dict[str, list[Example]] = {lang: [] for lang in self.languages}
        nlu_files: dict[str, list[str]] = {lang: [] for lang in self.languages}
        dialogue = []
        answers: dict[str, dict[str, AnswerText]] = {}
        for name in names:
            parts = name.split("/")
            if parts[0] == "nlu_data" and parts[1] in examples:
                nlu_files[parts[1]].append(name)
                examples[parts[1]] += self._examples(name, raw[name], parsed[name], parts[1])
            elif parts[:2] == ["bot", "data"]:
                dialogue += [(name, section, item) for section, item in dialogue_items(parsed[name])]
            elif parts[:2] == ["bot", "responses"]:
                answers[parts[2].removesuffix(".yml")] = read_answers(parsed[name])
        domain = parsed.get(DOMAIN)
        return Snapshot(
            version=digest(sorted((name, data) for name, data in raw.items())),
            languages=self.languages,
            domain=domain if isinstance(domain, dict) else {},
            examples=examples,
            dialogue=dialogue,
            answers=answers,
            nlu_files=nlu_files,
        )

"""One change to the content files: read, changed in round-trip trees, checked, then written.

Every write of the admin pages goes through `ContentStore.change`: under the content
lock it reads the files, compares the caller's `If-Match` version, lets the caller
change the trees it needs, serializes them, and reads the result back the way Rasa and
the gateway will (libyaml) before any file is replaced. A file that would not load, an
edit that did not come out as meant, or a new problem (training/validation.py) refuses
the whole change: nothing is written.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from training.snapshot import Snapshot, SnapshotReader, Unreadable
from training.validation import Invalid, problems
from training.yaml_files import ContentLock, Document, write_atomic

T = TypeVar("T")


class Stale(Exception):
    """The files changed since the version the caller read (412)."""


class Edit:
    """The round-trip trees a change touches, loaded on first use."""

    def __init__(self, content_dir: Path, before: Snapshot) -> None:
        self.content_dir = content_dir
        self.before = before
        self._documents: dict[str, Document] = {}

    def document(self, name: str) -> Document:
        if name not in self._documents:
            path = self.content_dir / name
            self._documents[name] = Document(path, path.read_text(encoding="utf-8") if path.exists() else "")
        return self._documents[name]

    def texts(self) -> dict[str, str]:
        """The files whose text changed, with their new text."""
        dumped = {name: document.dump() for name, document in self._documents.items()}
        return {name: text for name, text in dumped.items() if text != self._documents[name].original}


@dataclass(frozen=True, slots=True)
class Changed:
    before: Snapshot
    after: Snapshot
    files: tuple[str, ...]


class ContentStore:
    def __init__(self, content_dir: Path, languages: tuple[str, ...]) -> None:
        self.content_dir = content_dir
        self.reader = SnapshotReader(content_dir, languages)
        self.lock = ContentLock(content_dir)
        self._known: tuple[str, set[str]] = ("", set())  # the problems of the last version checked

    def _problems(self, snapshot: Snapshot) -> set[str]:
        if self._known[0] != snapshot.version:
            self._known = (snapshot.version, problems(snapshot))
        return self._known[1]

    def read(self) -> Snapshot:
        return self.reader.read()

    def change(
        self,
        if_match: str | None,
        mutate: Callable[[Edit], T],
        check: Callable[[Snapshot], None] | None = None,
    ) -> tuple[T, Changed]:
        """Apply `mutate` to the files, all or nothing; `check` may refuse the result (raise Invalid)."""
        with self.lock.held():
            before = self.reader.read()
            if if_match is not None and if_match.strip('"') != before.version:
                raise Stale(f"the training data changed since version {if_match}; now {before.version}")
            edit = Edit(self.content_dir, before)
            result = mutate(edit)
            texts = edit.texts()
            try:
                after = self.reader.read(texts)
            except Unreadable as error:
                raise Invalid(f"the edit would leave a file that does not load: {error}") from None
            if check is not None:
                check(after)
            found = problems(after)
            new = sorted(found - self._problems(before))
            if new:
                raise Invalid("; ".join(new[:5]) + (f" (and {len(new) - 5} more)" if len(new) > 5 else ""))
            for name, text in texts.items():
                write_atomic(self.content_dir / name, text)
            self._known = (after.version, found)
            return result, Changed(before, after, tuple(sorted(texts)))
